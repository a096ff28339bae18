// The outbox engine (notify/outbox) and its pipeline stage over the SQLite
// store, with simulated time: backoff, Retry-After, dead letters, restart,
// per-integration concurrency and rate limits.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/integration.h"
#include "notify/nflog/nflog.h"
#include "notify/outbox/outbox.h"
#include "notify/outbox/outbox_api.h"
#include "notify/outbox/outbox_stage.h"
#include "notify/outbox/outbox_store.h"
#include "notify/pipeline/builder.h"
#include "runtime/executor.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/testing/manual_executor.h"
#include "runtime/testing/simulated_scheduler.h"
#include "store/sqlite/sqlite_nflog_store.h"
#include "store/sqlite/sqlite_outbox_store.h"
#include "store/sqlite/sqlite_test_util.h"

namespace tocsin::store {
namespace {

using namespace std::chrono_literals;
using notify::nflog::ReceiverKey;
using notify::outbox::DeliveryState;
using notify::outbox::IntegrationLimits;
using notify::outbox::NotificationId;
using notify::outbox::Outbox;
using notify::outbox::OutboxFilter;
using notify::outbox::OutboxOptions;
using notify::outbox::OutboxRow;
using notify::outbox::OutboxStats;
using notify::pipeline::Alerts;
using notify::pipeline::Notifier;
using notify::pipeline::NotifyContext;
using notify::pipeline::NotifyResult;

// Answers from a script (then OK), recording what it was sent.
class ScriptedNotifier final : public Notifier {
 public:
  explicit ScriptedNotifier(std::deque<NotifyResult> script = {})
      : script_(std::move(script)) {}
  NotifyResult Notify(const NotifyContext& ctx, const Alerts& alerts) override {
    std::lock_guard lock(mu_);
    calls_.push_back({ctx, alerts});
    if (script_.empty()) return NotifyResult::Ok();
    NotifyResult r = std::move(script_.front());
    script_.pop_front();
    return r;
  }
  size_t calls() const {
    std::lock_guard lock(mu_);
    return calls_.size();
  }
  std::pair<NotifyContext, Alerts> call(size_t i) const {
    std::lock_guard lock(mu_);
    return calls_.at(i);
  }

