#include "config/matchers_field.h"

#include <algorithm>
#include <set>

#include "base/strings.h"
#include "model/matcher_parse.h"

namespace tocsin::config {
namespace {

std::string KindOf(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence:
      return "!!seq";
    case YAML::NodeType::Map:
      return "!!map";
    case YAML::NodeType::Null:
      return "!!null";
    default:
      return "!!str";
  }
}

// Checks that `v` is a map whose keys are unique scalars; reports yaml.v2's
// messages otherwise.
Status CheckStringKeyedMap(const ParseContext& ctx, const YAML::Node& v,
                           std::string_view path, std::string_view go_type) {
  if (!v.IsMap()) {
    return NodeError(
        ctx, v, path,
        "cannot unmarshal " + KindOf(v) + " into " + std::string(go_type));
  }
  std::set<std::string> seen;
  for (const auto& kv : v) {
    if (!kv.first.IsScalar()) {
      return NodeError(ctx, kv.first, path,
                       "cannot unmarshal " + KindOf(kv.first) + " into string");
    }
    if (!seen.insert(kv.first.Scalar()).second) {
      return NodeError(
          ctx, kv.first, path,
          "mapping key \"" + kv.first.Scalar() + "\" already defined");
    }
  }
  return Status::Ok();
}

}  // namespace

void SortMatchers(model::Matchers& matchers) {
  std::stable_sort(matchers.begin(), matchers.end(),
                   [](const model::Matcher& a, const model::Matcher& b) {
                     if (a.name() != b.name()) return a.name() < b.name();
                     if (a.value() != b.value()) return a.value() < b.value();
                     return static_cast<int>(a.type()) <
                            static_cast<int>(b.type());
                   });
}

Result<model::Matchers> GetMatchersList(const ParseContext& ctx,
                                        const YAML::Node& node,
                                        std::string_view field_path,
                                        std::string_view key) {
  model::Matchers out;
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return out;
  std::string path = JoinPath(field_path, key);
  if (!v.IsSequence()) {
    return NodeError(ctx, v, path,
                     "cannot unmarshal " + KindOf(v) + " into []string");
  }
  for (size_t i = 0; i < v.size(); ++i) {
    const YAML::Node item = v[i];
    if (!item.IsScalar()) {
      return NodeError(ctx, item, IndexPath(path, i),
                       "cannot unmarshal " + KindOf(item) + " into string");
    }
    Result<model::Matchers> parsed =
        model::ParseMatchers(item.Scalar(), ctx.matcher_mode);
    if (!parsed.ok()) {
      return NodeError(ctx, item, IndexPath(path, i),
                       parsed.status().message());
    }
    for (auto& m : *parsed) out.push_back(std::move(m));
  }
  SortMatchers(out);
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> GetMatchMap(
    const ParseContext& ctx, const YAML::Node& node,
    std::string_view field_path, std::string_view key) {
  std::vector<std::pair<std::string, std::string>> out;
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return out;
  std::string path = JoinPath(field_path, key);
  RETURN_IF_ERROR(CheckStringKeyedMap(ctx, v, path, "map[string]string"));
  for (const auto& kv : v) {
    const std::string& k = kv.first.Scalar();
    if (!(kv.second.IsScalar() || kv.second.IsNull())) {
      return NodeError(
          ctx, kv.second, JoinPath(path, k),
          "cannot unmarshal " + KindOf(kv.second) + " into string");
    }
    out.emplace_back(k, kv.second.IsNull() ? "" : kv.second.Scalar());
  }
  // Upstream validates names after decoding the whole map.
  for (const auto& kv : v) {
    if (!IsClassicLabelName(kv.first.Scalar())) {
      return NodeError(ctx, kv.first, path,
                       "invalid label name " + GoQuote(kv.first.Scalar()));
    }
  }
  return out;
}

Result<std::vector<MatchRegexp>> GetMatchReMap(const ParseContext& ctx,
                                               const YAML::Node& node,
                                               std::string_view field_path,
                                               std::string_view key) {
  std::vector<MatchRegexp> out;
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return out;
  std::string path = JoinPath(field_path, key);
  RETURN_IF_ERROR(CheckStringKeyedMap(ctx, v, path, "config.MatchRegexps"));
  for (const auto& kv : v) {
    const std::string& k = kv.first.Scalar();
    if (kv.second.IsNull()) {
      if (!IsClassicLabelName(k)) {
        return NodeError(ctx, kv.first, path,
                         "invalid label name " + GoQuote(k));
      }
      return NodeError(ctx, kv.first, path,
                       "invalid regexp value for " + GoQuote(k));
    }
    if (!kv.second.IsScalar()) {
      return NodeError(
          ctx, kv.second, JoinPath(path, k),
          "cannot unmarshal " + KindOf(kv.second) + " into string");
    }
    const std::string& text = kv.second.Scalar();
    Result<model::Matcher> m =
        model::Matcher::Create(model::MatchType::kRegexMatch, k, text);
    if (!m.ok()) {
      return NodeError(ctx, kv.second, JoinPath(path, k), m.status().message());
    }
    out.push_back(MatchRegexp{k, text});
  }
  for (const auto& kv : v) {
    if (!IsClassicLabelName(kv.first.Scalar())) {
      return NodeError(ctx, kv.first, path,
                       "invalid label name " + GoQuote(kv.first.Scalar()));
    }
  }
  return out;
}

}  // namespace tocsin::config
