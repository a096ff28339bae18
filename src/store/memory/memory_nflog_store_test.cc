#include "store/memory/memory_nflog_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/testing/nflog_store_conformance.h"

namespace tocsin::store {
namespace {

class MemoryBackend final : public NflogStoreBackend {
 public:
  Result<std::unique_ptr<notify::nflog::NflogStore>> Open() override {
    return std::unique_ptr<notify::nflog::NflogStore>(
        std::make_unique<MemoryNflogStore>(backing_));
  }
  void BlockWrites(bool blocked) override {
    backing_->SetWriteError(blocked ? UnavailableError("writes blocked")
                                    : Status::Ok());
  }

 private:
  std::shared_ptr<MemoryNflogBacking> backing_ =
      std::make_shared<MemoryNflogBacking>();
};

INSTANTIATE_TEST_SUITE_P(Memory, NflogStoreConformanceTest,
                         ::testing::Values(NflogBackendFactory{
                             "Memory",
                             [] { return std::make_unique<MemoryBackend>(); }}),
                         NflogBackendName);

}  // namespace
}  // namespace tocsin::store