 private:
  mutable std::mutex mu_;
  std::deque<NotifyResult> script_;
  std::vector<std::pair<NotifyContext, Alerts>> calls_;
};

model::Alert Firing(std::string_view name) {
  model::Alert a;
  a.labels = model::Labels{{"alertname", name}};
  a.annotations = model::Labels{{"summary", "it burns"}};
  a.starts_at = model::Time(std::chrono::seconds(1'700'000'000));
  return a;
}

class OutboxEngineTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenStore(); }

  void OpenStore() {
    outbox_.reset();
    store_.reset();
    nflog_store_.reset();
    db_.reset();
    auto db = storage_.OpenDatabase();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *db;
    store_ = std::make_unique<SqliteOutboxStore>(db_);
    nflog_store_ = std::make_unique<SqliteNflogStore>(db_);
  }

  // A new engine over the store (executor_ unless given).
  void StartEngine(OutboxOptions options,
                   runtime::Executor* executor = nullptr) {
    outbox_ = std::make_unique<Outbox>(
        *store_, scheduler_, executor ? *executor : executor_, clock_,
        [this] { return jitter_; },
        [this](const ReceiverKey& k) -> std::shared_ptr<Notifier> {
          std::lock_guard lock(notifiers_mu_);
          auto it = notifiers_.find(k.group_name + "/" + k.integration);
          return it == notifiers_.end() ? nullptr : it->second;
        },
        std::move(options));
    ASSERT_TRUE(outbox_->Start().ok());
  }

  void SetNotifier(const std::string& receiver, const std::string& kind,
                   std::shared_ptr<Notifier> n) {
    std::lock_guard lock(notifiers_mu_);
    notifiers_[receiver + "/" + kind] = std::move(n);
  }

  // Enqueues one notification for receiver/kind and hands it to the engine.
  NotificationId Send(const std::string& receiver, const std::string& kind,
                      const std::string& group_key = "{}:{a=\"1\"}") {
    NotifyContext ctx;
    ctx.group_key = group_key;
    ctx.receiver_name = receiver;
    ctx.now = clock_.Now();
    OutboxRow row;
    row.receiver = {receiver, kind, 0};
    row.group_key = group_key;
    row.payload = notify::outbox::EncodePayload(ctx, {Firing("X")});
    row.next_attempt_at = ctx.now;
    row.created_at = ctx.now;
    row.updated_at = ctx.now;
    auto ids = store_->Enqueue({row}, nullptr);
    EXPECT_TRUE(ids.ok()) << ids.status();
    row.id = (*ids)[0];
    outbox_->Submit(row);
    return row.id;
  }

  OutboxRow Row(NotificationId id) {
    auto r = store_->Get(id);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : OutboxRow{};
  }

  static OutboxOptions Options(IntegrationLimits l) {
    OutboxOptions o;
    o.defaults = l;
    return o;
  }

  SqliteTestStorage storage_;
  std::shared_ptr<SqliteDatabase> db_;
  std::unique_ptr<SqliteOutboxStore> store_;
  std::unique_ptr<SqliteNflogStore> nflog_store_;
  runtime::ManualClock clock_;
  runtime::SimulatedScheduler scheduler_{clock_};
  runtime::ManualExecutor executor_;
  double jitter_ = 0.5;
  std::mutex notifiers_mu_;
  std::map<std::string, std::shared_ptr<Notifier>> notifiers_;
  std::unique_ptr<Outbox> outbox_;
};

TEST(OutboxBackoffTest, DoublesFromBaseUpToCapWithJitterInUpperHalf) {
  IntegrationLimits l;
  l.backoff_base = 1s;
  l.backoff_cap = 8s;
  EXPECT_EQ(Outbox::Backoff(l, 1, 0.0), 500ms);
  EXPECT_EQ(Outbox::Backoff(l, 1, 0.5), 750ms);
  EXPECT_EQ(Outbox::Backoff(l, 2, 0.0), 1s);
  EXPECT_EQ(Outbox::Backoff(l, 3, 0.5), 3s);
  EXPECT_EQ(Outbox::Backoff(l, 4, 0.0), 4s);
  EXPECT_EQ(Outbox::Backoff(l, 50, 0.0), 4s);
  for (int n = 1; n < 60; ++n) {
    for (double u : {0.0, 0.25, 0.999999}) {
      runtime::Duration d = Outbox::Backoff(l, n, u);
      runtime::Duration full = std::min<runtime::Duration>(
          8s, runtime::Duration(1s) * (1LL << std::min(n - 1, 10)));
      EXPECT_GE(d, full / 2) << n << " " << u;
      EXPECT_LE(d, full) << n << " " << u;
    }
  }
}

TEST_F(OutboxEngineTest, RetriesWithJitteredBackoffUntilDelivered) {
  auto n = std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
      NotifyResult::Retryable(UnavailableError("HTTP 503")),
      NotifyResult::Retryable(UnavailableError("connection refused"))});
  SetNotifier("team", "webhook", n);
  IntegrationLimits l;
  l.backoff_base = 1s;
  l.backoff_cap = 1min;
  StartEngine(Options(l));
  NotificationId id = Send("team", "webhook");
  EXPECT_EQ(executor_.RunAll(), 1u);
  EXPECT_EQ(n->calls(), 1u);
  OutboxRow r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kPending);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.last_error, "HTTP 503");
  // jitter 0.5: 1s backoff -> 750ms.
  EXPECT_EQ(r.next_attempt_at, clock_.Now() + 750ms);
  scheduler_.AdvanceBy(749ms);
  EXPECT_EQ(executor_.QueueSize(), 0u);
  scheduler_.AdvanceBy(1ms);
  EXPECT_EQ(executor_.RunAll(), 1u);
  // Second failure: 2s -> 1.5s.
  EXPECT_EQ(Row(id).next_attempt_at, clock_.Now() + 1500ms);
  scheduler_.AdvanceBy(1499ms);
  EXPECT_EQ(executor_.QueueSize(), 0u);
  scheduler_.AdvanceBy(1ms);
  EXPECT_EQ(executor_.RunAll(), 1u);
  EXPECT_EQ(n->calls(), 3u);
  r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kDelivered);
  EXPECT_EQ(r.attempts, 3);
  auto history = store_->ListAttempts(id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].error, "HTTP 503");
  EXPECT_EQ((*history)[2].outcome, DeliveryState::kDelivered);
  EXPECT_EQ(outbox_->Stats(), (OutboxStats{0, 1, 0, 3, 2}));
  // The notifier got the stored inputs back.
  EXPECT_EQ(n->call(2).first.receiver_name, "team");
  EXPECT_EQ(n->call(2).second, Alerts{Firing("X")});
}

