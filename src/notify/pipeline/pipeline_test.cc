#include "notify/pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <optional>

#include "notify/nflog/testing/memory_nflog_store.h"
#include "notify/pipeline/builder.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/testing/simulated_scheduler.h"

namespace tocsin::notify::pipeline {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

class InlineExecutor final : public runtime::Executor {
 public:
  bool Submit(std::function<void()> task) override {
    task();
    return true;
  }
};

// Replays scripted results, records calls.
class FakeNotifier final : public Notifier {
 public:
  NotifyResult Notify(const NotifyContext&, const Alerts& alerts) override {
    calls.push_back(alerts);
    if (results.empty()) return NotifyResult::Ok();
    NotifyResult r = results.front();
    results.pop_front();
    return r;
  }
  std::deque<NotifyResult> results;
  std::vector<Alerts> calls;
};

model::Alert Firing(std::string_view name) {
  model::Alert a;
  a.labels = model::Labels{{"alertname", name}};
  a.starts_at = kT0 - minutes(1);
  return a;
}

model::Alert Resolved(std::string_view name) {
  model::Alert a = Firing(name);
  a.ends_at = kT0 - seconds(1);
  return a;
}

struct Outcome {
  Status status;
  Alerts alerts;
  NotifyContext ctx;
};

Outcome RunStage(Stage& stage, NotifyContext ctx, Alerts alerts) {
  std::optional<Outcome> out;
  stage.Exec(std::move(ctx), std::move(alerts),
             [&](Status s, NotifyContext c, Alerts a) {
               out = Outcome{s, std::move(a), std::move(c)};
             });
  EXPECT_TRUE(out.has_value());
  return out.value_or(Outcome{});
}

NotifyContext Ctx() {
  NotifyContext ctx;
  ctx.group_key = "{}:{}";
  ctx.receiver_name = "team";
  ctx.repeat_interval = hours(4);
  ctx.now = kT0;
  return ctx;
}

TEST(NeedsUpdateTest, UpstreamRules) {
  using V = std::vector<uint64_t>;
  const auto ri = hours(4);
  // Never notified: only when something fires.
  EXPECT_TRUE(DedupStage::NeedsUpdate(nullptr, V{1}, V{}, true, kT0, ri));
  EXPECT_FALSE(DedupStage::NeedsUpdate(nullptr, V{}, V{2}, true, kT0, ri));
  nflog::Entry e;
  e.firing_alerts = {1, 2};
  e.resolved_alerts = {};
  e.timestamp = kT0 - minutes(10);
  // New firing alert.
  EXPECT_TRUE(DedupStage::NeedsUpdate(&e, V{1, 3}, V{}, false, kT0, ri));
  // Unchanged, repeat interval not passed.
  EXPECT_FALSE(DedupStage::NeedsUpdate(&e, V{1, 2}, V{}, true, kT0, ri));
  // Subset still firing, one resolved: only with send_resolved.
  EXPECT_TRUE(DedupStage::NeedsUpdate(&e, V{1}, V{2}, true, kT0, ri));
  EXPECT_FALSE(DedupStage::NeedsUpdate(&e, V{1}, V{2}, false, kT0, ri));
  // All resolved: notify regardless of send_resolved.
  EXPECT_TRUE(DedupStage::NeedsUpdate(&e, V{}, V{1, 2}, false, kT0, ri));
  // Repeat interval passed.
  EXPECT_TRUE(DedupStage::NeedsUpdate(&e, V{1, 2}, V{}, false, kT0 + ri, ri));
  // Fired and resolved between notifications the receiver never saw.
  nflog::Entry empty;
  empty.timestamp = kT0 - minutes(10);
  EXPECT_FALSE(DedupStage::NeedsUpdate(&empty, V{}, V{7}, true, kT0, ri));
}

class AlwaysMuter final : public model::Muter {
 public:
  bool Mutes(const model::Labels& l) override {
    return l.Get("alertname") == "muted";
  }
};

TEST(MuteStageTest, DropsMutedAlerts) {
  AlwaysMuter muter;
  MuteStage stage(muter);
  Outcome o = RunStage(stage, Ctx(), {Firing("muted"), Firing("kept")});
  ASSERT_TRUE(o.status.ok());
  ASSERT_EQ(o.alerts.size(), 1u);
  EXPECT_EQ(o.alerts[0].name(), "kept");
}

std::shared_ptr<const timeinterval::Intervener> WeekendIntervener() {
  timeinterval::TimeInterval ti;
  ti.weekdays = {{6, 6}, {0, 0}};  // Saturday, Sunday
  return std::make_shared<const timeinterval::Intervener>(
      std::map<std::string, std::vector<timeinterval::TimeInterval>>{
          {"weekend", {ti}}});
}

TEST(TimeStagesTest, MuteAndActiveIntervals) {
  auto iv = WeekendIntervener();
  TimeMuteStage mute(iv);
  TimeActiveStage active(iv);
  NotifyContext ctx = Ctx();  // 2024-01-01 is a Monday
  ctx.mute_time_intervals = {"weekend"};
  ctx.active_time_intervals = {"weekend"};
  EXPECT_EQ(RunStage(mute, ctx, {Firing("a")}).alerts.size(), 1u);
  EXPECT_EQ(RunStage(active, ctx, {Firing("a")}).alerts.size(), 0u);
  ctx.now = kT0 + hours(24 * 5);  // Saturday
  EXPECT_EQ(RunStage(mute, ctx, {Firing("a")}).alerts.size(), 0u);
  EXPECT_EQ(RunStage(active, ctx, {Firing("a")}).alerts.size(), 1u);
  ctx.mute_time_intervals = {"nope"};
  Outcome o = RunStage(mute, ctx, {Firing("a")});
  EXPECT_EQ(o.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(o.status.message(), "time interval nope doesn't exist in config");
}

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest()
      : clock_(kT0),
        scheduler_(clock_),
        log_(store_, hours(120)),
        deliverer_(scheduler_, executor_,
                   [this](const Status& s) { failures_.push_back(s); }),
        notifier_(std::make_shared<FakeNotifier>()) {}

  std::shared_ptr<Stage> Chain(bool send_resolved) {
    return std::make_shared<MultiStage>(std::vector<std::shared_ptr<Stage>>{
        std::make_shared<DedupStage>(log_, key_, send_resolved),
        std::make_shared<RetryStage>(deliverer_, notifier_, key_,
                                     send_resolved),
        std::make_shared<SetNotifiesStage>(log_, key_)});
  }

  NotifyContext CtxAt(model::Time now) {
    NotifyContext ctx = Ctx();
    ctx.now = now;
    ctx.deadline = clock_.MonoNow() + minutes(5);
    return ctx;
  }

  runtime::ManualClock clock_;
  runtime::SimulatedScheduler scheduler_;
  InlineExecutor executor_;
  nflog::MemoryNflogStore store_;
  nflog::NotificationLog log_;
  std::vector<Status> failures_;
  RetryingDeliverer deliverer_;
  std::shared_ptr<FakeNotifier> notifier_;
  nflog::ReceiverKey key_{"team", "webhook", 0};
};

TEST_F(PipelineTest, DedupSendsOnceAndRecords) {
  auto chain = Chain(true);
  Outcome o = RunStage(*chain, CtxAt(kT0), {Firing("a")});
  ASSERT_TRUE(o.status.ok());
  ASSERT_EQ(notifier_->calls.size(), 1u);
  Result<nflog::Entry> e = log_.Query(key_, "{}:{}");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->firing_alerts,
            std::vector<uint64_t>{Firing("a").fingerprint().value()});
  EXPECT_EQ(e->expires_at, kT0 + hours(8));
  // Unchanged group: not sent again.
  RunStage(*chain, CtxAt(kT0 + minutes(5)), {Firing("a")});
  EXPECT_EQ(notifier_->calls.size(), 1u);
  // After repeat_interval: sent again.
  RunStage(*chain, CtxAt(kT0 + hours(4) + seconds(1)), {Firing("a")});
  EXPECT_EQ(notifier_->calls.size(), 2u);
}

