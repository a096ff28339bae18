// alertmanager-routing: the route tree cases of cases.yaml (format in the
// file's `format` section and shared/conformance/README.md). One case per
// `cases[]` entry of the match, route_labels, amtool_routing and
// group_labels sections, id "<section>/<index>"; one case per tree-level
// section (walk_order, inherit_group_by_all, route_ids, route_indices), id
// "<section>/0".
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/duration.h"
#include "config/config.h"
#include "config/integration.h"
#include "config/parse_context.h"
#include "config/route.h"
#include "dispatch/route_print.h"
#include "dispatch/route_tree.h"
#include "model/labels.h"
#include "report.h"

namespace tocsin::conformance {
namespace {

namespace fs = std::filesystem;

constexpr char kFile[] = "cases.yaml";

std::string Join(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += v[i];
  }
  return out + "]";
}

std::vector<std::string> StringList(const YAML::Node& n) {
  std::vector<std::string> out;
  if (!n || n.IsNull()) return out;
  for (const auto& e : n) out.push_back(e.as<std::string>());
  return out;
}

model::Labels LabelsOf(const YAML::Node& n) {
  std::vector<model::Label> out;
  if (n && n.IsMap()) {
    for (const auto& kv : n) {
      out.push_back({kv.first.as<std::string>(), kv.second.as<std::string>()});
    }
  }
  return model::Labels(std::move(out));
}

Result<std::unique_ptr<dispatch::RouteTree>> BuildTree(
    const std::string& route_yaml, const std::string& name) {
  config::ParseContext ctx;
  ctx.file = std::string(kFile) + "#" + name;
  YAML::Node node;
  try {
    node = YAML::Load(route_yaml);
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(std::string("route_yaml: ") + e.what());
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const config::Route> route,
                   config::ParseRoute(node, "route", ctx));
  return dispatch::RouteTree::Build(*route);
}

// Appends "<what>: want X, got Y; " to `detail` when they differ.
template <typename T>
void Expect(std::string& detail, const std::string& what, const T& want,
            const T& got) {
  if (want == got) return;
  std::ostringstream os;
  os << what << ": want " << want << ", got " << got << "; ";
  detail += os.str();
}

void ExpectList(std::string& detail, const std::string& what,
                const std::vector<std::string>& want,
                const std::vector<std::string>& got) {
  if (want != got) {
    detail += what + ": want " + Join(want) + ", got " + Join(got) + "; ";
  }
}

void ExpectDuration(std::string& detail, const std::string& what,
                    const YAML::Node& want, Duration got) {
  Result<Duration> w = ParseDuration(want.as<std::string>());
  if (!w.ok()) {
    detail += what + ": bad expected duration " + want.as<std::string>() + "; ";
    return;
  }
  if (*w != got) {
    detail += what + ": want " + want.as<std::string>() + ", got " +
              FormatDuration(got) + "; ";
  }
}

// Compares one matched node with one `matches[]` entry; every key of the
// entry is asserted, an unknown key fails.
void CheckMatch(std::string& detail, const std::string& prefix,
                const YAML::Node& want, const dispatch::RouteNode& got) {
  const dispatch::RouteOpts& o = got.opts();
  for (const auto& kv : want) {
    const std::string key = kv.first.as<std::string>();
    const std::string what = prefix + "." + key;
    const YAML::Node& v = kv.second;
    if (key == "receiver") {
      Expect(detail, what, v.as<std::string>(), o.receiver);
    } else if (key == "group_by") {
      std::vector<std::string> w = StringList(v);
      std::sort(w.begin(), w.end());
      ExpectList(detail, what, w, o.group_by);  // o.group_by is sorted.
    } else if (key == "group_by_all") {
      Expect(detail, what, v.as<bool>(), o.group_by_all);
    } else if (key == "group_wait") {
      ExpectDuration(detail, what, v, o.group_wait);
    } else if (key == "group_interval") {
      ExpectDuration(detail, what, v, o.group_interval);
    } else if (key == "repeat_interval") {
      ExpectDuration(detail, what, v, o.repeat_interval);
    } else if (key == "mute_time_intervals") {
      ExpectList(detail, what, StringList(v), o.mute_time_intervals);
    } else if (key == "active_time_intervals") {
      ExpectList(detail, what, StringList(v), o.active_time_intervals);
    } else if (key == "route_labels") {
      Expect(detail, what, LabelsOf(v).ToString(), o.route_labels.ToString());
    } else if (key == "continue") {
      Expect(detail, what, v.as<bool>(), got.continue_matching());
    } else if (key == "key") {
      Expect(detail, what, v.as<std::string>(), got.Key());
    } else {
      detail += what + ": unknown expectation; ";
    }
  }
}

std::vector<std::string> ReceiversOf(
    const std::vector<const dispatch::RouteNode*>& nodes) {
  std::vector<std::string> out;
  for (const auto* n : nodes) out.push_back(n->opts().receiver);
  return out;
}

// kind "match": labels -> receivers and per-node options.
void RunMatchTree(const YAML::Node& tree, const std::string& id,
                  Report& report) {
  auto built = BuildTree(tree["route_yaml"].as<std::string>(), id);
  const YAML::Node cases = tree["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string case_id = id + "/" + std::to_string(i);
    if (!built.ok()) {
      report.Fail(kFile, case_id, "tree: " + built.status().message());
      continue;
    }
    const YAML::Node c = cases[i];
    auto matched = (*built)->Match(LabelsOf(c["labels"]));
    std::string detail;
    ExpectList(detail, "receivers", StringList(c["receivers"]),
               ReceiversOf(matched));
    const YAML::Node matches = c["matches"];
    if (matches) {
      if (matches.size() != matched.size()) {
        detail += "matches: want " + std::to_string(matches.size()) +
                  " nodes, got " + std::to_string(matched.size()) + "; ";
      } else {
        for (size_t j = 0; j < matched.size(); ++j) {
          CheckMatch(detail, "matches[" + std::to_string(j) + "]", matches[j],
                     *matched[j]);
        }
      }
    }
    report.Check(kFile, case_id, detail);
  }
}

// kind "route_labels": exactly match_count nodes; the first one's labels.
void RunRouteLabels(const YAML::Node& tree, const std::string& id,
                    Report& report) {
  auto built = BuildTree(tree["route_yaml"].as<std::string>(), id);
  const YAML::Node cases = tree["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string case_id = id + "/" + std::to_string(i);
    if (!built.ok()) {
      report.Fail(kFile, case_id, "tree: " + built.status().message());
      continue;
    }
    const YAML::Node c = cases[i];
    auto matched = (*built)->Match(LabelsOf(c["labels"]));
    std::string detail;
    Expect(detail, "match_count", c["match_count"].as<size_t>(),
           matched.size());
    if (!matched.empty()) {
      Expect(detail, "route_labels", LabelsOf(c["route_labels"]).ToString(),
             matched[0]->opts().route_labels.ToString());
      if (c["receiver_not_asserted"]) {
        Expect(detail, "receiver", c["receiver_not_asserted"].as<std::string>(),
               matched[0]->opts().receiver);
      }
    }
    report.Check(kFile, case_id, detail);
  }
}

void RunWalk(const YAML::Node& tree, const std::string& id, Report& report) {
  auto built = BuildTree(tree["route_yaml"].as<std::string>(), id);
  if (!built.ok()) {
    report.Fail(kFile, id + "/0", "tree: " + built.status().message());
    return;
  }
  std::vector<std::string> got;
  (*built)->Walk(
      [&](const dispatch::RouteNode& n) { got.push_back(n.opts().receiver); });
  std::string detail;
  ExpectList(detail, "walk_receivers", StringList(tree["walk_receivers"]), got);
  report.Check(kFile, id + "/0", detail);
}

void RunNodeOpts(const YAML::Node& tree, const std::string& id,
                 Report& report) {
  auto built = BuildTree(tree["route_yaml"].as<std::string>(), id);
  if (!built.ok()) {
    report.Fail(kFile, id + "/0", "tree: " + built.status().message());
    return;
  }
  std::string detail;
  for (const auto& want : tree["nodes"]) {
    const dispatch::RouteNode* node = &(*built)->root();
    std::string path;
    for (const auto& step : want["path"]) {
      size_t k = step.as<size_t>();
      path += "/" + std::to_string(k);
      if (k >= node->children().size()) {
        node = nullptr;
        break;
      }
      node = node->children()[k].get();
    }
    if (node == nullptr) {
      detail += "node " + path + " missing; ";
      continue;
    }
    for (const auto& kv : want) {
      const std::string key = kv.first.as<std::string>();
      if (key == "path") continue;
      if (key == "group_by_all") {
        Expect(detail, "node " + path + " group_by_all", kv.second.as<bool>(),
               node->opts().group_by_all);
      } else {
        detail += "node " + path + " " + key + ": unknown expectation; ";
      }
    }
  }
  report.Check(kFile, id + "/0", detail);
}

void RunIds(const YAML::Node& tree, const std::string& id, Report& report) {
  auto built = BuildTree(tree["route_yaml"].as<std::string>(), id);
  if (!built.ok()) {
    report.Fail(kFile, id + "/0", "tree: " + built.status().message());
    return;
  }
  std::vector<std::string> got;
  (*built)->Walk([&](const dispatch::RouteNode& n) { got.push_back(n.ID()); });
  std::vector<std::string> want = StringList(tree["ids"]);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  std::string detail;
  ExpectList(detail, "ids", want, got);
  report.Check(kFile, id + "/0", detail);
}

void RunIndices(const YAML::Node& tree, const std::string& id, Report& report) {
  auto built = BuildTree(tree["route_yaml"].as<std::string>(), id);
  if (!built.ok()) {
    report.Fail(kFile, id + "/0", "tree: " + built.status().message());
    return;
  }
  std::string detail;
  std::set<size_t> seen;
  size_t walked = 0;
  (*built)->Walk([&](const dispatch::RouteNode& n) {
    ++walked;
    size_t idx = n.idx().value();
    if (idx >= (*built)->size()) {
      detail += "index " + std::to_string(idx) + " out of range; ";
    }
    if (!seen.insert(idx).second) {
      detail += "index " + std::to_string(idx) + " repeated; ";
    }
  });
  Expect(detail, "node_count", tree["node_count"].as<size_t>(), walked);
  Expect(detail, "size", tree["node_count"].as<size_t>(), (*built)->size());
  Expect(detail, "root_index", tree["root_index"].as<size_t>(),
         (*built)->root().idx().value());
  report.Check(kFile, id + "/0", detail);
}

// kind "match_receivers_only": whole config files through the loader.
void RunAmtool(const YAML::Node& tree, const std::string& id,
               const fs::path& dir, Report& report) {
  config::IntegrationRegistry registry;  // The files' receivers are empty.
  std::map<std::string, Result<std::unique_ptr<dispatch::RouteTree>>> trees;
  const YAML::Node cases = tree["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string case_id = id + "/" + std::to_string(i);
    const YAML::Node c = cases[i];
    const std::string file = c["config"].as<std::string>();
    auto it = trees.find(file);
    if (it == trees.end()) {
      auto loaded =
          config::LoadFile((dir / "testdata" / file).string(), registry);
      Result<std::unique_ptr<dispatch::RouteTree>> built =
          loaded.ok()
              ? dispatch::RouteTree::Build(*(*loaded)->route)
              : Result<std::unique_ptr<dispatch::RouteTree>>(loaded.status());
      it = trees.emplace(file, std::move(built)).first;
    }
    if (!it->second.ok()) {
      report.Fail(kFile, case_id, file + ": " + it->second.status().message());
      continue;
    }
    std::string detail;
    ExpectList(detail, "receivers", StringList(c["receivers"]),
               dispatch::ResolveReceivers(**it->second, LabelsOf(c["labels"])));
    report.Check(kFile, case_id, detail);
  }
}

void RunGroupLabels(const YAML::Node& tree, const std::string& id,
                    Report& report) {
  const YAML::Node cases = tree["cases"];
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string case_id = id + "/" + std::to_string(i);
    const YAML::Node c = cases[i];
    config::Route route;
    route.receiver = "r";
    route.group_by = StringList(c["group_by"]);
    route.group_by_all = c["group_by_all"].as<bool>();
    auto built = dispatch::RouteTree::Build(route);
    if (!built.ok()) {
      report.Fail(kFile, case_id, built.status().message());
      continue;
    }
    std::string detail;
    Expect(
        detail, "group_labels", LabelsOf(c["group_labels"]).ToString(),
        (*built)->root().GroupLabels(LabelsOf(c["alert_labels"])).ToString());
    report.Check(kFile, case_id, detail);
  }
}

}  // namespace

