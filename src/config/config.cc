#include "config/config.h"

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "base/strings.h"
#include "config/go_yaml.h"
#include "timeinterval/parse.h"

namespace tocsin::config {
namespace {

namespace fs = std::filesystem;

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

// yaml.v2's precedence between its two kinds of error: a validation error
// (returned by an UnmarshalYAML method: "invalid label name", "missing name
// in receiver", ...) aborts decoding at once, so the first one in document
// order wins; type errors ("cannot unmarshal ...", unknown or duplicate
// keys) are collected while decoding goes on and reported only when no
// validation error occurs. We report the first of them.
class DecodeErrors {
 public:
  // Records `st` (OK is ignored). Returns true when decoding must stop,
  // i.e. `st` is a validation error.
  bool Add(const Status& st) {
    if (st.ok()) return false;
    if (IsTypeError(st)) {
      if (first_type_error_.ok()) first_type_error_ = st;
      return false;
    }
    value_error_ = st;
    return true;
  }
  // The error to report: the validation error, else the first type error,
  // else OK.
  Status Final() const {
    return value_error_.ok() ? first_type_error_ : value_error_;
  }

 private:
  static bool IsTypeError(const Status& st) {
    const std::string& m = st.message();
    return m.find(": cannot unmarshal ") != std::string::npos ||
           m.find(" not found in type ") != std::string::npos ||
           m.find("\" already defined") != std::string::npos;
  }

