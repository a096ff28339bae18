#ifndef TOCSIN_STORE_TESTING_SILENCE_STORE_CONFORMANCE_H_
#define TOCSIN_STORE_TESTING_SILENCE_STORE_CONFORMANCE_H_

// The one test suite every silence::SilenceStore implementation passes.
// A backend's test file instantiates it:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, SilenceStoreConformanceTest,
//       ::testing::Values(SilenceBackendFactory{"Sqlite", &MakeSqlite}),
//       SilenceBackendName);
//
// and links store/testing/silence_store_conformance.cc into the binary.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "silence/silence_store.h"

namespace tocsin::store {

// One backend's storage (a temp file, a shared memory backing) for the
// life of one test.
class SilenceStoreBackend {
 public:
  virtual ~SilenceStoreBackend() = default;
  // A store over this backend's storage. After the previous store was
  // destroyed, a new one sees everything the old one wrote (reopen).
  virtual Result<std::unique_ptr<silence::SilenceStore>> Open() = 0;
  // While set, every Upsert / Delete of an open store fails with
  // Unavailable (SQLite: another connection holds the write lock).
  virtual void BlockWrites(bool blocked) = 0;
};

struct SilenceBackendFactory {
  std::string name;
  std::function<std::unique_ptr<SilenceStoreBackend>()> make;
};

// For INSTANTIATE_TEST_SUITE_P's name generator.
std::string SilenceBackendName(
    const ::testing::TestParamInfo<SilenceBackendFactory>& info);

class SilenceStoreConformanceTest
    : public ::testing::TestWithParam<SilenceBackendFactory> {
 protected:
  void SetUp() override;

  std::unique_ptr<SilenceStoreBackend> backend_;
  std::unique_ptr<silence::SilenceStore> store_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_TESTING_SILENCE_STORE_CONFORMANCE_H_
