#ifndef TOCSIN_SERVER_MAIN_H_
#define TOCSIN_SERVER_MAIN_H_

#include <string>
#include <vector>

namespace tocsin::server {

// `tocsin [flags]` (src/main/main.cc handles the subcommands, since cli
// is a peer of server): runs the server until SIGINT/SIGTERM; SIGHUP
// reloads the config. `args` is argv.
// Returns the process exit code: 0 after a clean shutdown, --help or
// --version; 1 for a flag error ("tocsin: error: <why>, try --help" on
// stderr) or a failed start (invalid config, unusable storage path or
// listen address; logged).
int Main(const std::vector<std::string>& args);

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_MAIN_H_