  Status value_error_;
  Status first_type_error_;
};

// NodeError's shape for a position known only as a yaml-cpp mark.
Status MarkError(const ParseContext& ctx, const YAML::Mark& mark,
                 std::string_view field_path, std::string_view message) {
  std::string out = ctx.file;
  if (!mark.is_null() && mark.line >= 0) {
    out += ":" + std::to_string(mark.line + 1);
  }
  out += ": ";
  if (!field_path.empty()) {
    out += field_path;
    out += ": ";
  }
  out += message;
  return InvalidArgumentError(out);
}

Result<Receiver> ParseReceiver(const YAML::Node& node, std::string_view path,
                               const GlobalConfig& global,
                               const IntegrationRegistry& registry,
                               const ParseContext& ctx) {
  Receiver rcv;
  if (!node.IsDefined() || node.IsNull()) {
    return NodeError(ctx, node, path, "missing name in receiver");
  }
  if (!node.IsMap()) {
    return NodeError(ctx, node, path,
                     "cannot unmarshal " + KindOf(node) + " into config.plain");
  }
  auto known = [&](const std::string& key) {
    if (key == "name") return true;
    const IntegrationRegistry::Entry* e = registry.Find(key);
    return e != nullptr && !(e->tocsin_only && ctx.alertmanager_strict);
  };
  auto hint = [&](const std::string& key) -> std::string {
    const IntegrationRegistry::Entry* e = registry.Find(key);
    if (e != nullptr && e->tocsin_only) {
      return " (a tocsin extension, refused under --alertmanager-strict)";
    }
    return "";
  };
  // Keys in document order; type errors are collected so that a validation
  // error further on wins, as in yaml.v2 (see DecodeErrors).
  DecodeErrors errors;
  std::set<std::string> seen;
  for (const auto& kv : node) {
    Status st;
    if (!kv.first.IsScalar()) {
      st = NodeError(ctx, kv.first, path,
                     "cannot unmarshal " + KindOf(kv.first) + " into string");
      if (errors.Add(st)) return errors.Final();
      continue;
    }
    const std::string key = kv.first.Scalar();
    if (!known(key)) {
      st = NodeError(
          ctx, kv.first, path,
          "field " + key + " not found in type config.plain" + hint(key));
    } else if (!seen.insert(key).second) {
      st = NodeError(ctx, kv.first, path,
                     "mapping key \"" + key + "\" already defined");
    } else if (key == "name") {
      Result<std::string> name = GetString(ctx, node, path, key);
      if (name.ok()) {
        rcv.name = std::move(*name);
      } else {
        st = name.status();
      }
    } else {
      const IntegrationRegistry::Entry* entry = registry.Find(key);
      ReceiverIntegrations list;
      list.key = key;
      const YAML::Node items = kv.second;
      std::string list_path = JoinPath(path, key);
      if (!items.IsNull() && !items.IsSequence()) {
        st = NodeError(ctx, items, list_path,
                       "cannot unmarshal " + KindOf(items) + " into []*" + key);
      } else if (!items.IsNull()) {
        for (size_t i = 0; i < items.size(); ++i) {
          Result<std::shared_ptr<const IntegrationConfig>> parsed =
              entry->parser(items[i], IndexPath(list_path, i), global, ctx);
          if (parsed.ok()) {
            list.configs.push_back(std::move(*parsed));
          } else if (errors.Add(parsed.status())) {
            return errors.Final();
          }
        }
      }
      rcv.integrations.push_back(std::move(list));
    }
    if (errors.Add(st)) return errors.Final();
  }
  RETURN_IF_ERROR(errors.Final());
  if (rcv.name.empty()) {
    return NodeError(ctx, node, path, "missing name in receiver");
  }
  return rcv;
}

Result<std::vector<NamedTimeInterval>> ParseNamedIntervals(
    const YAML::Node& node, std::string_view path, bool mute,
    const ParseContext& ctx) {
  std::vector<NamedTimeInterval> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence()) {
    return NodeError(ctx, node, path,
                     "cannot unmarshal " + KindOf(node) +
                         (mute ? " into []config.MuteTimeInterval"
                               : " into []config.TimeInterval"));
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    std::string item_path = IndexPath(path, i);
    RETURN_IF_ERROR(CheckKnownFields(
        ctx, item, item_path, {"name", "time_intervals"}, "config.plain"));
    NamedTimeInterval ti;
    if (item.IsMap()) {
      ASSIGN_OR_RETURN(ti.name, GetString(ctx, item, item_path, "name"));
      timeinterval::ParseErrorInfo info;
      YAML::Node list = item["time_intervals"];
      Result<std::vector<timeinterval::TimeInterval>> parsed =
          list.IsDefined() ? timeinterval::ParseTimeIntervalList(list, &info)
                           : std::vector<timeinterval::TimeInterval>();
      if (!parsed.ok()) {
        return MarkError(
            ctx, info.mark,
            JoinPath(item_path, "time_intervals") + info.field_path,
            parsed.status().message());
      }
      ti.time_intervals = std::move(*parsed);
    }
    if (ti.name.empty()) {
      return NodeError(ctx, item, item_path,
                       mute ? "missing name in mute time interval"
                            : "missing name in time interval");
    }
    out.push_back(std::move(ti));
  }
  return out;
}

// Post-order walk as upstream's checkReceiver: children before the node.
Status CheckRouteReceivers(const YAML::Node& node, std::string_view path,
                           const std::set<std::string>& receivers,
                           const ParseContext& ctx) {
  if (!node.IsMap()) return Status::Ok();
  YAML::Node routes = node["routes"];
  if (routes.IsDefined() && routes.IsSequence()) {
    for (size_t i = 0; i < routes.size(); ++i) {
      RETURN_IF_ERROR(CheckRouteReceivers(
          routes[i], IndexPath(JoinPath(path, "routes"), i), receivers, ctx));
    }
  }
  YAML::Node rcv = node["receiver"];
  if (rcv.IsDefined() && rcv.IsScalar() && !rcv.Scalar().empty() &&
      receivers.count(rcv.Scalar()) == 0) {
    return NodeError(
        ctx, rcv, JoinPath(path, "receiver"),
        "undefined receiver " + GoQuote(rcv.Scalar()) + " used in route");
  }
  return Status::Ok();
}

Status CheckRouteIntervals(const YAML::Node& node, std::string_view path,
                           const std::set<std::string>& intervals,
                           const ParseContext& ctx) {
  if (!node.IsMap()) return Status::Ok();
  YAML::Node routes = node["routes"];
  if (routes.IsDefined() && routes.IsSequence()) {
    for (size_t i = 0; i < routes.size(); ++i) {
      RETURN_IF_ERROR(CheckRouteIntervals(
          routes[i], IndexPath(JoinPath(path, "routes"), i), intervals, ctx));
    }
  }
  for (const char* key : {"active_time_intervals", "mute_time_intervals"}) {
    YAML::Node list = node[key];
    if (!list.IsDefined() || !list.IsSequence()) continue;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].IsScalar() && intervals.count(list[i].Scalar()) == 0) {
        return NodeError(ctx, list[i], IndexPath(JoinPath(path, key), i),
                         "undefined time interval " +
                             GoQuote(list[i].Scalar()) + " used in route");
      }
    }
  }
  return Status::Ok();
}

