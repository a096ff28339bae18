#include "store/memory/memory_silence_store.h"

#include <utility>

namespace tocsin::store {

void MemorySilenceBacking::SetWriteError(Status error) {
  std::lock_guard<std::mutex> lock(mu_);
  write_error_ = std::move(error);
}

MemorySilenceStore::MemorySilenceStore()
    : backing_(std::make_shared<MemorySilenceBacking>()) {}

MemorySilenceStore::MemorySilenceStore(
    std::shared_ptr<MemorySilenceBacking> backing)
    : backing_(std::move(backing)) {}

Result<std::vector<silence::Silence>> MemorySilenceStore::Load() {
  std::lock_guard<std::mutex> lock(backing_->mu_);
  std::vector<silence::Silence> out;
  out.reserve(backing_->rows_.size());
  for (const auto& [id, s] : backing_->rows_) out.push_back(s);
  return out;
}

Status MemorySilenceStore::Upsert(const silence::Silence& silence) {
  if (silence.id.empty()) {
    return Status(StatusCode::kInvalidArgument, "silence without an ID");
  }
  std::lock_guard<std::mutex> lock(backing_->mu_);
  if (!backing_->write_error_.ok()) return backing_->write_error_;
  backing_->rows_[silence.id] = silence;
  return Status::Ok();
}

Status MemorySilenceStore::Delete(const silence::SilenceId& id) {
  std::lock_guard<std::mutex> lock(backing_->mu_);
  if (!backing_->write_error_.ok()) return backing_->write_error_;
  backing_->rows_.erase(id);
  return Status::Ok();
}

}  // namespace tocsin::store
