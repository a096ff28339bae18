#ifndef TOCSIN_STORE_TESTING_NFLOG_STORE_CONFORMANCE_H_
#define TOCSIN_STORE_TESTING_NFLOG_STORE_CONFORMANCE_H_

// The one test suite every notify::nflog::NflogStore implementation
// passes; instantiated like SilenceStoreConformanceTest (see
// silence_store_conformance.h) with an NflogBackendFactory, linking
// store/testing/nflog_store_conformance.cc.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "notify/nflog/nflog.h"

namespace tocsin::store {

// One backend's storage for the life of one test.
class NflogStoreBackend {
 public:
  virtual ~NflogStoreBackend() = default;
  // A store over this backend's storage; after the previous store was
  // destroyed, a new one sees everything the old one wrote.
  virtual Result<std::unique_ptr<notify::nflog::NflogStore>> Open() = 0;
  // While set, every Upsert / Delete fails with Unavailable.
  virtual void BlockWrites(bool blocked) = 0;
};

struct NflogBackendFactory {
  std::string name;
  std::function<std::unique_ptr<NflogStoreBackend>()> make;
};

std::string NflogBackendName(
    const ::testing::TestParamInfo<NflogBackendFactory>& info);

class NflogStoreConformanceTest
    : public ::testing::TestWithParam<NflogBackendFactory> {
 protected:
  void SetUp() override;

  std::unique_ptr<NflogStoreBackend> backend_;
  std::unique_ptr<notify::nflog::NflogStore> store_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_TESTING_NFLOG_STORE_CONFORMANCE_H_
