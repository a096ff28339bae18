#include "store/sqlite/sqlite_silence_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_test_util.h"
#include "store/testing/silence_store_conformance.h"

namespace tocsin::store {
namespace {

using ::testing::HasSubstr;

class SqliteBackend final : public SilenceStoreBackend {
 public:
  Result<std::unique_ptr<silence::SilenceStore>> Open() override {
    ASSIGN_OR_RETURN(std::shared_ptr<SqliteDatabase> db,
                     storage_.OpenDatabase());
    return std::unique_ptr<silence::SilenceStore>(
        std::make_unique<SqliteSilenceStore>(std::move(db)));
  }
  void BlockWrites(bool blocked) override { storage_.BlockWrites(blocked); }

 private:
  SqliteTestStorage storage_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, SilenceStoreConformanceTest,
                         ::testing::Values(SilenceBackendFactory{
                             "Sqlite",
                             [] { return std::make_unique<SqliteBackend>(); }}),
                         SilenceBackendName);

silence::Silence MakeSilence(const std::string& id) {
  silence::Silence s;
  s.id = silence::SilenceId(id);
  s.matchers = {{model::MatchType::kEqual, "alertname", "A"},
                {model::MatchType::kRegexMatch, "job", "x.*"}};
  s.starts_at = model::Time(std::chrono::seconds(10));
  s.ends_at = model::Time(std::chrono::seconds(20));
  s.created_by = "me";
  s.comment = "c";
  return s;
}

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  SqliteDatabaseTest() : dir_(MakeTempDir()) {}
  ~SqliteDatabaseTest() override { std::filesystem::remove_all(dir_); }
  std::string File() const { return dir_ + "/tocsin.db"; }

  std::string dir_;
};

TEST_F(SqliteDatabaseTest, CreatesFileInWalModeAtLatestSchema) {
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ((*db)->path(), File());
  EXPECT_TRUE(std::filesystem::exists(File()));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(File().c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
               "wal");
  sqlite3_finalize(stmt);
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT group_concat(version) FROM "
                               "(SELECT version FROM schema_migrations "
                               "ORDER BY version)",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  std::string versions;
  for (int v = 1; v <= SqliteDatabase::LatestSchemaVersion(); ++v) {
    versions += (v > 1 ? "," : "") + std::to_string(v);
  }
  EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
            versions);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

TEST_F(SqliteDatabaseTest, CreatesMissingStorageDirectories) {
  std::string nested = dir_ + "/a/b";
  auto db = SqliteDatabase::Open(nested);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_TRUE(std::filesystem::exists(nested + "/tocsin.db"));
}

TEST_F(SqliteDatabaseTest, ReopenKeepsSchemaAndData) {
  {
    auto db = SqliteDatabase::Open(dir_);
    ASSERT_TRUE(db.ok()) << db.status();
    SqliteSilenceStore store(*db);
    ASSERT_TRUE(store.Upsert(MakeSilence("a")).ok());
  }
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_TRUE(db.ok()) << db.status();
  SqliteSilenceStore store(*db);
  auto got = store.Load();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, ::testing::ElementsAre(MakeSilence("a")));
}

TEST_F(SqliteDatabaseTest, CorruptFileIsDataLossNamingTheFile) {
  {
    std::ofstream out(File(), std::ios::binary);
    out << std::string(8192, '\x5a') << "this is not sqlite";
  }
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(db.status().message(), HasSubstr(File()));
  EXPECT_THAT(db.status().message(), HasSubstr("file is not a database"));
}