TEST_F(PipelineTest, DedupSurvivesRestart) {
  RunStage(*Chain(true), CtxAt(kT0), {Firing("a")});
  ASSERT_EQ(notifier_->calls.size(), 1u);
  nflog::NotificationLog restarted(store_, hours(120));
  ASSERT_TRUE(restarted.LoadFromStore().ok());
  DedupStage dedup(restarted, key_, true);
  Outcome o = RunStage(dedup, CtxAt(kT0 + minutes(1)), {Firing("a")});
  EXPECT_TRUE(o.alerts.empty());
}

TEST_F(PipelineTest, WithoutSendResolvedOnlyFiringIsSent) {
  auto chain = Chain(false);
  RunStage(*chain, CtxAt(kT0), {Firing("a"), Resolved("b")});
  ASSERT_EQ(notifier_->calls.size(), 1u);
  ASSERT_EQ(notifier_->calls[0].size(), 1u);
  EXPECT_EQ(notifier_->calls[0][0].name(), "a");
  // All resolved: the stage runs (the log forgets the firing alert) but
  // nothing is sent.
  RunStage(*chain, CtxAt(kT0 + minutes(5)), {Resolved("a")});
  EXPECT_EQ(notifier_->calls.size(), 1u);
  EXPECT_TRUE(log_.Query(key_, "{}:{}")->firing_alerts.empty());
}

