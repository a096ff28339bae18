#ifndef TOCSIN_DISPATCH_ROUTE_TREE_H_
#define TOCSIN_DISPATCH_ROUTE_TREE_H_

// The routing tree built from the `route:` config, as Alertmanager's
// dispatch.Route (dispatch/route.go NewRoute): every node carries its
// effective options (inherited from its parent, defaults at the root) and
// its matchers; Match() finds the nodes an alert is routed to.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/duration.h"
#include "base/result.h"
#include "config/route.h"
#include "model/labels.h"
#include "model/matcher.h"

namespace tocsin::dispatch {

// Position of a node in its tree: children are numbered before their parent
// (post-order), so the root is size()-1 and indexes are dense in [0, size()).
// Stable for one tree; a reloaded config builds a new tree with new indexes.
class RouteIdx {
 public:
  constexpr RouteIdx() = default;
  constexpr explicit RouteIdx(size_t value) : value_(value) {}
  constexpr size_t value() const { return value_; }
  std::string ToString() const { return std::to_string(value_); }
  friend constexpr bool operator==(RouteIdx, RouteIdx) = default;
  friend constexpr auto operator<=>(RouteIdx, RouteIdx) = default;

 private:
  size_t value_ = 0;
};

// Effective routing options of a node (upstream RouteOpts). Defaults are the
// root's values when the config sets nothing (DefaultRouteOpts).
struct RouteOpts {
  // Receiver name; "" only when no node on the path names one.
  std::string receiver;
  // Labels to group by, sorted and unique (a set upstream). Empty with
  // group_by_all false means: one group for all alerts of the node.
  std::vector<std::string> group_by;
  // Group by every label of the alert (`group_by: ['...']`).
  bool group_by_all = false;
  // Wait before the first notification of a new group. Default 30s.
  Duration group_wait = std::chrono::seconds(30);
  // Wait between notifications of a changed group. Default 5m.
  Duration group_interval = std::chrono::minutes(5);
  // Wait before re-sending an unchanged group. Default 4h.
  Duration repeat_interval = std::chrono::hours(4);
  // Time interval names muting / activating the node. Taken from the node
  // itself only, never inherited (upstream overwrites them per node).
  std::vector<std::string> mute_time_intervals;
  std::vector<std::string> active_time_intervals;
  // Route labels: the parent's merged with the node's own, the node winning.
  model::Labels route_labels;

  friend bool operator==(const RouteOpts&, const RouteOpts&) = default;
};

// One node of a RouteTree. Owned by its tree; pointers stay valid as long as
// the tree lives. Immutable; safe to read from any thread.
class RouteNode {
 public:
  RouteNode(const RouteNode&) = delete;
  RouteNode& operator=(const RouteNode&) = delete;

  const RouteOpts& opts() const { return opts_; }
  // The node's own matchers (match, match_re anchored as ^(?:re)$, then
  // matchers), sorted by (name, value, type).
  const model::Matchers& matchers() const { return matchers_; }
  // The node's own `continue`.
  bool continue_matching() const { return continue_; }
  // nullptr for the root.
  const RouteNode* parent() const { return parent_; }
  const std::vector<std::unique_ptr<RouteNode>>& children() const {
    return children_;
  }
  // Index among the parent's children; 0 for the root.
  size_t sibling_index() const { return sibling_index_; }
  RouteIdx idx() const { return idx_; }

  // Upstream Route.Key(): the parent's key, "/", then this node's matchers as
  // `{name<op>"value",...}` ("{}" when none). Not unique in general.
  const std::string& Key() const { return key_; }
  // Upstream Route.ID(): the parent's ID, "/", this node's matchers, "/",
  // its index among its siblings; the root's ID is its matchers alone
  // ("{}"). Unique within a tree, e.g. `{}/{foo="bar"}/0/{bar="baz"}/0`.
  const std::string& ID() const { return id_; }

  // Whether all of this node's own matchers match (absent label = "").
  bool MatchesSelf(const model::Labels& labels) const;

  // Upstream Route.Match(): depth-first, left to right. Returns empty when
  // this node's matchers fail; otherwise the matching descendants, where a
  // matching child stops the scan of its later siblings unless it has
  // `continue`; when no child matches, this node itself.
  std::vector<const RouteNode*> Match(const model::Labels& labels) const;
  // As Match(), appending to `out` (no allocation when `out` has capacity).
  // Returns whether anything was appended.
  bool MatchInto(const model::Labels& labels,
                 std::vector<const RouteNode*>& out) const;

  // The alert's labels restricted to this node's group_by set, or all of
  // them with group_by_all (upstream getGroupLabels).
  model::Labels GroupLabels(const model::Labels& alert_labels) const;

  // Pre-order, depth-first walk of this subtree (upstream Route.Walk).
  void Walk(const std::function<void(const RouteNode&)>& visit) const;

 private:
  friend class RouteTree;
  RouteNode() = default;

  const RouteNode* parent_ = nullptr;
  RouteOpts opts_;
  model::Matchers matchers_;
  bool continue_ = false;
  size_t sibling_index_ = 0;
  RouteIdx idx_;
  std::string key_;
  std::string id_;
  std::vector<std::unique_ptr<RouteNode>> children_;
};

// A whole routing tree. Immutable after Build; safe to share between threads
// (e.g. as std::shared_ptr<const RouteTree> in a config snapshot).
class RouteTree {
 public:
  // Builds the tree from the root route of a parsed config, as NewRoute(cr,
  // nil). The root's `continue` is kept as written (the config loader refuses
  // it). Fails (InvalidArgument) only if a match_re regex does not compile,
  // which ParseRoute has already ruled out.
  static Result<std::unique_ptr<RouteTree>> Build(const config::Route& root);

  const RouteNode& root() const { return *root_; }
  // Number of nodes.
  size_t size() const { return by_idx_.size(); }
  // The node with index `idx`; idx.value() must be < size().
  const RouteNode& node(RouteIdx idx) const { return *by_idx_[idx.value()]; }

  // root().Match(labels). The root matches everything when it has no
  // matchers, so the result is never empty then (default-route fallback).
  std::vector<const RouteNode*> Match(const model::Labels& labels) const {
    return root_->Match(labels);
  }
  // root().Walk(visit).
  void Walk(const std::function<void(const RouteNode&)>& visit) const {
    root_->Walk(visit);
  }

 private:
  RouteTree() = default;
  // Builds `cr` and its subtree under `parent`, appending the nodes to
  // `by_idx` in post-order (which numbers them).
  static Result<std::unique_ptr<RouteNode>> BuildNode(
      const config::Route& cr, const RouteNode* parent, size_t sibling_index,
      std::vector<const RouteNode*>& by_idx);

  std::unique_ptr<RouteNode> root_;
  std::vector<const RouteNode*> by_idx_;
};

}  // namespace tocsin::dispatch

#endif  // TOCSIN_DISPATCH_ROUTE_TREE_H_
