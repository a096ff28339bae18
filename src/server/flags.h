#ifndef TOCSIN_SERVER_FLAGS_H_
#define TOCSIN_SERVER_FLAGS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "base/duration.h"
#include "base/result.h"
#include "model/matcher_parse.h"
#include "server/log.h"

namespace tocsin::server {

// Feature switches of --enable-feature (Alertmanager's featurecontrol).
struct Features {
  bool alert_names_in_metrics = false;
  bool receiver_name_in_metrics = false;
  bool classic_mode = false;
  bool utf8_strict_mode = false;
  // auto-gomemlimit and auto-gomaxprocs are accepted and ignored (they
  // tune the Go runtime).

  // The matcher parser these features select.
  model::MatcherParserMode MatcherMode() const;
};

// Parses a comma-separated --enable-feature list (repeated flags joined).
// Errors (InvalidArgument, Alertmanager's messages):
//   "unknown option '<f>' for --enable-feature"
//   "cannot have both classic and UTF-8 modes enabled"
Result<Features> ParseFeatures(const std::vector<std::string>& values);

// The server's command line, with Alertmanager's flag names and defaults.
struct ServerFlags {
  std::string config_file = "alertmanager.yml";
  std::string storage_path = "data/";
  std::string listen_address = ":9093";
  std::string external_url;  // Empty: derived from hostname and port.
  std::string route_prefix;  // Empty: the external URL's path.
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kLogfmt;
  Features features;

  // Alertmanager flags accepted so that its command lines work unchanged;
  // components pick them up as they land.
  // --data.retention: how long to keep silences and the notification log.
  Duration data_retention = std::chrono::hours(120);
  // --data.maintenance-interval: snapshot/GC interval of silences and nflog.
  Duration data_maintenance_interval = std::chrono::minutes(15);
  // --storage.tsdb.retention.time (Prometheus' flag): how long samples are
  // kept in the TSDB.
  Duration tsdb_retention = std::chrono::hours(24 * 15);
  // --alerts.gc-interval: interval between resolved-alert collections.
  Duration alerts_gc_interval = std::chrono::minutes(30);
  // --web.timeout: per-request API timeout; 0 = none.
  Duration web_timeout = Duration::zero();
  // --web.get-concurrency: concurrent GET requests; 0 = default.
  int web_get_concurrency = 0;
  // --silences.max-silences: most silences kept, expired included; 0 = no
  // limit.
  int64_t max_silences = 0;
  // --silences.max-silence-size-bytes: largest silence; 0 = no limit.
  int64_t max_silence_size_bytes = 0;
  // --alerts.max-active (tocsin only): most distinct alerts held; a POST
  // beyond it gets 429 with Retry-After. 0 = no limit.
  int64_t max_alerts = 2000000;
  // --web.config.file: exporter-toolkit TLS/basic-auth file.
  std::string web_config_file;
  // --cluster.listen-address and --cluster.peer (repeatable): tocsin has no
  // gossip cluster; HA uses a shared database (shared/DESIGN.md). A non-empty
  // --cluster.peer is refused at start; the listen address is ignored (no
  // cluster port is opened). Every other --cluster.* flag is accepted and
  // ignored.
  std::string cluster_listen_address = "0.0.0.0:9094";
  std::vector<std::string> cluster_peers;
};

// What the command line asks for.
enum class FlagAction {
  kRun,   // Start the server with the parsed flags.
  kExit,  // Print `output` to stdout and exit with `exit_code`
          // (--help, --version: 0).
};

struct ParsedFlags {
  FlagAction action = FlagAction::kRun;
  ServerFlags flags;
  std::string output;
  int exit_code = 0;
};

// Parses server flags (argv[0] is the program name). Accepts `--flag=value`
// and `--flag value`. Errors (InvalidArgument) name the bad flag, e.g.
// "The following argument was not expected: --nope"; the caller prints
// "tocsin: error: <message>, try --help" and exits 1, as kingpin does.
Result<ParsedFlags> ParseServerFlags(const std::vector<std::string>& args);

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_FLAGS_H_