TEST_F(OutboxEngineTest, HonoursRetryAfter) {
  auto n = std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
      NotifyResult::RetryAfter(ResourceExhaustedError("HTTP 429"), 30s)});
  SetNotifier("team", "webhook", n);
  StartEngine(Options(IntegrationLimits{}));
  NotificationId id = Send("team", "webhook");
  executor_.RunAll();
  EXPECT_EQ(Row(id).next_attempt_at, clock_.Now() + 30s);
  scheduler_.AdvanceBy(29999ms);
  EXPECT_EQ(executor_.QueueSize(), 0u);
  scheduler_.AdvanceBy(1ms);
  EXPECT_EQ(executor_.RunAll(), 1u);
  EXPECT_EQ(Row(id).state, DeliveryState::kDelivered);
}

TEST_F(OutboxEngineTest, PermanentFailureGoesDeadAndRetryRevivesIt) {
  auto n = std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
      NotifyResult::Permanent(InvalidArgumentError("HTTP 400"))});
  SetNotifier("team", "webhook", n);
  StartEngine(Options(IntegrationLimits{}));
  NotificationId id = Send("team", "webhook");
  executor_.RunAll();
  OutboxRow r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kDead);
  EXPECT_EQ(r.last_error,
            "team/webhook[0]: unrecoverable error after 1 attempts: HTTP 400");
  EXPECT_EQ(scheduler_.PendingCount(), 0u);
  EXPECT_EQ(outbox_->StatsByIntegration()["webhook"],
            (OutboxStats{0, 0, 1, 1, 1}));
  auto dead = store_->List(OutboxFilter{DeliveryState::kDead, {}, {}, 0});
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);

  auto retried = outbox_->RetryDead(id);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(executor_.RunAll(), 1u);
  EXPECT_EQ(Row(id).state, DeliveryState::kDelivered);
  EXPECT_EQ(n->calls(), 2u);
  EXPECT_EQ(outbox_->RetryDead(id).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(OutboxEngineTest, ExhaustedAttemptsGoDead) {
  auto n = std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
      NotifyResult::Retryable(UnavailableError("HTTP 502")),
      NotifyResult::Retryable(UnavailableError("HTTP 502"))});
  SetNotifier("team", "webhook", n);
  IntegrationLimits l;
  l.max_attempts = 2;
  StartEngine(Options(l));
  NotificationId id = Send("team", "webhook");
  executor_.RunAll();
  scheduler_.AdvanceBy(1h);
  executor_.RunAll();
  OutboxRow r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kDead);
  EXPECT_EQ(r.last_error,
            "team/webhook[0]: retries exhausted after 2 attempts: HTTP 502");
  EXPECT_EQ(n->calls(), 2u);
}

TEST_F(OutboxEngineTest, MaxAgeEndsRetries) {
  SetNotifier("team", "webhook",
              std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
                  NotifyResult::Retryable(UnavailableError("a")),
                  NotifyResult::Retryable(UnavailableError("b")),
                  NotifyResult::Retryable(UnavailableError("c"))}));
  IntegrationLimits l;
  l.backoff_base = 10s;
  l.max_age = 20s;
  StartEngine(Options(l));
  jitter_ = 0.999;
  NotificationId id = Send("team", "webhook");
  executor_.RunAll();  // next at ~10s
  scheduler_.AdvanceBy(10s);
  executor_.RunAll();  // next would be ~30s > 20s: dead
  EXPECT_EQ(Row(id).state, DeliveryState::kDead);
  EXPECT_EQ(Row(id).attempts, 2);
}