TEST_F(SqliteDatabaseTest, DamagedPagesAreDataLoss) {
  {
    auto db = SqliteDatabase::Open(dir_);
    ASSERT_TRUE(db.ok()) << db.status();
    SqliteSilenceStore store(*db);
    for (int i = 0; i < 40; ++i) {
      silence::Silence s = MakeSilence("id-" + std::to_string(i));
      s.comment = std::string(3000, 'c');
      ASSERT_TRUE(store.Upsert(s).ok());
    }
  }
  // Checkpointed into the main file at close; overwrite pages 2.. with junk
  // while keeping the header valid.
  uintmax_t size = std::filesystem::file_size(File());
  ASSERT_GT(size, 3 * 4096u);
  {
    std::fstream f(File(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    std::string junk(size - 4096, '\x7f');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kDataLoss) << db.status();
  EXPECT_THAT(db.status().message(), HasSubstr(File()));
}

TEST_F(SqliteDatabaseTest, UnusableStoragePathIsClearError) {
  std::string file = dir_ + "/plain-file";
  { std::ofstream(file) << "x"; }
  auto under_file = SqliteDatabase::Open(file + "/data");
  ASSERT_FALSE(under_file.ok());
  EXPECT_EQ(under_file.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(under_file.status().message(), HasSubstr("storage path " + file +
                                                       "/data: cannot create "
                                                       "directory"));
  auto is_file = SqliteDatabase::Open(file);
  ASSERT_FALSE(is_file.ok());
  EXPECT_EQ(is_file.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(is_file.status().message(),
            "storage path " + file + ": not a directory");
}

TEST_F(SqliteDatabaseTest, UnopenableFileIsClearError) {
  // A directory where the database file should be.
  std::filesystem::create_directories(File());
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kFailedPrecondition) << db.status();
  EXPECT_THAT(db.status().message(), HasSubstr("sqlite " + File() + ": open"));
}

TEST_F(SqliteDatabaseTest, RefusesNewerSchema) {
  ASSERT_TRUE(SqliteDatabase::Open(dir_).ok());
  int newer = SqliteDatabase::LatestSchemaVersion() + 1;
  {
    RawConnection raw(File());
    ASSERT_EQ(raw.Exec("INSERT INTO schema_migrations (version, name) "
                       "VALUES (" +
                       std::to_string(newer) + ", 'from the future')"),
              SQLITE_OK);
  }
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(db.status().message(),
            "sqlite " + File() + ": schema version " + std::to_string(newer) +
                " is newer than the newest this tocsin knows (" +
                std::to_string(newer - 1) +
                "); run a tocsin at least as new as the one that wrote "
                "the file");
}

TEST_F(SqliteDatabaseTest, ClosedDatabaseFailsAndKeepsData) {
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_TRUE(db.ok()) << db.status();
  SqliteSilenceStore store(*db);
  ASSERT_TRUE(store.Upsert(MakeSilence("a")).ok());
  (*db)->Close();
  (*db)->Close();  // idempotent
  silence::Silence changed = MakeSilence("a");
  changed.comment = "lost";
  Status st = store.Upsert(changed);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.message(), "sqlite " + File() + ": database is closed");
  EXPECT_EQ(store.Delete(silence::SilenceId("a")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.Load().status().code(), StatusCode::kFailedPrecondition);

  auto reopened = SqliteDatabase::Open(dir_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  SqliteSilenceStore again(*reopened);
  auto got = again.Load();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, ::testing::ElementsAre(MakeSilence("a")));
}

TEST_F(SqliteDatabaseTest, UpsertFailingHalfwayIsRolledBack) {
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_TRUE(db.ok()) << db.status();
  SqliteSilenceStore store(*db);
  ASSERT_TRUE(store.Upsert(MakeSilence("a")).ok());
  {
    // Fails the third matcher insert: after the old matchers were deleted
    // and the row updated in the same transaction.
    RawConnection raw(File());
    ASSERT_EQ(raw.Exec("CREATE TRIGGER boom BEFORE INSERT ON "
                       "silence_matchers WHEN NEW.name = 'boom' "
                       "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"),
              SQLITE_OK);
  }
  silence::Silence changed = MakeSilence("a");
  changed.comment = "half";
  changed.matchers.push_back({model::MatchType::kEqual, "boom", "1"});
  Status st = store.Upsert(changed);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(st.message(), HasSubstr("injected failure"));
  auto got = store.Load();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, ::testing::ElementsAre(MakeSilence("a")));
  // The connection is usable afterwards.
  ASSERT_TRUE(store.Upsert(MakeSilence("b")).ok());
  EXPECT_EQ(store.Load()->size(), 2u);
}

TEST_F(SqliteDatabaseTest, UnknownMatcherTypeIsDataLoss) {
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_TRUE(db.ok()) << db.status();
  SqliteSilenceStore store(*db);
  ASSERT_TRUE(store.Upsert(MakeSilence("a")).ok());
  {
    RawConnection raw(File());
    // Bypass the CHECK constraint as a foreign writer might.
    ASSERT_EQ(raw.Exec("PRAGMA ignore_check_constraints=ON; UPDATE "
                       "silence_matchers SET type = '~~' WHERE position = 0"),
              SQLITE_OK);
  }
  auto got = store.Load();
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(got.status().message(),
            "sqlite " + File() + ": silence a: unknown matcher type \"~~\"");
}

TEST_F(SqliteDatabaseTest, RefusesEmptyId) {
  auto db = SqliteDatabase::Open(dir_);
  ASSERT_TRUE(db.ok()) << db.status();
  SqliteSilenceStore store(*db);
  EXPECT_EQ(store.Upsert(silence::Silence{}).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tocsin::store
