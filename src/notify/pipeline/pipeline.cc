#include "notify/pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <utility>

namespace tocsin::notify::pipeline {
namespace {

std::chrono::system_clock::time_point ToSys(model::Time t) {
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(t);
}

// Runs stages[i..] on the output of the previous stage.
void RunFrom(std::shared_ptr<const std::vector<std::shared_ptr<Stage>>> stages,
             size_t i, NotifyContext ctx, Alerts alerts, StageDone done) {
  if (i == stages->size() || alerts.empty()) {
    done(Status::Ok(), std::move(ctx), std::move(alerts));
    return;
  }
  Stage& stage = *(*stages)[i];
  stage.Exec(std::move(ctx), std::move(alerts),
             [stages, i, done = std::move(done)](Status s, NotifyContext c,
                                                 Alerts a) mutable {
               if (!s.ok()) {
                 done(std::move(s), std::move(c), Alerts{});
                 return;
               }
               RunFrom(stages, i + 1, std::move(c), std::move(a),
                       std::move(done));
             });
}

}  // namespace

void MultiStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  auto stages =
      std::make_shared<const std::vector<std::shared_ptr<Stage>>>(stages_);
  RunFrom(std::move(stages), 0, std::move(ctx), std::move(alerts),
          std::move(done));
}

void FanoutStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  if (stages_.empty()) {
    done(Status::Ok(), std::move(ctx), std::move(alerts));
    return;
  }
  struct Join {
    std::mutex mu;
    size_t pending;
    std::string errors;
    NotifyContext ctx;
    Alerts alerts;
    StageDone done;
  };
  auto join = std::make_shared<Join>();
  join->pending = stages_.size();
  join->ctx = ctx;
  join->alerts = alerts;
  join->done = std::move(done);
  for (const auto& stage : stages_) {
    stage->Exec(ctx, alerts, [join](Status s, NotifyContext, Alerts) {
      bool last;
      {
        std::lock_guard lock(join->mu);
        if (!s.ok()) {
          if (!join->errors.empty()) join->errors += "; ";
          join->errors += s.message();
        }
        last = --join->pending == 0;
      }
      if (!last) return;
      if (join->errors.empty()) {
        join->done(Status::Ok(), std::move(join->ctx), std::move(join->alerts));
      } else {
        join->done(Status(StatusCode::kUnknown, join->errors),
                   std::move(join->ctx), Alerts{});
      }
    });
  }
}

void RoutingStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  auto it = stages_.find(ctx.receiver_name);
  if (it == stages_.end()) {
    done(NotFoundError("stage for receiver missing"), std::move(ctx), Alerts{});
    return;
  }
  it->second->Exec(std::move(ctx), std::move(alerts), std::move(done));
}

void MuteStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  Alerts kept;
  kept.reserve(alerts.size());
  for (model::Alert& a : alerts) {
    if (!muter_.Mutes(a.labels)) kept.push_back(std::move(a));
  }
  done(Status::Ok(), std::move(ctx), std::move(kept));
}

void TimeMuteStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  if (ctx.mute_time_intervals.empty()) {
    done(Status::Ok(), std::move(ctx), std::move(alerts));
    return;
  }
  Result<timeinterval::MuteResult> r =
      intervener_->Mutes(ctx.mute_time_intervals, ToSys(ctx.now));
  if (!r.ok()) {
    done(r.status(), std::move(ctx), Alerts{});
    return;
  }
  if (r->muted) alerts.clear();
  done(Status::Ok(), std::move(ctx), std::move(alerts));
}

void TimeActiveStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  if (ctx.active_time_intervals.empty()) {
    done(Status::Ok(), std::move(ctx), std::move(alerts));
    return;
  }
  Result<timeinterval::MuteResult> r =
      intervener_->Mutes(ctx.active_time_intervals, ToSys(ctx.now));
  if (!r.ok()) {
    done(r.status(), std::move(ctx), Alerts{});
    return;
  }
  // Outside every active interval: muted.
  if (!r->muted) alerts.clear();
  done(Status::Ok(), std::move(ctx), std::move(alerts));
}

bool DedupStage::NeedsUpdate(const nflog::Entry* entry,
                             const std::vector<uint64_t>& firing,
                             const std::vector<uint64_t>& resolved,
                             bool send_resolved, model::Time now,
                             runtime::Duration repeat_interval) {
  if (entry == nullptr) return !firing.empty();
  if (!entry->IsFiringSubset(firing)) return true;
  // All resolved: notify (whatever send_resolved says) so the log forgets
  // the firing alerts, unless the receiver never saw them fire.
  if (firing.empty()) return !entry->firing_alerts.empty();
  if (send_resolved && !entry->IsResolvedSubset(resolved)) return true;
  return entry->timestamp < now - repeat_interval;
}

void DedupStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  std::vector<uint64_t> firing, resolved;
  for (const model::Alert& a : alerts) {
    uint64_t h = a.fingerprint().value();
    (a.Resolved(ctx.now) ? resolved : firing).push_back(h);
  }
  std::sort(firing.begin(), firing.end());
  firing.erase(std::unique(firing.begin(), firing.end()), firing.end());
  std::sort(resolved.begin(), resolved.end());
  resolved.erase(std::unique(resolved.begin(), resolved.end()), resolved.end());
  Result<nflog::Entry> entry = log_.Query(receiver_, ctx.group_key);
  if (!entry.ok() && !entry.status().IsNotFound()) {
    done(entry.status(), std::move(ctx), Alerts{});
    return;
  }
  bool update = NeedsUpdate(entry.ok() ? &*entry : nullptr, firing, resolved,
                            send_resolved_, ctx.now, ctx.repeat_interval);
  ctx.firing_hashes = std::move(firing);
  ctx.resolved_hashes = std::move(resolved);
  if (!update) alerts.clear();
  done(Status::Ok(), std::move(ctx), std::move(alerts));
}

