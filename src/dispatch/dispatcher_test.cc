#include "dispatch/dispatcher.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <deque>

#include "config/parse_context.h"
#include "config/route.h"
#include "notify/nflog/testing/memory_nflog_store.h"
#include "notify/pipeline/builder.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/testing/simulated_scheduler.h"

namespace tocsin::dispatch {
namespace {

using notify::pipeline::Alerts;
using notify::pipeline::NotifyContext;
using notify::pipeline::NotifyResult;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

std::shared_ptr<const RouteTree> Tree(const std::string& yaml) {
  config::ParseContext ctx;
  auto route = config::ParseRoute(YAML::Load(yaml), "route", ctx);
  EXPECT_TRUE(route.ok()) << route.status();
  auto tree = RouteTree::Build(**route);
  EXPECT_TRUE(tree.ok());
  return std::shared_ptr<const RouteTree>(std::move(*tree));
}

// Records every flush; completes with `result`.
class RecordingStage final : public notify::pipeline::Stage {
 public:
  void Exec(NotifyContext ctx, Alerts alerts,
            notify::pipeline::StageDone done) override {
    calls.push_back({ctx, alerts});
    done(result, std::move(ctx), std::move(alerts));
  }
  struct Call {
    NotifyContext ctx;
    Alerts alerts;
  };
  std::vector<Call> calls;
  Status result;
};

class InlineExecutor final : public runtime::Executor {
 public:
  bool Submit(std::function<void()> task) override {
    task();
    return true;
  }
};

class FakeNotifier final : public notify::pipeline::Notifier {
 public:
  NotifyResult Notify(const NotifyContext&, const Alerts& alerts) override {
    calls.push_back(alerts);
    return NotifyResult::Ok();
  }
  std::vector<Alerts> calls;
};

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() : scheduler_(clock_) {}

  model::Alert Alert(std::string_view name, std::string_view instance,
                     runtime::Duration started_ago = seconds(0)) {
    model::Alert a;
    a.labels = model::Labels{{"alertname", name}, {"instance", instance}};
    a.starts_at = clock_.Now() - started_ago;
    a.updated_at = clock_.Now();
    return a;
  }

  std::vector<std::string> Names(const Alerts& alerts) {
    std::vector<std::string> out;
    for (const auto& a : alerts) out.emplace_back(a.labels.Get("instance"));
    return out;
  }

  runtime::ManualClock clock_;
  runtime::SimulatedScheduler scheduler_;
};

constexpr char kRoute[] = R"(
receiver: team
group_by: [alertname]
group_wait: 30s
group_interval: 5m
repeat_interval: 1h
routes:
  - receiver: db
    matchers: ['alertname="DbDown"']
)";

TEST_F(DispatcherTest, GroupWaitThenGroupIntervalBatching) {
  auto stage = std::make_shared<RecordingStage>();
  Dispatcher d(Tree(kRoute), stage, scheduler_, clock_);
  d.OnAlert(Alert("Api", "a"));
  scheduler_.AdvanceBy(seconds(29));
  EXPECT_TRUE(stage->calls.empty());
  scheduler_.AdvanceBy(seconds(1));
  ASSERT_EQ(stage->calls.size(), 1u);
  EXPECT_EQ(Names(stage->calls[0].alerts), std::vector<std::string>{"a"});
  const NotifyContext& ctx = stage->calls[0].ctx;
  EXPECT_EQ(ctx.group_key, "{}:{alertname=\"Api\"}");
  EXPECT_EQ(ctx.receiver_name, "team");
  EXPECT_EQ(ctx.group_labels, (model::Labels{{"alertname", "Api"}}));
  EXPECT_EQ(ctx.repeat_interval, hours(1));
  EXPECT_EQ(ctx.deadline, clock_.MonoNow() + minutes(5));
  // A new alert of the group waits for the next group_interval tick.
  scheduler_.AdvanceBy(minutes(1));
  d.OnAlert(Alert("Api", "b"));
  scheduler_.AdvanceBy(minutes(3) + seconds(59));
  EXPECT_EQ(stage->calls.size(), 1u);
  scheduler_.AdvanceBy(seconds(1));
  ASSERT_EQ(stage->calls.size(), 2u);
  EXPECT_EQ(Names(stage->calls[1].alerts),
            (std::vector<std::string>{"a", "b"}));
  // The sub-route's group has its own key and receiver.
  d.OnAlert(Alert("DbDown", "c"));
  scheduler_.AdvanceBy(seconds(30));
  ASSERT_EQ(stage->calls.size(), 3u);
  EXPECT_EQ(stage->calls[2].ctx.group_key,
            "{}/{alertname=\"DbDown\"}:{alertname=\"DbDown\"}");
  EXPECT_EQ(stage->calls[2].ctx.receiver_name, "db");
  EXPECT_EQ(d.GroupCount(), 2u);
}

