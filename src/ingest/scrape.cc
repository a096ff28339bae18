#include "ingest/scrape.h"

#include <algorithm>
#include <cstdio>

#include "base/hash.h"
#include "base/status.h"
#include "ingest/exposition.h"

namespace tocsin::ingest {
namespace {

constexpr std::string_view kAccept =
    "application/openmetrics-text;version=1.0.0,application/"
    "openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/"
    "*;q=0.1";

int64_t ToMs(runtime::WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t.time_since_epoch())
      .count();
}

// Adds the target's labels to a scraped sample's (Prometheus'
// mutateSampleLabels).
model::Labels WithTargetLabels(const model::Labels& sample,
                               const model::Labels& target, bool honor) {
  std::vector<model::Label> out(sample.begin(), sample.end());
  for (const model::Label& t : target) {
    auto it = std::find_if(out.begin(), out.end(), [&](const model::Label& l) {
      return l.name == t.name;
    });
    if (it == out.end()) {
      out.push_back(t);
      continue;
    }
    if (honor) continue;
    // Conflict: the scraped value moves to exported_<name> (repeatedly
    // prefixed while that name is taken too).
    std::string name = "exported_" + it->name;
    while (std::any_of(out.begin(), out.end(),
                       [&](const model::Label& l) { return l.name == name; })) {
      name = "exported_" + name;
    }
    std::string value = std::move(it->value);
    it->value = t.value;
    out.push_back({name, std::move(value)});
  }
  return model::Labels(std::move(out));
}

}  // namespace

Result<ScrapeResponse> HttpScrapeFetcher::Fetch(
    const std::string& url, std::chrono::milliseconds timeout) {
  net::HttpClientRequest req;
  req.url = url;
  req.timeout = timeout;
  req.headers.Add("Accept", std::string(kAccept));
  req.headers.Add("User-Agent", "tocsin");
  char secs[32];
  std::snprintf(secs, sizeof(secs), "%g", timeout.count() / 1000.0);
  req.headers.Add("X-Prometheus-Scrape-Timeout-Seconds", secs);
  ASSIGN_OR_RETURN(net::HttpClientResponse resp, client_.Do(req));
  ScrapeResponse out;
  out.status = resp.status;
  out.content_type = std::string(resp.headers.Get("Content-Type").value_or(""));
  out.body = std::move(resp.body);
  return out;
}

struct ScrapeManager::Loop {
  std::string key;
  ScrapeTarget target;
  std::chrono::milliseconds interval;
  std::chrono::milliseconds timeout;
  bool honor_labels;
  bool honor_timestamps;
  uint64_t sample_limit;
  std::vector<RelabelConfig> metric_relabel;

  std::mutex mu;  // guards what follows
  bool stopped = false;
  runtime::TimerId timer;
  runtime::MonoTime next_due{};
  // Series (full label sets) appended by the last successful scrape.
  std::set<model::Labels> last_series;
  TargetHealth health = TargetHealth::kUnknown;
  std::string last_error;
  runtime::WallTime last_scrape{};
  std::chrono::milliseconds last_duration{0};
};

ScrapeManager::ScrapeManager(series::Appendable& db,
                             runtime::Scheduler& scheduler,
                             runtime::Executor& executor,
                             const runtime::Clock& clock,
                             ScrapeFetcher& fetcher)
    : db_(db),
      scheduler_(scheduler),
      executor_(executor),
      clock_(clock),
      fetcher_(fetcher) {}

ScrapeManager::~ScrapeManager() {
  std::map<std::string, std::shared_ptr<Loop>> loops;
  {
    std::lock_guard<std::mutex> l(mu_);
    loops.swap(loops_);
  }
  for (auto& [key, loop] : loops) {
    std::lock_guard<std::mutex> l(loop->mu);
    loop->stopped = true;
    scheduler_.Cancel(loop->timer);
  }
}

