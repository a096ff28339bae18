#ifndef TOCSIN_STORE_TESTING_OUTBOX_STORE_CONFORMANCE_H_
#define TOCSIN_STORE_TESTING_OUTBOX_STORE_CONFORMANCE_H_

// The one test suite every notify::outbox::OutboxStore implementation
// passes; a backend's test instantiates OutboxStoreConformanceTest with an
// OutboxBackendFactory and links store/testing/outbox_store_conformance.cc.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "notify/nflog/nflog.h"
#include "notify/outbox/outbox_store.h"

namespace tocsin::store {

// An outbox store and the nflog store sharing its storage.
struct OutboxStores {
  std::unique_ptr<notify::outbox::OutboxStore> outbox;
  std::unique_ptr<notify::nflog::NflogStore> nflog;
};

// One backend's storage for the life of one test.
class OutboxStoreBackend {
 public:
  virtual ~OutboxStoreBackend() = default;
  // Stores over this backend's storage; after the previous ones were
  // destroyed, new ones see everything the old ones wrote.
  virtual Result<OutboxStores> Open() = 0;
  // While set, every write fails (Unavailable) and changes nothing.
  virtual void BlockWrites(bool blocked) = 0;
};

struct OutboxBackendFactory {
  std::string name;
  std::function<std::unique_ptr<OutboxStoreBackend>()> make;
};

std::string OutboxBackendName(
    const ::testing::TestParamInfo<OutboxBackendFactory>& info);

class OutboxStoreConformanceTest
    : public ::testing::TestWithParam<OutboxBackendFactory> {
 protected:
  void SetUp() override;
  void Reopen();

  std::unique_ptr<OutboxStoreBackend> backend_;
  OutboxStores stores_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_TESTING_OUTBOX_STORE_CONFORMANCE_H_
