#include "server/signals.h"

#include <pthread.h>
#include <signal.h>

namespace tocsin::server {

namespace {

sigset_t Handled() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void BlockSignals() {
  sigset_t set = Handled();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

SignalAction WaitForSignal() {
  sigset_t set = Handled();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) return SignalAction::kReload;
    return SignalAction::kShutdown;
  }
}

}  // namespace tocsin::server
