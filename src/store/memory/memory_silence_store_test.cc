#include "store/memory/memory_silence_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/testing/silence_store_conformance.h"

namespace tocsin::store {
namespace {

class MemoryBackend final : public SilenceStoreBackend {
 public:
  Result<std::unique_ptr<silence::SilenceStore>> Open() override {
    return std::unique_ptr<silence::SilenceStore>(
        std::make_unique<MemorySilenceStore>(backing_));
  }
  void BlockWrites(bool blocked) override {
    backing_->SetWriteError(blocked ? UnavailableError("writes blocked")
                                    : Status::Ok());
  }

 private:
  std::shared_ptr<MemorySilenceBacking> backing_ =
      std::make_shared<MemorySilenceBacking>();
};

INSTANTIATE_TEST_SUITE_P(Memory, SilenceStoreConformanceTest,
                         ::testing::Values(SilenceBackendFactory{
                             "Memory",
                             [] { return std::make_unique<MemoryBackend>(); }}),
                         SilenceBackendName);

TEST(MemorySilenceStoreTest, RefusesEmptyId) {
  MemorySilenceStore store;
  EXPECT_EQ(store.Upsert(silence::Silence{}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(store.Load()->empty());
}

}  // namespace
}  // namespace tocsin::store
