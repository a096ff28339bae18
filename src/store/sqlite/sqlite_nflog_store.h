#ifndef TOCSIN_STORE_SQLITE_SQLITE_NFLOG_STORE_H_
#define TOCSIN_STORE_SQLITE_SQLITE_NFLOG_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "notify/nflog/nflog.h"
#include "store/sqlite/sqlite_database.h"

namespace tocsin::store {

// notify::nflog::NflogStore on a SqliteDatabase: table `nflog_entries`
// keyed by Entry::Key() (docs/formats/sqlite.md). Each Upsert / Delete is
// one transaction, durable when it returns OK; on an error nothing
// changed. Thread-safe.
class SqliteNflogStore final : public notify::nflog::NflogStore {
 public:
  explicit SqliteNflogStore(std::shared_ptr<SqliteDatabase> db)
      : db_(std::move(db)) {}

  // Errors: the database's (Unavailable, DataLoss, FailedPrecondition when
  // closed); DataLoss for an alert-hash list this binary cannot parse.
  Result<std::vector<notify::nflog::Entry>> Load() override;
  Status Upsert(const notify::nflog::Entry& entry) override;
  Status Delete(const std::string& key) override;

 private:
  std::shared_ptr<SqliteDatabase> db_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_SQLITE_SQLITE_NFLOG_STORE_H_
