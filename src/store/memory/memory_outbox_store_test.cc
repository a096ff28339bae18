#include "store/memory/memory_outbox_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/testing/outbox_store_conformance.h"

namespace tocsin::store {
namespace {

class MemoryOutboxBackend final : public OutboxStoreBackend {
 public:
  Result<OutboxStores> Open() override {
    OutboxStores s;
    s.outbox = std::make_unique<MemoryOutboxStore>(backing_, nflog_);
    s.nflog = std::make_unique<MemoryNflogStore>(nflog_);
    return s;
  }
  void BlockWrites(bool blocked) override {
    Status e = blocked ? UnavailableError("writes blocked") : Status::Ok();
    backing_->SetWriteError(e);
    nflog_->SetWriteError(e);
  }

 private:
  std::shared_ptr<MemoryOutboxBacking> backing_ =
      std::make_shared<MemoryOutboxBacking>();
  std::shared_ptr<MemoryNflogBacking> nflog_ =
      std::make_shared<MemoryNflogBacking>();
};

INSTANTIATE_TEST_SUITE_P(
    Memory, OutboxStoreConformanceTest,
    ::testing::Values(OutboxBackendFactory{
        "Memory", [] { return std::make_unique<MemoryOutboxBackend>(); }}),
    OutboxBackendName);

}  // namespace
}  // namespace tocsin::store
