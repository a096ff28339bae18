#ifndef TOCSIN_ALERTS_ALERT_STORE_H_
#define TOCSIN_ALERTS_ALERT_STORE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "model/alert.h"
#include "model/fingerprint.h"
#include "runtime/clock.h"
#include "runtime/periodic_task.h"
#include "runtime/scheduler.h"

namespace tocsin::alerts {

// Receives every alert the store accepts (Alertmanager's Subscribe
// iterator, as a call instead of a channel).
//
// Contract: OnAlert runs synchronously on the thread that called
// AlertStore::Put, after the alert is stored and outside the store's data
// lock, once per stored alert, in the order the store applied them; calls
// for one store never overlap. It must return quickly and never block (a
// consumer with slow work hands the alert to its own bounded queue and drops
// and counts when that is full). It may read the store (Get, List, Count)
// but must not call Put, GC, Subscribe or Unsubscribe on it (deadlock).
class AlertListener {
 public:
  virtual ~AlertListener() = default;
  // `alert` is the stored (merged) version.
  virtual void OnAlert(const model::Alert& alert) = 0;
  // What the store calls: the stored version itself, immutable and shared
  // with the store, so a listener that keeps alerts (the dispatcher's
  // groups) holds them without a copy. Defaults to OnAlert(*alert).
  virtual void OnAlertShared(const std::shared_ptr<const model::Alert>& alert) {
    OnAlert(*alert);
  }
};

// An AlertListener calling a function; handy for wiring in server/.
class FunctionAlertListener final : public AlertListener {
 public:
  explicit FunctionAlertListener(std::function<void(const model::Alert&)> fn)
      : fn_(std::move(fn)) {}
  void OnAlert(const model::Alert& alert) override { fn_(alert); }

 private:
  std::function<void(const model::Alert&)> fn_;
};

struct AlertStoreOptions {
  // Most alerts (distinct fingerprints) held at once. 0 (the default) means
  // no limit, as in Alertmanager. A Put that would go beyond it is refused
  // whole; raising it costs memory only.
  size_t max_alerts = 0;
};

// Alertmanager's in-memory alert provider (provider/mem + store): alerts by
// fingerprint, merged on Put, garbage collected once resolved. Alerts are
// expected to be normalized and validated already (alerts/validate.h).
//
// Thread-safe. Readers (Get, List, Count) never wait for listeners; writers
// (Put, GC, Subscribe, Unsubscribe) are serialized with each other and with
// listener delivery. `marker` and every subscribed listener must outlive the
// store (or be unsubscribed first).
class AlertStore {
 public:
  explicit AlertStore(model::AlertMarker& marker,
                      AlertStoreOptions options = {});
  AlertStore(const AlertStore&) = delete;
  AlertStore& operator=(const AlertStore&) = delete;

  // Stores each alert in order, as mem.Alerts.Put does: when an alert with
  // the same fingerprint is stored and the new one's activity overlaps it
  // (new ends_at strictly inside (old.starts_at, old.ends_at), or new
  // starts_at strictly inside it), the two are merged with
  // model::MergeAlerts(old, new, now); otherwise the new alert replaces the
  // old. Each stored alert then goes to every listener. Alerts repeating a
  // fingerprint within the batch apply one after the other.
  // Errors: ResourceExhausted "alert store is full: <n> alerts (limit: <m>)"
  // when the batch would add fingerprints beyond max_alerts; nothing is
  // stored then. An empty batch is OK.
  // Takes the alerts by value: pass an rvalue to store them without a copy.
  Status Put(std::vector<model::Alert> alerts, model::Time now);

  // The stored alert, or std::nullopt.
  std::optional<model::Alert> Get(model::Fingerprint fp) const;
  // Every stored alert (resolved ones too until GC), sorted by fingerprint.
  std::vector<model::Alert> List() const;
  // As List, without copying: the stored (immutable) versions.
  std::vector<std::shared_ptr<const model::Alert>> ListShared() const;
  // Number of stored alerts.
  size_t size() const;
  // Stored alerts not resolved at `now` whose marker state is `state`
  // (the alertmanager_alerts{state} gauge).
  size_t Count(model::AlertState state, model::Time now) const;

  // Deletes every alert resolved at `now` and its marker entry; returns
  // the deleted alerts sorted by fingerprint.
  std::vector<model::Alert> GC(model::Time now);

  // Registers `listener` and returns the alerts stored at that moment
  // (sorted by fingerprint); every later Put reaches the listener, so
  // nothing is missed or seen twice between the snapshot and the first
  // call (SlurpAndSubscribe). Subscribing twice is a no-op apart from the
  // snapshot.
  std::vector<model::Alert> Subscribe(AlertListener& listener);
  // As Subscribe, with the stored versions themselves (sorted by
  // fingerprint).
  std::vector<std::shared_ptr<const model::Alert>> SubscribeShared(
      AlertListener& listener);
  // Removes `listener`; once this returns, it is not called again.
  // No-op when not subscribed.
  void Unsubscribe(AlertListener& listener);

 private:
  model::AlertMarker& marker_;
  const AlertStoreOptions options_;

  // Serializes writers and listener delivery; never taken by readers.
  std::mutex write_mu_;
  std::vector<AlertListener*> listeners_;  // GUARDED_BY(write_mu_)

  mutable std::shared_mutex mu_;
  // Stored versions are immutable: a Put replaces the pointer.
  std::unordered_map<model::Fingerprint, std::shared_ptr<const model::Alert>>
      alerts_;  // GUARDED_BY(mu_)
};

// Runs AlertStore::GC every `interval` on the scheduler (Alertmanager's
// --alerts.gc-interval loop), then `after_gc(now, deleted)` if given (e.g. to
// GC the inhibitor). The wall time passed down is clock.Now() when the timer
// fires. store, scheduler and clock must outlive this object; destruction
// stops it. Thread-safe.
class AlertGcLoop {
 public:
  using AfterGc =
      std::function<void(model::Time now, const std::vector<model::Alert>&)>;

  AlertGcLoop(AlertStore& store, runtime::Scheduler& scheduler,
              const runtime::Clock& clock, runtime::Duration interval,
              AfterGc after_gc = {});
  ~AlertGcLoop();
  AlertGcLoop(const AlertGcLoop&) = delete;
  AlertGcLoop& operator=(const AlertGcLoop&) = delete;

  // Schedules the first run `interval` from now. No-op when running.
  void Start();
  // Cancels the pending run; waits for a running GC to finish. Idempotent.
  void Stop();

 private:
  runtime::PeriodicTask task_;
};

}  // namespace tocsin::alerts

#endif  // TOCSIN_ALERTS_ALERT_STORE_H_
