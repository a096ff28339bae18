#ifndef TOCSIN_STORE_SQLITE_SQLITE_SILENCE_STORE_H_
#define TOCSIN_STORE_SQLITE_SQLITE_SILENCE_STORE_H_

#include <memory>
#include <vector>

#include "silence/silence_store.h"
#include "store/sqlite/sqlite_database.h"

namespace tocsin::store {

// silence::SilenceStore on a SqliteDatabase: tables `silences` and
// `silence_matchers` (docs/formats/sqlite.md). Each Upsert / Delete is one
// transaction, durable when it returns OK; on an error it is rolled back
// and a later Load sees the previous state. Thread-safe (the database
// serializes statements).
class SqliteSilenceStore final : public silence::SilenceStore {
 public:
  explicit SqliteSilenceStore(std::shared_ptr<SqliteDatabase> db)
      : db_(std::move(db)) {}

  // Errors: the database's (Unavailable, DataLoss, FailedPrecondition when
  // closed); DataLoss also for a row this binary cannot read back (an
  // unknown matcher type).
  Result<std::vector<silence::Silence>> Load() override;
  Status Upsert(const silence::Silence& silence) override;
  Status Delete(const silence::SilenceId& id) override;

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_SQLITE_SQLITE_SILENCE_STORE_H_
