#include "e2e/harness/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "e2e/harness/wait.h"

extern char** environ;

namespace tocsin::e2e {
namespace {

std::vector<std::string> MergeEnv(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  auto key_of = [](const std::string& kv) {
    return kv.substr(0, kv.find('='));
  };
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv = *e;
    bool replaced = false;
    for (const auto& x : extra) {
      if (key_of(x) == key_of(kv)) replaced = true;
    }
    if (!replaced) out.push_back(std::move(kv));
  }
  for (const auto& x : extra) out.push_back(x);
  return out;
}

std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Result<std::unique_ptr<Process>> Process::Start(const ProcessOptions& options) {
  // Everything the child needs is prepared before fork: after fork only
  // async-signal-safe calls are made.
  std::vector<std::string> argv_s;
  argv_s.push_back(options.program);
  for (const auto& a : options.args) argv_s.push_back(a);
  std::vector<std::string> env_s = MergeEnv(options.env);
  std::vector<char*> argv = CStrings(argv_s);
  std::vector<char*> envp = CStrings(env_s);
  std::string workdir = options.working_dir.string();

  int log_fd = open(options.log_path.c_str(),
                    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return InternalError("open " + options.log_path.string() + ": " +
                         std::strerror(errno));
  }
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int pipe_fds[2];
  if (null_fd < 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
    std::string err = std::strerror(errno);
    close(log_fd);
    if (null_fd >= 0) close(null_fd);
    return InternalError("open /dev/null or pipe: " + err);
  }
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    std::string err = std::strerror(errno);
    close(log_fd);
    close(null_fd);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return InternalError("fork: " + err);
  }
  if (pid == 0) {
    // Child.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    int err = 0;
    if (!workdir.empty() && chdir(workdir.c_str()) != 0) {
      err = errno;
    } else {
      execve(argv[0], argv.data(), envp.data());
      err = errno;
    }
    ssize_t ignored = write(pipe_fds[1], &err, sizeof(err));
    (void)ignored;
    _exit(127);
  }
  close(log_fd);
  close(null_fd);
  close(pipe_fds[1]);
  int child_err = 0;
  ssize_t n;
  do {
    n = read(pipe_fds[0], &child_err, sizeof(child_err));
  } while (n < 0 && errno == EINTR);
  close(pipe_fds[0]);
  if (n == static_cast<ssize_t>(sizeof(child_err))) {
    int status = 0;
    waitpid(pid, &status, 0);
    std::string msg =
        "exec " + options.program + ": " + std::strerror(child_err);
    if (child_err == ENOENT) return NotFoundError(msg);
    return InternalError(msg);
  }
  return std::unique_ptr<Process>(
      new Process(options.name.empty() ? options.program : options.name, pid,
                  options.log_path));
}

Process::~Process() { Stop(); }

bool Process::Reap(bool block) {
  if (exit_status_) return true;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    exit_status_ = DecodeStatus(status);
    return true;
  }
  if (r < 0) {  // Not our child any more (ECHILD): treat as gone.
    exit_status_ = -1;
    return true;
  }
  return false;
}

bool Process::Running() { return !Reap(false); }

std::optional<int> Process::Wait(std::chrono::milliseconds timeout) {
  WaitUntil([this] { return Reap(false); }, timeout,
            std::chrono::milliseconds(20));
  return exit_status_;
}

int Process::Stop(std::chrono::milliseconds grace) {
  if (exit_status_) return *exit_status_;
  if (!Reap(false)) {
    kill(pid_, SIGTERM);
    if (!Wait(grace)) {
      kill(pid_, SIGKILL);
      Reap(true);
    }
  }
  return *exit_status_;
}

std::string Process::DumpLog(size_t max_bytes) const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream ss;
  if (in) ss << in.rdbuf();
  std::string log = ss.str();
  std::string out =
      "---- log of " + name_ + " (pid " + std::to_string(pid_) + ", " +
      (exit_status_ ? "exited with " + std::to_string(*exit_status_)
                    : std::string("running")) +
      ", " + log_path_.string() + ") ----\n";
  if (log.size() > max_bytes) {
    out +=
        "[... " + std::to_string(log.size() - max_bytes) + " bytes cut ...]\n";
    log = log.substr(log.size() - max_bytes);
  }
  out += log;
  out += "\n---- end of log of " + name_ + " ----\n";
  return out;
}

}  // namespace tocsin::e2e