TEST_F(DispatcherTest, OldAlertFlushesImmediately) {
  auto stage = std::make_shared<RecordingStage>();
  Dispatcher d(Tree(kRoute), stage, scheduler_, clock_);
  d.OnAlert(Alert("Api", "a", minutes(1)));
  scheduler_.RunDue();
  EXPECT_EQ(stage->calls.size(), 1u);
}

TEST_F(DispatcherTest, ResolvedRemovedOnlyAfterSuccess) {
  auto stage = std::make_shared<RecordingStage>();
  Dispatcher d(Tree(kRoute), stage, scheduler_, clock_);
  model::Alert a = Alert("Api", "a");
  d.OnAlert(a);
  scheduler_.AdvanceBy(seconds(30));
  a.ends_at = clock_.Now();
  a.updated_at = clock_.Now();
  d.OnAlert(a);
  stage->result = UnavailableError("down");
  scheduler_.AdvanceBy(minutes(5));
  ASSERT_EQ(stage->calls.size(), 2u);
  EXPECT_EQ(stage->calls[1].alerts[0].ends_at, a.ends_at);
  EXPECT_EQ(d.Groups().size(), 1u);
  EXPECT_EQ(d.stats().flushes_failed, 1u);
  stage->result = Status::Ok();
  scheduler_.AdvanceBy(minutes(5));
  ASSERT_EQ(stage->calls.size(), 3u);
  EXPECT_TRUE(d.Groups().empty());
  // Empty groups go at the next maintenance; nothing flushes afterwards.
  d.RunMaintenance();
  EXPECT_EQ(d.GroupCount(), 0u);
  scheduler_.AdvanceBy(minutes(10));
  EXPECT_EQ(stage->calls.size(), 3u);
}

TEST_F(DispatcherTest, FiringAlertsEndsAtClearedInSnapshot) {
  auto stage = std::make_shared<RecordingStage>();
  Dispatcher d(Tree(kRoute), stage, scheduler_, clock_);
  model::Alert a = Alert("Api", "a");
  a.ends_at = clock_.Now() + minutes(5);  // from resolve_timeout
  d.OnAlert(a);
  scheduler_.AdvanceBy(seconds(30));
  ASSERT_EQ(stage->calls.size(), 1u);
  EXPECT_EQ(stage->calls[0].alerts[0].ends_at, model::kZeroTime);
}

