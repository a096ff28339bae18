#include "config/route.h"

#include <set>
#include <utility>

#include "base/strings.h"
#include "config/matchers_field.h"

namespace tocsin::config {
namespace {

// The Go type name yaml.v2 reports for a route node (Route.UnmarshalYAML
// decodes into `type plain Route`).
constexpr std::string_view kRouteGoType = "config.plain";

std::string Quote(std::string_view s) { return GoQuote(s); }

// Reads an optional duration at `node[key]`.
Result<std::optional<Duration>> GetOptionalDuration(const ParseContext& ctx,
                                                    const YAML::Node& node,
                                                    std::string_view field_path,
                                                    std::string_view key) {
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return std::optional<Duration>();
  ASSIGN_OR_RETURN(std::string text, GetString(ctx, node, field_path, key));
  Result<Duration> d = ParseDuration(text);
  if (!d.ok()) {
    return NodeError(ctx, v, JoinPath(field_path, key), d.status().message());
  }
  return std::optional<Duration>(*d);
}

// Route.UnmarshalYAML's group_by checks, which upstream runs after the whole
// node (children included) decoded.
Status CheckGroupBy(const YAML::Node& node, std::string_view field_path,
                    const ParseContext& ctx,
                    const std::vector<std::string>& names, Route& route) {
  YAML::Node v = node["group_by"];
  std::string path = JoinPath(field_path, "group_by");
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    if (name == "...") {
      route.group_by_all = true;
      continue;
    }
    if (!IsValidLabelNameForMode(name, ctx.matcher_mode)) {
      return NodeError(
          ctx, v[i], IndexPath(path, i),
          "invalid label name " + Quote(name) + " in group_by list");
    }
    route.group_by.push_back(name);
  }
  if (!route.group_by.empty() && route.group_by_all) {
    return NodeError(ctx, v, path,
                     "cannot have wildcard group_by (`...`) and other labels "
                     "at the same time");
  }
  std::set<std::string_view> seen;
  for (size_t i = 0; i < route.group_by.size(); ++i) {
    if (!seen.insert(route.group_by[i]).second) {
      return NodeError(
          ctx, v, path,
          "duplicated label " + Quote(route.group_by[i]) + " in group_by");
    }
  }
  return Status::Ok();
}

Status ParseRoutes(const YAML::Node& node, std::string_view field_path,
                   const ParseContext& ctx, Route& route) {
  YAML::Node v = node["routes"];
  if (!v.IsDefined() || v.IsNull()) return Status::Ok();
  std::string path = JoinPath(field_path, "routes");
  if (!v.IsSequence()) {
    return NodeError(ctx, v, path,
                     v.IsMap() ? "cannot unmarshal !!map into []*config.Route"
                               : "cannot unmarshal !!str into []*config.Route");
  }
  for (size_t i = 0; i < v.size(); ++i) {
    ASSIGN_OR_RETURN(std::shared_ptr<const Route> child,
                     ParseRoute(v[i], IndexPath(path, i), ctx));
    route.routes.push_back(std::move(child));
  }
  return Status::Ok();
}

}  // namespace

bool IsClassicLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsValidLabelNameForMode(std::string_view name,
                             model::MatcherParserMode mode) {
  if (mode == model::MatcherParserMode::kClassic) {
    return IsClassicLabelName(name);
  }
  return !name.empty() && IsValidUtf8(name);
}

