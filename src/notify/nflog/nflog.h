#ifndef TOCSIN_NOTIFY_NFLOG_NFLOG_H_
#define TOCSIN_NOTIFY_NFLOG_NFLOG_H_

// The notification log (upstream nflog/nflog.go): which alerts were last
// notified, firing and resolved, per (aggregation group, receiver
// integration), so the dedup stage can tell whether a group changed and a
// restart does not re-send an unchanged group.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/alert.h"
#include "runtime/clock.h"
#include "runtime/periodic_task.h"
#include "runtime/scheduler.h"

namespace tocsin::notify::nflog {

// One integration of a receiver (upstream nflogpb.Receiver).
struct ReceiverKey {
  std::string group_name;   // receiver name
  std::string integration;  // "webhook"
  uint32_t idx = 0;         // index among the receiver's entries of that kind
  // "name/integration/idx" (upstream receiverKey).
  std::string ToString() const;
  friend bool operator==(const ReceiverKey&, const ReceiverKey&) = default;
};

// One log entry (upstream nflogpb.MeshEntry: Entry plus ExpiresAt).
// Alert sets are sorted, duplicate-free alert hashes (fingerprints).
struct Entry {
  std::string group_key;
  ReceiverKey receiver;
  model::Time timestamp = model::kZeroTime;
  std::vector<uint64_t> firing_alerts;
  std::vector<uint64_t> resolved_alerts;
  model::Time expires_at = model::kZeroTime;

  // Store key: "<group_key>:<receiver.ToString()>" (upstream stateKey).
  std::string Key() const;
  // Upstream IsFiringSubset / IsResolvedSubset: every hash of `subset` is in
  // this entry's firing (resolved) set. `subset` must be sorted.
  bool IsFiringSubset(const std::vector<uint64_t>& subset) const;
  bool IsResolvedSubset(const std::vector<uint64_t>& subset) const;
  friend bool operator==(const Entry&, const Entry&) = default;
};

// Persistence port, declared by its consumer (this log). Implementations:
// the in-memory one in notify/nflog/testing/, SQLite in the server.
// Implementations must be thread-safe.
class NflogStore {
 public:
  virtual ~NflogStore() = default;
  // Every stored entry, in any order.
  virtual Result<std::vector<Entry>> Load() = 0;
  // Inserts or replaces the entry with key entry.Key().
  virtual Status Upsert(const Entry& entry) = 0;
  // Deletes the entry with `key`; OK when absent.
  virtual Status Delete(const std::string& key) = 0;
};

// The log. Write-through: every change is persisted first and applied to
// memory only when the store accepted it, so memory never holds what the
// store lost. Thread-safe (one mutex; store calls happen under it, so the
// store must not call back into the log). `store` must outlive the log.
class NotificationLog {
 public:
  // `retention`: how long an entry is kept (upstream --data.retention,
  // default 120h).
  NotificationLog(NflogStore& store, runtime::Duration retention);
  NotificationLog(const NotificationLog&) = delete;
  NotificationLog& operator=(const NotificationLog&) = delete;

  // Replaces memory with the store's entries (at startup). Errors: the
  // store's Load error; memory is then unchanged.
  Status LoadFromStore();

  // Records a notification (upstream Log): the entry's timestamp is `now`,
  // expiry now + retention, or now + `expiry` when expiry > 0 and shorter.
  // `firing`/`resolved` need not be sorted. An existing entry with a later
  // timestamp is kept (OK, no change). Errors: the store's Upsert error;
  // nothing changes then.
  Status Log(const ReceiverKey& receiver, const std::string& group_key,
             std::vector<uint64_t> firing, std::vector<uint64_t> resolved,
             model::Time now, runtime::Duration expiry);

  // The entry for (receiver, group_key). Errors: NotFound "not found".
  Result<Entry> Query(const ReceiverKey& receiver,
                      const std::string& group_key) const;

  // Deletes entries whose expiry is not after `now` (upstream GC deletes
  // when !ExpiresAt.After(now)). Returns how many were
  // deleted. An entry the store failed to delete stays and the first error
  // is returned after trying the rest.
  Result<size_t> GC(model::Time now);

  size_t size() const;

 private:
  NflogStore& store_;
  const runtime::Duration retention_;
  // Lock order: write_mu_ before mu_. write_mu_ serializes writers (Log, GC,
  // LoadFromStore) including their store I/O; mu_ guards the map only and is
  // never held across store I/O.
  std::mutex write_mu_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
};

// Runs NotificationLog::GC every `interval` on the scheduler (upstream's
// nflog maintenance, default 15m) with now = clock.Now() when the timer
// fires; `on_error` (if given) receives a failed GC's status. log, scheduler
// and clock must outlive the loop; destruction stops it and waits for a
// running GC. Thread-safe.
class NflogGcLoop {
 public:
  NflogGcLoop(NotificationLog& log, runtime::Scheduler& scheduler,
              const runtime::Clock& clock, runtime::Duration interval,
              std::function<void(const Status&)> on_error = nullptr);
  ~NflogGcLoop();
  NflogGcLoop(const NflogGcLoop&) = delete;
  NflogGcLoop& operator=(const NflogGcLoop&) = delete;

  // Schedules the first run `interval` from now. No-op when running.
  void Start();
  // Cancels the pending run. Idempotent.
  void Stop();

 private:
  runtime::PeriodicTask task_;
};

}  // namespace tocsin::notify::nflog

#endif  // TOCSIN_NOTIFY_NFLOG_NFLOG_H_
