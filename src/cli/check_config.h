#ifndef TOCSIN_CLI_CHECK_CONFIG_H_
#define TOCSIN_CLI_CHECK_CONFIG_H_

#include <ostream>
#include <string>
#include <vector>

#include "config/integration.h"

namespace tocsin::cli {

// `tocsin check-config [flags] FILE...`, as `amtool check-config`.
//
// For each FILE prints to `out`
//   Checking 'FILE'  SUCCESS
//   Found:
//    - global config
//    - route
//    - N inhibit rules
//    - N receivers
//    - N templates
//   <template line when N > 0>
//   <blank line>
// or, when the file does not load, `Checking 'FILE'  FAILED: <error>` and a
// blank line, where <error> is the loader's "file:line: field: message".
// Template files are not parsed by this build (no template engine yet); when
// a config names templates this is said plainly on the template line.
//
// Flags: --alertmanager-strict refuses tocsin-only keys;
// --enable-feature=classic-mode|utf8-strict-mode picks the matcher parser
// (as Alertmanager's flag). Flags may appear anywhere; "--" ends them.
//
// Receiver keys are parsed by `registry` (the caller, main, passes the
// built-in channels: cli is a peer of server and does not include it).
//
// Returns 0 when every file loads; 1 when any fails (after
// "tocsin: error: failed to validate N file(s)" on `err`); 2 on a usage error
// (no file, unknown flag), with the reason on `err`. Reads only the named
// files. Thread-compatible.
int RunCheckConfig(const std::vector<std::string>& args,
                   const config::IntegrationRegistry& registry,
                   std::ostream& out, std::ostream& err);

}  // namespace tocsin::cli

#endif  // TOCSIN_CLI_CHECK_CONFIG_H_
