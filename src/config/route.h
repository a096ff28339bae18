#ifndef TOCSIN_CONFIG_ROUTE_H_
#define TOCSIN_CONFIG_ROUTE_H_

// One node of the `route:` tree of alertmanager.yml, as Alertmanager's
// config.Route: the parsed, validated text of the node. Inheritance from the
// parent and defaults are applied later by the dispatch route tree
// (dispatch/route_tree.h), not here.

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "base/result.h"
#include "config/parse_context.h"
#include "model/matcher.h"
#include "model/matcher_parse.h"

namespace tocsin::config {

// One entry of the deprecated `match_re:` map (config.Regexp).
struct MatchRegexp {
  std::string name;
  // The regex exactly as written ("team-(B|C)"); it matches anchored, i.e.
  // as ^(?:<original>)$.
  std::string original;
};

// An immutable route node. Field comments give the YAML key and what an
// absent key means.
struct Route {
  // `receiver`; empty = inherit the parent's.
  std::string receiver;

  // `group_by` without the `...` wildcard, in YAML order, no duplicates.
  // Empty = inherit the parent's grouping (also for `group_by: []`, as
  // upstream, whose GroupBy stays nil then).
  std::vector<std::string> group_by;
  // `group_by: ['...']`: group by all labels. Never true together with a
  // non-empty group_by.
  bool group_by_all = false;

  // Deprecated `match:` (label name -> exact value), YAML order.
  std::vector<std::pair<std::string, std::string>> match;
  // Deprecated `match_re:`, YAML order.
  std::vector<MatchRegexp> match_re;
  // `matchers:`, every string parsed with the configured matcher parser and
  // sorted by (name, value, type) as upstream sorts labels.Matchers.
  model::Matchers matchers;

  // `mute_time_intervals` / `active_time_intervals`: time interval names;
  // whether they exist is checked by the config loader.
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;

  // `continue`: keep matching the following siblings after this node matched.
  bool continue_matching = false;

  // `group_wait`, `group_interval`, `repeat_interval`; nullopt = inherit.
  // group_interval and repeat_interval are never zero.
  std::optional<Duration> group_wait;
  std::optional<Duration> group_interval;
  std::optional<Duration> repeat_interval;

  // `labels`: route labels (newer Alertmanager), merged parent-first into the
  // alerts routed through this node; YAML order, unique names.
  std::vector<std::pair<std::string, std::string>> labels;

  // `routes`: child nodes in order.
  std::vector<std::shared_ptr<const Route>> routes;
};

// Parses the route node `node` (a map; null gives an empty route) and its
// children recursively. `field_path` names the node in errors ("route",
// children become "route.routes[1]").
//
// Errors (InvalidArgument, shaped by NodeError, Alertmanager's text):
//   unknown key        -> "field <key> not found in type config.plain"
//   wrong YAML type    -> "cannot unmarshal !!seq into string" ...
//   bad match key      -> `invalid label name "<name>"`
//   null match_re value-> `invalid regexp value for "<name>"`
//   bad regex          -> the regex compiler's message
//   bad matchers entry -> the matcher parser's message
//   group_by name      -> `invalid label name "<name>" in group_by list`
//   `...` mixed        -> "cannot have wildcard group_by (`...`) and other
//                          labels at the same time"
//   duplicate group_by -> `duplicated label "<name>" in group_by`
//   zero intervals     -> "group_interval cannot be zero",
//                         "repeat_interval cannot be zero"
//   bad duration       -> base::ParseDuration's message
// Label names in group_by and labels are checked per ctx.matcher_mode (classic:
// [a-zA-Z_][a-zA-Z0-9_]*; fallback and UTF-8 strict: any non-empty UTF-8);
// match / match_re keys always use the classic rule, as upstream.
// Cross references (receiver and time interval names, root-route rules) are
// the config loader's job. Thread-safe (no shared state).
Result<std::shared_ptr<const Route>> ParseRoute(const YAML::Node& node,
                                                std::string_view field_path,
                                                const ParseContext& ctx);

// The route as YAML (keys as in alertmanager.yml; absent options omitted,
// `continue` always printed as upstream does). ParseRoute of the result gives
// an equal route.
YAML::Node RouteToYaml(const Route& route);

// Label-name rules shared by routes and inhibit rules.
// Classic rule: ^[a-zA-Z_][a-zA-Z0-9_]*$ (model.LabelNameRE).
bool IsClassicLabelName(std::string_view name);
// compat.IsValidLabelName: the classic rule in kClassic mode, any non-empty
// valid UTF-8 in the fallback and UTF-8 strict modes.
bool IsValidLabelNameForMode(std::string_view name,
                             model::MatcherParserMode mode);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_ROUTE_H_
