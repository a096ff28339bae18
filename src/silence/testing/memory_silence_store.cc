#include "silence/testing/memory_silence_store.h"

#include <cstdio>
#include <string>

namespace tocsin::silence {

Result<std::vector<Silence>> MemorySilenceStore::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!fail_load_.ok()) {
    Status st = fail_load_;
    fail_load_ = Status::Ok();
    return st;
  }
  std::vector<Silence> out;
  for (const auto& [id, s] : rows_) out.push_back(s);
  return out;
}

Status MemorySilenceStore::Upsert(const Silence& silence) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!fail_upsert_.ok()) {
    if (fail_upsert_after_ == 0) {
      Status st = fail_upsert_;
      fail_upsert_ = Status::Ok();
      return st;
    }
    --fail_upsert_after_;
  }
  rows_[silence.id] = silence;
  ++upserts_;
  return Status::Ok();
}

Status MemorySilenceStore::Delete(const SilenceId& id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!fail_delete_.ok()) {
    Status st = fail_delete_;
    fail_delete_ = Status::Ok();
    return st;
  }
  rows_.erase(id);
  ++deletes_;
  return Status::Ok();
}

void MemorySilenceStore::FailNextUpsert(Status error) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_upsert_ = std::move(error);
  fail_upsert_after_ = 0;
}

void MemorySilenceStore::FailSecondUpsert(Status error) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_upsert_ = std::move(error);
  fail_upsert_after_ = 1;
}

void MemorySilenceStore::FailNextDelete(Status error) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_delete_ = std::move(error);
}

void MemorySilenceStore::FailNextLoad(Status error) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_load_ = std::move(error);
}

std::map<SilenceId, Silence> MemorySilenceStore::Contents() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rows_;
}

size_t MemorySilenceStore::upserts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return upserts_;
}

size_t MemorySilenceStore::deletes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return deletes_;
}

SilenceId SequentialIdGenerator::NewId() {
  uint64_t n;
  {
    std::lock_guard<std::mutex> lock(mu_);
    n = next_++;
  }
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n));
  return SilenceId(buf);
}

}  // namespace tocsin::silence
