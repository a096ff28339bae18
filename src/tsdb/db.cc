#include "tsdb/db.h"

#include <limits>
#include <utility>

namespace tocsin::tsdb {

Result<std::unique_ptr<Db>> Db::Open(Options options) {
  if (options.retention_ms <= 0) {
    return InvalidArgumentError("tsdb: retention must be positive");
  }
  if (options.out_of_order_window_ms < 0) {
    return InvalidArgumentError(
        "tsdb: out-of-order window must not be negative");
  }
  std::unique_ptr<Db> db(new Db(std::move(options)));
  const Options& o = db->options_;
  if (!o.dir.empty()) {
    Result<std::unique_ptr<Wal>> wal =
        Wal::Open({.dir = o.dir,
                   .sync = o.wal_sync,
                   .segment_bytes = o.wal_segment_bytes});
    if (!wal.ok()) return wal.status();
    db->wal_ = std::move(*wal);
  }
  db->head_ = std::make_unique<Head>(
      HeadOptions{.out_of_order_window_ms = o.out_of_order_window_ms},
      db->wal_.get());
  if (db->wal_ != nullptr) {
    RETURN_IF_ERROR(db->wal_->Replay(db->head_.get(), &db->warnings_));
  }
  return db;
}

Db::~Db() = default;

std::unique_ptr<series::Appender> Db::NewAppender() {
  return head_->NewAppender();
}

Result<std::unique_ptr<series::Querier>> Db::NewQuerier(Timestamp mint,
                                                        Timestamp maxt) const {
  return head_->NewQuerier(mint, maxt);
}

Status Db::Truncate(Timestamp now) {
  Timestamp mint =
      now < std::numeric_limits<Timestamp>::min() + options_.retention_ms
          ? std::numeric_limits<Timestamp>::min()
          : now - options_.retention_ms;
  head_->Truncate(mint);
  if (wal_ != nullptr) {
    Result<int> dropped = wal_->Truncate(mint, *head_);
    if (!dropped.ok()) return dropped.status();
  }
  return Status::Ok();
}

}  // namespace tocsin::tsdb
