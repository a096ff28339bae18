#ifndef TOCSIN_CONFIG_CONFIG_H_
#define TOCSIN_CONFIG_CONFIG_H_

// The whole alertmanager.yml as an immutable snapshot (Alertmanager's
// config.Config), and the loader that builds and validates it.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/global.h"
#include "config/inhibit_rule.h"
#include "config/integration.h"
#include "config/parse_context.h"
#include "config/route.h"
#include "model/matcher_parse.h"
#include "timeinterval/timeinterval.h"

namespace tocsin::config {

// One entry of `time_intervals` (or of the deprecated `mute_time_intervals`).
struct NamedTimeInterval {
  std::string name;
  std::vector<timeinterval::TimeInterval> time_intervals;
};

// The entries of one `<kind>_configs` key of a receiver, in file order.
struct ReceiverIntegrations {
  std::string key;  // "slack_configs"
  std::vector<std::shared_ptr<const IntegrationConfig>> configs;
};

// One entry of `receivers`.
struct Receiver {
  std::string name;
  // One element per `<kind>_configs` key present (even when its list is
  // empty or null), in the order the keys appear in the file.
  std::vector<ReceiverIntegrations> integrations;

  // The entries of `key` ("email_configs"); empty when the key is absent.
  // The returned vector lives as long as this Receiver.
  const std::vector<std::shared_ptr<const IntegrationConfig>>& Configs(
      std::string_view key) const;
  // Total number of integration entries over all keys.
  size_t NumIntegrations() const;
};

// A loaded and fully validated configuration. Immutable once built: share it
// as std::shared_ptr<const Config> between threads freely.
struct Config {
  // `global`, with Alertmanager's defaults for everything absent.
  GlobalConfig global;
  // The root route (never null in a loaded Config).
  std::shared_ptr<const Route> route;
  std::vector<InhibitRule> inhibit_rules;
  std::vector<Receiver> receivers;
  // `templates` globs; LoadFile joins relative ones to the file's directory,
  // as upstream's resolveFilepaths does.
  std::vector<std::string> templates;
  // Deprecated `mute_time_intervals` (still accepted, as upstream).
  std::vector<NamedTimeInterval> mute_time_intervals;
  std::vector<NamedTimeInterval> time_intervals;
  // Parsed tocsin-only top-level sections by key (registered with
  // IntegrationRegistry::RegisterSection); absent keys are not in the map.
  std::map<std::string, std::shared_ptr<const SectionConfig>, std::less<>>
      sections;
  // The text the config was loaded from.
  std::string original;

  // The receiver called `name`, or nullptr.
  const Receiver* FindReceiver(std::string_view name) const;
  // The named interval from time_intervals or mute_time_intervals, or
  // nullptr.
  const NamedTimeInterval* FindTimeInterval(std::string_view name) const;
};

// Switches of one load.
struct ParseOptions {
  // Matcher parser for `matchers` strings (--enable-feature; default
  // fallback, as Alertmanager).
  model::MatcherParserMode matcher_mode = model::MatcherParserMode::kFallback;
  // Refuse tocsin-only keys (check-config --alertmanager-strict).
  bool alertmanager_strict = false;
};

// Parses and validates `yaml` as a whole configuration. `file` prefixes every
// error ("<file>:<line>: <field.path>: <message>"); `base_dir` is where
// relative template paths resolve (empty: left as written).
//
// Success: a Config whose every cross reference holds. Failure:
// InvalidArgument whose message is in NodeError's shape and ends with
// Alertmanager's own message for the problem, among them
//   malformed YAML          -> "<file>:<line>: yaml: <parser message>"
//   empty document          -> "no route provided in config"
//   unknown key             -> "field <k> not found in type config.plain"
//   receiver without name   -> "missing name in receiver"
//   duplicate receiver      -> `notification config name "<n>" is not unique`
//   no route                -> "no routes provided"
//   root without receiver   -> "root route must specify a default receiver"
//   root with matchers      -> "root route must not have any matchers"
//   root with intervals     -> "root route must not have any mute time
//                              intervals" / "... active time intervals"
//   root with continue      -> "cannot have continue in root route"
//   unknown receiver        -> `undefined receiver "<n>" used in route`
//   unknown interval        -> `undefined time interval "<n>" used in route`
//   duplicate interval      -> `time interval "<n>" is not unique`,
//                              `mute time interval "<n>" is not unique`
//   interval without name   -> "missing name in time interval",
//                              "missing name in mute time interval"
// plus every message of ParseGlobal, ParseRoute, ParseInhibitRule, the
// registered integration parsers and timeinterval::ParseTimeIntervalList.
// A receiver key not in `registry` is an unknown key; a tocsin-only key is
// one too when options.alertmanager_strict. YAML `<<` merge keys are
// resolved as yaml.v2 does. When a file has several problems the one
// reported follows yaml.v2: the first validation error in document order,
// else the first type error (unknown or duplicate key, wrong YAML type);
// the cross-reference checks run only on a document free of both (the
// global section is parsed first, since integrations read it). Reads no
// files. Thread-safe.
Result<std::shared_ptr<const Config>> Load(
    std::string_view yaml, const IntegrationRegistry& registry,
    const ParseOptions& options = {}, std::string_view file = "<config>",
    const std::filesystem::path& base_dir = {});

// Reads `path` and loads it as Load does, with relative template paths
// joined to the file's directory. A file that cannot be read fails with
// "open <path>: <reason>" (Go's wording, e.g. "no such file or directory").
Result<std::shared_ptr<const Config>> LoadFile(
    const std::string& path, const IntegrationRegistry& registry,
    const ParseOptions& options = {});

// The config as YAML with defaults filled in and every secret printed as
// "<secret>" (Alertmanager's Config.String(), in yaml.v2's layout: see
// config/go_yaml.h). The output loads again, with
// two limits upstream shares: secrets come back as the literal "<secret>"
// (so a check on a secret's value may then differ), and a field set
// explicitly to an empty value is omitted and reloads with its default.
YAML::Node ToYaml(const Config& config);
std::string ToYamlString(const Config& config);

// The same tree as JSON text (Boost.JSON): maps become objects, lists arrays,
// "true"/"false" booleans, null null, every other scalar a string. Secrets
// stay "<secret>".
std::string ToJsonString(const Config& config);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_CONFIG_H_
