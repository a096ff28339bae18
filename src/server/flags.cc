#include "server/flags.h"

#include <CLI/CLI.hpp>

#include "base/strings.h"
#include "server/build_info.h"

namespace tocsin::server {

model::MatcherParserMode Features::MatcherMode() const {
  if (classic_mode) return model::MatcherParserMode::kClassic;
  if (utf8_strict_mode) return model::MatcherParserMode::kUtf8Strict;
  return model::MatcherParserMode::kFallback;
}

Result<Features> ParseFeatures(const std::vector<std::string>& values) {
  Features f;
  for (const std::string& value : values) {
    if (value.empty()) continue;
    for (const std::string& feature : StrSplit(value, ',')) {
      if (feature == "alert-names-in-metrics") {
        f.alert_names_in_metrics = true;
      } else if (feature == "receiver-name-in-metrics") {
        f.receiver_name_in_metrics = true;
      } else if (feature == "classic-mode") {
        f.classic_mode = true;
      } else if (feature == "utf8-strict-mode") {
        f.utf8_strict_mode = true;
      } else if (feature == "auto-gomemlimit" || feature == "auto-gomaxprocs") {
        // Go runtime tuning; nothing to do in tocsin.
      } else {
        return InvalidArgumentError("unknown option '" + feature +
                                    "' for --enable-feature");
      }
    }
  }
  if (f.classic_mode && f.utf8_strict_mode) {
    return InvalidArgumentError(
        "cannot have both classic and UTF-8 modes enabled");
  }
  return f;
}

Result<ParsedFlags> ParseServerFlags(const std::vector<std::string>& args) {
  ParsedFlags parsed;
  ServerFlags& f = parsed.flags;
  std::string log_level = "info";
  std::string log_format = "logfmt";
  std::vector<std::string> features;
  bool version = false;

  CLI::App app{
      "tocsin: alerting and on-call, an Alertmanager-compatible "
      "server.\n\nSubcommands: tocsin check-config FILE..., "
      "tocsin routes test ...",
      "tocsin"};
  app.add_option("--config.file", f.config_file,
                 "Alertmanager configuration file name.")
      ->capture_default_str();
  app.add_option("--storage.path", f.storage_path,
                 "Base path for data storage.")
      ->capture_default_str();
  app.add_option("--web.listen-address", f.listen_address,
                 "Address to listen on for the web interface and API.")
      ->capture_default_str();
  app.add_option("--web.external-url", f.external_url,
                 "The URL under which tocsin is externally reachable (for "
                 "example, if it is served via a reverse proxy). Used for "
                 "generating relative and absolute links back to tocsin "
                 "itself. If the URL has a path portion, it will be used to "
                 "prefix all HTTP endpoints served by tocsin. If omitted, "
                 "relevant URL components will be derived automatically.");
  app.add_option("--web.route-prefix", f.route_prefix,
                 "Prefix for the internal routes of web endpoints. Defaults "
                 "to path of --web.external-url.");
  app.add_option("--log.level", log_level,
                 "Only log messages with the given severity or above. One "
                 "of: [debug, info, warn, error]")
      ->capture_default_str();
  app.add_option("--log.format", log_format,
                 "Output format of log messages. One of: [logfmt, json]")
      ->capture_default_str();
  app.add_option("--enable-feature", features,
                 "Comma-separated experimental features to enable. Valid "
                 "options: alert-names-in-metrics, receiver-name-in-metrics, "
                 "classic-mode, utf8-strict-mode, auto-gomemlimit, "
                 "auto-gomaxprocs")
      ->delimiter(',');
  app.add_flag("--version", version, "Show application version.");

  std::string retention = "120h";
  std::string tsdb_retention = "15d";
  std::string maintenance = "15m";
  std::string gc_interval = "30m";
  std::string web_timeout = "0";
  app.add_option("--storage.tsdb.retention.time", tsdb_retention,
                 "How long to keep metric samples (TSDB under "
                 "<storage.path>/tsdb).")
      ->capture_default_str();
  app.add_option("--data.retention", retention, "How long to keep data for.")
      ->capture_default_str();
  app.add_option("--data.maintenance-interval", maintenance,
                 "Interval between garbage collection and snapshotting to "
                 "disk of the silences and the notification logs.")
      ->capture_default_str();
  app.add_option("--alerts.gc-interval", gc_interval,
                 "Interval between alert GC.")
      ->capture_default_str();
  app.add_option("--web.timeout", web_timeout,
                 "Timeout for HTTP requests. If negative or zero, no timeout "
                 "is set.")
      ->capture_default_str();
  app.add_option("--web.get-concurrency", f.web_get_concurrency,
                 "Maximum number of GET requests processed concurrently. If "
                 "negative or zero, the limit is GOMAXPROCS or 8, whichever "
                 "is larger.")
      ->capture_default_str();
  app.add_option("--silences.max-silences", f.max_silences,
                 "Maximum number of silences, including expired silences. If "
                 "negative or zero, no limit is set.")
      ->capture_default_str();
  app.add_option("--silences.max-silence-size-bytes", f.max_silence_size_bytes,
                 "Maximum silence size in bytes. If negative or zero, no "
                 "limit is set.")
      ->capture_default_str();
  app.add_option("--alerts.max-active", f.max_alerts,
                 "tocsin: maximum number of distinct alerts held; a POST "
                 "beyond it is answered 429 with Retry-After. 0: no limit.")
      ->capture_default_str();
  app.add_option("--web.config.file", f.web_config_file,
                 "Path to configuration file that can enable TLS or "
                 "authentication.");
  app.add_option("--cluster.listen-address", f.cluster_listen_address,
                 "Accepted for Alertmanager compatibility; tocsin has no "
                 "gossip cluster.")
      ->capture_default_str();
  app.add_option("--cluster.peer", f.cluster_peers,
                 "Refused: tocsin has no gossip cluster (HA comes on a shared "
                 "PostgreSQL database).");
  std::string ignored;
  for (const char* name :
       {"--cluster.advertise-address", "--cluster.peer-timeout",
        "--cluster.gossip-interval", "--cluster.pushpull-interval",
        "--cluster.tcp-timeout", "--cluster.probe-timeout",
        "--cluster.probe-interval", "--cluster.settle-timeout",
        "--cluster.reconnect-interval", "--cluster.reconnect-timeout",
        "--cluster.tls-config", "--cluster.label",
        "--cluster.peers-resolve-timeout"}) {
    app.add_option(name, ignored,
                   "Accepted for Alertmanager compatibility and ignored.")
        ->group("Ignored Alertmanager cluster flags");
  }
  bool ignored_flag = false;
  app.add_flag("--cluster.allow-insecure-public-advertise-address-discovery",
               ignored_flag,
               "Accepted for Alertmanager compatibility and ignored.")
      ->group("Ignored Alertmanager cluster flags");

  // CLI11 wants argv in reverse order for its vector overload.
  std::vector<std::string> rest;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    // CLI11 reads `--flag=` (an empty value, as in Alertmanager's usual
    // `--cluster.listen-address=`) as `--flag` and then takes the next
    // argument as its value; pass the empty value explicitly instead.
    if (a.size() > 3 && a.rfind("--", 0) == 0 && a.back() == '=' &&
        a.find('=') == a.size() - 1) {
      rest.push_back(a.substr(0, a.size() - 1));
      rest.emplace_back();
    } else {
      rest.push_back(a);
    }
  }
  std::reverse(rest.begin(), rest.end());
  try {
    app.parse(rest);
  } catch (const CLI::CallForHelp&) {
    parsed.action = FlagAction::kExit;
    parsed.output = app.help();
    return parsed;
  } catch (const CLI::ParseError& e) {
    return InvalidArgumentError(e.what());
  }
  if (version) {
    parsed.action = FlagAction::kExit;
    parsed.output = VersionText(CurrentBuildInfo());
    return parsed;
  }
  ASSIGN_OR_RETURN(f.log_level, ParseLogLevel(log_level));
  ASSIGN_OR_RETURN(f.log_format, ParseLogFormat(log_format));
  ASSIGN_OR_RETURN(f.features, ParseFeatures(features));
  struct {
    const char* flag;
    const std::string& text;
    Duration* out;
  } durations[] = {
      {"--data.retention", retention, &f.data_retention},
      {"--storage.tsdb.retention.time", tsdb_retention, &f.tsdb_retention},
      {"--data.maintenance-interval", maintenance,
       &f.data_maintenance_interval},
      {"--alerts.gc-interval", gc_interval, &f.alerts_gc_interval},
      {"--web.timeout", web_timeout, &f.web_timeout},
  };
  for (auto& d : durations) {
    auto v = ParseDuration(d.text);
    if (!v.ok()) {
      return InvalidArgumentError(std::string("invalid value for ") + d.flag +
                                  ": " + v.status().message());
    }
    *d.out = *v;
  }
  return parsed;
}

}  // namespace tocsin::server