TEST_F(OutboxEngineTest, RemovedReceiverGoesDead) {
  StartEngine(Options(IntegrationLimits{}));
  NotificationId id = Send("gone", "webhook");
  executor_.RunAll();
  OutboxRow r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kDead);
  EXPECT_EQ(r.last_error,
            "gone/webhook[0]: unrecoverable error after 1 attempts: receiver "
            "gone/webhook[0] no longer exists");
}

TEST_F(OutboxEngineTest, ConcurrencyIsLimitedPerIntegration) {
  auto web = std::make_shared<ScriptedNotifier>();
  auto slack = std::make_shared<ScriptedNotifier>();
  SetNotifier("team", "webhook", web);
  SetNotifier("team", "slack", slack);
  IntegrationLimits l;
  l.max_concurrency = 2;
  OutboxOptions o = Options(l);
  IntegrationLimits s;
  s.max_concurrency = 1;
  o.per_integration["slack"] = s;
  StartEngine(o);
  for (int i = 0; i < 5; ++i) Send("team", "webhook", "g" + std::to_string(i));
  for (int i = 0; i < 3; ++i) Send("team", "slack", "s" + std::to_string(i));
  // 2 webhook + 1 slack in flight.
  EXPECT_EQ(executor_.QueueSize(), 3u);
  EXPECT_TRUE(executor_.RunOne());  // a webhook one ends, the next starts
  EXPECT_EQ(executor_.QueueSize(), 3u);
  EXPECT_EQ(executor_.RunAll(), 7u);
  EXPECT_EQ(web->calls(), 5u);
  EXPECT_EQ(slack->calls(), 3u);
  EXPECT_EQ(outbox_->Stats().delivered, 8u);
  EXPECT_EQ(outbox_->Stats().pending, 0u);
}

TEST_F(OutboxEngineTest, RateLimitSpacesAttempts) {
  auto web = std::make_shared<ScriptedNotifier>();
  SetNotifier("team", "webhook", web);
  IntegrationLimits l;
  l.max_concurrency = 10;
  l.rate_limit = 2;
  l.rate_period = 10s;
  StartEngine(Options(l));
  for (int i = 0; i < 5; ++i) Send("team", "webhook", "g" + std::to_string(i));
  EXPECT_EQ(executor_.RunAll(), 2u);
  scheduler_.AdvanceBy(9999ms);
  EXPECT_EQ(executor_.QueueSize(), 0u);
  scheduler_.AdvanceBy(1ms);
  EXPECT_EQ(executor_.RunAll(), 2u);
  scheduler_.AdvanceBy(10s);
  EXPECT_EQ(executor_.RunAll(), 1u);
  EXPECT_EQ(web->calls(), 5u);
}

TEST_F(OutboxEngineTest, TimedOutAttemptIsRetriedAndItsSlotHeld) {
  auto n = std::make_shared<ScriptedNotifier>();
  SetNotifier("team", "webhook", n);
  IntegrationLimits l;
  l.max_concurrency = 1;
  l.timeout = 10s;
  l.backoff_base = 2s;
  StartEngine(Options(l));
  NotificationId id = Send("team", "webhook");
  // The attempt is queued and not answered (the executor does not run it):
  // after 10s it counts as failed and is due again 1.5s later.
  scheduler_.AdvanceBy(10s);
  OutboxRow r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kPending);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.last_error, "attempt timed out after 10000ms");
  EXPECT_EQ(r.next_attempt_at, clock_.Now() + 1500ms);
  scheduler_.AdvanceBy(1500ms);
  // The retry waits: the slot is still held by the hanging attempt.
  EXPECT_EQ(executor_.QueueSize(), 1u);
  // The late answer is ignored, frees the slot, and the retry runs.
  EXPECT_TRUE(executor_.RunOne());
  EXPECT_EQ(Row(id).attempts, 1);
  EXPECT_EQ(executor_.QueueSize(), 1u);
  EXPECT_TRUE(executor_.RunOne());
  r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kDelivered);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(n->calls(), 2u);
  EXPECT_EQ(outbox_->Stats(), (OutboxStats{0, 1, 0, 2, 1}));
  EXPECT_EQ(scheduler_.PendingCount(), 0u);
}

