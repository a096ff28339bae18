#ifndef TOCSIN_STORE_MEMORY_MEMORY_SILENCE_STORE_H_
#define TOCSIN_STORE_MEMORY_MEMORY_SILENCE_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "silence/silence_store.h"

namespace tocsin::store {

// The rows of memory silence stores. Stores built on the same backing see
// the same data, so a test can "reopen" a store. Thread-safe.
class MemorySilenceBacking {
 public:
  // While `error` is not OK every Upsert / Delete fails with it and changes
  // nothing; Load keeps working. OK clears it.
  void SetWriteError(Status error);

 private:
  friend class MemorySilenceStore;
  std::mutex mu_;
  std::map<silence::SilenceId, silence::Silence> rows_;  // GUARDED_BY(mu_)
  Status write_error_;                                   // GUARDED_BY(mu_)
};

// silence::SilenceStore in memory (for unit tests and for runs without
// --storage.path durability). Writes are atomic; nothing survives the
// process. Thread-safe.
class MemorySilenceStore final : public silence::SilenceStore {
 public:
  // A store on a fresh backing.
  MemorySilenceStore();
  // A store on `backing` (shared with other stores).
  explicit MemorySilenceStore(std::shared_ptr<MemorySilenceBacking> backing);

  // Every silence, ordered by ID. Never fails.
  Result<std::vector<silence::Silence>> Load() override;
  // Errors: the backing's write error, if set; InvalidArgument for an
  // empty ID.
  Status Upsert(const silence::Silence& silence) override;
  Status Delete(const silence::SilenceId& id) override;

  MemorySilenceBacking& backing() { return *backing_; }

 private:
  std::shared_ptr<MemorySilenceBacking> backing_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_MEMORY_MEMORY_SILENCE_STORE_H_
