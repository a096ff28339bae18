#include "e2e/harness/servers.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <system_error>

#include "e2e/harness/http_client.h"
#include "e2e/harness/port.h"

#ifndef TOCSIN_E2E_SOURCE_DIR
#define TOCSIN_E2E_SOURCE_DIR ""
#endif
#ifndef TOCSIN_E2E_BINARY_DIR
#define TOCSIN_E2E_BINARY_DIR ""
#endif

namespace tocsin::e2e {
namespace {

constexpr int kStartAttempts = 3;

// Builds the argument list for one attempt, given the port and the temp dir.
using ArgsFn = std::function<Result<std::vector<std::string>>(
    int port, const TempDir& dir)>;
// Whether the server on `port` is ready.
using ReadyFn = std::function<bool(int port)>;

bool HttpReady(int port) {
  auto r = HttpGet("http://127.0.0.1:" + std::to_string(port) + "/-/ready",
                   std::chrono::seconds(2));
  return r.ok() && r->status == 200;
}

Result<std::unique_ptr<Server>> StartServer(
    const std::string& name, const std::string& program, const ArgsFn& args_fn,
    const ReadyFn& ready, std::chrono::milliseconds ready_timeout,
    const std::vector<std::string>& env = {}) {
  std::string failures;
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    ASSIGN_OR_RETURN(TempDir dir, TempDir::Create(name));
    ASSIGN_OR_RETURN(int port, FindFreePort());
    ASSIGN_OR_RETURN(std::vector<std::string> args, args_fn(port, dir));
    ProcessOptions po;
    po.name = name;
    po.program = program;
    po.args = std::move(args);
    po.env = env;
    po.log_path = dir.path() / (name + ".log");
    po.working_dir = dir.path();
    ASSIGN_OR_RETURN(std::unique_ptr<Process> proc, Process::Start(po));
    bool exited = false;
    bool ok = WaitUntil(
        [&] {
          if (!proc->Running()) {
            exited = true;
            return true;
          }
          return ready(port);
        },
        ready_timeout, std::chrono::milliseconds(50));
    if (ok && !exited) {
      return std::make_unique<Server>(name, std::move(dir), port,
                                      std::move(proc));
    }
    proc->Stop();
    std::string log = proc->DumpLog();
    if (!exited) {
      // Not ready in time: a retry would not help.
      return UnavailableError(
          name + " not ready on port " + std::to_string(port) + " within " +
          std::to_string(ready_timeout.count()) + " ms\n" + log);
    }
    failures += "attempt " + std::to_string(attempt) + ": " + name +
                " exited before it was ready\n" + log;
  }
  return UnavailableError(failures);
}

std::string SourceDir() {
  const char* env = std::getenv("TOCSIN_SOURCE_DIR");
  if (env != nullptr && *env != '\0') return env;
  return TOCSIN_E2E_SOURCE_DIR;
}

}  // namespace

Result<std::unique_ptr<Server>> StartAlertmanager(
    const AlertmanagerOptions& options) {
  std::string config = options.config_yaml.empty() ? kMinimalAlertmanagerConfig
                                                   : options.config_yaml;
  return StartServer(
      "alertmanager", kAlertmanagerBinary,
      [&](int port, const TempDir& dir) -> Result<std::vector<std::string>> {
        ASSIGN_OR_RETURN(auto cfg, dir.WriteFile("alertmanager.yml", config));
        std::vector<std::string> args = {
            "--config.file=" + cfg.string(),
            "--storage.path=" + (dir.path() / "data").string(),
            "--web.listen-address=127.0.0.1:" + std::to_string(port),
            "--cluster.listen-address=",
            "--log.level=debug",
        };
        args.insert(args.end(), options.extra_args.begin(),
                    options.extra_args.end());
        return args;
      },
      HttpReady, options.ready_timeout);
}

Result<std::unique_ptr<Server>> StartPrometheus(
    const PrometheusOptions& options) {
  return StartServer(
      "prometheus", kPrometheusBinary,
      [&](int port, const TempDir& dir) -> Result<std::vector<std::string>> {
        std::string config = options.config_yaml;
        if (!options.rules_yaml.empty()) {
          ASSIGN_OR_RETURN(auto rules,
                           dir.WriteFile("rules.yml", options.rules_yaml));
          (void)rules;
        }
        if (config.empty()) {
          config =
              "global:\n  scrape_interval: " + options.evaluation_interval +
              "\n  evaluation_interval: " + options.evaluation_interval + "\n";
          if (!options.rules_yaml.empty()) {
            config += "rule_files:\n  - rules.yml\n";
          }
          if (!options.alertmanagers.empty()) {
            config +=
                "alerting:\n  alertmanagers:\n    - static_configs:\n"
                "        - targets:\n";
            for (const auto& am : options.alertmanagers) {
              config += "            - '" + am + "'\n";
            }
          }
        }
        ASSIGN_OR_RETURN(auto cfg, dir.WriteFile("prometheus.yml", config));
        std::vector<std::string> args = {
            "--config.file=" + cfg.string(),
            "--storage.tsdb.path=" + (dir.path() / "tsdb").string(),
            "--web.listen-address=127.0.0.1:" + std::to_string(port),
            "--log.level=debug",
            // The first notification goes out before the Alertmanager list
            // is discovered and is dropped; resend every second, not 1m.
            "--rules.alert.resend-delay=1s",
        };
        args.insert(args.end(), options.extra_args.begin(),
                    options.extra_args.end());
        return args;
      },
      HttpReady, options.ready_timeout);
}

