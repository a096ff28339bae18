#include "alert_load/proc_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

namespace tocsin::bench {
namespace {

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double Seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

}  // namespace

Result<CpuTime> ParseProcStat(std::string_view stat, long ticks_per_second) {
  // Fields after the command name start with field 3 (state).
  size_t close = stat.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0) {
    return InvalidArgumentError("malformed /proc stat: no command name");
  }
  std::vector<std::string_view> fields;
  size_t i = close + 1;
  while (i < stat.size() && fields.size() < 13) {
    while (i < stat.size() && stat[i] == ' ') ++i;
    size_t start = i;
    while (i < stat.size() && stat[i] != ' ' && stat[i] != '\n') ++i;
    if (i > start) fields.push_back(stat.substr(start, i - start));
    if (i < stat.size() && stat[i] == '\n') break;
  }
  // fields[0] is field 3, so utime (14) is fields[11], stime (15) fields[12].
  if (fields.size() < 13) {
    return InvalidArgumentError("malformed /proc stat: too few fields");
  }
  long long ticks[2];
  for (int k = 0; k < 2; ++k) {
    std::string_view f = fields[11 + k];
    auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), ticks[k]);
    if (ec != std::errc() || p != f.data() + f.size()) {
      return InvalidArgumentError("malformed /proc stat: bad CPU field");
    }
  }
  CpuTime t;
  t.user_s = static_cast<double>(ticks[0]) / ticks_per_second;
  t.system_s = static_cast<double>(ticks[1]) / ticks_per_second;
  return t;
}

Result<long long> ParseVmRss(std::string_view status) {
  size_t pos = 0;
  if (status.substr(0, 6) != "VmRSS:") {
    pos = status.find("\nVmRSS:");
    if (pos == std::string_view::npos) return NotFoundError("no VmRSS line");
    ++pos;
  }
  size_t i = pos + 6;
  while (i < status.size() && (status[i] == ' ' || status[i] == '\t')) ++i;
  long long kb = 0;
  auto [p, ec] =
      std::from_chars(status.data() + i, status.data() + status.size(), kb);
  if (ec != std::errc()) return InvalidArgumentError("malformed VmRSS line");
  (void)p;
  return kb * 1024;
}

Result<CpuTime> ProcessCpu(pid_t pid) {
  ASSIGN_OR_RETURN(std::string text,
                   Slurp("/proc/" + std::to_string(pid) + "/stat"));
  return ParseProcStat(text, sysconf(_SC_CLK_TCK));
}

Result<long long> ProcessRss(pid_t pid) {
  ASSIGN_OR_RETURN(std::string text,
                   Slurp("/proc/" + std::to_string(pid) + "/status"));
  return ParseVmRss(text);
}

CpuTime SelfCpu() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  CpuTime t;
  t.user_s = Seconds(ru.ru_utime);
  t.system_s = Seconds(ru.ru_stime);
  return t;
}

std::string LoadAverage() {
  auto text = Slurp("/proc/loadavg");
  if (!text.ok()) return "unknown";
  std::istringstream in(*text);
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

}  // namespace tocsin::bench
