#include "metrics/process_collector.h"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

namespace tocsin::metrics {

namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<uint64_t> ParseU64(std::string_view s) {
  uint64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Fields of <pid>/stat after "(comm)", so that field n (1-based, as in
// proc(5)) is fields[n - 3].
std::vector<std::string_view> StatFields(std::string_view stat) {
  std::vector<std::string_view> fields;
  size_t close = stat.rfind(')');
  if (close == std::string_view::npos) return fields;
  std::string_view rest = stat.substr(close + 1);
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\n')) ++i;
    size_t j = i;
    while (j < rest.size() && rest[j] != ' ' && rest[j] != '\n') ++j;
    if (j > i) fields.push_back(rest.substr(i, j - i));
    i = j;
  }
  return fields;
}

std::optional<uint64_t> StatField(const std::vector<std::string_view>& fields,
                                  size_t n) {
  if (n < 3 || n - 3 >= fields.size()) return std::nullopt;
  return ParseU64(fields[n - 3]);
}

// The soft limit of a <pid>/limits row such as "Max open files".
std::optional<double> SoftLimit(std::string_view limits, std::string_view row) {
  size_t pos = 0;
  while (pos < limits.size()) {
    size_t end = limits.find('\n', pos);
    if (end == std::string_view::npos) end = limits.size();
    std::string_view line = limits.substr(pos, end - pos);
    pos = end + 1;
    if (line.substr(0, row.size()) != row) continue;
    std::string_view rest = line.substr(row.size());
    size_t b = rest.find_first_not_of(' ');
    if (b == std::string_view::npos) return std::nullopt;
    rest = rest.substr(b);
    std::string_view soft = rest.substr(0, rest.find(' '));
    if (soft == "unlimited") return 18446744073709551615.0;
    auto v = ParseU64(soft);
    if (!v) return std::nullopt;
    return static_cast<double>(*v);
  }
  return std::nullopt;
}

std::optional<uint64_t> BootTime(std::string_view stat) {
  size_t pos = stat.find("\nbtime ");
  size_t skip = 7;
  if (stat.substr(0, 6) == "btime ") {
    pos = 0;
    skip = 6;
  }
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view rest = stat.substr(pos + skip);
  return ParseU64(rest.substr(0, rest.find('\n')));
}

void Add(std::vector<MetricFamily>& out, const char* name, const char* help,
         MetricType type, double v) {
  out.push_back(MetricFamily{name, help, type, {Sample{name, {}, v}}});
}

}  // namespace

ProcessCollector::ProcessCollector(ProcessCollectorOptions options)
    : options_(std::move(options)) {
  if (options_.page_size <= 0) options_.page_size = sysconf(_SC_PAGESIZE);
  if (options_.clock_ticks <= 0) options_.clock_ticks = sysconf(_SC_CLK_TCK);
}

void ProcessCollector::Collect(std::vector<MetricFamily>& out) const {
  const std::string dir = options_.proc_root + "/" + options_.pid;
  const double ticks = static_cast<double>(options_.clock_ticks);

  if (auto stat = ReadFile(dir + "/stat")) {
    auto fields = StatFields(*stat);
    auto utime = StatField(fields, 14);
    auto stime = StatField(fields, 15);
    if (utime && stime) {
      Add(out, "process_cpu_seconds_total",
          "Total user and system CPU time spent in seconds.",
          MetricType::kCounter, static_cast<double>(*utime + *stime) / ticks);
    }
    if (auto vsize = StatField(fields, 23)) {
      Add(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
          MetricType::kGauge, static_cast<double>(*vsize));
    }
    if (auto rss = StatField(fields, 24)) {
      Add(out, "process_resident_memory_bytes",
          "Resident memory size in bytes.", MetricType::kGauge,
          static_cast<double>(*rss) * static_cast<double>(options_.page_size));
    }
    auto start = StatField(fields, 22);
    auto sys_stat = ReadFile(options_.proc_root + "/stat");
    auto btime = sys_stat ? BootTime(*sys_stat) : std::nullopt;
    if (start && btime) {
      Add(out, "process_start_time_seconds",
          "Start time of the process since unix epoch in seconds.",
          MetricType::kGauge,
          static_cast<double>(*btime) + static_cast<double>(*start) / ticks);
    }
  }

  std::error_code ec;
  std::filesystem::directory_iterator it(dir + "/fd", ec);
  if (!ec) {
    double n = 0;
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      ++n;
    }
    if (!ec) {
      Add(out, "process_open_fds", "Number of open file descriptors.",
          MetricType::kGauge, n);
    }
  }

  if (auto limits = ReadFile(dir + "/limits")) {
    if (auto max_fds = SoftLimit(*limits, "Max open files")) {
      Add(out, "process_max_fds", "Maximum number of open file descriptors.",
          MetricType::kGauge, *max_fds);
    }
    if (auto max_vm = SoftLimit(*limits, "Max address space")) {
      Add(out, "process_virtual_memory_max_bytes",
          "Maximum amount of virtual memory available in bytes.",
          MetricType::kGauge, *max_vm);
    }
  }
}

}  // namespace tocsin::metrics
