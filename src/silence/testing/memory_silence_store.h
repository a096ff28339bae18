#ifndef TOCSIN_SILENCE_TESTING_MEMORY_SILENCE_STORE_H_
#define TOCSIN_SILENCE_TESTING_MEMORY_SILENCE_STORE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "silence/silence_store.h"

namespace tocsin::silence {

// A SilenceStore in memory for tests, with fault injection: the next
// Upsert / Delete / Load fails with the given status (once) and changes
// nothing. Thread-safe.
class MemorySilenceStore final : public SilenceStore {
 public:
  Result<std::vector<Silence>> Load() override;
  Status Upsert(const Silence& silence) override;
  Status Delete(const SilenceId& id) override;

  // Fails the next call of that kind with `error`, once.
  void FailNextUpsert(Status error);
  void FailNextDelete(Status error);
  void FailNextLoad(Status error);
  // Fails the Upsert after the next one (the second write of a Set that
  // replaces a silence).
  void FailSecondUpsert(Status error);

  // Stored silences by ID (for assertions).
  std::map<SilenceId, Silence> Contents() const;
  // Number of successful Upsert / Delete calls.
  size_t upserts() const;
  size_t deletes() const;

 private:
  mutable std::mutex mu_;
  std::map<SilenceId, Silence> rows_;  // GUARDED_BY(mu_)
  Status fail_upsert_;                 // GUARDED_BY(mu_)
  int fail_upsert_after_ = 0;          // GUARDED_BY(mu_)
  Status fail_delete_;                 // GUARDED_BY(mu_)
  Status fail_load_;                   // GUARDED_BY(mu_)
  size_t upserts_ = 0;                 // GUARDED_BY(mu_)
  size_t deletes_ = 0;                 // GUARDED_BY(mu_)
};

// Deterministic IDs: "00000000-0000-4000-8000-000000000001", ...002, ...
// Thread-safe.
class SequentialIdGenerator final : public IdGenerator {
 public:
  SilenceId NewId() override;

 private:
  std::mutex mu_;
  uint64_t next_ = 1;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::silence

#endif  // TOCSIN_SILENCE_TESTING_MEMORY_SILENCE_STORE_H_
