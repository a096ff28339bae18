#include "dispatch/route_print.h"

#include <utility>

namespace tocsin::dispatch {
namespace {

// A minimal xlab/treeprint: a value per node and children in order.
struct TextTree {
  std::string value;
  std::vector<TextTree> children;
};

void PrintChildren(const std::vector<TextTree>& nodes,
                   std::vector<bool>& ended_levels, std::string& out) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    const bool last = i + 1 == nodes.size();
    for (bool ended : ended_levels) out += ended ? "    " : "\xe2\x94\x82   ";
    out += last ? "\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 "   // "└── "
                : "\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 ";  // "├── "
    out += nodes[i].value;
    out += '\n';
    ended_levels.push_back(last);
    PrintChildren(nodes[i].children, ended_levels, out);
    ended_levels.pop_back();
  }
}

// treeprint's String() of a root "." holding `top`.
std::string RenderTree(std::vector<TextTree> top) {
  std::string out = ".\n";
  std::vector<bool> ended;
  PrintChildren(top, ended, out);
  return out;
}

constexpr std::string_view kSeparator = "  ";

// amtool getRouteTreeSlug.
std::string Slug(const RouteNode& node, bool show_continue,
                 bool show_receiver) {
  std::string out = node.matchers().empty()
                        ? std::string("default-route")
                        : model::MatchersToString(node.matchers());
  if (node.continue_matching() && show_continue) {
    out += kSeparator;
    out += "continue: true";
  }
  if (show_receiver) {
    out += kSeparator;
    out += "receiver: ";
    out += node.opts().receiver;
    if (!node.opts().group_by.empty()) {
      out += kSeparator;
      out += "grouping: [";
      for (size_t i = 0; i < node.opts().group_by.size(); ++i) {
        if (i > 0) out += ',';
        out += node.opts().group_by[i];
      }
      out += ']';
    }
  }
  return out;
}

TextTree WholeTree(const RouteNode& node) {
  TextTree t{Slug(node, true, true), {}};
  for (const auto& child : node.children()) {
    t.children.push_back(WholeTree(*child));
  }
  return t;
}

// amtool getMatchingTree: children whose own matchers match are descended
// into, stopping after the first without continue.
TextTree MatchingTree(const RouteNode& node, const model::Labels& labels) {
  TextTree t{Slug(node, false, false), {}};
  bool final_node = true;
  for (const auto& child : node.children()) {
    if (child->MatchesSelf(labels)) {
      t.children.push_back(MatchingTree(*child, labels));
      final_node = false;
      if (!child->continue_matching()) break;
    }
  }
  if (final_node) t.value = Slug(node, false, true);
  return t;
}

}  // namespace

std::vector<std::string> ResolveReceivers(const RouteTree& tree,
                                          const model::Labels& labels) {
  std::vector<std::string> out;
  for (const RouteNode* node : tree.Match(labels)) {
    out.push_back(node->opts().receiver);
  }
  return out;
}

std::string FormatRoutingTree(const RouteTree& tree) {
  std::vector<TextTree> top;
  top.push_back(WholeTree(tree.root()));
  return "Routing tree:\n" + RenderTree(std::move(top)) + "\n";
}

std::string FormatMatchingTree(const RouteTree& tree,
                               const model::Labels& labels) {
  std::vector<TextTree> top;
  top.push_back(MatchingTree(tree.root(), labels));
  return "Matching routes:\n" + RenderTree(std::move(top)) + "\n\n";
}

}  // namespace tocsin::dispatch
