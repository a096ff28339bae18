#ifndef TOCSIN_BENCH_ALERT_LOAD_PROC_STATS_H_
#define TOCSIN_BENCH_ALERT_LOAD_PROC_STATS_H_

// Resource readings of a server process (/proc/<pid>/stat and status) and of
// the load tool itself (getrusage). Linux only.

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/result.h"

namespace tocsin::bench {

// CPU time a process has used (user + system), in seconds, at clock-tick
// resolution (sysconf(_SC_CLK_TCK), usually 10 ms).
struct CpuTime {
  double user_s = 0;
  double system_s = 0;
  double total() const { return user_s + system_s; }
};

// Parses the text of /proc/<pid>/stat (utime and stime are fields 14 and 15;
// the command name in parentheses may contain spaces and parentheses).
// InvalidArgument when the text does not have those fields.
Result<CpuTime> ParseProcStat(std::string_view stat, long ticks_per_second);

// Parses the "VmRSS:   <n> kB" line of /proc/<pid>/status; returns bytes.
// NotFound when there is no VmRSS line (e.g. a zombie).
Result<long long> ParseVmRss(std::string_view status);

// Reads /proc/<pid>/stat. NotFound when the process is gone.
Result<CpuTime> ProcessCpu(pid_t pid);
// Reads VmRSS of /proc/<pid>/status in bytes. NotFound when the process is
// gone.
Result<long long> ProcessRss(pid_t pid);

// getrusage(RUSAGE_SELF): CPU time of this process (all threads).
CpuTime SelfCpu();

// /proc/loadavg's first three fields, e.g. "1.30 1.09 1.54".
std::string LoadAverage();

}  // namespace tocsin::bench

#endif  // TOCSIN_BENCH_ALERT_LOAD_PROC_STATS_H_
