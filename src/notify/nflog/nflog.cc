#include "notify/nflog/nflog.h"

#include <algorithm>
#include <utility>

namespace tocsin::notify::nflog {
namespace {

void SortUnique(std::vector<uint64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::string ReceiverKey::ToString() const {
  return group_name + "/" + integration + "/" + std::to_string(idx);
}

std::string Entry::Key() const { return group_key + ":" + receiver.ToString(); }

bool Entry::IsFiringSubset(const std::vector<uint64_t>& subset) const {
  return std::includes(firing_alerts.begin(), firing_alerts.end(),
                       subset.begin(), subset.end());
}

bool Entry::IsResolvedSubset(const std::vector<uint64_t>& subset) const {
  return std::includes(resolved_alerts.begin(), resolved_alerts.end(),
                       subset.begin(), subset.end());
}

NotificationLog::NotificationLog(NflogStore& store, runtime::Duration retention)
    : store_(store), retention_(retention) {}

Status NotificationLog::LoadFromStore() {
  std::lock_guard write_lock(write_mu_);
  std::lock_guard lock(mu_);
  ASSIGN_OR_RETURN(std::vector<Entry> loaded, store_.Load());
  std::unordered_map<std::string, Entry> entries;
  for (Entry& e : loaded) {
    SortUnique(e.firing_alerts);
    SortUnique(e.resolved_alerts);
    std::string key = e.Key();
    entries[std::move(key)] = std::move(e);
  }
  entries_ = std::move(entries);
  return Status::Ok();
}

Status NotificationLog::Log(const ReceiverKey& receiver,
                            const std::string& group_key,
                            std::vector<uint64_t> firing,
                            std::vector<uint64_t> resolved, model::Time now,
                            runtime::Duration expiry) {
  Entry e;
  e.group_key = group_key;
  e.receiver = receiver;
  e.timestamp = now;
  SortUnique(firing);
  SortUnique(resolved);
  e.firing_alerts = std::move(firing);
  e.resolved_alerts = std::move(resolved);
  runtime::Duration keep = retention_;
  if (expiry > runtime::Duration::zero() && expiry < retention_) keep = expiry;
  e.expires_at = now + keep;
  std::string key = e.Key();

  // Writers are serialized by write_mu_; the store write (a disk sync) runs
  // without mu_, so Query (the dedup stage of other groups) never waits
  // for it.
  std::lock_guard write_lock(write_mu_);
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    // Upstream: a newer entry (e.g. merged from a peer) is not overwritten.
    if (it != entries_.end() && it->second.timestamp > now) {
      return Status::Ok();
    }
  }
  RETURN_IF_ERROR(store_.Upsert(e));
  std::lock_guard lock(mu_);
  entries_[std::move(key)] = std::move(e);
  return Status::Ok();
}

Result<Entry> NotificationLog::Query(const ReceiverKey& receiver,
                                     const std::string& group_key) const {
  std::string key = group_key + ":" + receiver.ToString();
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return NotFoundError("not found");
  return it->second;
}

Result<size_t> NotificationLog::GC(model::Time now) {
  std::lock_guard write_lock(write_mu_);
  std::vector<std::string> expired;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, entry] : entries_) {
      if (entry.expires_at <= now) expired.push_back(key);
    }
  }
  size_t deleted = 0;
  Status first;
  for (const std::string& key : expired) {
    Status s = store_.Delete(key);
    if (!s.ok()) {
      if (first.ok()) first = s;
      continue;
    }
    std::lock_guard lock(mu_);
    entries_.erase(key);
    ++deleted;
  }
  if (!first.ok()) return first;
  return deleted;
}

size_t NotificationLog::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

NflogGcLoop::NflogGcLoop(NotificationLog& log, runtime::Scheduler& scheduler,
                         const runtime::Clock& clock,
                         runtime::Duration interval,
                         std::function<void(const Status&)> on_error)
    : task_(scheduler, interval,
            [&log, &clock, on_error = std::move(on_error)](runtime::MonoTime) {
              Result<size_t> r = log.GC(clock.Now());
              if (!r.ok() && on_error) on_error(r.status());
            }) {}

NflogGcLoop::~NflogGcLoop() { Stop(); }

void NflogGcLoop::Start() { task_.Start(); }

void NflogGcLoop::Stop() { task_.Stop(); }

}  // namespace tocsin::notify::nflog
