#ifndef TOCSIN_STORE_SQLITE_SQLITE_OUTBOX_STORE_H_
#define TOCSIN_STORE_SQLITE_SQLITE_OUTBOX_STORE_H_

#include <memory>
#include <optional>
#include <vector>

#include "notify/outbox/outbox_store.h"
#include "store/sqlite/sqlite_database.h"

namespace tocsin::store {

// notify::outbox::OutboxStore on a SqliteDatabase: tables `outbox` and
// `outbox_attempts` (migration 3, docs/formats/sqlite.md). Enqueue writes
// the nflog entry into `nflog_entries` (the table SqliteNflogStore reads) in
// the same transaction as the rows. Each write is one transaction, durable
// when it returns OK; on an error nothing changed. Thread-safe.
class SqliteOutboxStore final : public notify::outbox::OutboxStore {
 public:
  explicit SqliteOutboxStore(std::shared_ptr<SqliteDatabase> db)
      : db_(std::move(db)) {}

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

  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_SQLITE_SQLITE_OUTBOX_STORE_H_
