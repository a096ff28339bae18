#ifndef TOCSIN_PROMQL_ENGINE_H_
#define TOCSIN_PROMQL_ENGINE_H_

// PromQL evaluation over a series::Queryable (Prometheus' promql.Engine for
// float samples). Instant queries evaluate at one time; range queries
// evaluate the expression at every step and assemble a matrix.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/labels.h"
#include "promql/ast.h"
#include "series/series.h"

namespace tocsin::promql {

struct EngineOptions {
  int64_t lookback_delta_ms = 5 * 60 * 1000;
  int64_t default_subquery_step_ms = 60 * 1000;
};

struct Point {
  int64_t t = 0;  // ms
  double v = 0;
};

// One element of an instant vector.
struct VectorSample {
  model::Labels labels;
  int64_t t = 0;  // evaluation time, ms
  double v = 0;
};

struct MatrixSeries {
  model::Labels labels;
  std::vector<Point> points;
};

enum class ResultType { kScalar, kVector, kMatrix, kString };

struct QueryResult {
  ResultType type = ResultType::kVector;
  double scalar = 0;  // kScalar
  int64_t t = 0;      // kScalar, kString: evaluation time
  std::string str;    // kString
  std::vector<VectorSample> vector;
  std::vector<MatrixSeries> matrix;  // sorted by labels for range queries
  std::vector<std::string> warnings;
  std::vector<std::string> infos;
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {}) : options_(options) {}

  // Evaluates `query` at `t_ms`. Errors: InvalidArgument for parse errors
  // (Prometheus' parse error text), other codes for evaluation errors
  // (Prometheus' text, e.g. "vector cannot contain metrics with the same
  // labelset").
  Result<QueryResult> InstantQuery(const series::Queryable& q,
                                   std::string_view query, int64_t t_ms) const;
  // Evaluates at start, start+step, ... <= end; the expression must be of
  // scalar or instant-vector type. The result is a matrix.
  Result<QueryResult> RangeQuery(const series::Queryable& q,
                                 std::string_view query, int64_t start_ms,
                                 int64_t end_ms, int64_t step_ms) const;

 private:
  EngineOptions options_;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_ENGINE_H_
