#ifndef TOCSIN_STORE_SQLITE_SQLITE_DATABASE_H_
#define TOCSIN_STORE_SQLITE_SQLITE_DATABASE_H_

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"

// Only store/sqlite includes sqlite3.h; the handle stays opaque here.
struct sqlite3;

namespace tocsin::store {

struct SqliteOptions {
  // How long a write waits for a lock held by another connection (another
  // process on the same file) before failing with Unavailable. Default 5 s;
  // longer blocks the single writer longer, shorter fails sooner.
  std::chrono::milliseconds busy_timeout{5000};
};

// The embedded database: one file `<storage_dir>/tocsin.db` in WAL mode with
// synchronous=FULL (a returned write survives a power loss; see
// docs/formats/sqlite.md), foreign keys on, and the schema brought to the
// newest version this binary knows at Open.
//
// One connection guarded by one mutex: every method is thread-safe and
// statements run one at a time. Stores (SqliteSilenceStore, ...) share one
// SqliteDatabase through a shared_ptr.
class SqliteDatabase {
 public:
  // The file name under --storage.path.
  static constexpr std::string_view kFileName = "tocsin.db";

  // Opens (creating when missing) `storage_dir` and `storage_dir/tocsin.db`,
  // then applies missing migrations in one transaction.
  // Errors (each message names the directory or file):
  //   - FailedPrecondition: storage_dir cannot be created or is not a
  //     directory, or the file cannot be opened for writing;
  //   - DataLoss: the file is not a SQLite database or is corrupt;
  //   - FailedPrecondition: the file's schema version is newer than the
  //     newest this binary knows (a downgrade);
  //   - Unavailable: another process holds the write lock past
  //     busy_timeout.
  static Result<std::shared_ptr<SqliteDatabase>> Open(
      const std::string& storage_dir, const SqliteOptions& options = {});

  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // The database file's path.
  const std::string& path() const { return path_; }
  // The schema version after Open (the newest this binary knows).
  static int LatestSchemaVersion();

  // Closes the connection; every later call fails with FailedPrecondition.
  // Idempotent.
  void Close();

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT holding the connection
  // lock. When body returns an error, or COMMIT fails, the transaction is
  // rolled back and that error returned: nothing of it is visible later.
  Status Write(const std::function<Status(sqlite3*)>& body);
  // Runs `body` inside a read transaction holding the connection lock.
  Status Read(const std::function<Status(sqlite3*)>& body);

  // A Status for SQLite result code `rc` of `what`, naming the file:
  // Unavailable (busy/locked/I/O), DataLoss (corrupt/not a database),
  // ResourceExhausted (disk full), FailedPrecondition (read-only, cannot
  // open), Internal otherwise.
  Status Error(int rc, std::string_view what) const;

 private:
  SqliteDatabase(std::string path, sqlite3* db);
  Status Migrate();
  Status InTransaction(std::string_view begin,
                       const std::function<Status(sqlite3*)>& body);

  const std::string path_;
  std::mutex mu_;
  sqlite3* db_;  // GUARDED_BY(mu_); null after Close
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_SQLITE_SQLITE_DATABASE_H_