void ScrapeManager::ApplyConfig(std::shared_ptr<const ScrapeConfigs> configs) {
  std::map<std::string, std::shared_ptr<Loop>> wanted;
  if (configs) {
    for (const ScrapeJobConfig& job : configs->jobs) {
      for (ScrapeTarget& t : TargetsOf(job)) {
        auto loop = std::make_shared<Loop>();
        loop->key = job.job_name + "\n" + t.url + "\n" + t.labels.ToString() +
                    "\n" + std::to_string(job.scrape_interval.count()) + "/" +
                    std::to_string(job.scrape_timeout.count());
        loop->target = std::move(t);
        loop->interval = job.scrape_interval;
        loop->timeout = job.scrape_timeout;
        loop->honor_labels = job.honor_labels;
        loop->honor_timestamps = job.honor_timestamps;
        loop->sample_limit = job.sample_limit;
        loop->metric_relabel = job.metric_relabel_configs;
        wanted.emplace(loop->key, std::move(loop));
      }
    }
  }
  std::vector<std::shared_ptr<Loop>> removed, added;
  {
    std::lock_guard<std::mutex> l(mu_);
    for (auto it = loops_.begin(); it != loops_.end();) {
      auto w = wanted.find(it->first);
      // A kept target keeps its loop (and its series state); the per-sample
      // settings come from the new config.
      if (w != wanted.end()) {
        {
          std::lock_guard<std::mutex> g(it->second->mu);
          it->second->honor_labels = w->second->honor_labels;
          it->second->honor_timestamps = w->second->honor_timestamps;
          it->second->sample_limit = w->second->sample_limit;
          it->second->metric_relabel = w->second->metric_relabel;
        }
        w->second = it->second;
        ++it;
      } else {
        removed.push_back(it->second);
        it = loops_.erase(it);
      }
    }
    for (auto& [key, loop] : wanted) {
      if (loops_.emplace(key, loop).second) added.push_back(loop);
    }
  }
  const int64_t now_ms = ToMs(clock_.Now());
  for (const auto& loop : removed) {
    std::lock_guard<std::mutex> l(loop->mu);
    loop->stopped = true;
    scheduler_.Cancel(loop->timer);
    StaleAll(*loop, now_ms);
  }
  const runtime::MonoTime now = clock_.MonoNow();
  for (const auto& loop : added) {
    // Prometheus spreads targets over the interval by a hash of the target.
    uint64_t h = Fnv64a(loop->key);
    auto offset = std::chrono::milliseconds(
        loop->interval.count() > 0 ? h % loop->interval.count() : 0);
    std::lock_guard<std::mutex> l(loop->mu);
    loop->next_due = now + offset;
    Schedule(loop, loop->next_due);
  }
}

void ScrapeManager::Schedule(const std::shared_ptr<Loop>& loop,
                             runtime::MonoTime due) {
  std::weak_ptr<Loop> weak = loop;
  loop->timer = scheduler_.ScheduleAt(due, [this, weak](runtime::MonoTime) {
    std::shared_ptr<Loop> l = weak.lock();
    if (!l) return;
    {
      std::lock_guard<std::mutex> g(l->mu);
      if (l->stopped) return;
    }
    if (!executor_.Submit([this, l] { RunScrape(l); })) {
      // The executor refused (shutting down or full): try next interval.
      std::lock_guard<std::mutex> g(l->mu);
      if (l->stopped) return;
      l->next_due += l->interval;
      Schedule(l, l->next_due);
    }
  });
}

void ScrapeManager::StaleAll(Loop& loop, int64_t ts_ms) {
  if (loop.last_series.empty()) return;
  std::unique_ptr<series::Appender> app = db_.NewAppender();
  for (const model::Labels& s : loop.last_series) {
    (void)app->Append(s, ts_ms, series::StaleNaN());
  }
  (void)app->Commit();
  loop.last_series.clear();
}

