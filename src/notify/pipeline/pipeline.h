#ifndef TOCSIN_NOTIFY_PIPELINE_PIPELINE_H_
#define TOCSIN_NOTIFY_PIPELINE_PIPELINE_H_

// The notification pipeline (upstream notify/notify.go): for one flush of an
// aggregation group, the alerts go through
//   routing by receiver -> mute (inhibition) -> active/mute time intervals
//   -> mute (silences) -> fan-out per integration:
//      dedup (nflog) -> retry/deliver (Deliverer port) -> record (nflog).
//
// Stages are asynchronous: Exec hands its result to a completion callback,
// which may run later on another thread (the delivery runs on an Executor,
// its retries wait on the Scheduler; no thread ever sleeps). Every stage
// calls `done` exactly once.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/alert.h"
#include "model/labels.h"
#include "model/muter.h"
#include "notify/nflog/nflog.h"
#include "runtime/clock.h"
#include "runtime/executor.h"
#include "runtime/scheduler.h"
#include "timeinterval/intervener.h"

namespace tocsin::notify::pipeline {

// What upstream passes in the context.Context of a notification.
struct NotifyContext {
  // Upstream group key, e.g. `{}/{env="prod"}:{alertname="X"}`.
  std::string group_key;
  std::string receiver_name;
  model::Labels group_labels;
  runtime::Duration repeat_interval{0};
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;
  // Wall time of the flush ("now" for resolution, time intervals, dedup and
  // the nflog timestamp).
  model::Time now = model::kZeroTime;
  // Monotonic time at which retries give up (the group's next flush).
  runtime::MonoTime deadline{};
  // Set by DedupStage: hashes (fingerprints) of the firing / resolved
  // alerts of this notification, sorted.
  std::vector<uint64_t> firing_hashes;
  std::vector<uint64_t> resolved_hashes;
};

using Alerts = std::vector<model::Alert>;
// Completion of a stage: an error, or the alerts to pass on (possibly
// fewer; empty ends the chain without error).
using StageDone = std::function<void(Status, NotifyContext, Alerts)>;

// One step of the pipeline (upstream notify.Stage).
class Stage {
 public:
  virtual ~Stage() = default;
  // Processes `alerts`; calls `done` exactly once (maybe later, maybe on
  // another thread). Implementations are thread-safe.
  virtual void Exec(NotifyContext ctx, Alerts alerts, StageDone done) = 0;
};

// Runs stages one after the other; stops at the first error or when no
// alerts are left (upstream MultiStage).
class MultiStage final : public Stage {
 public:
  explicit MultiStage(std::vector<std::shared_ptr<Stage>> stages)
      : stages_(std::move(stages)) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  std::vector<std::shared_ptr<Stage>> stages_;
};

// Runs every stage on the same input concurrently (upstream FanoutStage);
// done when all are. The result is OK with the input alerts when all
// succeeded, otherwise an error joining every failure's message with "; ".
class FanoutStage final : public Stage {
 public:
  explicit FanoutStage(std::vector<std::shared_ptr<Stage>> stages)
      : stages_(std::move(stages)) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  std::vector<std::shared_ptr<Stage>> stages_;
};

// Picks the stage of ctx.receiver_name (upstream RoutingStage). Errors:
// NotFound "stage for receiver missing" for an unknown receiver.
class RoutingStage final : public Stage {
 public:
  explicit RoutingStage(std::map<std::string, std::shared_ptr<Stage>> stages)
      : stages_(std::move(stages)) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  std::map<std::string, std::shared_ptr<Stage>> stages_;
};

// Drops the alerts the muter mutes (upstream MuteStage). The muter records
// why in its marker. `muter` must outlive the stage.
class MuteStage final : public Stage {
 public:
  explicit MuteStage(model::Muter& muter) : muter_(muter) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  model::Muter& muter_;
};

// Drops all alerts while ctx.now lies in one of ctx.mute_time_intervals
// (upstream TimeMuteStage). Errors: the intervener's NotFound for an
// unknown interval name.
class TimeMuteStage final : public Stage {
 public:
  explicit TimeMuteStage(
      std::shared_ptr<const timeinterval::Intervener> intervener)
      : intervener_(std::move(intervener)) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  std::shared_ptr<const timeinterval::Intervener> intervener_;
};

// Drops all alerts unless ctx.active_time_intervals is empty or ctx.now lies
// in one of them (upstream TimeActiveStage).
class TimeActiveStage final : public Stage {
 public:
  explicit TimeActiveStage(
      std::shared_ptr<const timeinterval::Intervener> intervener)
      : intervener_(std::move(intervener)) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  std::shared_ptr<const timeinterval::Intervener> intervener_;
};

// Passes the alerts on only when the notification log says the receiver
// integration needs an update (upstream DedupStage.needsUpdate):
//  - never notified: only if something fires;
//  - a firing alert not in the last notification's firing set: yes;
//  - nothing fires: only if the last notification had firing alerts;
//  - send_resolved and a resolved alert not in the last resolved set: yes;
//  - otherwise only once repeat_interval has passed since the last one.
// Sets ctx.firing_hashes / resolved_hashes. An alert is resolved when
// alert.Resolved(ctx.now). `log` must outlive the stage.
class DedupStage final : public Stage {
 public:
  DedupStage(const nflog::NotificationLog& log, nflog::ReceiverKey receiver,
             bool send_resolved)
      : log_(log),
        receiver_(std::move(receiver)),
        send_resolved_(send_resolved) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

