#ifndef TOCSIN_TESTS_E2E_HARNESS_PORT_H_
#define TOCSIN_TESTS_E2E_HARNESS_PORT_H_

#include "base/result.h"

namespace tocsin::e2e {

// Returns a TCP port that was free on 127.0.0.1 a moment ago: binds port 0,
// reads the kernel's choice, closes. Another process may take it before the
// caller binds it (the server starters retry with a new port). Fails
// (Unavailable) when no socket can be bound.
Result<int> FindFreePort();

// True when something accepts TCP connections on 127.0.0.1:port.
bool PortAccepting(int port);

}  // namespace tocsin::e2e

#endif  // TOCSIN_TESTS_E2E_HARNESS_PORT_H_