TEST_F(DispatcherTest, GroupsFilterAndStop) {
  auto stage = std::make_shared<RecordingStage>();
  Dispatcher d(Tree(kRoute), stage, scheduler_, clock_);
  d.OnAlert(Alert("Api", "b"));
  d.OnAlert(Alert("Api", "a"));
  d.OnAlert(Alert("DbDown", "c"));
  std::vector<AlertGroupInfo> all = d.Groups();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].group_key,
            "{}/{alertname=\"DbDown\"}:{alertname=\"DbDown\"}");
  EXPECT_EQ(all[1].receiver, "team");
  EXPECT_EQ(Names(all[1].alerts), (std::vector<std::string>{"a", "b"}));
  auto only_team = d.Groups(
      [](const RouteNode& r) { return r.opts().receiver == "team"; },
      [](const model::Alert& a) { return a.labels.Get("instance") == "b"; });
  ASSERT_EQ(only_team.size(), 1u);
  EXPECT_EQ(Names(only_team[0].alerts), std::vector<std::string>{"b"});
  d.Stop();
  scheduler_.AdvanceBy(hours(1));
  EXPECT_TRUE(stage->calls.empty());
  EXPECT_EQ(scheduler_.PendingCount(), 0u);
}

// Completes only when the test says so.
class PendingStage final : public notify::pipeline::Stage {
 public:
  void Exec(NotifyContext ctx, Alerts alerts,
            notify::pipeline::StageDone done) override {
    pending.push_back([ctx, alerts, done]() mutable {
      done(Status::Ok(), std::move(ctx), std::move(alerts));
    });
  }
  std::vector<std::function<void()>> pending;
};

TEST_F(DispatcherTest, TimerDuringInFlightFlushFlushesAfterCompletion) {
  auto stage = std::make_shared<PendingStage>();
  auto d =
      std::make_unique<Dispatcher>(Tree(kRoute), stage, scheduler_, clock_);
  d->OnAlert(Alert("Api", "a"));
  scheduler_.AdvanceBy(seconds(30));
  ASSERT_EQ(stage->pending.size(), 1u);
  // The next tick finds the first flush still in the pipeline.
  scheduler_.AdvanceBy(minutes(5));
  EXPECT_EQ(stage->pending.size(), 1u);
  stage->pending[0]();
  scheduler_.RunDue();
  EXPECT_EQ(stage->pending.size(), 2u);
  EXPECT_EQ(d->stats().flushes, 2u);
  // A completion after the dispatcher is gone is ignored.
  d.reset();
  stage->pending[1]();
  EXPECT_EQ(scheduler_.PendingCount(), 0u);
}

// The real integration chain (dedup -> retry -> record) behind the
// dispatcher.
class FullPipelineTest : public DispatcherTest {
 protected:
  FullPipelineTest()
      : log_(store_, hours(120)),
        deliverer_(scheduler_, executor_),
        notifier_(std::make_shared<FakeNotifier>()) {}

  std::shared_ptr<notify::pipeline::Stage> Chain(
      notify::nflog::NotificationLog& log, bool send_resolved) {
    notify::nflog::ReceiverKey key{"team", "webhook", 0};
    using namespace notify::pipeline;
    return std::make_shared<MultiStage>(std::vector<std::shared_ptr<Stage>>{
        std::make_shared<DedupStage>(log, key, send_resolved),
        std::make_shared<RetryStage>(deliverer_, notifier_, key, send_resolved),
        std::make_shared<SetNotifiesStage>(log, key)});
  }

  notify::nflog::MemoryNflogStore store_;
  notify::nflog::NotificationLog log_;
  InlineExecutor executor_;
  notify::pipeline::RetryingDeliverer deliverer_;
  std::shared_ptr<FakeNotifier> notifier_;
};

