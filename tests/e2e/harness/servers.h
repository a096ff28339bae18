#ifndef TOCSIN_TESTS_E2E_HARNESS_SERVERS_H_
#define TOCSIN_TESTS_E2E_HARNESS_SERVERS_H_

// Starters for the servers e2e tests talk to: Debian's Alertmanager and
// Prometheus, an SMTP sink (tests/e2e/smtp_sink.py on Debian's python3 with
// aiosmtpd), tocsin's own binary, and amtool as an API client. Each server
// gets a free 127.0.0.1 port (bind check; a start that fails because the
// port was taken meanwhile is retried with a new port, 3 attempts) and its
// own temp dir; each start waits (bounded) until the server is ready and
// fails with the server's log otherwise. A Server stops its process in its
// destructor and then removes its temp dir.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "e2e/harness/process.h"
#include "e2e/harness/temp_dir.h"
#include "e2e/harness/wait.h"

namespace tocsin::e2e {

inline constexpr char kAlertmanagerBinary[] =
    "/usr/bin/prometheus-alertmanager";
inline constexpr char kPrometheusBinary[] = "/usr/bin/prometheus";
inline constexpr char kAmtoolBinary[] = "/usr/bin/amtool";
// Debian's interpreter: the first python3 on PATH may lack python3-aiosmtpd.
inline constexpr char kDebianPython[] = "/usr/bin/python3";

// The smallest config both Alertmanager and tocsin accept: one receiver
// without integrations.
inline constexpr char kMinimalAlertmanagerConfig[] =
    "route:\n"
    "  receiver: default\n"
    "  group_wait: 1s\n"
    "  group_interval: 1s\n"
    "receivers:\n"
    "  - name: default\n";

// One running server. Not copyable; not thread-safe.
class Server {
 public:
  Server(std::string name, TempDir dir, int port,
         std::unique_ptr<Process> process)
      : name_(std::move(name)),
        dir_(std::move(dir)),
        port_(port),
        process_(std::move(process)) {}
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server() { process_.reset(); }  // Stop before the temp dir goes.

  const std::string& name() const { return name_; }
  int port() const { return port_; }
  // "127.0.0.1:<port>".
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // "http://127.0.0.1:<port>".
  std::string url() const { return "http://" + address(); }
  // The server's temp dir (config, storage, log).
  const std::filesystem::path& dir() const { return dir_.path(); }
  Process& process() { return *process_; }
  // The server's log, framed, for failure messages.
  std::string DumpLog() const { return process_->DumpLog(); }
  // Stops the process now (SIGTERM, SIGKILL after 10 s); returns its status.
  int Stop() { return process_->Stop(); }

 private:
  std::string name_;
  TempDir dir_;
  int port_;
  std::unique_ptr<Process> process_;
};

struct AlertmanagerOptions {
  // alertmanager.yml; empty = kMinimalAlertmanagerConfig.
  std::string config_yaml;
  std::vector<std::string> extra_args;
  std::chrono::milliseconds ready_timeout = kDefaultWait;
};
// Starts /usr/bin/prometheus-alertmanager (clustering off) and waits until
// GET /-/ready answers 200. Fails (Unavailable, with the log) otherwise;
// NotFound when the binary is missing.
Result<std::unique_ptr<Server>> StartAlertmanager(
    const AlertmanagerOptions& options = {});

struct PrometheusOptions {
  // A rules file (Prometheus rule-group YAML); written to rules.yml and
  // listed in rule_files when not empty.
  std::string rules_yaml;
  // Alertmanagers to send alerts to, as "127.0.0.1:<port>".
  std::vector<std::string> alertmanagers;
  std::string evaluation_interval = "1s";
  // When not empty, used verbatim as prometheus.yml instead of the generated
  // one (rules_yaml is still written to rules.yml in the same dir).
  std::string config_yaml;
  std::vector<std::string> extra_args;
  std::chrono::milliseconds ready_timeout = kDefaultWait;
};
// Starts /usr/bin/prometheus (with --rules.alert.resend-delay=1s, since the
// first notification is dropped before its Alertmanagers are discovered) and
// waits until GET /-/ready answers 200.
Result<std::unique_ptr<Server>> StartPrometheus(
    const PrometheusOptions& options = {});

// Starts tests/e2e/smtp_sink.py under /usr/bin/python3 and waits until its
// port accepts connections. Every message received is written to
// dir()/mail/<n>.eml (complete files only: written aside, then renamed).
Result<std::unique_ptr<Server>> StartSmtpSink(
    std::chrono::milliseconds ready_timeout = kDefaultWait);
// The messages an SMTP sink has stored so far, in arrival order (raw RFC 5322
// text with the envelope in X-Sink-Mail-From / X-Sink-Rcpt-To headers).
std::vector<std::string> ReadSinkMessages(const Server& sink);

// $TOCSIN_BINARY_DIR/src/main/tocsin (without the variable: the build dir
// the harness was compiled in); NotFound when the file does not exist (the
// test should then fail, not skip).
Result<std::filesystem::path> TocsinBinaryPath();

struct TocsinOptions {
  // Config text; written to alertmanager.yml in the server's dir. Empty =
  // kMinimalAlertmanagerConfig, unless config_path is set.
  std::string config_yaml;
  // An existing config file to use instead of config_yaml.
  std::filesystem::path config_path;
  std::vector<std::string> extra_args;
  std::vector<std::string> env;
  std::chrono::milliseconds ready_timeout = kDefaultWait;
};
// Starts tocsin with --config.file, --storage.path=<dir>/data and
// --web.listen-address=127.0.0.1:<port>, and waits for GET /-/ready = 200.
Result<std::unique_ptr<Server>> StartTocsin(const TocsinOptions& options = {});

// Output of a command-line tool run to completion.
struct ToolRun {
  int exit_status = 0;  // exit code, or 128 + signal
  std::string output;   // stdout and stderr interleaved
};
// Runs `program args...` to completion, bounded by `timeout` (then it is
// killed and the result is DeadlineExceeded with its output).
Result<ToolRun> RunTool(const std::string& program,
                        const std::vector<std::string>& args,
                        std::chrono::milliseconds timeout = kDefaultWait);
// Runs /usr/bin/amtool --alertmanager.url=<url> args... (e.g. {"alert",
// "query", "-o", "json"}), against Alertmanager or tocsin.
Result<ToolRun> RunAmtool(const std::string& alertmanager_url,
                          const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout = kDefaultWait);

}  // namespace tocsin::e2e

#endif  // TOCSIN_TESTS_E2E_HARNESS_SERVERS_H_