Result<std::shared_ptr<const Route>> ParseRoute(const YAML::Node& node,
                                                std::string_view field_path,
                                                const ParseContext& ctx) {
  auto route = std::make_shared<Route>();
  if (!node.IsDefined() || node.IsNull()) return {std::move(route)};
  RETURN_IF_ERROR(CheckKnownFields(
      ctx, node, field_path,
      {"receiver", "group_by", "match", "match_re", "matchers",
       "mute_time_intervals", "active_time_intervals", "continue", "routes",
       "group_wait", "group_interval", "repeat_interval", "labels"},
      kRouteGoType));

  ASSIGN_OR_RETURN(route->receiver,
                   GetString(ctx, node, field_path, "receiver"));
  ASSIGN_OR_RETURN(std::vector<std::string> group_by,
                   GetStringList(ctx, node, field_path, "group_by"));

  ASSIGN_OR_RETURN(route->match, GetMatchMap(ctx, node, field_path, "match"));
  ASSIGN_OR_RETURN(route->match_re,
                   GetMatchReMap(ctx, node, field_path, "match_re"));
  ASSIGN_OR_RETURN(route->matchers,
                   GetMatchersList(ctx, node, field_path, "matchers"));

  ASSIGN_OR_RETURN(route->mute_time_intervals,
                   GetStringList(ctx, node, field_path, "mute_time_intervals"));
  ASSIGN_OR_RETURN(
      route->active_time_intervals,
      GetStringList(ctx, node, field_path, "active_time_intervals"));
  ASSIGN_OR_RETURN(route->continue_matching,
                   GetBool(ctx, node, field_path, "continue", false));

  ASSIGN_OR_RETURN(route->group_wait,
                   GetOptionalDuration(ctx, node, field_path, "group_wait"));
  ASSIGN_OR_RETURN(
      route->group_interval,
      GetOptionalDuration(ctx, node, field_path, "group_interval"));
  ASSIGN_OR_RETURN(
      route->repeat_interval,
      GetOptionalDuration(ctx, node, field_path, "repeat_interval"));
  ASSIGN_OR_RETURN(route->labels,
                   GetStringMap(ctx, node, field_path, "labels"));
  for (const auto& [name, value] : route->labels) {
    if (!IsValidLabelNameForMode(name, ctx.matcher_mode)) {
      return NodeError(ctx, node["labels"], JoinPath(field_path, "labels"),
                       "invalid label name " + Quote(name));
    }
  }

  RETURN_IF_ERROR(ParseRoutes(node, field_path, ctx, *route));

  // Checks upstream's Route.UnmarshalYAML makes once the node and its
  // children decoded, in its order.
  RETURN_IF_ERROR(CheckGroupBy(node, field_path, ctx, group_by, *route));
  if (route->group_interval && route->group_interval->count() == 0) {
    return NodeError(ctx, node["group_interval"],
                     JoinPath(field_path, "group_interval"),
                     "group_interval cannot be zero");
  }
  if (route->repeat_interval && route->repeat_interval->count() == 0) {
    return NodeError(ctx, node["repeat_interval"],
                     JoinPath(field_path, "repeat_interval"),
                     "repeat_interval cannot be zero");
  }

  return {std::shared_ptr<const Route>(std::move(route))};
}

YAML::Node RouteToYaml(const Route& route) {
  YAML::Node out(YAML::NodeType::Map);
  if (!route.receiver.empty()) out["receiver"] = route.receiver;
  if (route.group_by_all) {
    YAML::Node list(YAML::NodeType::Sequence);
    list.push_back("...");
    out["group_by"] = list;
  } else if (!route.group_by.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& n : route.group_by) list.push_back(n);
    out["group_by"] = list;
  }
  if (!route.match.empty()) {
    YAML::Node m(YAML::NodeType::Map);
    for (const auto& [k, v] : route.match) m[k] = v;
    out["match"] = m;
  }
  if (!route.match_re.empty()) {
    YAML::Node m(YAML::NodeType::Map);
    for (const auto& re : route.match_re) m[re.name] = re.original;
    out["match_re"] = m;
  }
  if (!route.matchers.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& m : route.matchers) list.push_back(m.ToString());
    out["matchers"] = list;
  }
  if (!route.mute_time_intervals.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& n : route.mute_time_intervals) list.push_back(n);
    out["mute_time_intervals"] = list;
  }
  if (!route.active_time_intervals.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& n : route.active_time_intervals) list.push_back(n);
    out["active_time_intervals"] = list;
  }
  out["continue"] = route.continue_matching;
  if (!route.labels.empty()) {
    YAML::Node m(YAML::NodeType::Map);
    for (const auto& [k, v] : route.labels) m[k] = v;
    out["labels"] = m;
  }
  if (!route.routes.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const auto& child : route.routes) list.push_back(RouteToYaml(*child));
    out["routes"] = list;
  }
  if (route.group_wait) out["group_wait"] = FormatDuration(*route.group_wait);
  if (route.group_interval) {
    out["group_interval"] = FormatDuration(*route.group_interval);
  }
  if (route.repeat_interval) {
    out["repeat_interval"] = FormatDuration(*route.repeat_interval);
  }
  return out;
}

}  // namespace tocsin::config
