#include "server/alert_core.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "alerts/alert_store.h"
#include "dispatch/dispatcher.h"
#include "dispatch/route_tree.h"
#include "inhibit/inhibitor.h"
#include "model/alert.h"
#include "net/http_client.h"
#include "notify/nflog/nflog.h"
#include "notify/outbox/outbox.h"
#include "notify/outbox/outbox_api.h"
#include "notify/outbox/outbox_stage.h"
#include "notify/pipeline/builder.h"
#include "notify/pipeline/pipeline.h"
#include "notify/webhook/webhook_notifier.h"
#include "runtime/executor.h"
#include "runtime/periodic_task.h"
#include "silence/random_id_generator.h"
#include "silence/silences.h"
#include "store/sqlite/sqlite_nflog_store.h"
#include "store/sqlite/sqlite_outbox_store.h"
#include "store/sqlite/sqlite_silence_store.h"

namespace tocsin::server {

namespace {

using notify::pipeline::DeliveryRequest;
using notify::pipeline::Notifier;
using notify::pipeline::NotifyResult;

// Alertmanager's notification metrics (notify.Metrics), with the
// receiver_name label only under --enable-feature=receiver-name-in-metrics.
struct NotifyMetrics {
  bool with_receiver = false;
  metrics::CounterFamily* notifications = nullptr;
  metrics::CounterFamily* failed = nullptr;
  metrics::CounterFamily* requests = nullptr;
  metrics::CounterFamily* requests_failed = nullptr;
  metrics::HistogramFamily* latency = nullptr;

  std::vector<std::string> Labels(const notify::nflog::ReceiverKey& k) const {
    if (with_receiver) return {k.integration, k.group_name};
    return {k.integration};
  }
};

// Counts each notifier call (requests, failed requests, latency).
class InstrumentedNotifier final : public Notifier {
 public:
  InstrumentedNotifier(std::shared_ptr<Notifier> inner, const NotifyMetrics& m,
                       const notify::nflog::ReceiverKey& key,
                       const runtime::Clock& clock)
      : inner_(std::move(inner)),
        requests_(m.requests->WithLabels(m.Labels(key))),
        failed_(m.requests_failed->WithLabels(m.Labels(key))),
        latency_(m.latency->WithLabels(m.Labels(key))),
        clock_(clock) {}

  NotifyResult Notify(const notify::pipeline::NotifyContext& ctx,
                      const notify::pipeline::Alerts& alerts) override {
    runtime::MonoTime start = clock_.MonoNow();
    NotifyResult r = inner_->Notify(ctx, alerts);
    latency_.Observe(
        std::chrono::duration<double>(clock_.MonoNow() - start).count());
    requests_.Inc();
    if (!r.status.ok()) failed_.Inc();
    return r;
  }

 private:
  std::shared_ptr<Notifier> inner_;
  metrics::Counter& requests_;
  metrics::Counter& failed_;
  metrics::Histogram& latency_;
  const runtime::Clock& clock_;
};

// Counts each notification handed to the outbox (notifications_total), as
// upstream counts each notification once however often it is retried.
class CountingStage final : public notify::pipeline::Stage {
 public:
  CountingStage(std::shared_ptr<notify::pipeline::Stage> inner,
                metrics::Counter& notifications)
      : inner_(std::move(inner)), notifications_(notifications) {}
  void Exec(notify::pipeline::NotifyContext ctx,
            notify::pipeline::Alerts alerts,
            notify::pipeline::StageDone done) override {
    notifications_.Inc();
    inner_->Exec(std::move(ctx), std::move(alerts), std::move(done));
  }

