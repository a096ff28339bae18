#ifndef TOCSIN_INGEST_SCRAPE_H_
#define TOCSIN_INGEST_SCRAPE_H_

// Scraping of the static targets in `scrape_configs`, as Prometheus scrapes:
// every target on its own fixed grid (interval, offset spread by a hash of
// the target), the body parsed in the format its Content-Type names, target
// labels attached (honor_labels, `exported_` on conflict),
// metric_relabel_configs, sample_limit, and the report series `up`,
// `scrape_duration_seconds`, `scrape_samples_scraped`,
// `scrape_samples_post_metric_relabeling`, `scrape_series_added`.
// A series that disappears from a target, or every series of a target that
// fails or is removed, gets a staleness marker.
//
// Timers are entries on the Scheduler; the blocking fetch runs on the
// Executor. No thread per target.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "ingest/scrape_config.h"
#include "net/http_client.h"
#include "runtime/clock.h"
#include "runtime/executor.h"
#include "runtime/scheduler.h"
#include "series/series.h"

namespace tocsin::ingest {

struct ScrapeResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Fetches a target's metrics. Blocking; called on an Executor thread.
class ScrapeFetcher {
 public:
  virtual ~ScrapeFetcher() = default;
  virtual Result<ScrapeResponse> Fetch(const std::string& url,
                                       std::chrono::milliseconds timeout) = 0;
};

// Over net::HttpClient, with Prometheus' Accept and
// X-Prometheus-Scrape-Timeout-Seconds headers. `client` must outlive it.
class HttpScrapeFetcher final : public ScrapeFetcher {
 public:
  explicit HttpScrapeFetcher(const net::HttpClient& client) : client_(client) {}
  Result<ScrapeResponse> Fetch(const std::string& url,
                               std::chrono::milliseconds timeout) override;

 private:
  const net::HttpClient& client_;
};

enum class TargetHealth { kUnknown, kUp, kDown };

// What the targets API shows of one target.
struct TargetStatus {
  ScrapeTarget target;
  TargetHealth health = TargetHealth::kUnknown;
  std::string last_error;
  runtime::WallTime last_scrape{};
  std::chrono::milliseconds last_duration{0};
  std::chrono::milliseconds interval{0};
  std::chrono::milliseconds timeout{0};
};

// The result of one scrape, applied to the appender (exposed for tests).
struct ScrapeOutcome {
  bool up = false;
  std::string error;
  size_t scraped = 0;       // samples in the body
  size_t post_relabel = 0;  // after metric_relabel_configs
  size_t series_added = 0;  // series not in the previous scrape
};

class ScrapeManager {
 public:
  // All references must outlive the manager, and `executor` must run no
  // scrape task after the manager is destroyed (stop it first).
  ScrapeManager(series::Appendable& db, runtime::Scheduler& scheduler,
                runtime::Executor& executor, const runtime::Clock& clock,
                ScrapeFetcher& fetcher);
  // Stops every loop (in-flight scrapes finish without appending).
  ~ScrapeManager();

  // Replaces the scrape configuration: targets that stay (same job, URL and
  // labels) keep their loop and state; removed targets stop and their
  // series get staleness markers; new ones start. nullptr stops all.
  void ApplyConfig(std::shared_ptr<const ScrapeConfigs> configs);

  std::vector<TargetStatus> Targets() const;

 private:
  struct Loop;
  void Schedule(const std::shared_ptr<Loop>& loop, runtime::MonoTime due);
  void RunScrape(const std::shared_ptr<Loop>& loop);
  void StaleAll(Loop& loop, int64_t ts_ms);

  series::Appendable& db_;
  runtime::Scheduler& scheduler_;
  runtime::Executor& executor_;
  const runtime::Clock& clock_;
  ScrapeFetcher& fetcher_;

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Loop>> loops_;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::ingest

#endif  // TOCSIN_INGEST_SCRAPE_H_
