// tocsin: the server binary. Subcommands go to cli (a peer of server, so
// only main may see both); everything else is server::Main.
#include <iostream>
#include <string>
#include <vector>

#include "server/main.h"

#if TOCSIN_HAVE_CLI
#include "cli/check_config.h"
#include "cli/routes_test.h"
#endif

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  const bool check_config = args.size() >= 2 && args[1] == "check-config";
  const bool routes_test =
      args.size() >= 3 && args[1] == "routes" && args[2] == "test";
  if (check_config || routes_test) {
    std::vector<std::string> rest(args.begin() + (check_config ? 2 : 3),
                                  args.end());
#if TOCSIN_HAVE_CLI
    return check_config ? tocsin::cli::RunCheckConfig(rest, std::cout, std::cerr)
                        : tocsin::cli::RunRoutesTest(rest, std::cout, std::cerr);
#else
    std::cerr << "tocsin: error: " << args[1]
              << " is not available in this build (no cli library)\n";
    return 1;
#endif
  }
  return tocsin::server::Main(args);
}