// yaml.v2 (Alertmanager's decoder) resolves YAML `<<` merge keys; yaml-cpp
// 0.7 keeps "<<" as an ordinary key. Rewrites every map holding a plain
// "<<" key in place: the keys of the merged map(s) that the map does not set
// itself are added (for a list of maps, the first one setting a key wins),
// keeping their nodes and so their positions, and "<<" is removed. Children
// are resolved first. `path` holds the ancestors, so an alias to one of them
// ends the walk instead of recursing forever.
Status ResolveMergeKeys(YAML::Node node, std::vector<YAML::Node>& path,
                        const ParseContext& ctx) {
  if (!node.IsMap() && !node.IsSequence()) return Status::Ok();
  for (const YAML::Node& a : path) {
    if (a.is(node)) return Status::Ok();
  }
  path.push_back(node);
  YAML::Node merge;
  bool has_merge = false;
  if (node.IsSequence()) {
    for (YAML::Node item : node) {
      RETURN_IF_ERROR(ResolveMergeKeys(item, path, ctx));
    }
  } else {
    for (auto kv : node) {
      RETURN_IF_ERROR(ResolveMergeKeys(kv.second, path, ctx));
      if (kv.first.IsScalar() && kv.first.Scalar() == "<<" &&
          kv.first.Tag() != "!") {
        merge = kv.second;
        has_merge = true;
      }
    }
  }
  path.pop_back();
  if (!has_merge) return Status::Ok();

  std::vector<YAML::Node> sources;
  if (merge.IsMap()) {
    sources.push_back(merge);
  } else if (merge.IsSequence()) {
    for (YAML::Node item : merge) {
      if (!item.IsMap()) {
        return NodeError(ctx, item, "",
                         "map merge requires map or sequence of maps as the "
                         "value");
      }
      sources.push_back(item);
    }
  } else {
    return NodeError(ctx, merge, "",
                     "map merge requires map or sequence of maps as the value");
  }
  std::set<std::string> present;
  for (auto kv : node) {
    if (kv.first.IsScalar()) present.insert(kv.first.Scalar());
  }
  std::vector<std::pair<YAML::Node, YAML::Node>> added;
  for (const YAML::Node& src : sources) {
    for (auto kv : src) {
      if (!kv.first.IsScalar() || kv.first.Scalar() == "<<") continue;
      if (present.insert(kv.first.Scalar()).second) {
        added.emplace_back(kv.first, kv.second);
      }
    }
  }
  node.remove("<<");
  for (auto& [k, v] : added) node.force_insert(k, v);
  return Status::Ok();
}

std::string LowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = s[0] - 'A' + 'a';
  return s;
}

boost::json::value YamlToJson(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      boost::json::object obj;
      for (const auto& kv : n) {
        obj[kv.first.Scalar()] = YamlToJson(kv.second);
      }
      return obj;
    }
    case YAML::NodeType::Sequence: {
      boost::json::array arr;
      for (const auto& item : n) arr.push_back(YamlToJson(item));
      return arr;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() != "!" && s == "true") return true;
      if (n.Tag() != "!" && s == "false") return false;
      return boost::json::string(s);
    }
    default:
      return nullptr;
  }
}

