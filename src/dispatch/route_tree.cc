#include "dispatch/route_tree.h"

#include <algorithm>
#include <utility>

namespace tocsin::dispatch {
namespace {

bool MatcherLess(const model::Matcher& a, const model::Matcher& b) {
  if (a.name() != b.name()) return a.name() < b.name();
  if (a.value() != b.value()) return a.value() < b.value();
  return static_cast<int>(a.type()) < static_cast<int>(b.type());
}

// The node's matchers as dispatch.NewRoute builds them: one `=` per match
// entry, one `=~` per match_re entry (value in its anchored form, as
// config.Regexp.String() gives it), then the `matchers` list; sorted.
Result<model::Matchers> BuildMatchers(const config::Route& cr) {
  model::Matchers out;
  out.reserve(cr.match.size() + cr.match_re.size() + cr.matchers.size());
  for (const auto& [name, value] : cr.match) {
    ASSIGN_OR_RETURN(
        model::Matcher m,
        model::Matcher::Create(model::MatchType::kEqual, name, value));
    out.push_back(std::move(m));
  }
  for (const config::MatchRegexp& re : cr.match_re) {
    ASSIGN_OR_RETURN(
        model::Matcher m,
        model::Matcher::Create(model::MatchType::kRegexMatch, re.name,
                               "^(?:" + re.original + ")$"));
    out.push_back(std::move(m));
  }
  for (const model::Matcher& m : cr.matchers) out.push_back(m);
  std::sort(out.begin(), out.end(), MatcherLess);
  return out;
}

RouteOpts DeriveOpts(const config::Route& cr, const RouteOpts* parent) {
  RouteOpts opts = parent != nullptr ? *parent : RouteOpts{};
  if (!cr.receiver.empty()) opts.receiver = cr.receiver;
  if (!cr.group_by.empty()) {
    opts.group_by = cr.group_by;
    std::sort(opts.group_by.begin(), opts.group_by.end());
    opts.group_by.erase(std::unique(opts.group_by.begin(), opts.group_by.end()),
                        opts.group_by.end());
    opts.group_by_all = false;
  } else if (cr.group_by_all) {
    opts.group_by_all = true;
  }
  if (cr.group_wait) opts.group_wait = *cr.group_wait;
  if (cr.group_interval) opts.group_interval = *cr.group_interval;
  if (cr.repeat_interval) opts.repeat_interval = *cr.repeat_interval;
  opts.mute_time_intervals = cr.mute_time_intervals;
  opts.active_time_intervals = cr.active_time_intervals;
  if (!cr.labels.empty()) {
    std::vector<model::Label> merged(opts.route_labels.begin(),
                                     opts.route_labels.end());
    for (const auto& [name, value] : cr.labels) merged.push_back({name, value});
    opts.route_labels = model::Labels(std::move(merged));  // Last one wins.
  }
  return opts;
}

}  // namespace

bool RouteNode::MatchesSelf(const model::Labels& labels) const {
  return model::MatchesAll(matchers_, labels);
}

bool RouteNode::MatchInto(const model::Labels& labels,
                          std::vector<const RouteNode*>& out) const {
  if (!MatchesSelf(labels)) return false;
  const size_t before = out.size();
  for (const auto& child : children_) {
    if (child->MatchInto(labels, out) && !child->continue_) break;
  }
  if (out.size() == before) out.push_back(this);
  return true;
}

std::vector<const RouteNode*> RouteNode::Match(
    const model::Labels& labels) const {
  std::vector<const RouteNode*> out;
  MatchInto(labels, out);
  return out;
}

model::Labels RouteNode::GroupLabels(const model::Labels& alert_labels) const {
  if (opts_.group_by_all) return alert_labels;
  std::vector<model::Label> kept;
  for (const model::Label& l : alert_labels) {
    if (std::binary_search(opts_.group_by.begin(), opts_.group_by.end(),
                           l.name)) {
      kept.push_back(l);
    }
  }
  return model::Labels(std::move(kept));
}

void RouteNode::Walk(const std::function<void(const RouteNode&)>& visit) const {
  visit(*this);
  for (const auto& child : children_) child->Walk(visit);
}

Result<std::unique_ptr<RouteNode>> RouteTree::BuildNode(
    const config::Route& cr, const RouteNode* parent, size_t sibling_index,
    std::vector<const RouteNode*>& by_idx) {
  std::unique_ptr<RouteNode> node(new RouteNode());
  ASSIGN_OR_RETURN(node->matchers_, BuildMatchers(cr));
  node->parent_ = parent;
  node->opts_ = DeriveOpts(cr, parent != nullptr ? &parent->opts_ : nullptr);
  node->continue_ = cr.continue_matching;
  node->sibling_index_ = sibling_index;
  const std::string own = model::MatchersToString(node->matchers_);
  if (parent == nullptr) {
    node->key_ = own;
    node->id_ = own;
  } else {
    node->key_ = parent->key_ + "/" + own;
    node->id_ = parent->id_ + "/" + own + "/" + std::to_string(sibling_index);
  }
  node->children_.reserve(cr.routes.size());
  for (size_t i = 0; i < cr.routes.size(); ++i) {
    ASSIGN_OR_RETURN(std::unique_ptr<RouteNode> child,
                     BuildNode(*cr.routes[i], node.get(), i, by_idx));
    node->children_.push_back(std::move(child));
  }
  node->idx_ = RouteIdx(by_idx.size());
  by_idx.push_back(node.get());
  return node;
}

Result<std::unique_ptr<RouteTree>> RouteTree::Build(const config::Route& root) {
  std::unique_ptr<RouteTree> tree(new RouteTree());
  ASSIGN_OR_RETURN(tree->root_, BuildNode(root, nullptr, 0, tree->by_idx_));
  return tree;
}

}  // namespace tocsin::dispatch
