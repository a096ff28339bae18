#include "dispatch/dispatcher.h"

#include <algorithm>
#include <utility>

namespace tocsin::dispatch {
namespace {

// notify.MinTimeout upstream.
constexpr runtime::Duration kMinFlushTimeout = std::chrono::seconds(10);

}  // namespace

Dispatcher::Dispatcher(std::shared_ptr<const RouteTree> tree,
                       std::shared_ptr<notify::pipeline::Stage> pipeline,
                       runtime::Scheduler& scheduler,
                       const runtime::Clock& clock, DispatcherOptions options)
    : tree_(std::move(tree)),
      pipeline_(std::move(pipeline)),
      scheduler_(scheduler),
      clock_(clock),
      options_(options),
      shared_(std::make_shared<Shared>()),
      groups_(tree_->size()) {
  std::lock_guard lock(shared_->mu);
  ScheduleMaintenance();
}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Stop() {
  std::lock_guard lock(shared_->mu);
  if (shared_->stopped) return;
  shared_->stopped = true;
  scheduler_.Cancel(maintenance_timer_);
  for (auto& by_fp : groups_) {
    for (auto& [fp, g] : by_fp) {
      g->stopped = true;
      scheduler_.Cancel(g->timer);
    }
    by_fp.clear();
  }
}

// Requires shared_->mu held. The callback uses `this` only under the lock
// and while not stopped, so Stop() (taking the lock) waits for it.
void Dispatcher::ScheduleMaintenance() {
  std::shared_ptr<Shared> shared = shared_;
  maintenance_timer_ = scheduler_.ScheduleAfter(
      options_.maintenance_interval, [this, shared](runtime::MonoTime) {
        std::lock_guard lock(shared->mu);
        if (shared->stopped) return;
        RemoveEmptyGroupsLocked();
        ScheduleMaintenance();
      });
}

void Dispatcher::RunMaintenance() {
  std::lock_guard lock(shared_->mu);
  if (shared_->stopped) return;
  RemoveEmptyGroupsLocked();
}

void Dispatcher::RemoveEmptyGroupsLocked() {
  for (auto& by_fp : groups_) {
    for (auto it = by_fp.begin(); it != by_fp.end();) {
      AggrGroup& g = *it->second;
      if (g.alerts.empty() && !g.in_flight) {
        g.stopped = true;
        scheduler_.Cancel(g.timer);
        it = by_fp.erase(it);
        ++stats_.groups_removed;
      } else {
        ++it;
      }
    }
  }
}

void Dispatcher::ScheduleFlush(const std::shared_ptr<AggrGroup>& group,
                               runtime::Duration delay) {
  std::shared_ptr<Shared> shared = shared_;
  std::weak_ptr<AggrGroup> weak = group;
  group->timer = scheduler_.ScheduleAfter(
      delay, [this, shared, weak](runtime::MonoTime now) {
        std::shared_ptr<AggrGroup> g = weak.lock();
        if (!g) return;
        Flush(shared, std::move(g), now, /*reschedule=*/true);
      });
}

void Dispatcher::OnAlert(const model::Alert& alert) {
  OnAlertShared(std::make_shared<const model::Alert>(alert));
}

void Dispatcher::OnAlertShared(
    const std::shared_ptr<const model::Alert>& shared_alert) {
  const model::Alert& alert = *shared_alert;
  std::vector<const RouteNode*> routes = tree_->Match(alert.labels);
  model::Time now = clock_.Now();
  std::lock_guard lock(shared_->mu);
  if (shared_->stopped) return;
  for (const RouteNode* route : routes) {
    model::Labels labels = route->GroupLabels(alert.labels);
    auto& by_fp = groups_[route->idx().value()];
    std::shared_ptr<AggrGroup>& g = by_fp[labels.fingerprint()];
    bool created = false;
    if (!g) {
      g = std::make_shared<AggrGroup>();
      g->route = route;
      g->group_key = GroupKey(*route, labels);
      g->labels = std::move(labels);
      created = true;
    }
    g->alerts[alert.fingerprint()] = shared_alert;
    const RouteOpts& opts = route->opts();
    // Upstream insert: an alert older than group_wait, before the first
    // flush, makes the group flush at once.
    bool immediate = !g->has_flushed && alert.starts_at + opts.group_wait < now;
    if (created) {
      ScheduleFlush(g, immediate ? runtime::Duration::zero() : opts.group_wait);
    } else if (immediate && !g->in_flight) {
      if (scheduler_.Cancel(g->timer)) {
        ScheduleFlush(g, runtime::Duration::zero());
      }
    }
  }
}

// `this` is touched only under shared->mu while not stopped.
void Dispatcher::Flush(std::shared_ptr<Shared> shared,
                       std::shared_ptr<AggrGroup> group, runtime::MonoTime now,
                       bool reschedule) {
  notify::pipeline::NotifyContext ctx;
  std::vector<model::Alert> snapshot;
  std::shared_ptr<notify::pipeline::Stage> pipeline;
  {
    std::lock_guard lock(shared->mu);
    if (shared->stopped || group->stopped) return;
    const RouteOpts& opts = group->route->opts();
    if (reschedule) {
      ScheduleFlush(group, opts.group_interval);
      group->has_flushed = true;
    }
    if (group->in_flight) {
      group->flush_pending = true;
      return;
    }
    model::Time wall = clock_.Now();
    snapshot = group->Snapshot(wall);
    if (snapshot.empty()) return;
    group->in_flight = true;
    ++stats_.flushes;
    ctx.group_key = group->group_key;
    ctx.receiver_name = opts.receiver;
    ctx.group_labels = group->labels;
    ctx.repeat_interval = opts.repeat_interval;
    ctx.mute_time_intervals = opts.mute_time_intervals;
    ctx.active_time_intervals = opts.active_time_intervals;
    ctx.now = wall;
    ctx.deadline =
        now +
        std::max<runtime::Duration>(
            std::chrono::duration_cast<runtime::Duration>(opts.group_interval),
            kMinFlushTimeout);
    pipeline = pipeline_;
  }
  model::Time flush_time = ctx.now;
  auto sent = std::make_shared<std::vector<model::Alert>>(snapshot);
  pipeline->Exec(
      std::move(ctx), std::move(snapshot),
      [this, shared, group, sent, flush_time](
          Status s, notify::pipeline::NotifyContext, notify::pipeline::Alerts) {
        std::lock_guard lock(shared->mu);
        if (shared->stopped || group->stopped) return;
        group->in_flight = false;
        if (s.ok()) {
          group->DeleteResolved(*sent, flush_time);
        } else {
          ++stats_.flushes_failed;
        }
        if (group->flush_pending) {
          group->flush_pending = false;
          std::weak_ptr<AggrGroup> weak = group;
          scheduler_.ScheduleAfter(runtime::Duration::zero(),
                                   [this, shared, weak](runtime::MonoTime t) {
                                     if (auto g = weak.lock())
                                       Flush(shared, std::move(g), t, false);
                                   });
        }
      });
}

std::vector<AlertGroupInfo> Dispatcher::Groups(
    const std::function<bool(const RouteNode&)>& route_filter,
    const std::function<bool(const model::Alert&)>& alert_filter) const {
  std::vector<AlertGroupInfo> out;
  std::lock_guard lock(shared_->mu);
  for (const auto& by_fp : groups_) {
    for (const auto& [fp, g] : by_fp) {
      if (route_filter && !route_filter(*g->route)) continue;
      AlertGroupInfo info;
      for (const auto& [afp, a] : g->alerts) {
        if (!alert_filter || alert_filter(*a)) info.alerts.push_back(*a);
      }
      if (info.alerts.empty()) continue;
      std::stable_sort(info.alerts.begin(), info.alerts.end(), AlertBefore);
      info.group_key = g->group_key;
      info.route = g->route;
      info.receiver = g->route->opts().receiver;
      info.labels = g->labels;
      out.push_back(std::move(info));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const AlertGroupInfo& a, const AlertGroupInfo& b) {
              if (a.group_key != b.group_key) return a.group_key < b.group_key;
              return a.receiver < b.receiver;
            });
  return out;
}

size_t Dispatcher::GroupCount() const {
  std::lock_guard lock(shared_->mu);
  size_t n = 0;
  for (const auto& by_fp : groups_) n += by_fp.size();
  return n;
}

DispatcherStats Dispatcher::stats() const {
  std::lock_guard lock(shared_->mu);
  return stats_;
}

}  // namespace tocsin::dispatch