NotifyResult NotImplementedNotifier::Notify(const NotifyContext&,
                                            const Alerts&) {
  return NotifyResult::Permanent(UnimplementedError(
      kind_ +
      " notifications are not implemented until the notifications "
      "issue"));
}

struct RetryingDeliverer::Job {
  DeliveryRequest request;
  std::function<void(Status)> done;
  int attempts = 0;
};

RetryingDeliverer::RetryingDeliverer(
    runtime::Scheduler& scheduler, runtime::Executor& executor,
    std::function<void(const Status&)> on_failure)
    : scheduler_(scheduler),
      executor_(executor),
      on_failure_(std::move(on_failure)) {}

runtime::Duration RetryingDeliverer::Backoff(int attempt) {
  double ms = 500;
  for (int i = 1; i < attempt && ms < 60000; ++i) ms *= 1.5;
  ms = std::min(ms, 60000.0);
  return std::chrono::duration_cast<runtime::Duration>(
      std::chrono::duration<double, std::milli>(ms));
}

void RetryingDeliverer::Deliver(DeliveryRequest request,
                                std::function<void(Status)> done) {
  auto job = std::make_shared<Job>();
  job->request = std::move(request);
  Count(job->request.receiver.integration, &DeliveryStats::notifications);
  job->done = std::move(done);
  Attempt(std::move(job));
}

void RetryingDeliverer::Attempt(std::shared_ptr<Job> job) {
  ++job->attempts;
  Count(job->request.receiver.integration, &DeliveryStats::requests);
  bool queued = executor_.Submit([this, job] {
    NotifyResult r =
        job->request.notifier->Notify(job->request.ctx, job->request.alerts);
    AfterAttempt(job, std::move(r));
  });
  if (!queued) {
    AfterAttempt(job, NotifyResult::Retryable(
                          ResourceExhaustedError("delivery queue is full")));
  }
}

void RetryingDeliverer::AfterAttempt(std::shared_ptr<Job> job,
                                     NotifyResult result) {
  if (result.status.ok()) {
    job->done(Status::Ok());
    return;
  }
  Count(job->request.receiver.integration, &DeliveryStats::requests_failed);
  const nflog::ReceiverKey& rk = job->request.receiver;
  std::string prefix = rk.group_name + "/" + rk.integration + "[" +
                       std::to_string(rk.idx) + "]: ";
  auto fail = [this, job](Status s) {
    Count(job->request.receiver.integration,
          &DeliveryStats::notifications_failed);
    if (on_failure_) on_failure_(s);
    job->done(std::move(s));
  };
  if (!result.retry) {
    fail(Status(result.status.code(),
                prefix +
                    "notify retry canceled due to unrecoverable error after " +
                    std::to_string(job->attempts) +
                    " attempts: " + result.status.message()));
    return;
  }
  std::string last = result.status.message();
  scheduler_.ScheduleAfter(
      Backoff(job->attempts),
      [this, job, fail, prefix, last](runtime::MonoTime now) {
        if (now >= job->request.ctx.deadline) {
          fail(DeadlineExceededError(prefix + "notify retry canceled after " +
                                     std::to_string(job->attempts) +
                                     " attempts: " + last));
          return;
        }
        Attempt(job);
      });
}

void RetryingDeliverer::Count(const std::string& integration,
                              uint64_t DeliveryStats::*field) {
  std::lock_guard lock(stats_mu_);
  ++(stats_[integration].*field);
}

DeliveryStats RetryingDeliverer::stats() const {
  std::lock_guard lock(stats_mu_);
  DeliveryStats total;
  for (const auto& [name, st] : stats_) {
    total.notifications += st.notifications;
    total.notifications_failed += st.notifications_failed;
    total.requests += st.requests;
    total.requests_failed += st.requests_failed;
  }
  return total;
}

std::map<std::string, DeliveryStats> RetryingDeliverer::StatsByIntegration()
    const {
  std::lock_guard lock(stats_mu_);
  return stats_;
}

void RetryStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  Alerts sent;
  if (send_resolved_) {
    sent = alerts;
  } else {
    for (const model::Alert& a : alerts) {
      if (!a.Resolved(ctx.now)) sent.push_back(a);
    }
  }
  if (sent.empty()) {
    done(Status::Ok(), std::move(ctx), std::move(alerts));
    return;
  }
  DeliveryRequest req{ctx, std::move(sent), receiver_, notifier_};
  auto state = std::make_shared<std::pair<NotifyContext, Alerts>>(
      std::move(ctx), std::move(alerts));
  deliverer_.Deliver(std::move(req), [state, done = std::move(done)](Status s) {
    if (!s.ok()) {
      done(std::move(s), std::move(state->first), Alerts{});
      return;
    }
    done(Status::Ok(), std::move(state->first), std::move(state->second));
  });
}

void SetNotifiesStage::Exec(NotifyContext ctx, Alerts alerts, StageDone done) {
  Status s = log_.Log(receiver_, ctx.group_key, ctx.firing_hashes,
                      ctx.resolved_hashes, ctx.now, 2 * ctx.repeat_interval);
  if (!s.ok()) {
    done(std::move(s), std::move(ctx), Alerts{});
    return;
  }
  done(Status::Ok(), std::move(ctx), std::move(alerts));
}

}  // namespace tocsin::notify::pipeline
