#ifndef TOCSIN_BENCH_ALERT_LOAD_STATS_H_
#define TOCSIN_BENCH_ALERT_LOAD_STATS_H_

// Small descriptive statistics for benchmark figures.

#include <vector>

namespace tocsin::bench {

struct Spread {
  int n = 0;
  double mean = 0;
  double stddev = 0;  // Sample standard deviation (n - 1); 0 when n < 2.
  double min = 0;
  double max = 0;
};

// Mean, sample stddev, min and max of `values`; all zero when empty.
Spread Summarize(const std::vector<double>& values);

// Nearest-rank percentile (p in [0, 100]) of `values` (need not be sorted):
// the smallest value with at least p% of the values <= it. 0 when empty.
double Percentile(std::vector<double> values, double p);

}  // namespace tocsin::bench

#endif  // TOCSIN_BENCH_ALERT_LOAD_STATS_H_