// Blocks its first Notify until released; signals its second.
class HangingNotifier final : public Notifier {
 public:
  NotifyResult Notify(const NotifyContext&, const Alerts&) override {
    if (calls_.fetch_add(1) == 0) {
      entered_.set_value();
      release_.get_future().wait();
    } else {
      second_.set_value();
    }
    return NotifyResult::Ok();
  }
  std::atomic<int> calls_{0};
  std::promise<void> entered_;
  std::promise<void> release_;
  std::promise<void> second_;
};

class SignallingNotifier final : public Notifier {
 public:
  NotifyResult Notify(const NotifyContext&, const Alerts&) override {
    done_.set_value();
    return NotifyResult::Ok();
  }
  std::promise<void> done_;
};

TEST_F(OutboxEngineTest, HangingIntegrationDoesNotDelayAnother) {
  auto hang = std::make_shared<HangingNotifier>();
  auto slack = std::make_shared<SignallingNotifier>();
  SetNotifier("team", "webhook", hang);
  SetNotifier("team", "slack", slack);
  runtime::ThreadPoolExecutor pool({.threads = 2, .max_queue = 16});
  IntegrationLimits l;
  l.max_concurrency = 1;
  StartEngine(Options(l), &pool);
  auto entered = hang->entered_.get_future();
  NotificationId w1 = Send("team", "webhook", "w1");
  ASSERT_EQ(entered.wait_for(30s), std::future_status::ready);
  // The webhook lane is full (its second row waits); slack is not.
  NotificationId w2 = Send("team", "webhook", "w2");
  auto slack_done = slack->done_.get_future();
  NotificationId s1 = Send("team", "slack", "s1");
  ASSERT_EQ(slack_done.wait_for(30s), std::future_status::ready);
  EXPECT_EQ(Row(w2).state, DeliveryState::kPending);
  EXPECT_EQ(Row(w2).attempts, 0);
  auto second = hang->second_.get_future();
  hang->release_.set_value();
  ASSERT_EQ(second.wait_for(30s), std::future_status::ready);
  pool.Stop();  // waits for w2's attempt to be recorded
  EXPECT_EQ(Row(w1).state, DeliveryState::kDelivered);
  EXPECT_EQ(Row(w2).state, DeliveryState::kDelivered);
  EXPECT_EQ(Row(s1).state, DeliveryState::kDelivered);
  outbox_.reset();
}

TEST_F(OutboxEngineTest, StageWritesRowAndNflogEntryAndRestartResendsOnce) {
  auto n = std::make_shared<ScriptedNotifier>();
  SetNotifier("team", "webhook", n);
  const ReceiverKey rk{"team", "webhook", 0};
  NotifyContext ctx;
  ctx.group_key = "{}:{alertname=\"X\"}";
  ctx.receiver_name = "team";
  ctx.repeat_interval = 4h;
  ctx.now = clock_.Now();
  model::Alert resolved = Firing("Y");
  resolved.ends_at = ctx.now - 1s;
  ctx.firing_hashes = {Firing("X").fingerprint().value()};
  ctx.resolved_hashes = {resolved.fingerprint().value()};
  {
    // First life: the row is written, the attempt never runs (kill -9).
    runtime::ManualExecutor doomed;
    StartEngine(Options(IntegrationLimits{}), &doomed);
    notify::outbox::OutboxNflogStore staging(*store_, *nflog_store_);
    notify::nflog::NotificationLog log(staging, 120h);
    notify::outbox::OutboxStage stage(staging, log, *outbox_, rk,
                                      /*send_resolved=*/false);
    Status result = InternalError("not called");
    stage.Exec(ctx, {Firing("X"), resolved},
               [&](Status s, NotifyContext, Alerts a) {
                 result = s;
                 EXPECT_EQ(a.size(), 2u);
               });
    ASSERT_TRUE(result.ok()) << result;
    EXPECT_EQ(doomed.QueueSize(), 1u);
    EXPECT_TRUE(log.Query(rk, ctx.group_key).ok());
    outbox_.reset();
  }
  EXPECT_EQ(n->calls(), 0u);

  // Second life over the same file: the entry and the row are there.
  OpenStore();
  notify::nflog::NotificationLog log(*nflog_store_, 120h);
  ASSERT_TRUE(log.LoadFromStore().ok());
  auto entry = log.Query(rk, ctx.group_key);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->firing_alerts, ctx.firing_hashes);
  EXPECT_EQ(entry->expires_at, ctx.now + 8h);
  StartEngine(Options(IntegrationLimits{}));
  EXPECT_EQ(executor_.RunAll(), 1u);
  ASSERT_EQ(n->calls(), 1u);
  // Without send_resolved only the firing alert was stored and sent.
  EXPECT_EQ(n->call(0).second, Alerts{Firing("X")});
  EXPECT_EQ(n->call(0).first.group_key, ctx.group_key);

  // Third life: nothing pending, nothing re-sent.
  outbox_.reset();
  OpenStore();
  StartEngine(Options(IntegrationLimits{}));
  EXPECT_EQ(executor_.RunAll(), 0u);
  EXPECT_EQ(n->calls(), 1u);
}

