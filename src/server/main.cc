#include "server/main.h"

#include <iostream>

#include "runtime/system_clock.h"
#include "server/flags.h"
#include "server/log.h"
#include "server/server.h"
#include "server/signals.h"

#if TOCSIN_HAVE_CLI
#include "cli/check_config.h"
#include "cli/routes_test.h"
#endif

namespace tocsin::server {

namespace {

int RunSubcommand(const std::string& name, const std::vector<std::string>& rest) {
#if TOCSIN_HAVE_CLI
  if (name == "check-config") {
    return cli::RunCheckConfig(rest, std::cout, std::cerr);
  }
  return cli::RunRoutesTest(rest, std::cout, std::cerr);
#else
  std::cerr << "tocsin: error: " << name
            << " is not available in this build (no cli library)\n";
  return 1;
#endif
}

}  // namespace

int Main(const std::vector<std::string>& args) {
  if (args.size() >= 2 && args[1] == "check-config") {
    return RunSubcommand("check-config", {args.begin() + 2, args.end()});
  }
  if (args.size() >= 3 && args[1] == "routes" && args[2] == "test") {
    return RunSubcommand("routes test", {args.begin() + 3, args.end()});
  }

  auto parsed = ParseServerFlags(args);
  if (!parsed.ok()) {
    std::cerr << "tocsin: error: " << parsed.status().message()
              << ", try --help\n";
    return 1;
  }
  if (parsed->action == FlagAction::kExit) {
    std::cout << parsed->output;
    return parsed->exit_code;
  }
  const ServerFlags& flags = parsed->flags;

  // Before any thread starts, so only the loop below sees these signals.
  BlockSignals();
  runtime::SystemClock clock;
  Logger logger(std::cerr, clock, flags.log_level, flags.log_format);
  auto server = Server::Start(flags, clock, logger);
  if (!server.ok()) return 1;

  for (;;) {
    SignalAction action = WaitForSignal();
    if (action == SignalAction::kReload) {
      (void)(*server)->Reload();  // Logged; the old config keeps running.
      continue;
    }
    break;
  }
  logger.Info("Received shutdown signal, exiting gracefully...");
  (*server)->Stop();
  logger.Info("See you next time!");
  return 0;
}

}  // namespace tocsin::server
