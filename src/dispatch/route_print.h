#ifndef TOCSIN_DISPATCH_ROUTE_PRINT_H_
#define TOCSIN_DISPATCH_ROUTE_PRINT_H_

// What amtool's `config routes` subcommands print (cli/routing.go,
// cli/test_routing.go), for `tocsin routes show|test`.

#include <string>
#include <vector>

#include "dispatch/route_tree.h"
#include "model/labels.h"

namespace tocsin::dispatch {

// The receivers `labels` routes to, one per matched node in Match() order,
// duplicates kept (amtool resolveAlertReceivers). `amtool config routes test`
// prints them joined by ",", and --verify.receivers compares that string.
std::vector<std::string> ResolveReceivers(const RouteTree& tree,
                                          const model::Labels& labels);

// `amtool config routes show`'s output: "Routing tree:\n", the tree drawn as
// xlab/treeprint does (".", then "├── " / "└── " branches indented by "│   "
// or "    "), each node as its matchers (or "default-route"), then
// "  continue: true" when set, "  receiver: <name>", and
// "  grouping: [a,b]" when group_by is non-empty (names sorted), then a
// blank line.
std::string FormatRoutingTree(const RouteTree& tree);

// `amtool config routes test --tree`'s block: "Matching routes:\n", the
// matched branches drawn the same way (no continue flag; only the final
// nodes show their receiver and grouping), then two newlines.
std::string FormatMatchingTree(const RouteTree& tree,
                               const model::Labels& labels);

}  // namespace tocsin::dispatch

#endif  // TOCSIN_DISPATCH_ROUTE_PRINT_H_
