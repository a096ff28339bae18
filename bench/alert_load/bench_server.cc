#include "alert_load/bench_server.h"

#include <filesystem>
#include <system_error>
#include <vector>

#include "e2e/harness/http_client.h"
#include "e2e/harness/port.h"
#include "e2e/harness/wait.h"

namespace tocsin::bench {

const char* ServerKindName(ServerKind kind) {
  switch (kind) {
    case ServerKind::kAlertmanager:
      return "alertmanager";
    case ServerKind::kTocsin:
      return "tocsin";
  }
  return "unknown";
}

Result<std::unique_ptr<BenchServer>> StartBenchServer(
    ServerKind kind, const std::string& binary_arg,
    const std::string& config_yaml, std::chrono::milliseconds ready_timeout) {
  const std::string name = ServerKindName(kind);
  if (!std::filesystem::exists(binary_arg)) {
    return NotFoundError(name + " binary not found: " + binary_arg);
  }
  // The server runs in its temp dir: a relative path would not resolve.
  const std::string binary = std::filesystem::absolute(binary_arg).string();
  std::string failures;
  constexpr int kAttempts = 3;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    ASSIGN_OR_RETURN(e2e::TempDir dir, e2e::TempDir::Create("bench-" + name));
    ASSIGN_OR_RETURN(int port, e2e::FindFreePort());
    ASSIGN_OR_RETURN(auto config,
                     dir.WriteFile("alertmanager.yml", config_yaml));
    std::error_code ec;
    std::filesystem::create_directories(dir.path() / "data", ec);
    e2e::ProcessOptions po;
    po.name = name;
    po.program = binary;
    po.args = {
        "--config.file=" + config.string(),
        "--storage.path=" + (dir.path() / "data").string(),
        "--web.listen-address=127.0.0.1:" + std::to_string(port),
        "--log.level=info",
    };
    if (kind == ServerKind::kAlertmanager) {
      po.args.push_back("--cluster.listen-address=");
    }
    po.log_path = dir.path() / (name + ".log");
    po.working_dir = dir.path();
    ASSIGN_OR_RETURN(std::unique_ptr<e2e::Process> proc,
                     e2e::Process::Start(po));
    const std::string ready_url =
        "http://127.0.0.1:" + std::to_string(port) + "/-/ready";
    bool exited = false;
    bool ok = e2e::WaitUntil(
        [&] {
          if (!proc->Running()) {
            exited = true;
            return true;
          }
          auto r = e2e::HttpGet(ready_url, std::chrono::seconds(2));
          return r.ok() && r->status == 200;
        },
        ready_timeout, std::chrono::milliseconds(50));
    if (ok && !exited) {
      return std::make_unique<BenchServer>(kind, std::move(dir), port,
                                           std::move(proc));
    }
    proc->Stop();
    std::string log = proc->DumpLog(4096);
    if (!exited) {
      return UnavailableError(name + " not ready within " +
                              std::to_string(ready_timeout.count()) + " ms\n" +
                              log);
    }
    failures += "attempt " + std::to_string(attempt) + ": " + name +
                " exited before it was ready\n" + log;
  }
  return UnavailableError(failures);
}

}  // namespace tocsin::bench
