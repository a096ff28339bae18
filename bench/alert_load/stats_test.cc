#include "alert_load/stats.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>

#include "alert_load/proc_stats.h"

namespace tocsin::bench {
namespace {

TEST(SummarizeTest, MeanSampleStddevMinMax) {
  Spread s = Summarize({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_EQ(s.n, 8);
  EXPECT_DOUBLE_EQ(s.mean, 5);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(s.min, 2);
  EXPECT_DOUBLE_EQ(s.max, 9);
}

TEST(SummarizeTest, EmptyAndSingle) {
  Spread empty = Summarize({});
  EXPECT_EQ(empty.n, 0);
  EXPECT_DOUBLE_EQ(empty.mean, 0);
  Spread one = Summarize({3});
  EXPECT_DOUBLE_EQ(one.mean, 3);
  EXPECT_DOUBLE_EQ(one.stddev, 0);
}

TEST(PercentileTest, NearestRank) {
  std::vector<double> v = {15, 20, 35, 40, 50};
  EXPECT_DOUBLE_EQ(Percentile(v, 30), 20);
  EXPECT_DOUBLE_EQ(Percentile(v, 40), 20);
  EXPECT_DOUBLE_EQ(Percentile(v, 50), 35);
  EXPECT_DOUBLE_EQ(Percentile(v, 100), 50);
  EXPECT_DOUBLE_EQ(Percentile(v, 0), 15);
  EXPECT_DOUBLE_EQ(Percentile({}, 50), 0);
}

TEST(ProcStatTest, ParsesUtimeAndStimeAfterACommandWithSpaces) {
  // Fields 14 and 15 are utime=250 and stime=50 ticks.
  std::string stat =
      "1234 (prom (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 "
      "0 8 0 100 123456 789\n";
  auto t = ParseProcStat(stat, 100);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_DOUBLE_EQ(t->user_s, 2.5);
  EXPECT_DOUBLE_EQ(t->system_s, 0.5);
  EXPECT_FALSE(ParseProcStat("1234 (x) S 1 2", 100).ok());
}

TEST(ProcStatTest, ParsesVmRss) {
  auto rss = ParseVmRss("Name:\tx\nVmPeak:\t  10 kB\nVmRSS:\t   2048 kB\n");
  ASSERT_TRUE(rss.ok()) << rss.status();
  EXPECT_EQ(*rss, 2048LL * 1024);
  EXPECT_FALSE(ParseVmRss("Name:\tx\n").ok());
}

TEST(ProcStatTest, ReadsThisProcess) {
  auto cpu = ProcessCpu(getpid());
  ASSERT_TRUE(cpu.ok()) << cpu.status();
  EXPECT_GE(cpu->total(), 0);
  auto rss = ProcessRss(getpid());
  ASSERT_TRUE(rss.ok()) << rss.status();
  EXPECT_GT(*rss, 0);
}

}  // namespace
}  // namespace tocsin::bench
