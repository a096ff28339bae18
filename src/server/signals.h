#ifndef TOCSIN_SERVER_SIGNALS_H_
#define TOCSIN_SERVER_SIGNALS_H_

namespace tocsin::server {

// What a received signal asks for.
enum class SignalAction {
  kShutdown,  // SIGINT or SIGTERM.
  kReload,    // SIGHUP.
};

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread and in every
// thread it starts afterwards, so that only WaitForSignal receives them.
// Call from main before any thread exists.
void BlockSignals();

// Waits (sigwait) for one of the blocked signals.
SignalAction WaitForSignal();

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_SIGNALS_H_
