#ifndef TOCSIN_DISPATCH_DISPATCHER_H_
#define TOCSIN_DISPATCH_DISPATCHER_H_

// The dispatcher (upstream dispatch/dispatch.go): routes every alert to its
// aggregation groups and flushes each group through the notification
// pipeline on the group's timers.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "alerts/alert_store.h"
#include "dispatch/aggr_group.h"
#include "dispatch/route_tree.h"
#include "model/alert.h"
#include "notify/pipeline/pipeline.h"
#include "runtime/clock.h"
#include "runtime/scheduler.h"

namespace tocsin::dispatch {

// One group as the /api/v2/alerts/groups endpoint shows it.
struct AlertGroupInfo {
  std::string group_key;
  const RouteNode* route = nullptr;  // valid while the dispatcher lives
  std::string receiver;
  model::Labels labels;
  // Alerts passing the filter, in AlertBefore order (stored versions).
  std::vector<model::Alert> alerts;
};

struct DispatcherOptions {
  // How often groups without alerts are removed (upstream maintenance
  // interval, 30s).
  runtime::Duration maintenance_interval = std::chrono::seconds(30);
};

// Counters for metrics and tests.
struct DispatcherStats {
  uint64_t flushes = 0;         // pipeline runs started
  uint64_t flushes_failed = 0;  // runs that ended with an error
  uint64_t groups_removed = 0;
};

// Threading: OnAlert inserts directly into the group under the
// dispatcher's one mutex (O(routes matched) work, no I/O, never waits for a
// delivery) and schedules timers on the one Scheduler; there is no queue
// and no thread per group. Timer callbacks take the mutex only to snapshot
// or update a group; the pipeline runs without it, so a slow delivery never
// blocks OnAlert. Every method is thread-safe.
//
// Timing as upstream: a new group flushes after group_wait, or at once when
// an alert inserted before the first flush started more than group_wait
// ago; then every group_interval. A flush sends the group's alerts through
// `pipeline` with a deadline of max(group_interval, 10s); on success the
// resolved alerts it carried are removed from the group unless they changed
// meanwhile. A timer firing while the previous flush of the same group is
// still in the pipeline flushes again as soon as that one completes.
//
// `tree`, `pipeline` are shared; `scheduler` and `clock` must outlive the
// dispatcher. Stop() (also run by the destructor) waits for a timer callback
// that is inside the dispatcher; timers and pipeline completions arriving
// after Stop are ignored, so the dispatcher may be destroyed from any
// thread. OnAlert must not race with destruction (unsubscribe first).
class Dispatcher final : public alerts::AlertListener {
 public:
  Dispatcher(std::shared_ptr<const RouteTree> tree,
             std::shared_ptr<notify::pipeline::Stage> pipeline,
             runtime::Scheduler& scheduler, const runtime::Clock& clock,
             DispatcherOptions options = {});
  ~Dispatcher() override;
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // AlertListener: routes `alert` (upstream processAlert). Never blocks on
  // I/O. Ignored after Stop.
  void OnAlert(const model::Alert& alert) override;
  // As OnAlert, keeping the store's version itself in the groups.
  void OnAlertShared(
      const std::shared_ptr<const model::Alert>& alert) override;

  // Cancels every timer and drops the groups. Idempotent.
  void Stop();

  // Groups whose route passes `route_filter` (null: all), with the alerts
  // passing `alert_filter` (null: all); groups left without alerts are
  // omitted. Sorted by group key, then receiver.
  std::vector<AlertGroupInfo> Groups(
      const std::function<bool(const RouteNode&)>& route_filter = nullptr,
      const std::function<bool(const model::Alert&)>& alert_filter =
          nullptr) const;

  size_t GroupCount() const;
  DispatcherStats stats() const;

  // Removes groups without alerts (what the maintenance timer does).
  void RunMaintenance();

 private:
  struct Shared;
  void Flush(std::shared_ptr<Shared> shared, std::shared_ptr<AggrGroup> group,
             runtime::MonoTime now, bool reschedule);
  void RemoveEmptyGroupsLocked();
  void ScheduleFlush(const std::shared_ptr<AggrGroup>& group,
                     runtime::Duration delay);
  void ScheduleMaintenance();

  const std::shared_ptr<const RouteTree> tree_;
  const std::shared_ptr<notify::pipeline::Stage> pipeline_;
  runtime::Scheduler& scheduler_;
  const runtime::Clock& clock_;
  const DispatcherOptions options_;

  // Shared with callbacks so they can tell the dispatcher is gone.
  struct Shared {
    std::mutex mu;
    bool stopped = false;  // GUARDED_BY(mu)
  };
  std::shared_ptr<Shared> shared_;
  // By route index, then group-label fingerprint. GUARDED_BY(shared_->mu).
  std::vector<std::map<model::Fingerprint, std::shared_ptr<AggrGroup>>> groups_;
  runtime::TimerId maintenance_timer_;  // GUARDED_BY(shared_->mu)
  DispatcherStats stats_;               // GUARDED_BY(shared_->mu)
};

}  // namespace tocsin::dispatch

#endif  // TOCSIN_DISPATCH_DISPATCHER_H_