TEST_F(FullPipelineTest, RepeatIntervalAndSendResolved) {
  Dispatcher d(Tree(kRoute), Chain(log_, true), scheduler_, clock_);
  model::Alert a = Alert("Api", "a");
  d.OnAlert(a);
  scheduler_.AdvanceBy(seconds(30));
  EXPECT_EQ(notifier_->calls.size(), 1u);
  // Unchanged: group_interval ticks send nothing until repeat_interval (1h).
  scheduler_.AdvanceBy(minutes(55));
  EXPECT_EQ(notifier_->calls.size(), 1u);
  // Exactly repeat_interval after the last notification is not "before
  // now - repeat" (upstream compares strictly): the next tick sends.
  scheduler_.AdvanceBy(minutes(5));  // t = 1h00m30s
  EXPECT_EQ(notifier_->calls.size(), 1u);
  scheduler_.AdvanceBy(minutes(5));  // t = 1h05m30s
  EXPECT_EQ(notifier_->calls.size(), 2u);
  // Resolution is sent (send_resolved) and the alert leaves the group.
  a.ends_at = clock_.Now();
  a.updated_at = clock_.Now();
  d.OnAlert(a);
  scheduler_.AdvanceBy(minutes(5));
  ASSERT_EQ(notifier_->calls.size(), 3u);
  EXPECT_TRUE(notifier_->calls[2][0].Resolved(clock_.Now()));
  EXPECT_TRUE(d.Groups().empty());
  scheduler_.AdvanceBy(hours(2));
  EXPECT_EQ(notifier_->calls.size(), 3u);
}

TEST_F(FullPipelineTest, RestartDoesNotResendUnchangedGroup) {
  model::Alert a = Alert("Api", "a");
  {
    Dispatcher d(Tree(kRoute), Chain(log_, true), scheduler_, clock_);
    d.OnAlert(a);
    scheduler_.AdvanceBy(seconds(30));
    EXPECT_EQ(notifier_->calls.size(), 1u);
  }
  scheduler_.AdvanceBy(minutes(2));
  // Restart: a fresh log loaded from the store, a fresh dispatcher, and the
  // alert store replaying its alerts.
  notify::nflog::NotificationLog reloaded(store_, hours(120));
  ASSERT_TRUE(reloaded.LoadFromStore().ok());
  Dispatcher d(Tree(kRoute), Chain(reloaded, true), scheduler_, clock_);
  d.OnAlert(a);  // started 2.5 min ago: flushes at once
  scheduler_.RunDue();
  EXPECT_EQ(d.stats().flushes, 1u);
  EXPECT_EQ(notifier_->calls.size(), 1u);
}

class NameMuter final : public model::Muter {
 public:
  bool Mutes(const model::Labels& labels) override {
    return labels.Get("alertname") == "Silenced";
  }
};

TEST_F(FullPipelineTest, SilencedAndTimeMutedAlertsAreNotSent) {
  auto tree = Tree(R"(
receiver: team
group_by: [alertname]
group_wait: 30s
routes:
  - matchers: ['alertname="Night"']
    mute_time_intervals: [always]
)");
  config::Config cfg;
  config::Receiver team;
  team.name = "team";
  cfg.receivers.push_back(team);
  config::NamedTimeInterval always;
  always.name = "always";
  always.time_intervals.push_back(timeinterval::TimeInterval{});
  cfg.time_intervals.push_back(always);
  NameMuter silencer;
  notify::pipeline::PipelineDeps deps;
  deps.silencer = &silencer;
  deps.log = &log_;
  deps.deliverer = &deliverer_;
  auto pipeline = notify::pipeline::BuildPipeline(cfg, deps);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  // The receiver has no integrations: wrap it to see what reaches them.
  auto recording = std::make_shared<RecordingStage>();
  auto stage = std::make_shared<notify::pipeline::MultiStage>(
      std::vector<std::shared_ptr<notify::pipeline::Stage>>{*pipeline,
                                                            recording});
  Dispatcher d(tree, stage, scheduler_, clock_);
  d.OnAlert(Alert("Silenced", "a"));
  d.OnAlert(Alert("Night", "b"));
  d.OnAlert(Alert("Loud", "c"));
  scheduler_.AdvanceBy(seconds(30));
  ASSERT_EQ(recording->calls.size(), 1u);
  EXPECT_EQ(recording->calls[0].ctx.group_key, "{}:{alertname=\"Loud\"}");
  EXPECT_EQ(d.stats().flushes, 3u);
}

}  // namespace
}  // namespace tocsin::dispatch
