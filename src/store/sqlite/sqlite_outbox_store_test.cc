#include "store/sqlite/sqlite_outbox_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/sqlite/sqlite_nflog_store.h"
#include "store/sqlite/sqlite_test_util.h"
#include "store/testing/outbox_store_conformance.h"

namespace tocsin::store {
namespace {

class SqliteOutboxBackend final : public OutboxStoreBackend {
 public:
  Result<OutboxStores> Open() override {
    ASSIGN_OR_RETURN(std::shared_ptr<SqliteDatabase> db,
                     storage_.OpenDatabase());
    OutboxStores s;
    s.outbox = std::make_unique<SqliteOutboxStore>(db);
    s.nflog = std::make_unique<SqliteNflogStore>(db);
    return s;
  }
  void BlockWrites(bool blocked) override { storage_.BlockWrites(blocked); }

 private:
  SqliteTestStorage storage_;
};

INSTANTIATE_TEST_SUITE_P(
    Sqlite, OutboxStoreConformanceTest,
    ::testing::Values(OutboxBackendFactory{
        "Sqlite", [] { return std::make_unique<SqliteOutboxBackend>(); }}),
    OutboxBackendName);

}  // namespace
}  // namespace tocsin::store
