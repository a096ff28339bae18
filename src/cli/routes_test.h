#ifndef TOCSIN_CLI_ROUTES_TEST_H_
#define TOCSIN_CLI_ROUTES_TEST_H_

#include <ostream>
#include <string>
#include <vector>

#include "config/integration.h"

namespace tocsin::cli {

// `tocsin routes test --config.file FILE [--verify.receivers R1,R2] [--tree]
//  label=value...`, as `amtool config routes test`.
//
// Loads FILE, builds the routing tree and prints the receivers the label set
// routes to, comma-separated in tree order, then a newline. With --tree it
// first prints "Matching routes:" and the matching branch of the tree as
// amtool's treeprint does. The config flag is accepted as --config.file FILE,
// --config.file=FILE, --config FILE or --config=FILE. Labels are parsed as
// matchers (--enable-feature picks the parser) and must be `name=value`.
//
// Returns 0 on success; 1 when the config does not load, a label is bad
// ("tocsin: error: ..." on `err`) or --verify.receivers differs from the
// result ("WARNING: Expected receivers did not match resolved receivers." on
// `out`); 2 on a usage error. Thread-compatible.
// Receiver keys are parsed by `registry` (main passes the built-in
// channels).
int RunRoutesTest(const std::vector<std::string>& args,
                  const config::IntegrationRegistry& registry,
                  std::ostream& out, std::ostream& err);

// `tocsin routes show --config.file FILE`, as `amtool config routes [show]`:
// prints "Routing tree:" and the whole tree (each node's matchers or
// "default-route", "  continue: true" when set, "  receiver: <name>",
// "  grouping: [a,b]"), then a blank line. Same config flag spellings and
// exit codes as RunRoutesTest; any non-flag argument is a usage error.
int RunRoutesShow(const std::vector<std::string>& args,
                  const config::IntegrationRegistry& registry,
                  std::ostream& out, std::ostream& err);

}  // namespace tocsin::cli

#endif  // TOCSIN_CLI_ROUTES_TEST_H_