 private:
  std::shared_ptr<notify::pipeline::Stage> inner_;
  metrics::Counter& notifications_;
};

// Subscribes `listener` to `store` and feeds it the stored alerts first.
// Live updates wait (gate held) until the replay is done, so the listener
// sees every alert in store order: snapshot versions, then newer ones.
class ReplayingListener final : public alerts::AlertListener {
 public:
  explicit ReplayingListener(alerts::AlertListener& inner) : inner_(inner) {}
  void OnAlert(const model::Alert& alert) override {
    std::lock_guard<std::mutex> lock(gate_);
    inner_.OnAlert(alert);
  }
  void OnAlertShared(
      const std::shared_ptr<const model::Alert>& alert) override {
    std::lock_guard<std::mutex> lock(gate_);
    inner_.OnAlertShared(alert);
  }
  void SubscribeTo(alerts::AlertStore& store) {
    std::lock_guard<std::mutex> lock(gate_);
    for (const auto& a : store.SubscribeShared(*this)) {
      inner_.OnAlertShared(a);
    }
  }

 private:
  alerts::AlertListener& inner_;
  std::mutex gate_;
};

}  // namespace

struct AlertCore::Persistent {
  Persistent(const AlertCoreOptions& o,
             std::shared_ptr<store::SqliteDatabase> d, runtime::Scheduler& s,
             const runtime::Clock& c, Logger& l)
      : options(o),
        scheduler(s),
        clock(c),
        logger(l),
        db(std::move(d)),
        store(marker, alerts::AlertStoreOptions{o.max_alerts}),
        silence_store(db),
        nflog_store(db),
        outbox_store(db),
        outbox_staging(outbox_store, nflog_store),
        nflog(outbox_staging, o.retention),
        own_executor(o.delivery_executor
                         ? nullptr
                         : std::make_unique<runtime::ThreadPoolExecutor>(
                               runtime::ThreadPoolOptions{
                                   o.delivery_threads, 4096, "tocsin-notify"})),
        executor(o.delivery_executor ? *o.delivery_executor : *own_executor),
        webhook_sender(http_client) {}

  const AlertCoreOptions options;
  runtime::Scheduler& scheduler;
  const runtime::Clock& clock;
  Logger& logger;
  std::shared_ptr<store::SqliteDatabase> db;

  model::AlertMarker marker;
  alerts::AlertStore store;
  store::SqliteSilenceStore silence_store;
  silence::RandomIdGenerator ids;
  std::unique_ptr<silence::Silences> silences;
  std::unique_ptr<silence::SilenceMuter> silence_muter;
  store::SqliteNflogStore nflog_store;
  store::SqliteOutboxStore outbox_store;
  notify::outbox::OutboxNflogStore outbox_staging;
  notify::nflog::NotificationLog nflog;
  notify::outbox::NotifierRegistry notifiers;
  std::mt19937_64 rng{std::random_device{}()};

  NotifyMetrics notify_metrics;
  std::unique_ptr<runtime::ThreadPoolExecutor> own_executor;
  runtime::Executor& executor;
  net::HttpClient http_client;
  notify::webhook::NetWebhookSender webhook_sender;
  std::unique_ptr<notify::outbox::Outbox> outbox;
  std::unique_ptr<notify::outbox::OutboxGcLoop> outbox_gc;
  // Rows gone dead already counted into notifications_failed_total, by
  // integration kind. GUARDED_BY(dead_mu).
  std::mutex dead_mu;
  std::map<std::string, uint64_t> dead_counted;

  metrics::CounterFamily* received = nullptr;
  metrics::Counter* invalid = nullptr;

  std::unique_ptr<alerts::AlertGcLoop> alert_gc;
  std::unique_ptr<notify::nflog::NflogGcLoop> nflog_gc;
  std::unique_ptr<runtime::PeriodicTask> silence_gc;
  model::Time started = model::kZeroTime;
};

// One config generation. Destruction order matters: the dispatcher (which
// holds the pipeline) goes before the muters and inhibitor it uses.
struct AlertCore::Graph {
  std::shared_ptr<const config::Config> config;
  std::shared_ptr<const dispatch::RouteTree> tree;
  std::unique_ptr<inhibit::Inhibitor> inhibitor;
  std::unique_ptr<inhibit::InhibitMuter> inhibit_muter;
  std::unique_ptr<dispatch::Dispatcher> dispatcher;
  std::unique_ptr<ReplayingListener> inhibitor_listener;
  std::unique_ptr<alerts::FunctionAlertListener> inhibitor_fn;
  std::unique_ptr<ReplayingListener> dispatcher_listener;
  // This generation's notifiers, handed to the outbox's registry when the
  // graph is swapped in.
  notify::outbox::NotifierRegistry::Generation notifiers;

