#ifndef TOCSIN_NOTIFY_OUTBOX_OUTBOX_H_
#define TOCSIN_NOTIFY_OUTBOX_OUTBOX_H_

// The outbox engine: delivers the pending rows of an OutboxStore
// at-least-once. A row is sent on the Executor; after a retryable failure
// it waits on the Scheduler (exponential backoff with jitter up to a cap,
// or the receiver's Retry-After) and is sent again, until it is accepted
// (delivered), fails permanently, or runs out of attempts / age (dead).
// Every state change is written to the store before it takes effect, so a
// restart (Start) re-sends exactly the rows that were not yet accepted.
//
// Each integration kind ("webhook", ...) has its own lane: its own
// concurrency budget and rate limit, so a slow or hanging receiver of one
// kind never delays another kind.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "notify/nflog/nflog.h"
#include "notify/outbox/outbox_store.h"
#include "notify/pipeline/pipeline.h"
#include "runtime/clock.h"
#include "runtime/executor.h"
#include "runtime/scheduler.h"

namespace tocsin::notify::outbox {

// Delivery limits of one integration kind.
struct IntegrationLimits {
  // Attempts of this kind running at once. Default 4; more lets a slow
  // receiver hold more executor threads.
  int max_concurrency = 4;
  // Rate limit: at most rate_limit attempts per rate_period (0 = none),
  // counted over a sliding window. Attempts over the limit wait in order.
  int rate_limit = 0;
  runtime::Duration rate_period = std::chrono::seconds(1);
  // An attempt still running after this long counts as failed (retryable,
  // "attempt timed out after <n>ms") and the retry is scheduled; its late
  // answer is ignored. Its lane slot stays taken until the notifier
  // returns, so a hanging receiver holds at most max_concurrency executor
  // threads. 0 = no limit (the channel's own request timeout applies).
  // Default 0.
  runtime::Duration timeout{0};
  // Backoff before attempt n+1 after n failed: d = min(cap,
  // base * 2^(n-1)), then a uniform jitter in [d/2, d]. Defaults 1s / 5m.
  runtime::Duration backoff_base = std::chrono::seconds(1);
  runtime::Duration backoff_cap = std::chrono::minutes(5);
  // A row goes dead after this many attempts (0 = no limit). Default 0.
  int max_attempts = 0;
  // A row goes dead when its next attempt would start later than
  // created_at + max_age (0 = no limit). Default 24h.
  runtime::Duration max_age = std::chrono::hours(24);
};

struct OutboxOptions {
  // Limits of every integration kind not in `per_integration`.
  IntegrationLimits defaults;
  std::map<std::string, IntegrationLimits> per_integration;
  const IntegrationLimits& For(const std::string& integration) const;
};

// The current notifier of a receiver integration, or null when the
// configuration has no such receiver/integration any more (the row then
// goes dead with "receiver <name>/<integration>[<idx>] no longer exists").
// Called on executor threads; must be thread-safe (a config reload swaps
// what it returns).
using NotifierResolver = std::function<std::shared_ptr<pipeline::Notifier>(
    const nflog::ReceiverKey&)>;

// Uniform random numbers in [0, 1) for the jitter. Called under the
// engine's lock; need not be thread-safe.
using RandomSource = std::function<double()>;

// Counters per integration kind, for metrics.
struct OutboxStats {
  uint64_t pending = 0;          // rows currently pending (gauge)
  uint64_t delivered = 0;        // rows delivered since start
  uint64_t dead = 0;             // rows gone dead since start
  uint64_t attempts = 0;         // attempts made
  uint64_t failed_attempts = 0;  // attempts that failed
  friend bool operator==(const OutboxStats&, const OutboxStats&) = default;
};

class Outbox {
 public:
  // store, scheduler, executor and clock must outlive the engine, and every
  // task the engine submitted to the executor must have run (or been
  // dropped) before it is destroyed.
  Outbox(OutboxStore& store, runtime::Scheduler& scheduler,
         runtime::Executor& executor, const runtime::Clock& clock,
         RandomSource random, NotifierResolver resolver, OutboxOptions options);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Loads every pending row of the store and schedules each at its
  // next_attempt_at (at once when past). Errors: the store's.
  Status Start();
  // Cancels every timer; attempts already running finish and are recorded
  // but nothing new starts. Idempotent.
  void Stop();

  // Starts delivering `row` (pending, id set: just enqueued).
  void Submit(OutboxRow row);
  // Moves dead row `id` back to pending and delivers it now. Errors: the
  // store's Retry errors (NotFound, FailedPrecondition when not dead).
  Result<OutboxRow> RetryDead(NotificationId id);

  // Backoff after `attempts` failed attempts (>= 1) with jitter draw
  // u in [0, 1): see IntegrationLimits.
  static runtime::Duration Backoff(const IntegrationLimits& limits,
                                   int attempts, double u);

  std::map<std::string, OutboxStats> StatsByIntegration() const;
  OutboxStats Stats() const;  // summed over integrations

 private:
  struct Lane {
    int in_flight = 0;
    std::deque<OutboxRow> ready;
    std::deque<runtime::MonoTime> sent;  // rate window: attempt start times
    runtime::TimerId rate_timer;
  };

  void ScheduleRow(OutboxRow row);     // needs mu_
  void MakeReady(OutboxRow row);       // takes mu_
  void Pump(const std::string& kind);  // needs mu_
  // Decided once: by the attempt's end or by its timeout, whichever first.
  struct AttemptGuard {
    std::atomic<bool> decided{false};
    runtime::TimerId timer;  // GUARDED_BY(mu_)
  };
  void RunAttempt(OutboxRow row, std::shared_ptr<AttemptGuard> guard);
  // Resolves, decodes and calls the notifier (executor thread).
  void Attempt(const OutboxRow& row, pipeline::NotifyResult* out,
               runtime::Duration* latency);
  // Records the attempt's outcome and schedules what follows; with
  // `release_slot` also frees the lane slot.
  void Finish(OutboxRow row, pipeline::NotifyResult result,
              runtime::Duration latency, bool release_slot = true);

  OutboxStore& store_;
  runtime::Scheduler& scheduler_;
  runtime::Executor& executor_;
  const runtime::Clock& clock_;
  const NotifierResolver resolver_;
  const OutboxOptions options_;

  mutable std::mutex mu_;
  RandomSource random_;                       // GUARDED_BY(mu_)
  bool stopped_ = false;                      // GUARDED_BY(mu_)
  std::map<std::string, Lane> lanes_;         // GUARDED_BY(mu_)
  std::set<runtime::TimerId> timers_;         // GUARDED_BY(mu_)
  std::set<NotificationId> known_;            // GUARDED_BY(mu_): pending here
  std::map<std::string, OutboxStats> stats_;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::notify::outbox

#endif  // TOCSIN_NOTIFY_OUTBOX_OUTBOX_H_
