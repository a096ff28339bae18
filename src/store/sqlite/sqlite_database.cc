#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

#include "store/sqlite/migrations.h"
#include "store/sqlite/statement.h"

namespace tocsin::store {
namespace {

StatusCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_PROTOCOL:
      return StatusCode::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::kDataLoss;
    case SQLITE_FULL:
      return StatusCode::kResourceExhausted;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return StatusCode::kFailedPrecondition;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return StatusCode::kInvalidArgument;
    default:
      return StatusCode::kInternal;
  }
}

Status ErrorFor(const std::string& path, sqlite3* db, int rc,
                std::string_view what) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Status(CodeFor(rc),
                "sqlite " + path + ": " + std::string(what) + ": " + detail);
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, sqlite3* db)
    : path_(std::move(path)), db_(db) {}

SqliteDatabase::~SqliteDatabase() { Close(); }

void SqliteDatabase::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  if (db_ != nullptr) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

int SqliteDatabase::LatestSchemaVersion() {
  return Migrations().empty() ? 0 : Migrations().back().version;
}

Status SqliteDatabase::Error(int rc, std::string_view what) const {
  return ErrorFor(path_, db_, rc, what);
}

Result<std::shared_ptr<SqliteDatabase>> SqliteDatabase::Open(
    const std::string& storage_dir, const SqliteOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(storage_dir, ec) && !fs::is_directory(storage_dir, ec)) {
    return Status(StatusCode::kFailedPrecondition,
                  "storage path " + storage_dir + ": not a directory");
  }
  fs::create_directories(storage_dir, ec);
  if (ec) {
    return Status(StatusCode::kFailedPrecondition,
                  "storage path " + storage_dir +
                      ": cannot create directory: " + ec.message());
  }
  if (!fs::is_directory(storage_dir, ec)) {
    return Status(StatusCode::kFailedPrecondition,
                  "storage path " + storage_dir + ": not a directory");
  }
  std::string path = (fs::path(storage_dir) / kFileName).string();
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &raw,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    Status st = ErrorFor(path, raw, rc, "open");
    sqlite3_close_v2(raw);
    return st;
  }
  std::shared_ptr<SqliteDatabase> db(new SqliteDatabase(path, raw));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));
  {
    std::lock_guard<std::mutex> lock(db->mu_);
    // journal_mode answers the mode in effect; anything but "wal" (e.g. a
    // file system without shared memory) is refused rather than silently
    // running with a rollback journal.
    ASSIGN_OR_RETURN(Statement mode,
                     Statement::Prepare(*db, raw, "PRAGMA journal_mode=WAL"));
    ASSIGN_OR_RETURN(bool row, mode.Step());
    if (!row || mode.Text(0) != "wal") {
      return Status(StatusCode::kFailedPrecondition,
                    "sqlite " + path + ": cannot enable WAL journal mode");
    }
    RETURN_IF_ERROR(ExecSql(*db, raw,
                            "PRAGMA synchronous=FULL;"
                            "PRAGMA foreign_keys=ON;"));
    ASSIGN_OR_RETURN(Statement check,
                     Statement::Prepare(*db, raw, "PRAGMA quick_check"));
    ASSIGN_OR_RETURN(bool check_row, check.Step());
    if (!check_row || check.Text(0) != "ok") {
      return Status(StatusCode::kDataLoss,
                    "sqlite " + path + ": integrity check failed: " +
                        (check_row ? check.Text(0) : std::string("no answer")));
    }
  }
  RETURN_IF_ERROR(db->Migrate());
  return db;
}

Status SqliteDatabase::Migrate() {
  return Write([this](sqlite3* db) -> Status {
    RETURN_IF_ERROR(ExecSql(*this, db,
                            "CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "version INTEGER NOT NULL PRIMARY KEY, "
                            "name TEXT NOT NULL)"));
    ASSIGN_OR_RETURN(Statement max,
                     Statement::Prepare(*this, db,
                                        "SELECT COALESCE(MAX(version), 0) "
                                        "FROM schema_migrations"));
    ASSIGN_OR_RETURN(bool row, max.Step());
    int64_t current = row ? max.Int(0) : 0;
    if (current > LatestSchemaVersion()) {
      return Status(StatusCode::kFailedPrecondition,
                    "sqlite " + path_ + ": schema version " +
                        std::to_string(current) +
                        " is newer than the newest this tocsin knows (" +
                        std::to_string(LatestSchemaVersion()) +
                        "); run a tocsin at least as new as the one that "
                        "wrote the file");
    }
    ASSIGN_OR_RETURN(Statement record,
                     Statement::Prepare(*this, db,
                                        "INSERT INTO schema_migrations "
                                        "(version, name) VALUES (?1, ?2)"));
    for (const Migration& m : Migrations()) {
      if (m.version <= current) continue;
      Status st = ExecSql(*this, db, m.sql);
      if (!st.ok()) {
        return st.WithPrefix("migration " + std::to_string(m.version) + " (" +
                             std::string(m.name) + ")");
      }
      RETURN_IF_ERROR(record.Bind(1, static_cast<int64_t>(m.version)));
      RETURN_IF_ERROR(record.Bind(2, m.name));
      RETURN_IF_ERROR(record.Run());
    }
    return Status::Ok();
  });
}

Status SqliteDatabase::Write(const std::function<Status(sqlite3*)>& body) {
  return InTransaction("BEGIN IMMEDIATE", body);
}

Status SqliteDatabase::Read(const std::function<Status(sqlite3*)>& body) {
  return InTransaction("BEGIN DEFERRED", body);
}

Status SqliteDatabase::InTransaction(
    std::string_view begin, const std::function<Status(sqlite3*)>& body) {
  std::lock_guard<std::mutex> lock(mu_);
  if (db_ == nullptr) {
    return Status(StatusCode::kFailedPrecondition,
                  "sqlite " + path_ + ": database is closed");
  }
  RETURN_IF_ERROR(ExecSql(*this, db_, begin));
  Status st = body(db_);
  if (st.ok()) st = ExecSql(*this, db_, "COMMIT");
  if (!st.ok() && !sqlite3_get_autocommit(db_)) {
    // Best effort: a failed ROLLBACK leaves SQLite to roll back itself
    // (it does so on the next statement or at close).
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  return st;
}

}  // namespace tocsin::store