  ~Graph() {
    dispatcher_listener.reset();
    if (dispatcher) dispatcher->Stop();
    dispatcher.reset();
  }
};

AlertCore::~AlertCore() { Stop(); }

Result<std::unique_ptr<AlertCore>> AlertCore::Start(
    const AlertCoreOptions& options, std::shared_ptr<store::SqliteDatabase> db,
    std::shared_ptr<const config::Config> config, runtime::Scheduler& scheduler,
    const runtime::Clock& clock, metrics::Registry& registry, Logger& logger) {
  std::unique_ptr<AlertCore> core(new AlertCore());
  core->p_ = std::make_unique<Persistent>(options, std::move(db), scheduler,
                                          clock, logger);
  Persistent& p = *core->p_;
  p.started = clock.Now();

  silence::SilencesOptions so;
  so.retention = options.retention;
  so.max_silences = options.max_silences;
  so.max_silence_size_bytes = options.max_silence_size_bytes;
  so.label_mode = options.mode;
  ASSIGN_OR_RETURN(p.silences,
                   silence::Silences::Create(so, p.silence_store, p.ids));
  if (p.silences->load_errors() > 0) {
    logger.Warn("Stored silences whose matchers no longer compile mute nothing",
                {{"count", std::to_string(p.silences->load_errors())}});
  }
  p.silence_muter =
      std::make_unique<silence::SilenceMuter>(*p.silences, p.marker, clock);
  RETURN_IF_ERROR(p.nflog.LoadFromStore());

  p.outbox = std::make_unique<notify::outbox::Outbox>(
      p.outbox_store, scheduler, p.executor, clock,
      [&p] { return std::uniform_real_distribution<double>()(p.rng); },
      p.notifiers.Resolver(), notify::outbox::OutboxOptions{});

  core->RegisterMetrics(registry);

  ASSIGN_OR_RETURN(std::shared_ptr<Graph> graph, core->BuildGraph(config));
  p.notifiers.Replace(graph->notifiers);
  {
    std::lock_guard<std::mutex> lock(core->mu_);
    core->graph_ = graph;
    core->deps_ = core->MakeDeps(graph);
  }
  graph->inhibitor_listener->SubscribeTo(p.store);
  graph->dispatcher_listener->SubscribeTo(p.store);
  // Pending rows are loaded only once the first notifier generation is in
  // place (else they would go dead as "receiver no longer exists").
  RETURN_IF_ERROR(p.outbox->Start());

  AlertCore* raw = core.get();
  p.alert_gc = std::make_unique<alerts::AlertGcLoop>(
      p.store, scheduler, clock, options.alerts_gc_interval,
      [raw](model::Time now, const std::vector<model::Alert>&) {
        std::shared_ptr<Graph> g;
        {
          std::lock_guard<std::mutex> lock(raw->mu_);
          g = raw->graph_;
        }
        if (g) g->inhibitor->GC(now);
      });
  p.alert_gc->Start();
  p.nflog_gc = std::make_unique<notify::nflog::NflogGcLoop>(
      p.nflog, scheduler, clock, options.maintenance_interval,
      [&logger](const Status& st) {
        logger.Error("Notification log GC failed", {{"err", st.message()}});
      });
  p.nflog_gc->Start();
  p.silence_gc = std::make_unique<runtime::PeriodicTask>(
      scheduler, options.maintenance_interval, [&p](runtime::MonoTime) {
        Result<size_t> n = p.silences->GC(p.clock.Now());
        if (!n.ok()) {
          p.logger.Error("Silence GC failed", {{"err", n.status().message()}});
        }
      });
  p.silence_gc->Start();
  p.outbox_gc = std::make_unique<notify::outbox::OutboxGcLoop>(
      p.outbox_store, scheduler, clock, options.maintenance_interval,
      options.retention, [&logger](const Status& st) {
        logger.Error("Notification outbox GC failed", {{"err", st.message()}});
      });
  p.outbox_gc->Start();
  return core;
}

Result<std::shared_ptr<AlertCore::Graph>> AlertCore::BuildGraph(
    std::shared_ptr<const config::Config> config) {
  Persistent& p = *p_;
  auto g = std::make_shared<Graph>();
  g->config = config;
  ASSIGN_OR_RETURN(std::unique_ptr<dispatch::RouteTree> tree,
                   dispatch::RouteTree::Build(*config->route));
  g->tree = std::move(tree);
  g->inhibitor = std::make_unique<inhibit::Inhibitor>(config->inhibit_rules);
  g->inhibit_muter =
      std::make_unique<inhibit::InhibitMuter>(*g->inhibitor, p.marker, p.clock);

  notify::pipeline::PipelineDeps deps;
  deps.inhibitor = g->inhibit_muter.get();
  deps.silencer = p.silence_muter.get();
  deps.log = &p.nflog;
  auto gen = std::make_shared<notify::outbox::NotifierRegistry::Generation>();
  notify::pipeline::DeliveryStageFactory outbox_stage =
      notify::outbox::MakeOutboxDeliveryStage(p.outbox_staging, p.nflog,
                                              *p.outbox, gen.get());
  deps.delivery_stage = [&p, outbox_stage, gen](
                            const notify::nflog::ReceiverKey& key,
                            std::shared_ptr<Notifier> notifier,
                            bool send_resolved) {
    return std::shared_ptr<notify::pipeline::Stage>(
        std::make_shared<CountingStage>(
            outbox_stage(key, std::move(notifier), send_resolved),
            p.notify_metrics.notifications->WithLabels(
                p.notify_metrics.Labels(key))));
  };
  notify::pipeline::NotifierFactory webhook =
      notify::webhook::MakeWebhookNotifierFactory(
          p.webhook_sender, p.options.external_url, p.options.user_agent);
  deps.factories["webhook"] = [&p, webhook](
                                  const config::IntegrationConfig& c,
                                  const notify::nflog::ReceiverKey& key)
      -> Result<std::shared_ptr<Notifier>> {
    ASSIGN_OR_RETURN(std::shared_ptr<Notifier> n, webhook(c, key));
    return std::shared_ptr<Notifier>(std::make_shared<InstrumentedNotifier>(
        std::move(n), p.notify_metrics, key, p.clock));
  };
  ASSIGN_OR_RETURN(std::shared_ptr<notify::pipeline::Stage> pipeline,
                   notify::pipeline::BuildPipeline(*config, deps));
  g->dispatcher = std::make_unique<dispatch::Dispatcher>(
      g->tree, std::move(pipeline), p.scheduler, p.clock);
  g->notifiers = std::move(*gen);

  inhibit::Inhibitor* inhibitor = g->inhibitor.get();
  g->inhibitor_fn = std::make_unique<alerts::FunctionAlertListener>(
      [inhibitor](const model::Alert& a) { inhibitor->OnAlert(a); });
  g->inhibitor_listener = std::make_unique<ReplayingListener>(*g->inhibitor_fn);
  g->dispatcher_listener = std::make_unique<ReplayingListener>(*g->dispatcher);
  return g;
}

std::shared_ptr<api::v2::V2Deps> AlertCore::MakeDeps(
    const std::shared_ptr<Graph>& graph) const {
  Persistent& p = *p_;
  auto d = std::make_shared<api::v2::V2Deps>();
  d->alerts = &p.store;
  d->marker = &p.marker;
  d->silences = p.silences.get();
  const runtime::Clock* clock = &p.clock;
  d->now = [clock] { return clock->Now(); };
  d->resolve_timeout = graph->config->global.resolve_timeout;
  d->mode = p.options.mode;
  // The graph stays alive as long as a request holds this deps snapshot.
  d->set_alert_status = [&p, graph](const model::Labels& labels) {
    p.silence_muter->Mutes(labels);
    graph->inhibit_muter->Mutes(labels);
  };
  // The same marker update as the two muters, in one marker call.
  d->alert_status = [&p, graph](const model::Labels& labels) {
    model::Time now = p.clock.Now();
    std::vector<std::string> silenced;
    for (silence::SilenceId& id : p.silences->Mutes(labels, now)) {
      silenced.push_back(id.value());
    }
    std::vector<std::string> inhibited;
    if (std::optional<model::Fingerprint> by =
            graph->inhibitor->Mutes(labels, now)) {
      inhibited.push_back(by->ToString());
    }
    return p.marker.SetStatus(labels.fingerprint(), std::move(silenced),
                              std::move(inhibited));
  };
  d->receivers_for = [graph](const model::Labels& labels) {
    std::vector<std::string> out;
    for (const dispatch::RouteNode* n : graph->tree->Match(labels)) {
      out.push_back(n->opts().receiver);
    }
    return out;
  };
  d->groups = [graph](const std::function<bool(const std::string&)>& keep) {
    std::vector<api::v2::AlertGroupView> out;
    for (dispatch::AlertGroupInfo& g :
         graph->dispatcher->Groups([&keep](const dispatch::RouteNode& n) {
           return keep(n.opts().receiver);
         })) {
      out.push_back(
          {std::move(g.labels), std::move(g.receiver), std::move(g.alerts)});
    }
    return out;
  };
  d->receiver_names = [graph] {
    std::vector<std::string> out;
    for (const config::Receiver& r : graph->config->receivers) {
      out.push_back(r.name);
    }
    return out;
  };
  // Alertmanager serves Config.String(): the loaded config printed back with
  // defaults filled in and secrets hidden, not the file text.
  auto original =
      std::make_shared<const std::string>(config::ToYamlString(*graph->config));
  d->config_original = [original] { return *original; };
  d->version = p.options.version;
  d->uptime = p.started;
  metrics::CounterFamily* received = p.received;
  metrics::Counter* invalid = p.invalid;
  d->on_alerts_received = [received, invalid](size_t firing, size_t resolved,
                                              size_t bad) {
    received->WithLabels({"firing", "v2"}).Inc(static_cast<double>(firing));
    received->WithLabels({"resolved", "v2"}).Inc(static_cast<double>(resolved));
    invalid->Inc(static_cast<double>(bad));
  };
  return d;
}

void AlertCore::RegisterMetrics(metrics::Registry& registry) {
  Persistent& p = *p_;
  p.received = &registry.AddCounterFamily(
      "alertmanager_alerts_received_total",
      "The total number of received alerts.", {"status", "version"});
  p.received->WithLabels({"firing", "v2"});
  p.received->WithLabels({"resolved", "v2"});
  // Upstream's constant label version="v2" (the only API left).
  p.invalid = &registry
                   .AddCounterFamily("alertmanager_alerts_invalid_total",
                                     "The total number of received alerts "
                                     "that were invalid.",
                                     {"version"})
                   .WithLabels({"v2"});

  NotifyMetrics& m = p.notify_metrics;
  m.with_receiver = p.options.receiver_name_in_metrics;
  std::vector<std::string> labels = {"integration"};
  if (m.with_receiver) labels.push_back("receiver_name");
  std::vector<std::string> failed_labels = labels;
  failed_labels.push_back("reason");
  m.notifications = &registry.AddCounterFamily(
      "alertmanager_notifications_total",
      "The total number of attempted notifications.", labels);
  m.failed = &registry.AddCounterFamily(
      "alertmanager_notifications_failed_total",
      "The total number of failed notifications.", failed_labels);
  m.requests = &registry.AddCounterFamily(
      "alertmanager_notification_requests_total",
      "The total number of attempted notification requests.", labels);
  m.requests_failed = &registry.AddCounterFamily(
      "alertmanager_notification_requests_failed_total",
      "The total number of failed notification requests.", labels);
  m.latency = &registry.AddHistogramFamily(
      "alertmanager_notification_latency_seconds",
      "The latency of notifications in seconds.", labels, {1, 5, 10, 15, 20});
  if (!m.with_receiver) {
    // As upstream, the common integrations are exported at zero from the
    // start so rate() and the mixin's alerts see them.
    for (const char* i :
         {"email", "pagerduty", "wechat", "pushover", "slack", "opsgenie",
          "webhook", "victorops", "sns", "telegram"}) {
      m.notifications->WithLabels({i});
      m.requests->WithLabels({i});
      m.requests_failed->WithLabels({i});
      m.latency->WithLabels({i});
      for (const char* r : {"other", "clientError", "serverError",
                            "contextCanceled", "contextDeadlineExceeded"}) {
        m.failed->WithLabels({i, r});
      }
    }
  }

  // Gauges read at scrape time.
  class StateCollector final : public metrics::Collector {
   public:
    explicit StateCollector(const AlertCore& core) : core_(core) {}
    void Collect(std::vector<metrics::MetricFamily>& out) const override {
      const Persistent& p = *core_.p_;
      model::Time now = p.clock.Now();
      metrics::MetricFamily alerts{"alertmanager_alerts",
                                   "How many alerts by state.",
                                   metrics::MetricType::kGauge,
                                   {}};
      for (model::AlertState s :
           {model::AlertState::kActive, model::AlertState::kSuppressed,
            model::AlertState::kUnprocessed}) {
        alerts.samples.push_back(
            {"alertmanager_alerts",
             {{"state", std::string(model::AlertStateName(s))}},
             static_cast<double>(p.store.Count(s, now))});
      }
      out.push_back(std::move(alerts));
      metrics::MetricFamily silences{"alertmanager_silences",
                                     "How many silences by state.",
                                     metrics::MetricType::kGauge,
                                     {}};
      for (silence::SilenceState s :
           {silence::SilenceState::kActive, silence::SilenceState::kExpired,
            silence::SilenceState::kPending}) {
        silences.samples.push_back(
            {"alertmanager_silences",
             {{"state", std::string(silence::SilenceStateName(s))}},
             static_cast<double>(p.silences->CountState(s, now))});
      }
      out.push_back(std::move(silences));
      std::shared_ptr<Graph> g;
      {
        std::lock_guard<std::mutex> lock(core_.mu_);
        g = core_.graph_;
      }
      double groups = g ? static_cast<double>(g->dispatcher->GroupCount()) : 0;
      out.push_back(
          {"alertmanager_dispatcher_aggregation_groups",
           "Number of active aggregation groups",
           metrics::MetricType::kGauge,
           {{"alertmanager_dispatcher_aggregation_groups", {}, groups}}});
      // The durable outbox (tocsin). A row gone dead is a failed
      // notification; the engine does not keep its classification, so it is
      // counted with reason "other".
      Persistent& mp = *core_.p_.get();
      std::map<std::string, notify::outbox::OutboxStats> stats =
          mp.outbox ? mp.outbox->StatsByIntegration()
                    : std::map<std::string, notify::outbox::OutboxStats>{};
      metrics::MetricFamily pending{
          "tocsin_outbox_pending",
          "Notifications waiting in the outbox, by integration.",
          metrics::MetricType::kGauge,
          {}};
      metrics::MetricFamily delivered{
          "tocsin_outbox_delivered_total",
          "Notifications the outbox delivered since start, by integration.",
          metrics::MetricType::kCounter,
          {}};
      metrics::MetricFamily dead{
          "tocsin_outbox_dead_total",
          "Notifications that went dead in the outbox since start, by "
          "integration.",
          metrics::MetricType::kCounter,
          {}};
      {
        std::lock_guard<std::mutex> lock(mp.dead_mu);
        for (const auto& [kind, st] : stats) {
          pending.samples.push_back({"tocsin_outbox_pending",
                                     {{"integration", kind}},
                                     static_cast<double>(st.pending)});
          delivered.samples.push_back({"tocsin_outbox_delivered_total",
                                       {{"integration", kind}},
                                       static_cast<double>(st.delivered)});
          dead.samples.push_back({"tocsin_outbox_dead_total",
                                  {{"integration", kind}},
                                  static_cast<double>(st.dead)});
          uint64_t& counted = mp.dead_counted[kind];
          if (st.dead > counted && !mp.notify_metrics.with_receiver) {
            mp.notify_metrics.failed->WithLabels({kind, "other"})
                .Inc(static_cast<double>(st.dead - counted));
          }
          counted = st.dead;
        }
      }
      out.push_back(std::move(pending));
      out.push_back(std::move(delivered));
      out.push_back(std::move(dead));
      out.push_back({"alertmanager_nflog_entries",
                     "Number of entries in the notification log (tocsin).",
                     metrics::MetricType::kGauge,
                     {{"alertmanager_nflog_entries",
                       {},
                       static_cast<double>(p.nflog.size())}}});
      if (g) {
        size_t integrations = 0;
        for (const config::Receiver& r : g->config->receivers) {
          integrations += r.NumIntegrations();
        }
        out.push_back({"alertmanager_receivers",
                       "Number of receivers in the loaded config.",
                       metrics::MetricType::kGauge,
                       {{"alertmanager_receivers",
                         {},
                         static_cast<double>(g->config->receivers.size())}}});
        out.push_back({"alertmanager_integrations",
                       "Number of integrations in the loaded config.",
                       metrics::MetricType::kGauge,
                       {{"alertmanager_integrations",
                         {},
                         static_cast<double>(integrations)}}});
      }
    }

   private:
    const AlertCore& core_;
  };
  registry.AddCollector(std::make_unique<StateCollector>(*this));
}

Status AlertCore::ApplyConfig(std::shared_ptr<const config::Config> config) {
  std::lock_guard<std::mutex> apply(apply_mu_);
  if (stopped_) return FailedPreconditionError("alert core stopped");
  ASSIGN_OR_RETURN(std::shared_ptr<Graph> next, BuildGraph(std::move(config)));
  std::shared_ptr<Graph> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old = graph_;
  }
  // As upstream's reload: the old dispatcher and inhibitor stop before the
  // new ones see the alerts; the nflog keeps unchanged groups quiet.
  if (old) {
    p_->store.Unsubscribe(*old->dispatcher_listener);
    p_->store.Unsubscribe(*old->inhibitor_listener);
    old->dispatcher->Stop();
  }
  p_->notifiers.Replace(next->notifiers);
  next->inhibitor_listener->SubscribeTo(p_->store);
  next->dispatcher_listener->SubscribeTo(p_->store);
  {
    std::lock_guard<std::mutex> lock(mu_);
    graph_ = next;
    deps_ = MakeDeps(next);
  }
  return Status::Ok();
}

