#ifndef TOCSIN_TSDB_DB_H_
#define TOCSIN_TSDB_DB_H_

// The time-series database the server owns: a Head made durable by a Wal,
// with retention applied by Truncate(now), which the server's scheduler
// calls periodically. There is no clock inside: time comes in as `now`.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "series/series.h"
#include "tsdb/head.h"
#include "tsdb/wal.h"

namespace tocsin::tsdb {

struct Options {
  // WAL directory; empty keeps everything in memory only (nothing survives
  // a restart).
  std::string dir;
  // Samples older than now - retention are dropped by Truncate(now).
  // Default 15 days, as Prometheus. Memory grows with it.
  int64_t retention_ms = 15LL * 24 * 3600 * 1000;
  // Prometheus' out_of_order_time_window; 0 (default) rejects out-of-order
  // samples. See HeadOptions.
  int64_t out_of_order_window_ms = 0;
  // kPerCommit makes each Commit durable at the cost of an fdatasync.
  WalSync wal_sync = WalSync::kNone;
  // See WalOptions::segment_bytes.
  size_t wal_segment_bytes = 32 << 20;
};

// Thread-safe: appenders, queriers and Truncate may run concurrently.
class Db final : public series::Appendable, public series::Queryable {
 public:
  // Opens (or creates) the database, replaying the WAL when `dir` is set.
  // Fails with DataLoss when the WAL is corrupt other than a torn last
  // record (which is dropped and reported in open_warnings()).
  static Result<std::unique_ptr<Db>> Open(Options options);
  ~Db() override;

  std::unique_ptr<series::Appender> NewAppender() override;
  Result<std::unique_ptr<series::Querier>> NewQuerier(
      Timestamp mint, Timestamp maxt) const override;

  // Retention at `now` (ms): drops samples before now - retention_ms from
  // memory, series left empty, and WAL segments no longer needed.
  Status Truncate(Timestamp now);

  // Warnings from opening (torn WAL tail).
  const std::vector<std::string>& open_warnings() const { return warnings_; }
  const Head& head() const { return *head_; }
  // Null when the database is in memory only.
  const Wal* wal() const { return wal_.get(); }

 private:
  explicit Db(Options options) : options_(std::move(options)) {}

  const Options options_;
  std::unique_ptr<Wal> wal_;  // outlives head_ (declared first)
  std::unique_ptr<Head> head_;
  std::vector<std::string> warnings_;
};

}  // namespace tocsin::tsdb

#endif  // TOCSIN_TSDB_DB_H_
