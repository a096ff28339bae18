#ifndef TOCSIN_TSDB_WAL_H_
#define TOCSIN_TSDB_WAL_H_

// The write-ahead log of the head (format: docs/formats/tsdb-wal.md):
// numbered segment files of CRC-checked records (series, samples) written at
// each Commit, replayed into a Head on open, and truncated by retention
// through a checkpoint that keeps the series still alive.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "tsdb/head.h"

namespace tocsin::tsdb {

enum class WalSync {
  kNone,       // never fsync; a crash loses what the OS had not written
  kPerCommit,  // fdatasync after every commit's records
};

struct WalOptions {
  std::string dir;  // created when missing
  WalSync sync = WalSync::kNone;
  // A segment is closed and the next one started once it holds this many
  // bytes (checked before each commit's records; a commit larger than this
  // still goes to one segment). Smaller segments let retention free disk
  // sooner; each costs one file.
  size_t segment_bytes = 32 << 20;
};

// Thread-safe. Log is called by the head under its lock; Truncate by the
// owner (Db) while commits may run.
class Wal final : public CommitLog {
 public:
  // Opens `options.dir` without reading it.
  static Result<std::unique_ptr<Wal>> Open(WalOptions options);
  ~Wal() override;

  // Replays the latest checkpoint and the segments after it into `head`,
  // then starts a new segment for writing. A torn last record of the last
  // segment (a crash mid-write) is cut off, and a warning naming the file
  // and offset is appended to `warnings`. Any other bad record fails with
  // DataLoss naming the file and offset. Call once, before any Log.
  Status Replay(Head* head, std::vector<std::string>* warnings);

  // Appends a series record (when `series` is not empty) and a samples
  // record (when `samples` is not empty); syncs per the policy.
  Status Log(const std::vector<RefSeries>& series,
             const std::vector<RefSample>& samples) override;

  // Retention: deletes the oldest segments whose samples all precede
  // `mint` (never the segment being written), after writing a checkpoint
  // with the series `head` still holds and `mint`. Returns the number of
  // segments deleted.
  Result<int> Truncate(Timestamp mint, const Head& head);

  // Segment numbers currently on disk, oldest first (for tests and stats).
  std::vector<uint64_t> Segments() const;

 private:
  explicit Wal(WalOptions options);
  Status OpenSegmentLocked(uint64_t index);
  Status WriteLocked(const std::string& bytes);

  const WalOptions options_;
  mutable std::mutex mu_;
  int fd_ = -1;
  uint64_t current_ = 0;
  size_t current_size_ = 0;
  uint64_t checkpoint_ = 0;  // segments <= this are covered by it
  bool has_checkpoint_ = false;
  // Segment number -> newest sample timestamp in it (min() when none).
  std::map<uint64_t, Timestamp> max_time_;
  bool replayed_ = false;
  Status broken_;  // set when a failed write could not be undone
};

}  // namespace tocsin::tsdb

#endif  // TOCSIN_TSDB_WAL_H_