TEST_F(OutboxEngineTest, StageWithNothingToSendOnlyLogs) {
  StartEngine(Options(IntegrationLimits{}));
  notify::outbox::OutboxNflogStore staging(*store_, *nflog_store_);
  notify::nflog::NotificationLog log(staging, 120h);
  const ReceiverKey rk{"team", "webhook", 0};
  notify::outbox::OutboxStage stage(staging, log, *outbox_, rk, false);
  NotifyContext ctx;
  ctx.group_key = "g";
  ctx.now = clock_.Now();
  model::Alert resolved = Firing("Y");
  resolved.ends_at = ctx.now - 1s;
  ctx.resolved_hashes = {resolved.fingerprint().value()};
  bool called = false;
  stage.Exec(ctx, {resolved}, [&](Status s, NotifyContext, Alerts) {
    EXPECT_TRUE(s.ok()) << s;
    called = true;
  });
  EXPECT_TRUE(called);
  EXPECT_TRUE(log.Query(rk, "g").ok());
  auto all = store_->List({});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
  EXPECT_EQ(executor_.QueueSize(), 0u);
}

TEST_F(OutboxEngineTest, ApiListsFiltersAndRetries) {
  SetNotifier("team", "webhook",
              std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
                  NotifyResult::Permanent(InvalidArgumentError("HTTP 400"))}));
  SetNotifier("ops", "slack", std::make_shared<ScriptedNotifier>());
  StartEngine(Options(IntegrationLimits{}));
  clock_.SetWall(model::Time(std::chrono::seconds(1'704'067'200)));
  NotificationId dead = Send("team", "webhook", "g1");
  NotificationId ok = Send("ops", "slack", "g2");
  scheduler_.AdvanceBy(250ms);
  executor_.RunAll();

  auto filter = notify::outbox::MakeNotificationFilter(
      "dead", std::nullopt, std::nullopt, std::nullopt);
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(filter->limit, 1000u);
  auto body = notify::outbox::ListNotificationsJson(*store_, *filter);
  ASSERT_TRUE(body.ok()) << body.status();
  const std::string err =
      "team/webhook[0]: unrecoverable error after 1 attempts: HTTP 400";
  EXPECT_EQ(*body,
            "[{\"id\":\"" + dead.ToString() +
                "\",\"state\":\"dead\",\"receiver\":\"team\","
                "\"integration\":\"webhook\",\"integrationIndex\":0,"
                "\"groupKey\":\"g1\",\"attempts\":1,"
                "\"nextAttemptAt\":\"2024-01-01T00:00:00Z\",\"lastError\":\"" +
                err +
                "\",\"createdAt\":\"2024-01-01T00:00:00Z\","
                "\"updatedAt\":\"2024-01-01T00:00:00.25Z\",\"history\":[{"
                "\"at\":\"2024-01-01T00:00:00.25Z\",\"outcome\":\"dead\","
                "\"latencySeconds\":0E0,\"error\":\"" +
                err + "\"}]}]");

  auto slack =
      notify::outbox::MakeNotificationFilter(std::nullopt, "ops", "slack", "5");
  ASSERT_TRUE(slack.ok());
  auto slack_body = notify::outbox::ListNotificationsJson(*store_, *slack);
  ASSERT_TRUE(slack_body.ok());
  EXPECT_NE(slack_body->find("\"id\":\"" + ok.ToString() + "\""),
            std::string::npos);
  EXPECT_NE(slack_body->find("\"state\":\"delivered\""), std::string::npos);

  EXPECT_EQ(notify::outbox::MakeNotificationFilter("lost", {}, {}, {})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      notify::outbox::MakeNotificationFilter({}, {}, {}, "0").status().code(),
      StatusCode::kInvalidArgument);

  auto retried =
      notify::outbox::RetryNotificationJson(*outbox_, *store_, dead.ToString());
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_NE(retried->find("\"state\":\"pending\""), std::string::npos);
  EXPECT_EQ(executor_.RunAll(), 1u);
  EXPECT_EQ(Row(dead).state, DeliveryState::kDelivered);
  EXPECT_EQ(
      notify::outbox::RetryNotificationJson(*outbox_, *store_, dead.ToString())
          .status()
          .code(),
      StatusCode::kFailedPrecondition);
  EXPECT_EQ(notify::outbox::RetryNotificationJson(*outbox_, *store_, "abc")
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(notify::outbox::RetryNotificationJson(*outbox_, *store_, "999")
                  .status()
                  .IsNotFound());
}

TEST_F(OutboxEngineTest, GcLoopEnforcesHistoryRetention) {
  SetNotifier("team", "webhook", std::make_shared<ScriptedNotifier>());
  StartEngine(Options(IntegrationLimits{}));
  NotificationId id = Send("team", "webhook");
  executor_.RunAll();
  notify::outbox::OutboxGcLoop gc(*store_, scheduler_, clock_, 1h, 3h);
  gc.Start();
  scheduler_.AdvanceBy(3h);  // runs at 1h, 2h, 3h: nothing older than 3h
  EXPECT_TRUE(store_->Get(id).ok());
  scheduler_.AdvanceBy(1h);
  EXPECT_TRUE(store_->Get(id).status().IsNotFound());
  auto history = store_->ListAttempts(std::nullopt);
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
}

class FakeIntegration final : public config::IntegrationConfig {
 public:
  std::string_view Kind() const override { return "webhook"; }
  bool SendResolved() const override { return true; }
  YAML::Node ToYaml() const override { return YAML::Node(); }
};

config::Config OneWebhookReceiver(const std::string& name) {
  config::Config cfg;
  config::Receiver r;
  r.name = name;
  r.integrations.push_back(
      {"webhook_configs", {std::make_shared<FakeIntegration>()}});
  cfg.receivers.push_back(r);
  return cfg;
}

// The wiring the server does: BuildPipeline with the outbox delivery stage,
// the registry swapped per config generation.
TEST_F(OutboxEngineTest, BuiltPipelineDeliversThroughOutboxAcrossReloads) {
  auto first = std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
      NotifyResult::Retryable(UnavailableError("HTTP 503"))});
  notify::outbox::OutboxNflogStore staging(*store_, *nflog_store_);
  notify::nflog::NotificationLog log(staging, 120h);
  notify::outbox::NotifierRegistry registry;
  outbox_ = std::make_unique<Outbox>(
      *store_, scheduler_, executor_, clock_, [] { return 0.0; },
      registry.Resolver(), Options(IntegrationLimits{}));
  ASSERT_TRUE(outbox_->Start().ok());
  auto build = [&](const config::Config& cfg, std::shared_ptr<Notifier> n) {
    notify::outbox::NotifierRegistry::Generation gen;
    notify::pipeline::PipelineDeps deps;
    deps.log = &log;
    deps.delivery_stage =
        notify::outbox::MakeOutboxDeliveryStage(staging, log, *outbox_, &gen);
    deps.factories["webhook"] =
        [n](const config::IntegrationConfig&,
            const ReceiverKey&) -> Result<std::shared_ptr<Notifier>> {
      return n;
    };
    auto p = notify::pipeline::BuildPipeline(cfg, deps);
    EXPECT_TRUE(p.ok()) << p.status();
    registry.Replace(std::move(gen));
    return *p;
  };
  std::shared_ptr<notify::pipeline::Stage> pipeline =
      build(OneWebhookReceiver("team"), first);
  NotifyContext ctx;
  ctx.group_key = "{}:{}";
  ctx.receiver_name = "team";
  ctx.repeat_interval = 4h;
  ctx.now = clock_.Now();
  Status result = InternalError("not called");
  pipeline->Exec(ctx, {Firing("X")},
                 [&](Status s, NotifyContext, Alerts) { result = s; });
  ASSERT_TRUE(result.ok()) << result;
  EXPECT_TRUE(log.Query({"team", "webhook", 0}, "{}:{}").ok());
  EXPECT_EQ(executor_.RunAll(), 1u);  // 503: retried in 500ms
  EXPECT_EQ(first->calls(), 1u);

  // A reload swaps the notifier: the retry goes to the new one.
  auto second = std::make_shared<ScriptedNotifier>();
  pipeline = build(OneWebhookReceiver("team"), second);
  scheduler_.AdvanceBy(500ms);
  EXPECT_EQ(executor_.RunAll(), 1u);
  EXPECT_EQ(first->calls(), 1u);
  EXPECT_EQ(second->calls(), 1u);
  EXPECT_EQ(outbox_->Stats().delivered, 1u);

  // The same group again is deduplicated by the log the stage wrote.
  pipeline->Exec(ctx, {Firing("X")},
                 [&](Status s, NotifyContext, Alerts) { result = s; });
  EXPECT_EQ(executor_.QueueSize(), 0u);

  // A reload that drops the receiver: a pending row goes dead.
  auto third = std::make_shared<ScriptedNotifier>(std::deque<NotifyResult>{
      NotifyResult::Retryable(UnavailableError("HTTP 503"))});
  pipeline = build(OneWebhookReceiver("ops"), third);
  NotificationId id = Send("ops", "webhook", "g-ops");
  EXPECT_EQ(executor_.RunAll(), 1u);
  pipeline = build(OneWebhookReceiver("other"), third);
  scheduler_.AdvanceBy(1s);
  EXPECT_EQ(executor_.RunAll(), 1u);
  OutboxRow r = Row(id);
  EXPECT_EQ(r.state, DeliveryState::kDead);
  EXPECT_EQ(r.last_error,
            "ops/webhook[0]: unrecoverable error after 2 attempts: receiver "
            "ops/webhook[0] no longer exists");
}

TEST(OutboxPayloadTest, RoundTripsContextAndAlerts) {
  NotifyContext ctx;
  ctx.group_key = "{}/{env=\"prod\"}:{alertname=\"Zürich\"}";
  ctx.receiver_name = "ops \"team\"";
  ctx.group_labels = model::Labels{{"env", "prod"}};
  ctx.repeat_interval = 4h;
  ctx.now = model::Time(std::chrono::nanoseconds(1'700'000'000'123'456'789));
  ctx.firing_hashes = {1, 18446744073709551615ULL};
  ctx.resolved_hashes = {7};
  model::Alert a = Firing("X");
  a.ends_at = ctx.now;
  a.generator_url = "http://prom/graph?g0=1";
  a.updated_at = ctx.now;
  a.timeout = true;
  std::string payload = notify::outbox::EncodePayload(ctx, {a, Firing("Y")});
  NotifyContext got;
  Alerts alerts;
  ASSERT_TRUE(notify::outbox::DecodePayload(payload, &got, &alerts).ok());
  EXPECT_EQ(got.group_key, ctx.group_key);
  EXPECT_EQ(got.receiver_name, ctx.receiver_name);
  EXPECT_EQ(got.group_labels, ctx.group_labels);
  EXPECT_EQ(got.repeat_interval, ctx.repeat_interval);
  EXPECT_EQ(got.now, ctx.now);
  EXPECT_EQ(got.firing_hashes, ctx.firing_hashes);
  EXPECT_EQ(got.resolved_hashes, ctx.resolved_hashes);
  EXPECT_EQ(alerts, (Alerts{a, Firing("Y")}));
  Status bad = notify::outbox::DecodePayload("{\"groupKey\":1}", &got, &alerts);
  EXPECT_EQ(bad.code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace tocsin::store
