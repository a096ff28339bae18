#include "store/sqlite/sqlite_nflog_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/sqlite/sqlite_test_util.h"
#include "store/testing/nflog_store_conformance.h"

namespace tocsin::store {
namespace {

class SqliteBackend final : public NflogStoreBackend {
 public:
  Result<std::unique_ptr<notify::nflog::NflogStore>> Open() override {
    ASSIGN_OR_RETURN(std::shared_ptr<SqliteDatabase> db,
                     storage_.OpenDatabase());
    return std::unique_ptr<notify::nflog::NflogStore>(
        std::make_unique<SqliteNflogStore>(std::move(db)));
  }
  void BlockWrites(bool blocked) override { storage_.BlockWrites(blocked); }

 private:
  SqliteTestStorage storage_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, NflogStoreConformanceTest,
                         ::testing::Values(NflogBackendFactory{
                             "Sqlite",
                             [] { return std::make_unique<SqliteBackend>(); }}),
                         NflogBackendName);

TEST(SqliteNflogStoreTest, MalformedHashListIsDataLoss) {
  SqliteTestStorage storage;
  auto db = storage.OpenDatabase();
  ASSERT_TRUE(db.ok()) << db.status();
  SqliteNflogStore store(*db);
  notify::nflog::Entry e;
  e.group_key = "g";
  e.receiver = {"r", "webhook", 0};
  e.firing_alerts = {1, 2};
  ASSERT_TRUE(store.Upsert(e).ok());
  {
    RawConnection raw(storage.File());
    ASSERT_EQ(raw.Exec("UPDATE nflog_entries SET firing_alerts = '1,x'"),
              SQLITE_OK);
  }
  auto got = store.Load();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(got.status().message(), "sqlite " + storage.File() +
                                        ": nflog entry " + e.Key() +
                                        ": malformed alert hash list");
}

TEST(SqliteNflogStoreTest, SharesTheDatabaseWithSilences) {
  // Both ports live in one file; the nflog table exists from migration 2.
  SqliteTestStorage storage;
  auto db = storage.OpenDatabase();
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_GE(SqliteDatabase::LatestSchemaVersion(), 2);
  SqliteNflogStore store(*db);
  auto got = store.Load();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->empty());
}

}  // namespace
}  // namespace tocsin::store