TEST_F(PipelineTest, RetriesWithBackoffOnTheScheduler) {
  EXPECT_EQ(RetryingDeliverer::Backoff(1), milliseconds(500));
  EXPECT_EQ(RetryingDeliverer::Backoff(2), milliseconds(750));
  EXPECT_EQ(RetryingDeliverer::Backoff(30), seconds(60));
  notifier_->results = {NotifyResult::Retryable(UnavailableError("503")),
                        NotifyResult::Retryable(UnavailableError("503"))};
  std::optional<Outcome> out;
  Chain(true)->Exec(CtxAt(kT0), {Firing("a")},
                    [&](Status s, NotifyContext c, Alerts a) {
                      out = Outcome{s, std::move(a), std::move(c)};
                    });
  EXPECT_FALSE(out.has_value());
  EXPECT_EQ(notifier_->calls.size(), 1u);
  scheduler_.AdvanceBy(milliseconds(499));
  EXPECT_EQ(notifier_->calls.size(), 1u);
  scheduler_.AdvanceBy(milliseconds(1));
  EXPECT_EQ(notifier_->calls.size(), 2u);
  scheduler_.AdvanceBy(milliseconds(750));
  ASSERT_TRUE(out.has_value());
  EXPECT_TRUE(out->status.ok());
  EXPECT_EQ(notifier_->calls.size(), 3u);
  EXPECT_TRUE(log_.Query(key_, "{}:{}").ok());
  DeliveryStats st = deliverer_.stats();
  EXPECT_EQ(st.notifications, 1u);
  EXPECT_EQ(st.requests, 3u);
  EXPECT_EQ(st.requests_failed, 2u);
  EXPECT_EQ(st.notifications_failed, 0u);
}

TEST_F(PipelineTest, RetriesGiveUpAtDeadline) {
  for (int i = 0; i < 100; ++i) {
    notifier_->results.push_back(
        NotifyResult::Retryable(UnavailableError("connection refused")));
  }
  std::optional<Outcome> out;
  NotifyContext ctx = CtxAt(kT0);
  ctx.deadline = clock_.MonoNow() + seconds(2);
  Chain(true)->Exec(ctx, {Firing("a")},
                    [&](Status s, NotifyContext c, Alerts a) {
                      out = Outcome{s, std::move(a), std::move(c)};
                    });
  scheduler_.AdvanceBy(seconds(10));
  ASSERT_TRUE(out.has_value());
  // Attempts at 0, 0.5s, 1.25s; the next wait ends at 2.375s >= deadline.
  EXPECT_EQ(out->status.message(),
            "team/webhook[0]: notify retry canceled after 3 attempts: "
            "connection refused");
  EXPECT_EQ(failures_.size(), 1u);
  EXPECT_FALSE(log_.Query(key_, "{}:{}").ok());
}

TEST_F(PipelineTest, PermanentFailureStopsAtOnce) {
  auto chain = std::make_shared<MultiStage>(
      std::vector<std::shared_ptr<Stage>>{std::make_shared<RetryStage>(
          deliverer_, std::make_shared<NotImplementedNotifier>("slack"),
          nflog::ReceiverKey{"team", "slack", 1}, true)});
  Outcome o = RunStage(*chain, CtxAt(kT0), {Firing("a")});
  EXPECT_EQ(o.status.code(), StatusCode::kUnimplemented);
  EXPECT_EQ(o.status.message(),
            "team/slack[1]: notify retry canceled due to unrecoverable error "
            "after 1 attempts: slack notifications are not implemented until "
            "the notifications issue");
  EXPECT_EQ(deliverer_.stats().notifications_failed, 1u);
  std::map<std::string, DeliveryStats> by = deliverer_.StatsByIntegration();
  ASSERT_EQ(by.size(), 1u);
  EXPECT_EQ(by["slack"].notifications, 1u);
  EXPECT_EQ(by["slack"].requests_failed, 1u);
}

TEST_F(PipelineTest, FanoutAndRouting) {
  auto ok = Chain(true);
  auto bad = std::make_shared<RetryStage>(
      deliverer_, std::make_shared<NotImplementedNotifier>("email"),
      nflog::ReceiverKey{"team", "email", 0}, true);
  RoutingStage routing(
      {{"team", std::make_shared<FanoutStage>(
                    std::vector<std::shared_ptr<Stage>>{ok, bad})}});
  Outcome o = RunStage(routing, CtxAt(kT0), {Firing("a")});
  EXPECT_EQ(notifier_->calls.size(), 1u);
  EXPECT_EQ(o.status.message(),
            "team/email[0]: notify retry canceled due to unrecoverable error "
            "after 1 attempts: email notifications are not implemented until "
            "the notifications issue");
  NotifyContext other = CtxAt(kT0);
  other.receiver_name = "nobody";
  EXPECT_EQ(RunStage(routing, other, {Firing("a")}).status.message(),
            "stage for receiver missing");
}

