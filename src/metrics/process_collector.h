#ifndef TOCSIN_METRICS_PROCESS_COLLECTOR_H_
#define TOCSIN_METRICS_PROCESS_COLLECTOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "metrics/registry.h"

namespace tocsin::metrics {

struct ProcessCollectorOptions {
  // Root of the proc filesystem; tests point it at a fake tree.
  std::string proc_root = "/proc";
  // The process directory under proc_root: "self" or a pid.
  std::string pid = "self";
  // Bytes per page for RSS; 0 means sysconf(_SC_PAGESIZE).
  int64_t page_size = 0;
  // Clock ticks per second for CPU and start times; 0 means
  // sysconf(_SC_CLK_TCK).
  int64_t clock_ticks = 0;
};

// Exposes the standard process metrics the way Prometheus' client_golang
// does on Linux, read from procfs at scrape time:
//   process_cpu_seconds_total         counter  (utime + stime) / ticks
//   process_max_fds                   gauge    soft "Max open files"
//   process_open_fds                  gauge    entries of <pid>/fd
//   process_resident_memory_bytes     gauge    rss pages * page size
//   process_start_time_seconds        gauge    btime + starttime / ticks
//   process_virtual_memory_bytes      gauge    vsize
//   process_virtual_memory_max_bytes  gauge    soft "Max address space"
//                                              ("unlimited" is 2^64-1,
//                                              as procfs reports it)
// A metric whose source cannot be read or parsed is left out of the scrape
// (client_golang reports an error instead; a scrape never fails here).
// Thread-safe (stateless apart from its options).
class ProcessCollector final : public Collector {
 public:
  explicit ProcessCollector(ProcessCollectorOptions options = {});
  void Collect(std::vector<MetricFamily>& out) const override;

 private:
  ProcessCollectorOptions options_;
};

}  // namespace tocsin::metrics

#endif  // TOCSIN_METRICS_PROCESS_COLLECTOR_H_
