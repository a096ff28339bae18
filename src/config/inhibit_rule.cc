#include "config/inhibit_rule.h"

#include "base/strings.h"

namespace tocsin::config {
namespace {

model::Matchers Effective(
    const std::vector<std::pair<std::string, std::string>>& match,
    const std::vector<MatchRegexp>& match_re, const model::Matchers& list) {
  model::Matchers out;
  for (const auto& [name, value] : match) {
    // An equality matcher on a legacy label name cannot fail to build.
    Result<model::Matcher> m =
        model::Matcher::Create(model::MatchType::kEqual, name, value);
    if (m.ok()) out.push_back(std::move(*m));
  }
  for (const auto& re : match_re) {
    // Compiled at parse time already, so this cannot fail.
    Result<model::Matcher> m = model::Matcher::Create(
        model::MatchType::kRegexMatch, re.name, re.original);
    if (m.ok()) out.push_back(std::move(*m));
  }
  for (const auto& m : list) out.push_back(m);
  return out;
}

YAML::Node MatchersToYaml(const model::Matchers& ms) {
  YAML::Node n(YAML::NodeType::Sequence);
  for (const auto& m : ms) n.push_back(m.ToString());
  return n;
}

}  // namespace

model::Matchers InhibitRule::EffectiveSourceMatchers() const {
  return Effective(source_match, source_match_re, source_matchers);
}

model::Matchers InhibitRule::EffectiveTargetMatchers() const {
  return Effective(target_match, target_match_re, target_matchers);
}

Result<InhibitRule> ParseInhibitRule(const YAML::Node& node,
                                     std::string_view field_path,
                                     const ParseContext& ctx) {
  RETURN_IF_ERROR(CheckKnownFields(
      ctx, node, field_path,
      {"name", "source_match", "source_match_re", "source_matchers",
       "target_match", "target_match_re", "target_matchers", "equal"},
      "config.plain"));
  InhibitRule rule;
  if (!node.IsDefined() || node.IsNull()) return rule;
  // Fields in the order yaml.v2 decodes them: document order.
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "name") {
      ASSIGN_OR_RETURN(rule.name, GetString(ctx, node, field_path, key));
    } else if (key == "source_match") {
      ASSIGN_OR_RETURN(rule.source_match,
                       GetMatchMap(ctx, node, field_path, key));
    } else if (key == "source_match_re") {
      ASSIGN_OR_RETURN(rule.source_match_re,
                       GetMatchReMap(ctx, node, field_path, key));
    } else if (key == "source_matchers") {
      ASSIGN_OR_RETURN(rule.source_matchers,
                       GetMatchersList(ctx, node, field_path, key));
    } else if (key == "target_match") {
      ASSIGN_OR_RETURN(rule.target_match,
                       GetMatchMap(ctx, node, field_path, key));
    } else if (key == "target_match_re") {
      ASSIGN_OR_RETURN(rule.target_match_re,
                       GetMatchReMap(ctx, node, field_path, key));
    } else if (key == "target_matchers") {
      ASSIGN_OR_RETURN(rule.target_matchers,
                       GetMatchersList(ctx, node, field_path, key));
    } else if (key == "equal") {
      ASSIGN_OR_RETURN(rule.equal, GetStringList(ctx, node, field_path, key));
    }
  }
  YAML::Node equal = node["equal"];
  for (size_t i = 0; i < rule.equal.size(); ++i) {
    if (!IsValidLabelNameForMode(rule.equal[i], ctx.matcher_mode)) {
      return NodeError(
          ctx, equal[i], IndexPath(JoinPath(field_path, "equal"), i),
          "invalid label name " + GoQuote(rule.equal[i]) + " in equal list");
    }
  }
  return rule;
}

YAML::Node InhibitRuleToYaml(const InhibitRule& rule) {
  YAML::Node n(YAML::NodeType::Map);
  if (!rule.name.empty()) n["name"] = rule.name;
  auto put_map =
      [&](const char* key,
          const std::vector<std::pair<std::string, std::string>>& m) {
        if (m.empty()) return;
        YAML::Node out(YAML::NodeType::Map);
        for (const auto& [k, v] : m) out[k] = v;
        n[key] = out;
      };
  auto put_re = [&](const char* key, const std::vector<MatchRegexp>& m) {
    if (m.empty()) return;
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& re : m) out[re.name] = re.original;
    n[key] = out;
  };
  put_map("source_match", rule.source_match);
  put_re("source_match_re", rule.source_match_re);
  if (!rule.source_matchers.empty()) {
    n["source_matchers"] = MatchersToYaml(rule.source_matchers);
  }
  put_map("target_match", rule.target_match);
  put_re("target_match_re", rule.target_match_re);
  if (!rule.target_matchers.empty()) {
    n["target_matchers"] = MatchersToYaml(rule.target_matchers);
  }
  if (!rule.equal.empty()) {
    YAML::Node eq(YAML::NodeType::Sequence);
    for (const auto& l : rule.equal) eq.push_back(l);
    n["equal"] = eq;
  }
  return n;
}

}  // namespace tocsin::config
