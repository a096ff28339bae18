#ifndef TOCSIN_BENCH_ALERT_LOAD_BENCH_SERVER_H_
#define TOCSIN_BENCH_ALERT_LOAD_BENCH_SERVER_H_

// Starts the two servers under comparison with the same config and the same
// logging level (info: Alertmanager's debug level logs every alert, which
// the e2e harness wants and a benchmark must not pay for). Each server runs
// on a free 127.0.0.1 port in its own temp dir (removed when the server
// goes); clustering is off for Alertmanager.

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "e2e/harness/process.h"
#include "e2e/harness/temp_dir.h"

namespace tocsin::bench {

enum class ServerKind { kAlertmanager, kTocsin };

// "alertmanager" / "tocsin".
const char* ServerKindName(ServerKind kind);

// A running server. Stops its process (SIGTERM, then SIGKILL) before its
// temp dir is removed. Not thread-safe.
class BenchServer {
 public:
  BenchServer(ServerKind kind, e2e::TempDir dir, int port,
              std::unique_ptr<e2e::Process> process)
      : kind_(kind),
        dir_(std::move(dir)),
        port_(port),
        process_(std::move(process)) {}
  BenchServer(const BenchServer&) = delete;
  BenchServer& operator=(const BenchServer&) = delete;
  ~BenchServer() { process_.reset(); }

  ServerKind kind() const { return kind_; }
  int port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  // "http://127.0.0.1:<port>".
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }
  bool Running() { return process_->Running(); }
  std::string DumpLog(size_t max_bytes = 4096) const {
    return process_->DumpLog(max_bytes);
  }

 private:
  ServerKind kind_;
  e2e::TempDir dir_;
  int port_;
  std::unique_ptr<e2e::Process> process_;
};

// Starts `binary` as `kind` with `config_yaml` and waits (at most
// `ready_timeout`) until GET /-/ready answers 200. A start whose process
// exits early (e.g. the port was taken meanwhile) is retried with a new
// port, 3 attempts. Unavailable (with the server's log) when it never gets
// ready; NotFound when the binary does not exist.
Result<std::unique_ptr<BenchServer>> StartBenchServer(
    ServerKind kind, const std::string& binary, const std::string& config_yaml,
    std::chrono::milliseconds ready_timeout);

}  // namespace tocsin::bench

#endif  // TOCSIN_BENCH_ALERT_LOAD_BENCH_SERVER_H_
