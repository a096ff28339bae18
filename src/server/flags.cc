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

  CLI::App app{"tocsin: alerting and on-call, an Alertmanager-compatible "
               "server.\n\nSubcommands: tocsin check-config FILE..., "
               "tocsin routes test ...",
               "tocsin"};
  app.add_option("--config.file", f.config_file,
                 "Alertmanager configuration file name.")
      ->capture_default_str();
  app.add_option("--storage.path", f.storage_path, "Base path for data storage.")
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

  // CLI11 wants argv in reverse order for its vector overload.
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1),
                                args.end());
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
  return parsed;
}

}  // namespace tocsin::server