Status RunRouting(const std::filesystem::path& dir, Report& report) {
  YAML::Node root;
  try {
    root = YAML::LoadFile((dir / kFile).string());
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError(std::string(kFile) + ": " + e.what());
  }
  const YAML::Node trees = root["trees"];
  if (!trees || !trees.IsSequence()) {
    return InvalidArgumentError(std::string(kFile) + ": no trees list");
  }
  for (const auto& tree : trees) {
    const std::string id = tree["id"].as<std::string>();
    const std::string kind = tree["kind"].as<std::string>();
    try {
      if (kind == "match") {
        RunMatchTree(tree, id, report);
      } else if (kind == "route_labels") {
        RunRouteLabels(tree, id, report);
      } else if (kind == "walk") {
        RunWalk(tree, id, report);
      } else if (kind == "node_opts") {
        RunNodeOpts(tree, id, report);
      } else if (kind == "ids") {
        RunIds(tree, id, report);
      } else if (kind == "indices") {
        RunIndices(tree, id, report);
      } else if (kind == "match_receivers_only") {
        RunAmtool(tree, id, dir, report);
      } else if (kind == "group_labels") {
        RunGroupLabels(tree, id, report);
      } else {
        report.Fail(kFile, id + "/0", "unknown kind " + kind);
      }
    } catch (const YAML::Exception& e) {
      report.Fail(kFile, id + "/data",
                  std::string("bad case data: ") + e.what());
    }
  }
  return Status::Ok();
}

}  // namespace tocsin::conformance