  // The decision alone, for tests. `entry` null = never notified.
  static bool NeedsUpdate(const nflog::Entry* entry,
                          const std::vector<uint64_t>& firing,
                          const std::vector<uint64_t>& resolved,
                          bool send_resolved, model::Time now,
                          runtime::Duration repeat_interval);

 private:
  const nflog::NotificationLog& log_;
  const nflog::ReceiverKey receiver_;
  const bool send_resolved_;
};

// Outcome of one delivery attempt (upstream's (retry bool, err error)).
struct NotifyResult {
  Status status;       // OK on success
  bool retry = false;  // for an error: whether a later attempt may succeed
  // For a retryable error: the receiver asked to wait this long before the
  // next attempt (HTTP 429/503 Retry-After); 0 = no hint. The outbox waits
  // exactly this long instead of its backoff; RetryingDeliverer ignores it.
  runtime::Duration retry_after{0};
  static NotifyResult Ok() { return {}; }
  static NotifyResult Retryable(Status s) { return {std::move(s), true}; }
  static NotifyResult Permanent(Status s) { return {std::move(s), false}; }
  static NotifyResult RetryAfter(Status s, runtime::Duration after) {
    return {std::move(s), true, after};
  }
};

// One integration instance of a receiver (upstream notify.Notifier).
// Notify may block (HTTP); it is called on an Executor thread, never on the
// scheduler thread. Thread-safe.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual NotifyResult Notify(const NotifyContext& ctx,
                              const Alerts& alerts) = 0;
};

// A Notifier for a channel this build cannot send to yet: every call fails
// permanently with Unimplemented "<kind> notifications are not implemented
// until the notifications issue".
class NotImplementedNotifier final : public Notifier {
 public:
  explicit NotImplementedNotifier(std::string kind) : kind_(std::move(kind)) {}
  NotifyResult Notify(const NotifyContext& ctx, const Alerts& alerts) override;

 private:
  std::string kind_;
};

// One delivery to hand to the Deliverer.
struct DeliveryRequest {
  NotifyContext ctx;
  Alerts alerts;  // already filtered for send_resolved
  nflog::ReceiverKey receiver;
  std::shared_ptr<Notifier> notifier;
};