Result<std::unique_ptr<Server>> StartSmtpSink(
    std::chrono::milliseconds ready_timeout) {
  std::string script = SourceDir() + "/tests/e2e/smtp_sink.py";
  if (!std::filesystem::exists(script)) {
    return NotFoundError("SMTP sink script not found: " + script);
  }
  return StartServer(
      "smtp-sink", kDebianPython,
      [&](int port, const TempDir& dir) -> Result<std::vector<std::string>> {
        return std::vector<std::string>{script,
                                        "--host",
                                        "127.0.0.1",
                                        "--port",
                                        std::to_string(port),
                                        "--dir",
                                        (dir.path() / "mail").string()};
      },
      PortAccepting, ready_timeout, {"PYTHONUNBUFFERED=1"});
}

std::vector<std::string> ReadSinkMessages(const Server& sink) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e :
       std::filesystem::directory_iterator(sink.dir() / "mail", ec)) {
    if (e.path().extension() == ".eml") files.push_back(e.path());
  }
  // Names are zero-padded sequence numbers, so name order is arrival order.
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    auto content = ReadFile(f);
    if (content.ok()) out.push_back(*content);
  }
  return out;
}

Result<std::filesystem::path> TocsinBinaryPath() {
  const char* dir = std::getenv("TOCSIN_BINARY_DIR");
  if (dir == nullptr || *dir == '\0') dir = TOCSIN_E2E_BINARY_DIR;
  if (*dir == '\0') {
    return NotFoundError("TOCSIN_BINARY_DIR is not set (run through ctest)");
  }
  std::filesystem::path p = std::filesystem::path(dir) / "src/main/tocsin";
  if (!std::filesystem::exists(p)) {
    return NotFoundError("tocsin binary not built: " + p.string());
  }
  return p;
}

Result<std::unique_ptr<Server>> StartTocsin(const TocsinOptions& options) {
  ASSIGN_OR_RETURN(std::filesystem::path binary, TocsinBinaryPath());
  std::string config = options.config_yaml.empty() ? kMinimalAlertmanagerConfig
                                                   : options.config_yaml;
  return StartServer(
      "tocsin", binary.string(),
      [&](int port, const TempDir& dir) -> Result<std::vector<std::string>> {
        std::filesystem::path cfg = options.config_path;
        if (cfg.empty()) {
          ASSIGN_OR_RETURN(cfg, dir.WriteFile("alertmanager.yml", config));
        } else {
          cfg = std::filesystem::absolute(cfg);
        }
        std::error_code ec;
        std::filesystem::create_directories(dir.path() / "data", ec);
        std::vector<std::string> args = {
            "--config.file=" + cfg.string(),
            "--storage.path=" + (dir.path() / "data").string(),
            "--web.listen-address=127.0.0.1:" + std::to_string(port),
        };
        args.insert(args.end(), options.extra_args.begin(),
                    options.extra_args.end());
        return args;
      },
      HttpReady, options.ready_timeout, options.env);
}

Result<ToolRun> RunTool(const std::string& program,
                        const std::vector<std::string>& args,
                        std::chrono::milliseconds timeout) {
  ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("tool"));
  ProcessOptions po;
  po.name = std::filesystem::path(program).filename().string();
  po.program = program;
  po.args = args;
  po.log_path = dir.path() / "output.log";
  ASSIGN_OR_RETURN(std::unique_ptr<Process> proc, Process::Start(po));
  std::optional<int> status = proc->Wait(timeout);
  if (!status) {
    proc->Stop();
    return DeadlineExceededError(po.name + " did not finish within " +
                                 std::to_string(timeout.count()) + " ms\n" +
                                 proc->DumpLog());
  }
  ToolRun run;
  run.exit_status = *status;
  auto out = ReadFile(po.log_path);
  if (out.ok()) run.output = *out;
  return run;
}

Result<ToolRun> RunAmtool(const std::string& alertmanager_url,
                          const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout) {
  std::vector<std::string> all = {"--alertmanager.url=" + alertmanager_url};
  all.insert(all.end(), args.begin(), args.end());
  return RunTool(kAmtoolBinary, all, timeout);
}

}  // namespace tocsin::e2e