class FakeConfig final : public config::IntegrationConfig {
 public:
  FakeConfig(std::string kind, bool send_resolved)
      : kind_(std::move(kind)), send_resolved_(send_resolved) {}
  std::string_view Kind() const override { return kind_; }
  bool SendResolved() const override { return send_resolved_; }
  YAML::Node ToYaml() const override { return YAML::Node(); }

 private:
  std::string kind_;
  bool send_resolved_;
};

TEST_F(PipelineTest, BuilderWiresReceiversAndNumbersIntegrations) {
  config::Config cfg;
  config::Receiver team;
  team.name = "team";
  team.integrations.push_back(
      {"webhook_configs",
       {std::make_shared<FakeConfig>("webhook", true),
        std::make_shared<FakeConfig>("webhook", true)}});
  team.integrations.push_back(
      {"slack_configs", {std::make_shared<FakeConfig>("slack", true)}});
  cfg.receivers.push_back(team);
  AlwaysMuter silencer;
  std::vector<std::string> made;
  PipelineDeps deps;
  deps.silencer = &silencer;
  deps.log = &log_;
  deps.deliverer = &deliverer_;
  deps.factories["webhook"] =
      [&](const config::IntegrationConfig&,
          const nflog::ReceiverKey& key) -> Result<std::shared_ptr<Notifier>> {
    made.push_back(key.ToString());
    return std::shared_ptr<Notifier>(notifier_);
  };
  Result<std::shared_ptr<Stage>> p = BuildPipeline(cfg, deps);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(made,
            (std::vector<std::string>{"team/webhook/0", "team/webhook/1"}));
  Outcome o = RunStage(**p, CtxAt(kT0), {Firing("a"), Firing("muted")});
  // Both webhooks got the unmuted alert; slack failed permanently.
  ASSERT_EQ(notifier_->calls.size(), 2u);
  EXPECT_EQ(notifier_->calls[0].size(), 1u);
  EXPECT_EQ(o.status.message(),
            "team/slack[0]: notify retry canceled due to unrecoverable error "
            "after 1 attempts: slack notifications are not implemented until "
            "the notifications issue");
  EXPECT_TRUE(log_.Query({"team", "webhook", 1}, "{}:{}").ok());
  EXPECT_EQ(BuildPipeline(cfg, PipelineDeps{}).status().code(),
            StatusCode::kInvalidArgument);
}

// Records what reaches it and passes the alerts on.
class RecordingStage final : public Stage {
 public:
  void Exec(NotifyContext ctx, Alerts alerts, StageDone done) override {
    seen.push_back(alerts.size());
    done(Status::Ok(), std::move(ctx), std::move(alerts));
  }
  std::vector<size_t> seen;
};

TEST_F(PipelineTest, BuilderUsesTheDeliveryStageFactoryInsteadOfDeliverer) {
  config::Config cfg;
  config::Receiver team;
  team.name = "team";
  team.integrations.push_back(
      {"webhook_configs",
       {std::make_shared<FakeConfig>("webhook", false),
        std::make_shared<FakeConfig>("webhook", true)}});
  cfg.receivers.push_back(team);
  PipelineDeps deps;
  deps.log = &log_;
  deps.factories["webhook"] =
      [&](const config::IntegrationConfig&,
          const nflog::ReceiverKey&) -> Result<std::shared_ptr<Notifier>> {
    return std::shared_ptr<Notifier>(notifier_);
  };
  std::vector<std::string> made;
  std::vector<std::shared_ptr<RecordingStage>> stages;
  deps.delivery_stage = [&](const nflog::ReceiverKey& key,
                            std::shared_ptr<Notifier> n,
                            bool send_resolved) -> std::shared_ptr<Stage> {
    EXPECT_EQ(n, notifier_);
    made.push_back(key.ToString() + (send_resolved ? "+resolved" : ""));
    stages.push_back(std::make_shared<RecordingStage>());
    return stages.back();
  };
  Result<std::shared_ptr<Stage>> p = BuildPipeline(cfg, deps);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(made, (std::vector<std::string>{"team/webhook/0",
                                            "team/webhook/1+resolved"}));
  Outcome o = RunStage(**p, CtxAt(kT0), {Firing("a"), Firing("b")});
  EXPECT_TRUE(o.status.ok()) << o.status;
  // Dedup ran first (nothing logged yet: both pass), then the stage; the
  // deliverer was not used.
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0]->seen, std::vector<size_t>{2});
  EXPECT_EQ(stages[1]->seen, std::vector<size_t>{2});
  EXPECT_TRUE(notifier_->calls.empty());
}

}  // namespace
}  // namespace tocsin::notify::pipeline
