#ifndef TOCSIN_STORE_SQLITE_STATEMENT_H_
#define TOCSIN_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"
#include "store/sqlite/sqlite_database.h"

namespace tocsin::store {

// A prepared statement (RAII) on a connection the caller holds the lock
// of. Private to store/sqlite. Errors go through SqliteDatabase::Error.
class Statement {
 public:
  static Result<Statement> Prepare(const SqliteDatabase& owner, sqlite3* db,
                                   std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Binds 1-based parameter `i`.
  Status Bind(int i, std::string_view text);
  Status Bind(int i, int64_t value);
  // Advances: true when a row is ready, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows, then resets it for reuse.
  Status Run();
  Status Reset();

  int64_t Int(int col) const;
  // Text of column `col` (0-based), embedded NULs kept.
  std::string Text(int col) const;

 private:
  Statement(const SqliteDatabase& owner, sqlite3_stmt* stmt)
      : owner_(&owner), stmt_(stmt) {}
  const SqliteDatabase* owner_;
  sqlite3_stmt* stmt_;
};

// Runs `sql` (possibly several statements, no rows expected).
Status ExecSql(const SqliteDatabase& owner, sqlite3* db, std::string_view sql);

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_SQLITE_STATEMENT_H_
