#include "notify/outbox/outbox.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tocsin::notify::outbox {
namespace {

std::string Describe(const nflog::ReceiverKey& rk) {
  return rk.group_name + "/" + rk.integration + "[" + std::to_string(rk.idx) +
         "]";
}

}  // namespace

const IntegrationLimits& OutboxOptions::For(
    const std::string& integration) const {
  auto it = per_integration.find(integration);
  return it == per_integration.end() ? defaults : it->second;
}

Outbox::Outbox(OutboxStore& store, runtime::Scheduler& scheduler,
               runtime::Executor& executor, const runtime::Clock& clock,
               RandomSource random, NotifierResolver resolver,
               OutboxOptions options)
    : store_(store),
      scheduler_(scheduler),
      executor_(executor),
      clock_(clock),
      resolver_(std::move(resolver)),
      options_(std::move(options)),
      random_(std::move(random)) {}

Outbox::~Outbox() { Stop(); }

runtime::Duration Outbox::Backoff(const IntegrationLimits& limits, int attempts,
                                  double u) {
  double d = static_cast<double>(limits.backoff_base.count());
  const double cap = static_cast<double>(limits.backoff_cap.count());
  for (int i = 1; i < attempts && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  u = std::clamp(u, 0.0, 1.0);
  return runtime::Duration(static_cast<int64_t>(d / 2 + u * d / 2));
}

Status Outbox::Start() {
  {
    std::lock_guard lock(mu_);
    stopped_ = false;
  }
  ASSIGN_OR_RETURN(std::vector<OutboxRow> rows, store_.LoadPending());
  for (OutboxRow& row : rows) Submit(std::move(row));
  return Status::Ok();
}

void Outbox::Stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  for (runtime::TimerId id : timers_) scheduler_.Cancel(id);
  timers_.clear();
  for (auto& [kind, lane] : lanes_) {
    if (lane.rate_timer.valid()) scheduler_.Cancel(lane.rate_timer);
    lane.rate_timer = runtime::TimerId();
    for (const OutboxRow& row : lane.ready) known_.erase(row.id);
    lane.ready.clear();
  }
}

void Outbox::Submit(OutboxRow row) {
  std::lock_guard lock(mu_);
  if (stopped_ || row.state != DeliveryState::kPending ||
      !known_.insert(row.id).second) {
    return;
  }
  ++stats_[row.receiver.integration].pending;
  ScheduleRow(std::move(row));
}

Result<OutboxRow> Outbox::RetryDead(NotificationId id) {
  ASSIGN_OR_RETURN(OutboxRow row, store_.Retry(id, clock_.Now()));
  Submit(row);
  return row;
}

void Outbox::ScheduleRow(OutboxRow row) {
  runtime::Duration delay = row.next_attempt_at - clock_.Now();
  if (delay <= runtime::Duration::zero()) {
    std::string kind = row.receiver.integration;
    lanes_[kind].ready.push_back(std::move(row));
    Pump(kind);
    return;
  }
  auto id = std::make_shared<runtime::TimerId>();
  *id = scheduler_.ScheduleAfter(
      delay, [this, id, row = std::move(row)](runtime::MonoTime) mutable {
        std::lock_guard lock(mu_);
        if (timers_.erase(*id) == 0 || stopped_) return;
        std::string kind = row.receiver.integration;
        lanes_[kind].ready.push_back(std::move(row));
        Pump(kind);
      });
  timers_.insert(*id);
}

void Outbox::Pump(const std::string& kind) {
  if (stopped_) return;
  Lane& lane = lanes_[kind];
  const IntegrationLimits& limits = options_.For(kind);
  const runtime::MonoTime now = clock_.MonoNow();
  while (lane.in_flight < std::max(1, limits.max_concurrency) &&
         !lane.ready.empty()) {
    if (limits.rate_limit > 0) {
      while (!lane.sent.empty() &&
             lane.sent.front() + limits.rate_period <= now) {
        lane.sent.pop_front();
      }
      if (lane.sent.size() >= static_cast<size_t>(limits.rate_limit)) {
        if (!lane.rate_timer.valid()) {
          lane.rate_timer = scheduler_.ScheduleAt(
              lane.sent.front() + limits.rate_period,
              [this, kind](runtime::MonoTime) {
                std::lock_guard lock(mu_);
                lanes_[kind].rate_timer = runtime::TimerId();
                Pump(kind);
              });
        }
        return;
      }
      lane.sent.push_back(now);
    }
    OutboxRow row = std::move(lane.ready.front());
    lane.ready.pop_front();
    ++lane.in_flight;
    ++stats_[kind].attempts;
    auto shared = std::make_shared<OutboxRow>(row);
    auto guard = std::make_shared<AttemptGuard>();
    if (executor_.Submit(
            [this, shared, guard] { RunAttempt(std::move(*shared), guard); })) {
      if (limits.timeout > runtime::Duration::zero()) {
        auto id = std::make_shared<runtime::TimerId>();
        *id = scheduler_.ScheduleAfter(
            limits.timeout, [this, id, guard, row,
                             timeout = limits.timeout](runtime::MonoTime) {
              {
                std::lock_guard lock(mu_);
                if (timers_.erase(*id) == 0 || stopped_) return;
              }
              if (guard->decided.exchange(true)) return;
              Finish(
                  row,
                  pipeline::NotifyResult::Retryable(DeadlineExceededError(
                      "attempt timed out after " +
                      std::to_string(
                          std::chrono::duration_cast<std::chrono::milliseconds>(
                              timeout)
                              .count()) +
                      "ms")),
                  timeout, /*release_slot=*/false);
            });
        guard->timer = *id;
        timers_.insert(*id);
      }
    } else {
      // Not an attempt: try again after the base backoff.
      --lane.in_flight;
      --stats_[kind].attempts;
      if (limits.rate_limit > 0) lane.sent.pop_back();
      row.next_attempt_at =
          clock_.Now() +
          std::max(limits.backoff_base,
                   runtime::Duration(std::chrono::milliseconds(1)));
      ScheduleRow(std::move(row));
      return;
    }
  }
}