std::shared_ptr<api::v2::V2Deps> AlertCore::Deps() const {
  std::lock_guard<std::mutex> lock(mu_);
  return deps_;
}

void AlertCore::Stop() {
  std::lock_guard<std::mutex> apply(apply_mu_);
  if (stopped_ || !p_) return;
  stopped_ = true;
  Persistent& p = *p_;
  if (p.alert_gc) p.alert_gc->Stop();
  if (p.nflog_gc) p.nflog_gc->Stop();
  if (p.silence_gc) p.silence_gc->Stop();
  std::shared_ptr<Graph> g;
  {
    std::lock_guard<std::mutex> lock(mu_);
    g = graph_;
  }
  if (g) {
    p.store.Unsubscribe(*g->dispatcher_listener);
    p.store.Unsubscribe(*g->inhibitor_listener);
    g->dispatcher->Stop();
  }
  if (p.outbox_gc) p.outbox_gc->Stop();
  if (p.outbox) p.outbox->Stop();
  if (p.own_executor) p.own_executor->Stop();
}

Result<std::string> AlertCore::ListNotificationsJson(
    std::optional<std::string_view> state,
    std::optional<std::string_view> receiver,
    std::optional<std::string_view> integration,
    std::optional<std::string_view> limit) {
  ASSIGN_OR_RETURN(notify::outbox::OutboxFilter filter,
                   notify::outbox::MakeNotificationFilter(state, receiver,
                                                          integration, limit));
  return notify::outbox::ListNotificationsJson(p_->outbox_store, filter);
}

Result<std::string> AlertCore::RetryNotificationJson(std::string_view id) {
  return notify::outbox::RetryNotificationJson(*p_->outbox, p_->outbox_store,
                                               id);
}

}  // namespace tocsin::server
