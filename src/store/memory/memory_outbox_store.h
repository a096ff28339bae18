#ifndef TOCSIN_STORE_MEMORY_MEMORY_OUTBOX_STORE_H_
#define TOCSIN_STORE_MEMORY_MEMORY_OUTBOX_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "notify/outbox/outbox_store.h"
#include "store/memory/memory_nflog_store.h"

namespace tocsin::store {

// The rows and attempts of memory outbox stores; stores on one backing
// share them (a test "reopens" a store). Thread-safe.
class MemoryOutboxBacking {
 public:
  // While `error` is not OK every write fails with it and changes nothing.
  void SetWriteError(Status error);

 private:
  friend class MemoryOutboxStore;
  std::mutex mu_;
  uint64_t next_id_ = 1;                                 // GUARDED_BY(mu_)
  std::map<uint64_t, notify::outbox::OutboxRow> rows_;   // GUARDED_BY(mu_)
  std::vector<notify::outbox::AttemptRecord> attempts_;  // GUARDED_BY(mu_)
  Status write_error_;                                   // GUARDED_BY(mu_)
};

// notify::outbox::OutboxStore in memory. Enqueue's nflog entry goes to the
// memory nflog store on `nflog` (written first; the rows only when it
// succeeded). Nothing survives the process. Thread-safe.
class MemoryOutboxStore final : public notify::outbox::OutboxStore {
 public:
  MemoryOutboxStore(std::shared_ptr<MemoryOutboxBacking> backing,
                    std::shared_ptr<MemoryNflogBacking> nflog);

  Result<std::vector<notify::outbox::NotificationId>> Enqueue(
      const std::vector<notify::outbox::OutboxRow>& rows,
      const notify::nflog::Entry* entry) override;
  Status MarkDelivered(const notify::outbox::AttemptRecord& attempt) override;
  Status MarkRetry(const notify::outbox::AttemptRecord& attempt,
                   model::Time next_at) override;
  Status MarkDead(const notify::outbox::AttemptRecord& attempt) override;
  Result<notify::outbox::OutboxRow> Retry(notify::outbox::NotificationId id,
                                          model::Time now) override;
  Result<std::vector<notify::outbox::OutboxRow>> LoadPending() override;
  Result<notify::outbox::OutboxRow> Get(
      notify::outbox::NotificationId id) override;
  Result<std::vector<notify::outbox::OutboxRow>> List(
      const notify::outbox::OutboxFilter& filter) override;
  Result<std::vector<notify::outbox::AttemptRecord>> ListAttempts(
      std::optional<notify::outbox::NotificationId> id) override;
  Result<size_t> GC(model::Time cutoff) override;

 private:
  Status Mark(const notify::outbox::AttemptRecord& attempt,
              notify::outbox::DeliveryState state, model::Time next_at);

  std::shared_ptr<MemoryOutboxBacking> backing_;
  MemoryNflogStore nflog_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_MEMORY_MEMORY_OUTBOX_STORE_H_