void ScrapeManager::RunScrape(const std::shared_ptr<Loop>& loop) {
  bool honor_labels, honor_timestamps;
  uint64_t sample_limit;
  std::vector<RelabelConfig> metric_relabel;
  {
    std::lock_guard<std::mutex> g(loop->mu);
    honor_labels = loop->honor_labels;
    honor_timestamps = loop->honor_timestamps;
    sample_limit = loop->sample_limit;
    metric_relabel = loop->metric_relabel;
  }
  const runtime::WallTime start_wall = clock_.Now();
  const runtime::MonoTime start = clock_.MonoNow();
  const int64_t ts = ToMs(start_wall);
  Result<ScrapeResponse> resp = fetcher_.Fetch(loop->target.url, loop->timeout);
  const auto duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      clock_.MonoNow() - start);

  ScrapeOutcome outcome;
  std::vector<std::pair<model::Labels, series::Sample>> samples;
  if (!resp.ok()) {
    outcome.error = std::string(resp.status().message());
  } else if (resp->status != 200) {
    outcome.error =
        "server returned HTTP status " + std::to_string(resp->status);
  } else {
    Result<Exposition> parsed =
        ParseExposition(resp->body, FormatFromContentType(resp->content_type));
    if (!parsed.ok()) {
      outcome.error = std::string(parsed.status().message());
    } else {
      outcome.scraped = parsed->samples.size();
      for (const ParsedSample& s : parsed->samples) {
        model::Labels labels =
            WithTargetLabels(s.labels, loop->target.labels, honor_labels);
        if (!metric_relabel.empty()) {
          std::optional<model::Labels> r = Relabel(labels, metric_relabel);
          if (!r || r->Get("__name__").empty()) continue;
          labels = std::move(*r);
        }
        int64_t t = (honor_timestamps && s.timestamp_ms) ? *s.timestamp_ms : ts;
        samples.push_back({std::move(labels), {t, s.value}});
      }
      outcome.post_relabel = samples.size();
      if (sample_limit > 0 && samples.size() > sample_limit) {
        outcome.error = "sample limit exceeded";
        samples.clear();
      } else {
        outcome.up = true;
      }
    }
  }

  std::lock_guard<std::mutex> g(loop->mu);
  if (loop->stopped) return;
  std::unique_ptr<series::Appender> app = db_.NewAppender();
  std::set<model::Labels> seen;
  for (auto& [labels, sample] : samples) {
    // Per-sample storage errors (out of order, duplicates) drop that
    // sample only, as Prometheus does.
    if (!app->Append(labels, sample.t, sample.v).ok()) continue;
    if (!loop->last_series.contains(labels)) ++outcome.series_added;
    seen.insert(std::move(labels));
  }
  // Staleness: what the last scrape had and this one lacks (everything,
  // when this scrape failed).
  for (const model::Labels& s : loop->last_series) {
    if (!seen.contains(s)) (void)app->Append(s, ts, series::StaleNaN());
  }
  auto report = [&](const char* name, double v) {
    model::Labels l =
        loop->target.labels.Merge(model::Labels{{"__name__", name}});
    (void)app->Append(l, ts, v);
  };
  report("up", outcome.up ? 1 : 0);
  report("scrape_duration_seconds", duration.count() / 1000.0);
  report("scrape_samples_scraped", static_cast<double>(outcome.scraped));
  report("scrape_samples_post_metric_relabeling",
         static_cast<double>(outcome.post_relabel));
  report("scrape_series_added", static_cast<double>(outcome.series_added));
  (void)app->Commit();
  loop->last_series = std::move(seen);
  loop->health = outcome.up ? TargetHealth::kUp : TargetHealth::kDown;
  loop->last_error = outcome.error;
  loop->last_scrape = start_wall;
  loop->last_duration = duration;
  loop->next_due += loop->interval;
  Schedule(loop, loop->next_due);
}

std::vector<TargetStatus> ScrapeManager::Targets() const {
  std::vector<std::shared_ptr<Loop>> loops;
  {
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& [k, loop] : loops_) loops.push_back(loop);
  }
  std::vector<TargetStatus> out;
  for (const auto& loop : loops) {
    std::lock_guard<std::mutex> g(loop->mu);
    out.push_back(TargetStatus{loop->target, loop->health, loop->last_error,
                               loop->last_scrape, loop->last_duration,
                               loop->interval, loop->timeout});
  }
  return out;
}

}  // namespace tocsin::ingest
