#include "server/main.h"

#include <iostream>

#include "runtime/system_clock.h"
#include "server/flags.h"
#include "server/log.h"
#include "server/server.h"
#include "server/signals.h"

namespace tocsin::server {

int Main(const std::vector<std::string>& args) {
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
