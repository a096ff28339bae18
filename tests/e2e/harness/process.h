#ifndef TOCSIN_TESTS_E2E_HARNESS_PROCESS_H_
#define TOCSIN_TESTS_E2E_HARNESS_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace tocsin::e2e {

struct ProcessOptions {
  // Shown in DumpLog() and error messages, e.g. "alertmanager".
  std::string name;
  // Absolute path of the executable (no PATH lookup).
  std::string program;
  // Arguments after argv[0].
  std::vector<std::string> args;
  // "KEY=VALUE" entries added to (or replacing in) the test's environment.
  std::vector<std::string> env;
  // stdout and stderr are appended to this file (created if missing).
  std::filesystem::path log_path;
  // Working directory of the child; empty = the test's.
  std::filesystem::path working_dir;
};

// A child process started with fork/exec: stdin from /dev/null, stdout and
// stderr into a log file, killed (SIGKILL) by the kernel if the test process
// dies first (PR_SET_PDEATHSIG). The destructor ALWAYS stops it (Stop()), so
// a failed assertion never leaks a server. Not thread-safe; not copyable.
class Process {
 public:
  // Starts the process. Fails (Internal / NotFound, with errno's text) when
  // the log file cannot be opened, fork fails, or exec fails (e.g. the
  // program does not exist); the child is reaped in that case.
  static Result<std::unique_ptr<Process>> Start(const ProcessOptions& options);

  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  pid_t pid() const { return pid_; }
  const std::string& name() const { return name_; }
  const std::filesystem::path& log_path() const { return log_path_; }

  // True while the child has not exited (reaps it when it has).
  bool Running();

  // Waits at most `timeout` for the child to exit by itself. Returns its
  // exit status (exit code, or 128 + signal number), or nullopt if it is
  // still running at the deadline.
  std::optional<int> Wait(std::chrono::milliseconds timeout);

  // SIGTERM, then SIGKILL if it has not exited within `grace`; always reaps.
  // Returns the exit status as Wait() does. Idempotent: a second call
  // returns the first status.
  int Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  // The log file's content framed with the process name and exit state, for
  // failure messages; the last `max_bytes` bytes only.
  std::string DumpLog(size_t max_bytes = 16384) const;

 private:
  Process(std::string name, pid_t pid, std::filesystem::path log_path)
      : name_(std::move(name)), pid_(pid), log_path_(std::move(log_path)) {}
  bool Reap(bool block);

  std::string name_;
  pid_t pid_;
  std::filesystem::path log_path_;
  std::optional<int> exit_status_;
};

}  // namespace tocsin::e2e

#endif  // TOCSIN_TESTS_E2E_HARNESS_PROCESS_H_