// Delivery port (the notifications issue replaces the implementation with a
// durable outbox). Deliver calls `done` exactly once with OK (delivered) or
// the final error, maybe later and on another thread. Thread-safe.
class Deliverer {
 public:
  virtual ~Deliverer() = default;
  virtual void Deliver(DeliveryRequest request,
                       std::function<void(Status)> done) = 0;
};

// Counters of a Deliverer, named after Alertmanager's metrics
// (alertmanager_notifications_total, _failed_total,
// alertmanager_notification_requests_total, _failed_total).
struct DeliveryStats {
  uint64_t notifications = 0;         // deliveries started
  uint64_t notifications_failed = 0;  // deliveries given up
  uint64_t requests = 0;              // attempts
  uint64_t requests_failed = 0;       // failed attempts
};

// Alertmanager's in-memory retries: attempt on `executor`; after a
// retryable failure wait on `scheduler` (deterministic exponential backoff:
// 500ms, x1.5 per attempt, at most 60s; upstream adds jitter) and try again
// until the request's ctx.deadline, then fail with
// "<receiver>/<integration>[<idx>]: notify retry canceled after <n>
// attempts: <last error>". A permanent failure ends at once with
// "...: notify retry canceled due to unrecoverable error after <n>
// attempts: <error>". A refused executor submission counts as a retryable
// failure. Every final failure is passed to `on_failure` (for logging)
// before `done`. scheduler and executor must outlive every delivery.
class RetryingDeliverer final : public Deliverer {
 public:
  RetryingDeliverer(runtime::Scheduler& scheduler, runtime::Executor& executor,
                    std::function<void(const Status&)> on_failure = nullptr);
  void Deliver(DeliveryRequest request,
               std::function<void(Status)> done) override;
  // Totals over all integrations.
  DeliveryStats stats() const;
  // Per integration kind ("webhook"), for the metrics' `integration` label.
  std::map<std::string, DeliveryStats> StatsByIntegration() const;
  // Backoff before attempt n+1 after attempt n failed (n >= 1).
  static runtime::Duration Backoff(int attempt);

 private:
  struct Job;
  void Attempt(std::shared_ptr<Job> job);
  void AfterAttempt(std::shared_ptr<Job> job, NotifyResult result);

  runtime::Scheduler& scheduler_;
  runtime::Executor& executor_;
  std::function<void(const Status&)> on_failure_;
  // Adds to the integration's counters.
  void Count(const std::string& integration, uint64_t DeliveryStats::*field);

  mutable std::mutex stats_mu_;
  std::map<std::string, DeliveryStats> stats_;  // GUARDED_BY(stats_mu_)
};

// Delivers through the Deliverer (upstream RetryStage): without
// send_resolved only the firing alerts are sent, and nothing is sent when
// none fire (the chain still continues, so the nflog records the state).
class RetryStage final : public Stage {
 public:
  RetryStage(Deliverer& deliverer, std::shared_ptr<Notifier> notifier,
             nflog::ReceiverKey receiver, bool send_resolved)
      : deliverer_(deliverer),
        notifier_(std::move(notifier)),
        receiver_(std::move(receiver)),
        send_resolved_(send_resolved) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  Deliverer& deliverer_;
  std::shared_ptr<Notifier> notifier_;
  const nflog::ReceiverKey receiver_;
  const bool send_resolved_;
};

// Records the notification in the log (upstream SetNotifiesStage): the
// ctx's firing/resolved hashes at ctx.now, expiring after
// 2 x repeat_interval. Errors: the log's.
class SetNotifiesStage final : public Stage {
 public:
  SetNotifiesStage(nflog::NotificationLog& log, nflog::ReceiverKey receiver)
      : log_(log), receiver_(std::move(receiver)) {}
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override;

 private:
  nflog::NotificationLog& log_;
  const nflog::ReceiverKey receiver_;
};

}  // namespace tocsin::notify::pipeline

#endif  // TOCSIN_NOTIFY_PIPELINE_PIPELINE_H_
