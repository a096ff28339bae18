#ifndef TOCSIN_NOTIFY_NFLOG_TESTING_MEMORY_NFLOG_STORE_H_
#define TOCSIN_NOTIFY_NFLOG_TESTING_MEMORY_NFLOG_STORE_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "notify/nflog/nflog.h"

namespace tocsin::notify::nflog {

// An in-memory NflogStore for tests, with fault injection: while
// `fail_writes` is set, Upsert and Delete return Unavailable and change
// nothing. Thread-safe.
class MemoryNflogStore final : public NflogStore {
 public:
  Result<std::vector<Entry>> Load() override {
    std::lock_guard lock(mu_);
    std::vector<Entry> out;
    for (const auto& [k, e] : entries_) out.push_back(e);
    return out;
  }
  Status Upsert(const Entry& entry) override {
    std::lock_guard lock(mu_);
    if (fail_writes_) return UnavailableError("injected store failure");
    entries_[entry.Key()] = entry;
    return Status::Ok();
  }
  Status Delete(const std::string& key) override {
    std::lock_guard lock(mu_);
    if (fail_writes_) return UnavailableError("injected store failure");
    entries_.erase(key);
    return Status::Ok();
  }
  void set_fail_writes(bool fail) {
    std::lock_guard lock(mu_);
    fail_writes_ = fail;
  }
  size_t size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
  bool fail_writes_ = false;              // GUARDED_BY(mu_)
};

}  // namespace tocsin::notify::nflog

#endif  // TOCSIN_NOTIFY_NFLOG_TESTING_MEMORY_NFLOG_STORE_H_
