#ifndef TOCSIN_STORE_SQLITE_SQLITE_TEST_UTIL_H_
#define TOCSIN_STORE_SQLITE_SQLITE_TEST_UTIL_H_

// Test-only helpers of store/sqlite tests.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_database.h"

namespace tocsin::store {

// A fresh directory under the test temp dir.
inline std::string MakeTempDir() {
  std::string templ = ::testing::TempDir() + "tocsin-store-XXXXXX";
  EXPECT_NE(mkdtemp(templ.data()), nullptr);
  return templ;
}

// A raw second connection to the same file, as another process would have.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
  }
  ~RawConnection() { sqlite3_close(db_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  int Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_ = nullptr;
};

// A temp storage dir with a database opened on demand (short busy timeout,
// so a blocked write fails fast) and a write lock another connection can
// hold. Removes the directory at destruction.
class SqliteTestStorage {
 public:
  SqliteTestStorage() : dir_(MakeTempDir()) {}
  ~SqliteTestStorage() {
    locker_.reset();
    std::filesystem::remove_all(dir_);
  }
  Result<std::shared_ptr<SqliteDatabase>> OpenDatabase() {
    return SqliteDatabase::Open(dir_,
                                SqliteOptions{std::chrono::milliseconds(20)});
  }
  std::string File() const { return dir_ + "/tocsin.db"; }
  void BlockWrites(bool blocked) {
    if (blocked) {
      locker_ = std::make_unique<RawConnection>(File());
      ASSERT_EQ(locker_->Exec("BEGIN EXCLUSIVE"), SQLITE_OK);
    } else {
      ASSERT_EQ(locker_->Exec("ROLLBACK"), SQLITE_OK);
      locker_.reset();
    }
  }

 private:
  std::string dir_;
  std::unique_ptr<RawConnection> locker_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_SQLITE_SQLITE_TEST_UTIL_H_
