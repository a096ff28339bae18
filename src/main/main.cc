// tocsin: the server binary. Subcommands go to cli (a peer of server, so
// only main may see both); everything else is server::Main.
#include "server/main.h"

#include <iostream>
#include <string>
#include <vector>

#include "cli/check_config.h"
#include "cli/routes_test.h"
#include "server/config_loader.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  const bool check_config = args.size() >= 2 && args[1] == "check-config";
  const bool routes = args.size() >= 2 && args[1] == "routes";
  if (check_config || routes) {
    auto registry = tocsin::server::MakeIntegrationRegistry();
    if (check_config) {
      std::vector<std::string> rest(args.begin() + 2, args.end());
      return tocsin::cli::RunCheckConfig(rest, *registry, std::cout, std::cerr);
    }
    const std::string sub = args.size() >= 3 ? args[2] : "";
    std::vector<std::string> rest(args.begin() + (args.size() >= 3 ? 3 : 2),
                                  args.end());
    if (sub == "test") {
      return tocsin::cli::RunRoutesTest(rest, *registry, std::cout, std::cerr);
    }
    if (sub == "show") {
      return tocsin::cli::RunRoutesShow(rest, *registry, std::cout, std::cerr);
    }
    std::cerr << "tocsin: error: usage: tocsin routes (test|show) "
                 "--config.file=FILE [label=value...]\n";
    return 1;
  }
  return tocsin::server::Main(args);
}
