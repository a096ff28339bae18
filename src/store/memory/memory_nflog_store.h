#ifndef TOCSIN_STORE_MEMORY_MEMORY_NFLOG_STORE_H_
#define TOCSIN_STORE_MEMORY_MEMORY_NFLOG_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "notify/nflog/nflog.h"

namespace tocsin::store {

// The entries of memory nflog stores; stores on one backing share them (a
// test "reopens" a store). Thread-safe.
class MemoryNflogBacking {
 public:
  // While `error` is not OK every Upsert / Delete fails with it and changes
  // nothing; Load keeps working. OK clears it.
  void SetWriteError(Status error);

 private:
  friend class MemoryNflogStore;
  std::mutex mu_;
  std::map<std::string, notify::nflog::Entry> entries_;  // GUARDED_BY(mu_)
  Status write_error_;                                   // GUARDED_BY(mu_)
};

// notify::nflog::NflogStore in memory. Writes are atomic; nothing survives
// the process. Thread-safe.
class MemoryNflogStore final : public notify::nflog::NflogStore {
 public:
  MemoryNflogStore();
  explicit MemoryNflogStore(std::shared_ptr<MemoryNflogBacking> backing);

  // Every entry, ordered by key. Never fails.
  Result<std::vector<notify::nflog::Entry>> Load() override;
  // Errors: the backing's write error, if set.
  Status Upsert(const notify::nflog::Entry& entry) override;
  Status Delete(const std::string& key) override;

 private:
  std::shared_ptr<MemoryNflogBacking> backing_;
};

}  // namespace tocsin::store

#endif  // TOCSIN_STORE_MEMORY_MEMORY_NFLOG_STORE_H_
