#ifndef TOCSIN_INGEST_RELABEL_H_
#define TOCSIN_INGEST_RELABEL_H_

// Prometheus relabeling (`relabel_configs`, `metric_relabel_configs`): the
// actions replace, keep, drop, keepequal, dropequal, hashmod, labelmap,
// labeldrop, labelkeep, lowercase and uppercase with Prometheus' defaults
// (separator ";", regex "(.*)" fully anchored, replacement "$1", action
// replace) and its validation messages.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/labels.h"

namespace re2 {
class RE2;
}

namespace tocsin::ingest {

enum class RelabelAction {
  kReplace,
  kKeep,
  kDrop,
  kKeepEqual,
  kDropEqual,
  kHashMod,
  kLabelMap,
  kLabelDrop,
  kLabelKeep,
  kLowercase,
  kUppercase,
};

struct RelabelConfig {
  RelabelAction action = RelabelAction::kReplace;
  std::vector<std::string> source_labels;
  std::string separator = ";";
  std::string regex = "(.*)";  // as written; matched fully anchored
  uint64_t modulus = 0;
  std::string target_label;
  std::string replacement = "$1";
  // Compiled `^(?:regex)$`; set by ParseRelabelConfigs / Compile.
  std::shared_ptr<const re2::RE2> re;

  // Checks the combination of fields as Prometheus' Config.Validate does
  // and compiles the regex. Errors: InvalidArgument with Prometheus'
  // message, e.g. "relabel configuration for replace action requires
  // 'target_label' value".
  Status Compile();
};

// Parses a YAML list of relabel configs; `path` names it in errors
// ("scrape_configs[0].relabel_configs[2].action: unknown relabel action
// \"copy\"").
Result<std::vector<RelabelConfig>> ParseRelabelConfigs(const YAML::Node& node,
                                                       std::string_view path);

// Applies `configs` in order. nullopt when a keep/drop action dropped the
// label set. A label whose value becomes empty is removed.
std::optional<model::Labels> Relabel(const model::Labels& labels,
                                     const std::vector<RelabelConfig>& configs);

// Go's regexp.Expand for `template` over the submatches of `re` against
// `input` (which must match): $1, ${1}, $name, ${name}, $$; a name runs
// as far as letters, digits and '_' go ("$1x" is the group named "1x").
std::string ExpandTemplate(const re2::RE2& re, std::string_view input,
                           std::string_view tmpl);

}  // namespace tocsin::ingest

#endif  // TOCSIN_INGEST_RELABEL_H_