YAML::Node NamedIntervalsToYaml(const std::vector<NamedTimeInterval>& list) {
  YAML::Node out(YAML::NodeType::Sequence);
  for (const auto& ti : list) {
    YAML::Node n(YAML::NodeType::Map);
    n["name"] = ti.name;
    n["time_intervals"] = timeinterval::ToYaml(ti.time_intervals);
    out.push_back(n);
  }
  return out;
}

}  // namespace

const std::vector<std::shared_ptr<const IntegrationConfig>>& Receiver::Configs(
    std::string_view key) const {
  static const auto* kEmpty =
      new std::vector<std::shared_ptr<const IntegrationConfig>>();
  for (const auto& i : integrations) {
    if (i.key == key) return i.configs;
  }
  return *kEmpty;
}

size_t Receiver::NumIntegrations() const {
  size_t n = 0;
  for (const auto& i : integrations) n += i.configs.size();
  return n;
}

const Receiver* Config::FindReceiver(std::string_view name) const {
  for (const auto& r : receivers) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

const NamedTimeInterval* Config::FindTimeInterval(std::string_view name) const {
  for (const auto& t : time_intervals) {
    if (t.name == name) return &t;
  }
  for (const auto& t : mute_time_intervals) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Result<std::shared_ptr<const Config>> Load(std::string_view yaml,
                                           const IntegrationRegistry& registry,
                                           const ParseOptions& options,
                                           std::string_view file,
                                           const fs::path& base_dir) {
  ParseContext ctx;
  ctx.file = std::string(file);
  ctx.base_dir = base_dir;
  ctx.matcher_mode = options.matcher_mode;
  ctx.alertmanager_strict = options.alertmanager_strict;

  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return MarkError(ctx, e.mark, "", "yaml: " + e.msg);
  }
  if (!root.IsDefined() || root.IsNull()) {
    return MarkError(ctx, YAML::Mark::null_mark(), "",
                     "no route provided in config");
  }
  try {
    std::vector<YAML::Node> path;
    RETURN_IF_ERROR(ResolveMergeKeys(root, path, ctx));
  } catch (const YAML::Exception& e) {
    return MarkError(ctx, e.mark, "", "yaml: " + e.msg);
  }

  auto cfg = std::make_shared<Config>();
  cfg->original = std::string(yaml);
  try {
    if (!root.IsMap()) {
      return CheckKnownFields(ctx, root, "", {}, "config.plain");
    }
    // Integration parsers take the global section, so it goes first; the
    // other sections follow in document order, as yaml.v2 decodes them.
    ASSIGN_OR_RETURN(cfg->global, ParseGlobal(root["global"], ctx));

    DecodeErrors errors;
    YAML::Node route_node;
    std::set<std::string> seen;
    for (const auto& kv : root) {
      if (!kv.first.IsScalar()) {
        if (errors.Add(NodeError(
                ctx, kv.first, "",
                "cannot unmarshal " + KindOf(kv.first) + " into string"))) {
          return errors.Final();
        }
        continue;
      }
      const std::string key = kv.first.Scalar();
      const YAML::Node v = kv.second;
      Status st;
      if (!seen.insert(key).second) {
        st = NodeError(ctx, kv.first, "",
                       "mapping key \"" + key + "\" already defined");
      } else if (key == "global") {
        // Parsed above.
      } else if (key == "route") {
        route_node = v;
        if (!v.IsNull()) {
          Result<std::shared_ptr<const Route>> route =
              ParseRoute(v, "route", ctx);
          if (route.ok()) {
            cfg->route = std::move(*route);
          } else {
            st = route.status();
          }
        }
      } else if (key == "inhibit_rules") {
        if (v.IsNull()) continue;
        if (!v.IsSequence()) {
          st = NodeError(
              ctx, v, key,
              "cannot unmarshal " + KindOf(v) + " into []config.InhibitRule");
        }
        for (size_t i = 0; st.ok() && i < v.size(); ++i) {
          Result<InhibitRule> rule =
              ParseInhibitRule(v[i], IndexPath(key, i), ctx);
          if (rule.ok()) {
            cfg->inhibit_rules.push_back(std::move(*rule));
          } else if (errors.Add(rule.status())) {
            return errors.Final();
          }
        }
      } else if (key == "receivers") {
        if (v.IsNull()) continue;
        if (!v.IsSequence()) {
          st = NodeError(
              ctx, v, key,
              "cannot unmarshal " + KindOf(v) + " into []config.Receiver");
        }
        for (size_t i = 0; st.ok() && i < v.size(); ++i) {
          Result<Receiver> rcv = ParseReceiver(v[i], IndexPath(key, i),
                                               cfg->global, registry, ctx);
          if (rcv.ok()) {
            cfg->receivers.push_back(std::move(*rcv));
          } else if (errors.Add(rcv.status())) {
            return errors.Final();
          }
        }
      } else if (key == "templates") {
        Result<std::vector<std::string>> t = GetStringList(ctx, root, "", key);
        if (t.ok()) {
          cfg->templates = std::move(*t);
        } else {
          st = t.status();
        }
      } else if (key == "time_intervals" || key == "mute_time_intervals") {
        bool mute = key == "mute_time_intervals";
        Result<std::vector<NamedTimeInterval>> t =
            ParseNamedIntervals(v, key, mute, ctx);
        if (!t.ok()) {
          st = t.status();
        } else if (mute) {
          cfg->mute_time_intervals = std::move(*t);
        } else {
          cfg->time_intervals = std::move(*t);
        }
      } else if (const IntegrationRegistry::SectionEntry* section =
                     registry.FindSection(key);
                 section != nullptr && !ctx.alertmanager_strict) {
        Result<std::shared_ptr<const SectionConfig>> parsed =
            section->parser(v, ctx);
        if (parsed.ok()) {
          cfg->sections[key] = std::move(*parsed);
        } else {
          st = parsed.status();
        }
      } else {
        st = NodeError(ctx, kv.first, "",
                       "field " + key + " not found in type config.plain" +
                           (registry.FindSection(key) != nullptr
                                ? " (a tocsin extension, refused under "
                                  "--alertmanager-strict)"
                                : ""));
      }
      if (errors.Add(st)) return errors.Final();
    }
    // Only a fully decoded document gets the cross-reference checks.
    RETURN_IF_ERROR(errors.Final());

    // Cross-reference checks, in upstream Config.UnmarshalYAML's order.
    std::set<std::string> names;
    YAML::Node receivers_node = root["receivers"];
    for (size_t i = 0; i < cfg->receivers.size(); ++i) {
      const std::string& name = cfg->receivers[i].name;
      if (!names.insert(name).second) {
        return NodeError(
            ctx, receivers_node[i]["name"], IndexPath("receivers", i) + ".name",
            "notification config name " + GoQuote(name) + " is not unique");
      }
    }
    if (cfg->route == nullptr) {
      return NodeError(ctx, route_node.IsDefined() ? route_node : root, "",
                       "no routes provided");
    }
    const Route& r = *cfg->route;
    if (r.receiver.empty()) {
      return NodeError(ctx, route_node, "route",
                       "root route must specify a default receiver");
    }
    if (!r.match.empty() || !r.match_re.empty() || !r.matchers.empty()) {
      return NodeError(ctx, route_node, "route",
                       "root route must not have any matchers");
    }
    if (!r.mute_time_intervals.empty()) {
      return NodeError(ctx, route_node, "route",
                       "root route must not have any mute time intervals");
    }
    if (!r.active_time_intervals.empty()) {
      return NodeError(ctx, route_node, "route",
                       "root route must not have any active time intervals");
    }
    RETURN_IF_ERROR(CheckRouteReceivers(route_node, "route", names, ctx));

    std::set<std::string> ti_names;
    for (size_t i = 0; i < cfg->mute_time_intervals.size(); ++i) {
      const std::string& name = cfg->mute_time_intervals[i].name;
      if (!ti_names.insert(name).second) {
        return NodeError(
            ctx, root["mute_time_intervals"][i]["name"],
            IndexPath("mute_time_intervals", i) + ".name",
            "mute time interval " + GoQuote(name) + " is not unique");
      }
    }
    for (size_t i = 0; i < cfg->time_intervals.size(); ++i) {
      const std::string& name = cfg->time_intervals[i].name;
      if (!ti_names.insert(name).second) {
        return NodeError(ctx, root["time_intervals"][i]["name"],
                         IndexPath("time_intervals", i) + ".name",
                         "time interval " + GoQuote(name) + " is not unique");
      }
    }
    RETURN_IF_ERROR(CheckRouteIntervals(route_node, "route", ti_names, ctx));

    // Checked by upstream's Load after decoding.
    if (r.continue_matching) {
      return NodeError(ctx, route_node["continue"], "route.continue",
                       "cannot have continue in root route");
    }
  } catch (const YAML::Exception& e) {
    // A parser that let a yaml-cpp exception escape: report, never crash.
    return MarkError(ctx, e.mark, "", "yaml: " + e.msg);
  } catch (const std::exception& e) {
    // Same for any other throw from a parser (std::stoll, Boost): a bug to
    // fix there, reported as an error rather than a crash.
    return InternalError(ctx.file +
                         ": internal error while loading: " + e.what());
  }

  if (!base_dir.empty()) {
    for (std::string& t : cfg->templates) {
      if (!t.empty() && fs::path(t).is_relative()) {
        t = (base_dir / t).lexically_normal().string();
      }
    }
  }
  return std::shared_ptr<const Config>(std::move(cfg));
}

Result<std::shared_ptr<const Config>> LoadFile(
    const std::string& path, const IntegrationRegistry& registry,
    const ParseOptions& options) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return InvalidArgumentError("read " + path + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return InvalidArgumentError("open " + path + ": " +
                                LowerFirst(std::strerror(errno)));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  return Load(buf.str(), registry, options, path, dir);
}

YAML::Node ToYaml(const Config& config) {
  YAML::Node n(YAML::NodeType::Map);
  n["global"] = GlobalToYaml(config.global);
  if (config.route != nullptr) n["route"] = RouteToYaml(*config.route);
  if (!config.inhibit_rules.empty()) {
    YAML::Node rules(YAML::NodeType::Sequence);
    for (const auto& r : config.inhibit_rules) {
      rules.push_back(InhibitRuleToYaml(r));
    }
    n["inhibit_rules"] = rules;
  }
  if (!config.receivers.empty()) {
    YAML::Node rcvs(YAML::NodeType::Sequence);
    for (const auto& r : config.receivers) {
      YAML::Node rn(YAML::NodeType::Map);
      rn["name"] = r.name;
      for (const auto& list : r.integrations) {
        if (list.configs.empty()) continue;
        YAML::Node items(YAML::NodeType::Sequence);
        for (const auto& c : list.configs) items.push_back(c->ToYaml());
        rn[list.key] = items;
      }
      rcvs.push_back(rn);
    }
    n["receivers"] = rcvs;
  }
  YAML::Node templates(YAML::NodeType::Sequence);
  for (const auto& t : config.templates) templates.push_back(t);
  n["templates"] = templates;
  if (!config.mute_time_intervals.empty()) {
    n["mute_time_intervals"] = NamedIntervalsToYaml(config.mute_time_intervals);
  }
  if (!config.time_intervals.empty()) {
    n["time_intervals"] = NamedIntervalsToYaml(config.time_intervals);
  }
  return n;
}

std::string ToYamlString(const Config& config) {
  return EmitGoYaml(ToYaml(config));
}

std::string ToJsonString(const Config& config) {
  return boost::json::serialize(YamlToJson(ToYaml(config)));
}

}  // namespace tocsin::config
