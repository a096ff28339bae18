#ifndef TOCSIN_CONFIG_INHIBIT_RULE_H_
#define TOCSIN_CONFIG_INHIBIT_RULE_H_

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/matchers_field.h"
#include "config/parse_context.h"
#include "model/matcher.h"

namespace tocsin::config {

// One entry of `inhibit_rules` (Alertmanager's config.InhibitRule). The
// deprecated map forms are kept as written so the config prints back the
// same; EffectiveSourceMatchers()/EffectiveTargetMatchers() give what the
// inhibitor evaluates. Immutable after parsing; safe to share.
struct InhibitRule {
  // Optional name (newer Alertmanager releases).
  std::string name;
  // Deprecated `source_match` (label -> exact value), YAML order.
  std::vector<std::pair<std::string, std::string>> source_match;
  // Deprecated `source_match_re` (label -> anchored regex), YAML order.
  std::vector<MatchRegexp> source_match_re;
  // `source_matchers`, sorted as labels.Matchers.
  model::Matchers source_matchers;
  std::vector<std::pair<std::string, std::string>> target_match;
  std::vector<MatchRegexp> target_match_re;
  model::Matchers target_matchers;
  // Label names that must be equal between source and target alerts.
  std::vector<std::string> equal;

  // The union inhibit.NewInhibitRule builds: one `=` matcher per
  // source_match entry, one `=~` per source_match_re entry, then
  // source_matchers.
  model::Matchers EffectiveSourceMatchers() const;
  model::Matchers EffectiveTargetMatchers() const;
};

// Parses the inhibit rule at `node` (a map). Errors (each
// "<file>:<line>: <field_path>[.<key>]: <message>"):
//   unknown key        -> "field <k> not found in type config.plain"
//   bad match name     -> `invalid label name "<k>"`
//   null match_re value-> `invalid regexp value for "<k>"`
//   bad regex          -> the regex compiler's message
//   bad matcher string -> the matcher parser's message
//   bad equal entry    -> `invalid label name "<l>" in equal list`
Result<InhibitRule> ParseInhibitRule(const YAML::Node& node,
                                     std::string_view field_path,
                                     const ParseContext& ctx);

// The rule as YAML, fields as Alertmanager marshals them (empty ones left
// out). The output parses back to an equal rule.
YAML::Node InhibitRuleToYaml(const InhibitRule& rule);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_INHIBIT_RULE_H_
