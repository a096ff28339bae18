#include "metrics/process_collector.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "metrics/exposition.h"

namespace tocsin::metrics {
namespace {

namespace fs = std::filesystem;

class ProcessCollectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tocsin-proc-XXXXXX");
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    fs::create_directories(root_ / "self" / "fd");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& rel, const std::string& text) {
    std::ofstream(root_ / rel) << text;
  }

  fs::path root_;
};

TEST_F(ProcessCollectorTest, ReadsProcfsLikeClientGolang) {
  // Fields: pid (comm) state ppid ... utime(14)=250 stime(15)=150
  // starttime(22)=12345 vsize(23)=1048576 rss(24)=300.
  Write("self/stat",
        "4242 (tocsin (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 150 0 0 "
        "20 0 3 0 12345 1048576 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 "
        "0 0 17 0 0 0 0 0 0\n");
  Write("stat", "cpu  1 2 3 4\nintr 0\nbtime 1700000000\nprocesses 10\n");
  Write("self/limits",
        "Limit                     Soft Limit           Hard Limit           "
        "Units     \n"
        "Max cpu time              unlimited            unlimited            "
        "seconds   \n"
        "Max open files            1024                 524288               "
        "files     \n"
        "Max address space         unlimited            unlimited            "
        "bytes     \n");
  for (const char* fd : {"0", "1", "2", "7"})
    Write(fs::path("self/fd") / fd, "");

  Registry r;
  r.AddCollector(std::make_unique<ProcessCollector>(ProcessCollectorOptions{
      root_.string(), "self", /*page_size=*/4096, /*clock_ticks=*/100}));
  EXPECT_EQ(ExposeText(r),
            "# HELP process_cpu_seconds_total Total user and system CPU time "
            "spent in seconds.\n"
            "# TYPE process_cpu_seconds_total counter\n"
            "process_cpu_seconds_total 4\n"
            "# HELP process_max_fds Maximum number of open file descriptors.\n"
            "# TYPE process_max_fds gauge\n"
            "process_max_fds 1024\n"
            "# HELP process_open_fds Number of open file descriptors.\n"
            "# TYPE process_open_fds gauge\n"
            "process_open_fds 4\n"
            "# HELP process_resident_memory_bytes Resident memory size in "
            "bytes.\n"
            "# TYPE process_resident_memory_bytes gauge\n"
            "process_resident_memory_bytes 1.2288e+06\n"
            "# HELP process_start_time_seconds Start time of the process "
            "since unix epoch in seconds.\n"
            "# TYPE process_start_time_seconds gauge\n"
            "process_start_time_seconds 1.70000012345e+09\n"
            "# HELP process_virtual_memory_bytes Virtual memory size in "
            "bytes.\n"
            "# TYPE process_virtual_memory_bytes gauge\n"
            "process_virtual_memory_bytes 1.048576e+06\n"
            "# HELP process_virtual_memory_max_bytes Maximum amount of "
            "virtual memory available in bytes.\n"
            "# TYPE process_virtual_memory_max_bytes gauge\n"
            "process_virtual_memory_max_bytes 1.8446744073709552e+19\n");
}

TEST_F(ProcessCollectorTest, MissingFilesLeaveMetricsOut) {
  Registry r;
  r.AddCollector(std::make_unique<ProcessCollector>(ProcessCollectorOptions{
      (root_ / "nonexistent").string(), "self", 4096, 100}));
  EXPECT_EQ(ExposeText(r), "");
}

TEST(ProcessCollectorRealTest, ReadsOwnProcess) {
  ProcessCollector c;
  std::vector<MetricFamily> out;
  c.Collect(out);
  std::vector<std::string> names;
  for (const auto& f : out) {
    names.push_back(f.name);
    ASSERT_EQ(f.samples.size(), 1u);
    // CPU time may still be 0 ticks this early in the test binary.
    if (f.name == "process_cpu_seconds_total") {
      EXPECT_GE(f.samples[0].value, 0);
    } else {
      EXPECT_GT(f.samples[0].value, 0) << f.name;
    }
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "process_cpu_seconds_total", "process_virtual_memory_bytes",
                "process_resident_memory_bytes", "process_start_time_seconds",
                "process_open_fds", "process_max_fds",
                "process_virtual_memory_max_bytes"}));
}

}  // namespace
}  // namespace tocsin::metrics
