#include "store/sqlite/statement.h"

#include <string>

namespace tocsin::store {

Result<Statement> Statement::Prepare(const SqliteDatabase& owner, sqlite3* db,
                                     std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()),
                              &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return owner.Error(rc, "prepare");
  }
  return Statement(owner, stmt);
}

Statement::Statement(Statement&& other) noexcept
    : owner_(other.owner_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::Bind(int i, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, i, text.data(),
                             static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return rc == SQLITE_OK ? Status::Ok() : owner_->Error(rc, "bind");
}

Status Statement::Bind(int i, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, i, value);
  return rc == SQLITE_OK ? Status::Ok() : owner_->Error(rc, "bind");
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return owner_->Error(rc, "step");
}

Status Statement::Run() {
  Result<bool> r = Step();
  if (!r.ok()) {
    sqlite3_reset(stmt_);
    return r.status();
  }
  return Reset();
}

Status Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return Status::Ok();
}

int64_t Statement::Int(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

std::string Statement::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
}

Status ExecSql(const SqliteDatabase& owner, sqlite3* db, std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : owner.Error(rc, "exec");
}

}  // namespace tocsin::store
