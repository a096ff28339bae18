#include "ingest/scrape_config.h"

#include <set>

#include "base/duration.h"
#include "base/status.h"
#include "base/strings.h"

namespace tocsin::ingest {
namespace {

using config::NodeError;
using config::ParseContext;

Result<std::chrono::milliseconds> GetDuration(const ParseContext& ctx,
                                              const YAML::Node& node,
                                              const std::string& path,
                                              const char* key,
                                              std::chrono::milliseconds def) {
  ASSIGN_OR_RETURN(std::string s, config::GetString(ctx, node, path, key));
  if (s.empty()) return def;
  Result<Duration> d = ParseDuration(s);
  if (!d.ok()) {
    return NodeError(ctx, node[key], config::JoinPath(path, key),
                     std::string(d.status().message()));
  }
  if (d->count() <= 0) {
    return NodeError(ctx, node[key], config::JoinPath(path, key),
                     "must be greater than 0");
  }
  return std::chrono::milliseconds(d->count());
}

Status CheckTarget(const ParseContext& ctx, const YAML::Node& node,
                   const std::string& path, const std::string& target) {
  // Prometheus' TargetGroup check: host:port only, no scheme or path.
  if (target.find('/') != std::string::npos) {
    return NodeError(ctx, node, path,
                     "\"" + target + "\" is not a valid hostname");
  }
  if (target.empty()) return NodeError(ctx, node, path, "empty target");
  return Status::Ok();
}

Result<std::vector<RelabelConfig>> Relabels(const ParseContext& ctx,
                                            const YAML::Node& node,
                                            const std::string& path,
                                            const char* key) {
  const YAML::Node v = node[key];
  Result<std::vector<RelabelConfig>> r =
      ParseRelabelConfigs(v, config::JoinPath(path, key));
  if (!r.ok()) return NodeError(ctx, v, "", r.status().message());
  return r;
}

Result<ScrapeJobConfig> ParseJob(const ParseContext& ctx,
                                 const YAML::Node& node,
                                 const std::string& path) {
  RETURN_IF_ERROR(config::CheckKnownFields(
      ctx, node, path,
      {"job_name", "scrape_interval", "scrape_timeout", "metrics_path",
       "scheme", "params", "honor_labels", "honor_timestamps", "sample_limit",
       "static_configs", "relabel_configs", "metric_relabel_configs"},
      "config.ScrapeConfig"));
  ScrapeJobConfig job;
  ASSIGN_OR_RETURN(job.job_name,
                   config::GetString(ctx, node, path, "job_name"));
  if (job.job_name.empty()) {
    return NodeError(ctx, node, path, "job_name is empty");
  }
  ASSIGN_OR_RETURN(
      job.scrape_interval,
      GetDuration(ctx, node, path, "scrape_interval", job.scrape_interval));
  // Prometheus: the timeout defaults to the smaller of 10s and the interval.
  ASSIGN_OR_RETURN(
      job.scrape_timeout,
      GetDuration(ctx, node, path, "scrape_timeout",
                  std::min(job.scrape_timeout, job.scrape_interval)));
  if (job.scrape_timeout > job.scrape_interval) {
    return NodeError(ctx, node, path,
                     "scrape timeout greater than scrape interval for scrape "
                     "config with job name \"" +
                         job.job_name + "\"");
  }
  ASSIGN_OR_RETURN(
      job.metrics_path,
      config::GetString(ctx, node, path, "metrics_path", job.metrics_path));
  if (job.metrics_path.empty() || job.metrics_path[0] != '/') {
    return NodeError(ctx, node["metrics_path"],
                     config::JoinPath(path, "metrics_path"),
                     "must start with '/': " + GoQuote(job.metrics_path));
  }
  ASSIGN_OR_RETURN(job.scheme,
                   config::GetString(ctx, node, path, "scheme", job.scheme));
  if (job.scheme != "http" && job.scheme != "https") {
    return NodeError(ctx, node["scheme"], config::JoinPath(path, "scheme"),
                     "unsupported scheme \"" + job.scheme +
                         "\" for scrape config with job name \"" +
                         job.job_name + "\"");
  }
  ASSIGN_OR_RETURN(job.honor_labels,
                   config::GetBool(ctx, node, path, "honor_labels", false));
  ASSIGN_OR_RETURN(job.honor_timestamps,
                   config::GetBool(ctx, node, path, "honor_timestamps", true));
  ASSIGN_OR_RETURN(int64_t limit,
                   config::GetInt(ctx, node, path, "sample_limit", 0));
  if (limit < 0) {
    return NodeError(ctx, node["sample_limit"],
                     config::JoinPath(path, "sample_limit"),
                     "must not be negative");
  }
  job.sample_limit = static_cast<uint64_t>(limit);
  const YAML::Node params = node["params"];
  if (params.IsDefined() && !params.IsNull()) {
    if (!params.IsMap()) {
      return NodeError(ctx, params, config::JoinPath(path, "params"),
                       "expected a map of lists of strings");
    }
    for (const auto& kv : params) {
      std::vector<std::string> values;
      if (!kv.second.IsSequence()) {
        return NodeError(ctx, kv.second, config::JoinPath(path, "params"),
                         "expected a list of strings");
      }
      for (const auto& v : kv.second) values.push_back(v.as<std::string>(""));
      job.params.emplace_back(kv.first.as<std::string>(""), std::move(values));
    }
  }
  const YAML::Node statics = node["static_configs"];
  if (statics.IsDefined() && !statics.IsNull()) {
    if (!statics.IsSequence()) {
      return NodeError(ctx, statics, config::JoinPath(path, "static_configs"),
                       "expected a list");
    }
    for (size_t i = 0; i < statics.size(); ++i) {
      std::string gpath =
          config::IndexPath(config::JoinPath(path, "static_configs"), i);
      const YAML::Node g = statics[i];
      RETURN_IF_ERROR(config::CheckKnownFields(
          ctx, g, gpath, {"targets", "labels"}, "targetgroup.Group"));
      StaticTargetGroup group;
      ASSIGN_OR_RETURN(group.targets,
                       config::GetStringList(ctx, g, gpath, "targets"));
      for (const std::string& t : group.targets) {
        RETURN_IF_ERROR(CheckTarget(ctx, g["targets"],
                                    config::JoinPath(gpath, "targets"), t));
      }
      ASSIGN_OR_RETURN(auto labels,
                       config::GetStringMap(ctx, g, gpath, "labels"));
      for (auto& [n, v] : labels) {
        if (!model::IsValidLabelNameUtf8(n)) {
          return NodeError(ctx, g["labels"], config::JoinPath(gpath, "labels"),
                           "\"" + n + "\" is not a valid label name");
        }
        group.labels.push_back({n, v});
      }
      job.static_configs.push_back(std::move(group));
    }
  }
  ASSIGN_OR_RETURN(job.relabel_configs,
                   Relabels(ctx, node, path, "relabel_configs"));
  ASSIGN_OR_RETURN(job.metric_relabel_configs,
                   Relabels(ctx, node, path, "metric_relabel_configs"));
  return job;
}

std::string UrlEscape(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<const config::SectionConfig>> ParseScrapeConfigs(
    const YAML::Node& node, const config::ParseContext& ctx) {
  auto out = std::make_shared<ScrapeConfigs>();
  if (node.IsNull()) return std::shared_ptr<const config::SectionConfig>(out);
  if (!node.IsSequence()) {
    return NodeError(ctx, node, "scrape_configs", "expected a list");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < node.size(); ++i) {
    std::string path = config::IndexPath("scrape_configs", i);
    ASSIGN_OR_RETURN(ScrapeJobConfig job, ParseJob(ctx, node[i], path));
    if (!names.insert(job.job_name).second) {
      return NodeError(ctx, node[i], path,
                       "found multiple scrape configs with job name \"" +
                           job.job_name + "\"");
    }
    out->jobs.push_back(std::move(job));
  }
  return std::shared_ptr<const config::SectionConfig>(out);
}

std::vector<ScrapeTarget> TargetsOf(const ScrapeJobConfig& job) {
  std::vector<ScrapeTarget> out;
  for (const StaticTargetGroup& group : job.static_configs) {
    for (const std::string& address : group.targets) {
      std::vector<model::Label> base = {
          {"__address__", address},
          {"__scheme__", job.scheme},
          {"__metrics_path__", job.metrics_path},
          {"__scrape_interval__", FormatDuration(job.scrape_interval)},
          {"__scrape_timeout__", FormatDuration(job.scrape_timeout)},
          {"job", job.job_name},
      };
      for (const auto& [name, values] : job.params) {
        if (!values.empty()) base.push_back({"__param_" + name, values[0]});
      }
      // Group labels override the defaults (Prometheus: the group's labels
      // are set over the job's defaults before relabeling).
      model::Labels discovered =
          model::Labels(std::move(base)).Merge(model::Labels(group.labels));
      std::optional<model::Labels> relabeled =
          Relabel(discovered, job.relabel_configs);
      if (!relabeled) continue;
      std::string addr(relabeled->Get("__address__"));
      if (addr.empty()) continue;
      std::vector<model::Label> kept;
      std::string params;
      for (const model::Label& l : *relabeled) {
        if (l.name.starts_with("__param_")) {
          params += (params.empty() ? "?" : "&") + UrlEscape(l.name.substr(8)) +
                    "=" + UrlEscape(l.value);
        }
        if (l.name.starts_with("__")) continue;
        kept.push_back(l);
      }
      bool has_instance = relabeled->Has("instance");
      if (!has_instance) kept.push_back({"instance", addr});
      ScrapeTarget t;
      t.job_name = job.job_name;
      t.url = std::string(relabeled->Get("__scheme__")) + "://" + addr +
              std::string(relabeled->Get("__metrics_path__")) + params;
      t.labels = model::Labels(std::move(kept));
      t.discovered_labels = discovered;
      out.push_back(std::move(t));
    }
  }
  return out;
}

}  // namespace tocsin::ingest
