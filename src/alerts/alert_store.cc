#include "alerts/alert_store.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <utility>

namespace tocsin::alerts {
namespace {

bool ByFingerprint(const model::Alert& a, const model::Alert& b) {
  return a.fingerprint() < b.fingerprint();
}

}  // namespace

AlertStore::AlertStore(model::AlertMarker& marker, AlertStoreOptions options)
    : marker_(marker), options_(options) {}

Status AlertStore::Put(std::vector<model::Alert> alerts, model::Time now) {
  if (alerts.empty()) return Status::Ok();
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::vector<std::shared_ptr<const model::Alert>> stored;
  stored.reserve(alerts.size());
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    if (options_.max_alerts > 0 &&
        alerts_.size() + alerts.size() > options_.max_alerts) {
      std::unordered_set<model::Fingerprint> added;
      for (const model::Alert& a : alerts) {
        if (!alerts_.contains(a.fingerprint())) added.insert(a.fingerprint());
      }
      if (alerts_.size() + added.size() > options_.max_alerts) {
        return ResourceExhaustedError(
            "alert store is full: " + std::to_string(alerts_.size()) +
            " alerts (limit: " + std::to_string(options_.max_alerts) + ")");
      }
    }
    for (model::Alert& a : alerts) {
      const model::Fingerprint fp = a.fingerprint();
      auto it = alerts_.find(fp);
      if (it == alerts_.end()) {
        it =
            alerts_
                .emplace(fp, std::make_shared<const model::Alert>(std::move(a)))
                .first;
      } else {
        const model::Alert& old = *it->second;
        const bool overlaps =
            (a.ends_at > old.starts_at && a.ends_at < old.ends_at) ||
            (a.starts_at > old.starts_at && a.starts_at < old.ends_at);
        it->second = std::make_shared<const model::Alert>(
            overlaps ? model::MergeAlerts(old, a, now) : std::move(a));
      }
      if (!listeners_.empty()) stored.push_back(it->second);
    }
  }
  for (const auto& a : stored) {
    for (AlertListener* l : listeners_) l->OnAlertShared(a);
  }
  return Status::Ok();
}

std::optional<model::Alert> AlertStore::Get(model::Fingerprint fp) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = alerts_.find(fp);
  if (it == alerts_.end()) return std::nullopt;
  return *it->second;
}

std::vector<model::Alert> AlertStore::List() const {
  std::vector<model::Alert> out;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    out.reserve(alerts_.size());
    for (const auto& [fp, a] : alerts_) out.push_back(*a);
  }
  std::sort(out.begin(), out.end(), ByFingerprint);
  return out;
}

std::vector<std::shared_ptr<const model::Alert>> AlertStore::ListShared()
    const {
  // Sorted by the map's keys (no pointer chasing into the alerts while
  // sorting).
  std::vector<
      std::pair<model::Fingerprint, std::shared_ptr<const model::Alert>>>
      keyed;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    keyed.reserve(alerts_.size());
    for (const auto& [fp, a] : alerts_) keyed.emplace_back(fp, a);
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::shared_ptr<const model::Alert>> out;
  out.reserve(keyed.size());
  for (auto& [fp, a] : keyed) out.push_back(std::move(a));
  return out;
}

size_t AlertStore::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return alerts_.size();
}

size_t AlertStore::Count(model::AlertState state, model::Time now) const {
  std::vector<model::Fingerprint> live;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    live.reserve(alerts_.size());
    for (const auto& [fp, a] : alerts_) {
      if (!a->Resolved(now)) live.push_back(fp);
    }
  }
  size_t n = 0;
  for (model::Fingerprint fp : live) {
    if (marker_.Status(fp).state == state) ++n;
  }
  return n;
}

std::vector<model::Alert> AlertStore::GC(model::Time now) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::vector<model::Alert> deleted;
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    for (auto it = alerts_.begin(); it != alerts_.end();) {
      if (it->second->Resolved(now)) {
        deleted.push_back(*it->second);
        it = alerts_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const model::Alert& a : deleted) marker_.Delete(a.fingerprint());
  std::sort(deleted.begin(), deleted.end(), ByFingerprint);
  return deleted;
}

std::vector<model::Alert> AlertStore::Subscribe(AlertListener& listener) {
  std::vector<model::Alert> out;
  for (const auto& a : SubscribeShared(listener)) out.push_back(*a);
  return out;
}

std::vector<std::shared_ptr<const model::Alert>> AlertStore::SubscribeShared(
    AlertListener& listener) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  if (std::find(listeners_.begin(), listeners_.end(), &listener) ==
      listeners_.end()) {
    listeners_.push_back(&listener);
  }
  return ListShared();
}

void AlertStore::Unsubscribe(AlertListener& listener) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), &listener),
                   listeners_.end());
}

AlertGcLoop::AlertGcLoop(AlertStore& store, runtime::Scheduler& scheduler,
                         const runtime::Clock& clock,
                         runtime::Duration interval, AfterGc after_gc)
    : task_(
          scheduler, interval,
          [&store, &clock, after_gc = std::move(after_gc)](runtime::MonoTime) {
            const model::Time now = clock.Now();
            std::vector<model::Alert> deleted = store.GC(now);
            if (after_gc) after_gc(now, deleted);
          }) {}

AlertGcLoop::~AlertGcLoop() { Stop(); }

void AlertGcLoop::Start() { task_.Start(); }

void AlertGcLoop::Stop() { task_.Stop(); }

}  // namespace tocsin::alerts
