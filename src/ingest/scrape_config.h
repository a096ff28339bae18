#ifndef TOCSIN_INGEST_SCRAPE_CONFIG_H_
#define TOCSIN_INGEST_SCRAPE_CONFIG_H_

// `scrape_configs`: tocsin's top-level config section for scraping static
// targets, in Prometheus' format (job_name, scrape_interval,
// scrape_timeout, metrics_path, scheme, params, honor_labels,
// honor_timestamps, sample_limit, static_configs, relabel_configs,
// metric_relabel_configs). Alertmanager lacks the key: check-config
// --alertmanager-strict refuses it (docs/scrape.md).

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/integration.h"
#include "config/parse_context.h"
#include "ingest/relabel.h"
#include "model/labels.h"

namespace tocsin::ingest {

struct StaticTargetGroup {
  std::vector<std::string> targets;  // host:port
  std::vector<model::Label> labels;
};

struct ScrapeJobConfig {
  std::string job_name;
  std::chrono::milliseconds scrape_interval{std::chrono::minutes(1)};
  std::chrono::milliseconds scrape_timeout{std::chrono::seconds(10)};
  std::string metrics_path = "/metrics";
  std::string scheme = "http";
  std::vector<std::pair<std::string, std::vector<std::string>>> params;
  bool honor_labels = false;
  bool honor_timestamps = true;
  uint64_t sample_limit = 0;  // 0: no limit
  std::vector<StaticTargetGroup> static_configs;
  std::vector<RelabelConfig> relabel_configs;
  std::vector<RelabelConfig> metric_relabel_configs;
};

class ScrapeConfigs final : public config::SectionConfig {
 public:
  static constexpr std::string_view kKey = "scrape_configs";
  std::string_view Key() const override { return kKey; }
  std::vector<ScrapeJobConfig> jobs;
};

// The section parser to register as "scrape_configs". Errors, positioned
// "<file>:<line>: scrape_configs[i].<field>: ...", include Prometheus'
// "found multiple scrape configs with job name \"x\"" and "scrape timeout
// greater than scrape interval for scrape config with job name \"x\"".
Result<std::shared_ptr<const config::SectionConfig>> ParseScrapeConfigs(
    const YAML::Node& node, const config::ParseContext& ctx);

// One target to scrape, after relabel_configs (Prometheus' target labels).
struct ScrapeTarget {
  std::string job_name;
  std::string url;  // scheme://address/metrics_path?params
  // The labels every sample of the target gets (job, instance, the group's
  // labels, relabel results; no `__`-prefixed label).
  model::Labels labels;
  // Labels before relabeling dropped the `__` ones (for the targets API).
  model::Labels discovered_labels;
};

// The targets of `job`: one per static target whose relabeling kept it,
// with `instance` defaulting to `__address__`. Targets whose relabeling
// left no `__address__` are dropped, as Prometheus does.
std::vector<ScrapeTarget> TargetsOf(const ScrapeJobConfig& job);

}  // namespace tocsin::ingest

#endif  // TOCSIN_INGEST_SCRAPE_CONFIG_H_
