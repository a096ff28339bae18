#include "store/memory/memory_nflog_store.h"

#include <utility>

namespace tocsin::store {

void MemoryNflogBacking::SetWriteError(Status error) {
  std::lock_guard<std::mutex> lock(mu_);
  write_error_ = std::move(error);
}

MemoryNflogStore::MemoryNflogStore()
    : backing_(std::make_shared<MemoryNflogBacking>()) {}

MemoryNflogStore::MemoryNflogStore(std::shared_ptr<MemoryNflogBacking> backing)
    : backing_(std::move(backing)) {}

Result<std::vector<notify::nflog::Entry>> MemoryNflogStore::Load() {
  std::lock_guard<std::mutex> lock(backing_->mu_);
  std::vector<notify::nflog::Entry> out;
  out.reserve(backing_->entries_.size());
  for (const auto& [key, e] : backing_->entries_) out.push_back(e);
  return out;
}

Status MemoryNflogStore::Upsert(const notify::nflog::Entry& entry) {
  std::lock_guard<std::mutex> lock(backing_->mu_);
  if (!backing_->write_error_.ok()) return backing_->write_error_;
  backing_->entries_[entry.Key()] = entry;
  return Status::Ok();
}

Status MemoryNflogStore::Delete(const std::string& key) {
  std::lock_guard<std::mutex> lock(backing_->mu_);
  if (!backing_->write_error_.ok()) return backing_->write_error_;
  backing_->entries_.erase(key);
  return Status::Ok();
}

}  // namespace tocsin::store