void Outbox::RunAttempt(OutboxRow row, std::shared_ptr<AttemptGuard> guard) {
  pipeline::NotifyResult result;
  runtime::Duration latency = runtime::Duration::zero();
  Attempt(row, &result, &latency);
  if (guard->decided.exchange(true)) {
    // Timed out earlier (already recorded): only the slot is left to free.
    std::lock_guard lock(mu_);
    --lanes_[row.receiver.integration].in_flight;
    Pump(row.receiver.integration);
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (guard->timer.valid() && timers_.erase(guard->timer) > 0) {
      scheduler_.Cancel(guard->timer);
    }
  }
  Finish(std::move(row), std::move(result), latency);
}

void Outbox::Attempt(const OutboxRow& row, pipeline::NotifyResult* out,
                     runtime::Duration* latency) {
  std::shared_ptr<pipeline::Notifier> notifier = resolver_(row.receiver);
  if (notifier == nullptr) {
    *out = pipeline::NotifyResult::Permanent(FailedPreconditionError(
        "receiver " + Describe(row.receiver) + " no longer exists"));
    return;
  }
  pipeline::NotifyContext ctx;
  pipeline::Alerts alerts;
  Status decoded = DecodePayload(row.payload, &ctx, &alerts);
  if (!decoded.ok()) {
    *out = pipeline::NotifyResult::Permanent(decoded);
    return;
  }
  const IntegrationLimits& limits = options_.For(row.receiver.integration);
  const runtime::MonoTime start = clock_.MonoNow();
  ctx.deadline =
      start + (limits.timeout > runtime::Duration::zero() ? limits.timeout
                                                          : limits.backoff_cap);
  *out = notifier->Notify(ctx, alerts);
  *latency = clock_.MonoNow() - start;
}

void Outbox::Finish(OutboxRow row, pipeline::NotifyResult result,
                    runtime::Duration latency, bool release_slot) {
  const std::string kind = row.receiver.integration;
  const IntegrationLimits& limits = options_.For(kind);
  const model::Time now = clock_.Now();
  const int attempts = row.attempts + 1;
  AttemptRecord rec{row.id,
                    row.receiver,
                    row.group_key,
                    now,
                    DeliveryState::kDelivered,
                    latency,
                    ""};
  model::Time next_at = now;
  if (!result.status.ok()) {
    rec.error = result.status.message();
    rec.outcome = DeliveryState::kPending;
    runtime::Duration delay;
    {
      std::lock_guard lock(mu_);
      delay = result.retry_after > runtime::Duration::zero()
                  ? result.retry_after
                  : Backoff(limits, attempts, random_ ? random_() : 1.0);
    }
    next_at = now + delay;
    if (!result.retry) {
      rec.outcome = DeliveryState::kDead;
      rec.error = Describe(row.receiver) + ": unrecoverable error after " +
                  std::to_string(attempts) + " attempts: " + rec.error;
    } else if ((limits.max_attempts > 0 && attempts >= limits.max_attempts) ||
               (limits.max_age > runtime::Duration::zero() &&
                next_at > row.created_at + limits.max_age)) {
      rec.outcome = DeliveryState::kDead;
      rec.error = Describe(row.receiver) + ": retries exhausted after " +
                  std::to_string(attempts) + " attempts: " + rec.error;
    }
  }
  // A failed store write keeps the row pending in the store: a restart
  // re-sends it (at-least-once); in memory the decision stands.
  switch (rec.outcome) {
    case DeliveryState::kDelivered:
      (void)store_.MarkDelivered(rec);
      break;
    case DeliveryState::kPending:
      (void)store_.MarkRetry(rec, next_at);
      break;
    case DeliveryState::kDead:
      (void)store_.MarkDead(rec);
      break;
  }
  std::lock_guard lock(mu_);
  if (release_slot) --lanes_[kind].in_flight;
  OutboxStats& st = stats_[kind];
  if (rec.outcome != DeliveryState::kDelivered) ++st.failed_attempts;
  if (rec.outcome == DeliveryState::kPending && !stopped_) {
    row.attempts = attempts;
    row.last_error = rec.error;
    row.next_attempt_at = next_at;
    row.updated_at = now;
    ScheduleRow(std::move(row));
  } else {
    // Terminal, or pending while stopped (a later Start reloads it).
    if (rec.outcome == DeliveryState::kDelivered) ++st.delivered;
    if (rec.outcome == DeliveryState::kDead) ++st.dead;
    --st.pending;
    known_.erase(row.id);
  }
  Pump(kind);
}

std::map<std::string, OutboxStats> Outbox::StatsByIntegration() const {
  std::lock_guard lock(mu_);
  return stats_;
}

OutboxStats Outbox::Stats() const {
  std::lock_guard lock(mu_);
  OutboxStats total;
  for (const auto& [kind, st] : stats_) {
    total.pending += st.pending;
    total.delivered += st.delivered;
    total.dead += st.dead;
    total.attempts += st.attempts;
    total.failed_attempts += st.failed_attempts;
  }
  return total;
}

}  // namespace tocsin::notify::outbox
