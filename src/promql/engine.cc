#include "promql/engine.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "base/strings.h"
#include "promql/parser.h"
#include "promql/xxhash.h"

namespace tocsin::promql {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::string_view kName = "__name__";

// An evaluation error; caught at the query boundary.
struct EvalError {
  std::string msg;
};

[[noreturn]] void Fail(std::string msg) { throw EvalError{std::move(msg)}; }

struct Sample {
  model::Labels labels;
  double v = 0;
  int64_t src_t = 0;  // timestamp of the underlying sample
  bool drop_name = false;
};
using Vector = std::vector<Sample>;

struct RangeSeries {
  model::Labels labels;
  std::vector<Point> points;
  bool drop_name = false;
};
using Matrix = std::vector<RangeSeries>;

struct Value {
  ValueType type = ValueType::kNone;
  double scalar = 0;
  std::string str;
  Vector vec;
  Matrix mat;
};

model::Labels Without(const model::Labels& l,
                      const std::vector<std::string>& names,
                      bool drop_metric_name) {
  std::vector<model::Label> out;
  for (const auto& lb : l) {
    if (drop_metric_name && lb.name == kName) continue;
    if (std::find(names.begin(), names.end(), lb.name) != names.end()) {
      continue;
    }
    out.push_back(lb);
  }
  return model::Labels(std::move(out));
}

model::Labels Keep(const model::Labels& l,
                   const std::vector<std::string>& names) {
  std::vector<model::Label> out;
  for (const auto& lb : l) {
    if (std::find(names.begin(), names.end(), lb.name) != names.end()) {
      out.push_back(lb);
    }
  }
  return model::Labels(std::move(out));
}

model::Labels SetLabel(const model::Labels& l, const std::string& name,
                       const std::string& value) {
  std::vector<model::Label> out;
  for (const auto& lb : l) {
    if (lb.name != name) out.push_back(lb);
  }
  if (!value.empty()) out.push_back({name, value});
  return model::Labels(std::move(out));
}

// Drops __name__ and, with it, the type-and-unit labels __type__ and
// __unit__ (Prometheus' DropReserved).
model::Labels DropName(const model::Labels& l) {
  if (!l.Has(kName) && !l.Has("__type__") && !l.Has("__unit__")) return l;
  return Without(l, {"__type__", "__unit__"}, true);
}

void KahanInc(double inc, double& sum, double& c) {
  double t = sum + inc;
  if (std::isinf(t)) {
    c = 0;
  } else if (std::fabs(sum) >= std::fabs(inc)) {
    c += (sum - t) + inc;
  } else {
    c += (inc - t) + sum;
  }
  sum = t;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

// Natural order: runs of digits compare by numeric value.
int NaturalCompare(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t si = i, sj = j;
      while (i < a.size() && digit(a[i])) ++i;
      while (j < b.size() && digit(b[j])) ++j;
      std::string_view na = a.substr(si, i - si), nb = b.substr(sj, j - sj);
      while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
      int c = na.compare(nb);
      if (c != 0) return c;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
    ++i;
    ++j;
  }
  if (i == a.size() && j == b.size()) return 0;
  return i == a.size() ? -1 : 1;
}

// Go's math.Max / math.Min: NaN wins.
double GoMax(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  return std::max(a, b);
}
double GoMin(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  return std::min(a, b);
}

// The mean of `v`, avoiding overflow when the plain sum overflows.
double Mean(const std::vector<double>& v) {
  double sum = 0, c = 0;
  bool has_inf = false;
  for (double x : v) {
    KahanInc(x, sum, c);
    if (std::isinf(x)) has_inf = true;
  }
  double n = static_cast<double>(v.size());
  if (!std::isinf(sum) || has_inf) {
    return std::isinf(sum) ? sum : (sum + c) / n;
  }
  sum = 0;
  c = 0;
  for (double x : v) KahanInc(x / n, sum, c);
  return sum + c;
}

double Quantile(double q, std::vector<double> values) {
  if (values.empty() || std::isnan(q)) return kNaN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return !std::isnan(b);
    return a < b;
  });
  double n = static_cast<double>(values.size());
  double rank = q * (n - 1);
  double lower = std::max(0.0, std::floor(rank));
  double upper = std::min(n - 1, lower + 1);
  double weight = rank - std::floor(rank);
  return values[static_cast<size_t>(lower)] * (1 - weight) +
         values[static_cast<size_t>(upper)] * weight;
}

struct Bucket {
  double upper;
  double count;
};

// Sets `*forced_monotonic` when a cumulative count had to be raised to the
// previous bucket's count (non-monotonic input).
double BucketQuantile(double q, std::vector<Bucket> b,
                      bool* forced_monotonic = nullptr) {
  if (std::isnan(q)) return kNaN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  std::sort(b.begin(), b.end(),
            [](const Bucket& x, const Bucket& y) { return x.upper < y.upper; });
  if (b.empty() || !std::isinf(b.back().upper)) return kNaN;
  std::vector<Bucket> c;
  for (const auto& x : b) {
    if (!c.empty() && c.back().upper == x.upper) {
      c.back().count += x.count;
    } else {
      c.push_back(x);
    }
  }
  double mx = -kInf;
  for (auto& x : c) {
    if (x.count < mx) {
      x.count = mx;
      if (forced_monotonic != nullptr) *forced_monotonic = true;
    } else {
      mx = x.count;
    }
  }
  if (c.size() < 2) return kNaN;
  double obs = c.back().count;
  if (obs == 0) return kNaN;
  double rank = q * obs;
  size_t i = 0;
  while (i < c.size() && c[i].count < rank) ++i;
  if (i == c.size() - 1) return c[c.size() - 2].upper;
  if (i == 0 && c[0].upper <= 0) return c[0].upper;
  double start = 0, end = c[i].upper, count = c[i].count;
  if (i > 0) {
    start = c[i - 1].upper;
    count -= c[i - 1].count;
    rank -= c[i - 1].count;
  }
  return start + (end - start) * (rank / count);
}

// The fraction of observations in the classic histogram `b` between `lower`
// and `upper`, interpolating linearly inside a bucket. The first bucket's
// lower bound is 0 when its upper bound is positive (as histogram_quantile
// assumes), otherwise -Inf. NaN without a +Inf bucket or with no observations.
double BucketFraction(double lower, double upper, std::vector<Bucket> b) {
  std::sort(b.begin(), b.end(),
            [](const Bucket& x, const Bucket& y) { return x.upper < y.upper; });
  if (b.empty() || !std::isinf(b.back().upper)) return kNaN;
  std::vector<Bucket> c;
  for (const auto& x : b) {
    if (!c.empty() && c.back().upper == x.upper) {
      c.back().count += x.count;
    } else {
      c.push_back(x);
    }
  }
  double mx = -kInf;
  for (auto& x : c) {
    if (x.count < mx) {
      x.count = mx;
    } else {
      mx = x.count;
    }
  }
  double total = c.back().count;
  if (total == 0 || std::isnan(lower) || std::isnan(upper)) return kNaN;
  if (lower >= upper) return 0;
  // Cumulative count of observations at or below `v`. A bucket of infinite
  // width is not interpolated: a `v` inside it counts as its finite bound.
  auto rank_at = [&c](double v) {
    double prev_count = 0;
    for (size_t i = 0; i < c.size(); ++i) {
      double lo = i > 0 ? c[i - 1].upper : (c[0].upper > 0 ? 0 : -kInf);
      double hi = c[i].upper;
      if (v <= lo) return prev_count;
      if (v < hi) {
        if (std::isinf(lo)) return c[i].count;
        if (std::isinf(hi)) return prev_count;
        return prev_count + (c[i].count - prev_count) * (v - lo) / (hi - lo);
      }
      prev_count = c[i].count;
    }
    return prev_count;
  };
  return (rank_at(upper) - rank_at(lower)) / total;
}

// Go regexp.Expand semantics for $1, ${1}, $name.
std::string ExpandTemplate(const std::string& tmpl, const RE2& re,
                           const std::vector<std::string>& groups) {
  std::string out;
  const auto& named = re.NamedCapturingGroups();
  for (size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (c != '$' || i + 1 >= tmpl.size()) {
      out += c;
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string name;
    size_t j = i + 1;
    if (tmpl[j] == '{') {
      size_t close = tmpl.find('}', j);
      if (close == std::string::npos) {
        out += c;
        continue;
      }
      name = tmpl.substr(j + 1, close - j - 1);
      j = close + 1;
    } else {
      while (j < tmpl.size() &&
             (std::isalnum(static_cast<unsigned char>(tmpl[j])) ||
              tmpl[j] == '_')) {
        ++j;
      }
      name = tmpl.substr(i + 1, j - i - 1);
    }
    if (name.empty()) {
      out += c;
      continue;
    }
    bool num = std::all_of(name.begin(), name.end(),
                           [](char d) { return d >= '0' && d <= '9'; });
    if (num) {
      size_t idx = std::stoul(name);
      if (idx < groups.size()) out += groups[idx];
    } else {
      auto it = named.find(name);
      if (it != named.end() &&
          static_cast<size_t>(it->second) < groups.size()) {
        out += groups[it->second];
      }
    }
    i = j - 1;
  }
  return out;
}

struct SeriesData {
  model::Labels labels;
  std::vector<series::Sample> samples;
};

class Evaluator {
 public:
  Evaluator(const series::Querier& q, const EngineOptions& o, int64_t start,
            int64_t end, std::string_view query)
      : query_(query), q_(q), o_(o), start_(start), end_(end) {}
  int64_t step = 0;  // range-query step; 0 for instant queries

  Value Eval(const Expr& e, int64_t t) {
    switch (e.kind) {
      case ExprKind::kNumber: {
        Value v;
        v.type = ValueType::kScalar;
        v.scalar = e.number;
        return v;
      }
      case ExprKind::kString: {
        Value v;
        v.type = ValueType::kString;
        v.str = e.str;
        return v;
      }
      case ExprKind::kParen:
        return Eval(*e.lhs, t);
      case ExprKind::kUnary: {
        Value v = Eval(*e.lhs, t);
        if (!e.unary_negate) return v;
        if (v.type == ValueType::kScalar) {
          v.scalar = -v.scalar;
        } else {
          for (auto& s : v.vec) {
            s.v = -s.v;
            s.drop_name = true;
          }
        }
        return v;
      }
      case ExprKind::kVectorSelector: {
        Value v;
        v.type = ValueType::kVector;
        v.vec = SelectVector(e, t);
        return v;
      }
      case ExprKind::kMatrixSelector: {
        Value v;
        v.type = ValueType::kMatrix;
        v.mat = SelectMatrix(e, t);
        return v;
      }
      case ExprKind::kSubquery: {
        Value v;
        v.type = ValueType::kMatrix;
        v.mat = Subquery(e, t);
        return v;
      }
      case ExprKind::kBinary:
        return Binary(e, t);
      case ExprKind::kAggregate:
        return Aggregate(e, t);
      case ExprKind::kCall:
        return Call(e, t);
    }
    Fail("unknown expression");
  }

  std::set<std::string> warnings, infos;

  // Records "PromQL warning: <msg> (<line>:<col>)" for `node`.
  void Warn(const Expr& node, const std::string& msg) {
    warnings.insert("PromQL warning: " + msg + " (" + Position(node) + ")");
  }

  // Records "PromQL info: <msg> (<line>:<col>)" for `node`.
  void AddInfo(const Expr& node, const std::string& msg) {
    infos.insert("PromQL info: " + msg + " (" + Position(node) + ")");
  }

  std::string Position(const Expr& node) const {
    size_t line = 1, line_start = 0;
    for (size_t k = 0; k < node.pos.start && k < query_.size(); ++k) {
      if (query_[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    }
    return std::to_string(line) + ":" +
           std::to_string(node.pos.start - line_start + 1);
  }

  std::string_view query_;

 private:
  // The value of a duration expression for this query, or `fixed` when
  // there is none or it does not depend on step()/range().
  int64_t DurMs(const DurationExprPtr& d, int64_t fixed) const {
    if (!d || !d->Dynamic()) return fixed;
    double v = d->Eval(static_cast<double>(step) / 1000,
                       static_cast<double>(end_ - start_) / 1000);
    return static_cast<int64_t>(std::llround(v * 1000));
  }

  int64_t RefTime(AtKind at, int64_t at_ms, int64_t offset, int64_t t) const {
    int64_t base = t;
    if (at == AtKind::kTimestamp) base = at_ms;
    if (at == AtKind::kStart) base = start_;
    if (at == AtKind::kEnd) base = end_;
    return base - offset;
  }

  const std::vector<SeriesData>& Fetch(const Expr& vs) {
    auto it = cache_.find(&vs);
    if (it != cache_.end()) return it->second;
    std::vector<SeriesData> out;
    auto set = q_.Select(true, nullptr, vs.matchers);
    while (set->Next()) {
      const auto& s = set->At();
      SeriesData d;
      d.labels = s.labels();
      auto iter = s.Iterator();
      while (iter->Next()) d.samples.push_back(iter->At());
      out.push_back(std::move(d));
    }
    if (!set->err().ok()) Fail(set->err().message());
    return cache_.emplace(&vs, std::move(out)).first->second;
  }

  Vector SelectVector(const Expr& e, int64_t t) {
    int64_t ref = RefTime(e.at, e.at_ms, DurMs(e.offset_expr, e.offset_ms), t);
    Vector out;
    for (const auto& d : Fetch(e)) {
      auto it = std::upper_bound(
          d.samples.begin(), d.samples.end(), ref,
          [](int64_t r, const series::Sample& s) { return r < s.t; });
      if (it == d.samples.begin()) continue;
      --it;
      if (it->t <= ref - o_.lookback_delta_ms) continue;
      if (series::IsStaleNaN(it->v)) continue;
      out.push_back({d.labels, it->v, it->t, false});
    }
    return out;
  }

  Matrix SelectMatrix(const Expr& e, int64_t t) {
    const Expr& vs = *e.lhs;
    int64_t ref =
        RefTime(vs.at, vs.at_ms, DurMs(vs.offset_expr, vs.offset_ms), t);
    int64_t range = DurMs(e.range_expr, e.range_ms);
    Matrix out;
    for (const auto& d : Fetch(vs)) {
      RangeSeries rs;
      rs.labels = d.labels;
      auto it = std::upper_bound(
          d.samples.begin(), d.samples.end(), ref - range,
          [](int64_t r, const series::Sample& s) { return r < s.t; });
      for (; it != d.samples.end() && it->t <= ref; ++it) {
        if (series::IsStaleNaN(it->v)) continue;
        rs.points.push_back({it->t, it->v});
      }
      if (!rs.points.empty()) out.push_back(std::move(rs));
    }
    return out;
  }

  Matrix Subquery(const Expr& e, int64_t t) {
    int64_t ref = RefTime(e.at, e.at_ms, DurMs(e.offset_expr, e.offset_ms), t);
    int64_t step = DurMs(e.step_expr, e.step_ms);
    if (step == 0) step = o_.default_subquery_step_ms;
    if (step < 0) Fail("zero or negative subquery step");
    int64_t lo = ref - DurMs(e.range_expr, e.range_ms);
    int64_t s = step * (lo / step);
    if (s <= lo) s += step;
    std::map<model::Labels, RangeSeries> by;
    std::vector<model::Labels> order;
    for (int64_t ts = s; ts <= ref; ts += step) {
      Value v = Eval(*e.lhs, ts);
      if (v.type == ValueType::kScalar) {
        auto& rs = by[model::Labels()];
        rs.points.push_back({ts, v.scalar});
        continue;
      }
      for (auto& smp : v.vec) {
        auto [it, inserted] = by.try_emplace(smp.labels);
        if (inserted) {
          it->second.labels = smp.labels;
          it->second.drop_name = smp.drop_name;
        }
        it->second.points.push_back({ts, smp.v});
      }
    }
    Matrix out;
    for (auto& [l, rs] : by) out.push_back(std::move(rs));
    return out;
  }

  double ScalarArg(const Expr& e, int64_t t) {
    Value v = Eval(e, t);
    return v.scalar;
  }

  // --- Binary operators ---

  static std::optional<double> Arith(BinaryOp op, double l, double r,
                                     bool* keep) {
    *keep = true;
    switch (op) {
      case BinaryOp::kAdd:
        return l + r;
      case BinaryOp::kSub:
        return l - r;
      case BinaryOp::kMul:
        return l * r;
      case BinaryOp::kDiv:
        return l / r;
      case BinaryOp::kMod:
        return std::fmod(l, r);
      case BinaryOp::kPow:
        return std::pow(l, r);
      case BinaryOp::kAtan2:
        return std::atan2(l, r);
      case BinaryOp::kEql:
        *keep = l == r;
        return l;
      case BinaryOp::kNeq:
        *keep = l != r;
        return l;
      case BinaryOp::kGtr:
        *keep = l > r;
        return l;
      case BinaryOp::kLss:
        *keep = l < r;
        return l;
      case BinaryOp::kGte:
        *keep = l >= r;
        return l;
      case BinaryOp::kLte:
        *keep = l <= r;
        return l;
      default:
        return std::nullopt;
    }
  }

  static std::string Signature(const model::Labels& l,
                               const VectorMatching& m) {
    std::string sig;
    for (const auto& lb : l) {
      bool listed =
          std::find(m.matching_labels.begin(), m.matching_labels.end(),
                    lb.name) != m.matching_labels.end();
      if (m.on ? !listed : (listed || lb.name == kName)) continue;
      sig += lb.name;
      sig += '\xff';
      sig += lb.value;
      sig += '\xfe';
    }
    return sig;
  }

  Value Binary(const Expr& e, int64_t t) {
    Value l = Eval(*e.lhs, t);
    Value r = Eval(*e.rhs, t);
    BinaryOp op = e.bin_op;
    bool cmp = IsComparisonOp(op);
    if (l.type == ValueType::kScalar && r.type == ValueType::kScalar) {
      bool keep;
      double v = *Arith(op, l.scalar, r.scalar, &keep);
      if (cmp) v = keep ? 1 : 0;
      Value out;
      out.type = ValueType::kScalar;
      out.scalar = v;
      return out;
    }
    if (l.type == ValueType::kVector && r.type == ValueType::kVector) {
      return VectorBinary(e, std::move(l.vec), std::move(r.vec));
    }
    // Vector and scalar.
    bool swap = l.type == ValueType::kScalar;
    Vector& vec = swap ? r.vec : l.vec;
    double sc = swap ? l.scalar : r.scalar;
    Value out;
    out.type = ValueType::kVector;
    for (auto& s : vec) {
      double lv = s.v, rv = sc;
      if (swap) std::swap(lv, rv);
      bool keep;
      double v = *Arith(op, lv, rv, &keep);
      if (cmp && swap) v = s.v;
      if (e.return_bool) {
        v = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      Sample o = s;
      o.v = v;
      o.src_t = 0;
      if (!cmp || e.return_bool) o.drop_name = true;
      out.vec.push_back(std::move(o));
    }
    return out;
  }

  Value VectorBinary(const Expr& e, Vector lhs, Vector rhs) {
    const VectorMatching& m = e.matching;
    BinaryOp op = e.bin_op;
    Value out;
    out.type = ValueType::kVector;
    if (op == BinaryOp::kAnd || op == BinaryOp::kUnless) {
      std::set<std::string> rs;
      for (const auto& s : rhs) rs.insert(Signature(s.labels, m));
      for (auto& s : lhs) {
        bool found = rs.count(Signature(s.labels, m)) > 0;
        if (found == (op == BinaryOp::kAnd)) out.vec.push_back(std::move(s));
      }
      return out;
    }
    if (op == BinaryOp::kOr) {
      std::set<std::string> ls;
      for (const auto& s : lhs) ls.insert(Signature(s.labels, m));
      out.vec = std::move(lhs);
      for (auto& s : rhs) {
        if (!ls.count(Signature(s.labels, m))) out.vec.push_back(std::move(s));
      }
      return out;
    }
    bool cmp = IsComparisonOp(op);
    Vector* many = &lhs;
    Vector* one = &rhs;
    if (m.card == Cardinality::kOneToMany) std::swap(many, one);
    std::unordered_map<std::string, const Sample*> right;
    for (const auto& s : *one) {
      std::string sig = Signature(s.labels, m);
      auto [it, ok] = right.emplace(sig, &s);
      if (!ok) {
        Fail("found duplicate series for the match group " +
             Keep(s.labels,
                  m.on ? m.matching_labels : std::vector<std::string>{})
                 .ToString() +
             " on the " +
             (m.card == Cardinality::kOneToMany ? "left" : "right") +
             " hand-side of the operation: [" + it->second->labels.ToString() +
             ", " + s.labels.ToString() +
             "];many-to-many matching not allowed: matching labels must be "
             "unique on one side");
      }
    }
    std::set<std::string> matched;
    std::set<model::Labels> inserted;
    static const model::Labels kEmpty;
    bool one_to_many = m.card == Cardinality::kOneToMany;
    // Fill values for a missing "one" side and a missing "many" side.
    std::optional<double> fill_one = one_to_many ? m.fill_left : m.fill_right;
    std::optional<double> fill_many = one_to_many ? m.fill_right : m.fill_left;
    auto emit = [&](const model::Labels& many_labels, double many_v,
                    bool many_drop, const model::Labels& one_labels,
                    double one_v) {
      double vl = many_v, vr = one_v;
      if (one_to_many) std::swap(vl, vr);
      bool keep;
      double v = *Arith(op, vl, vr, &keep);
      if (e.return_bool) {
        v = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) return;
      bool drop = !cmp || e.return_bool;
      model::Labels metric = many_labels;
      if (m.card == Cardinality::kOneToOne) {
        if (m.on) {
          std::vector<std::string> keepl = m.matching_labels;
          if (!drop) keepl.push_back(std::string(kName));
          metric = Keep(metric, keepl);
        } else {
          metric = Without(metric, m.matching_labels, false);
        }
      }
      for (const auto& inc : m.include) {
        metric = SetLabel(metric, inc, std::string(one_labels.Get(inc)));
      }
      Sample o;
      o.labels = metric;
      o.v = v;
      o.drop_name = drop || many_drop;
      if (m.card != Cardinality::kOneToOne) {
        model::Labels key = o.drop_name ? DropName(metric) : metric;
        if (!inserted.insert(key).second) {
          Fail(
              "multiple matches for labels: grouping labels must ensure "
              "unique matches");
        }
      }
      out.vec.push_back(std::move(o));
    };
    std::set<std::string> one_matched;
    for (const auto& ls : *many) {
      std::string sig = Signature(ls.labels, m);
      auto it = right.find(sig);
      if (it == right.end()) {
        if (fill_one) emit(ls.labels, ls.v, ls.drop_name, kEmpty, *fill_one);
        continue;
      }
      const Sample& rs = *it->second;
      one_matched.insert(sig);
      if (m.card == Cardinality::kOneToOne) {
        if (!matched.insert(sig).second) {
          Fail(
              "multiple matches for labels: many-to-one matching must be "
              "explicit (group_left/group_right)");
        }
      }
      emit(ls.labels, ls.v, ls.drop_name, rs.labels, rs.v);
    }
    if (fill_many) {
      for (const auto& rs : *one) {
        if (one_matched.count(Signature(rs.labels, m))) continue;
        emit(rs.labels, *fill_many, rs.drop_name, rs.labels, rs.v);
      }
    }
    return out;
  }

  // --- Aggregations ---

  Value Aggregate(const Expr& e, int64_t t) {
    Value in = Eval(*e.lhs, t);
    double param = 0;
    std::string sparam;
    if (e.param) {
      Value p = Eval(*e.param, t);
      param = p.scalar;
      sparam = p.str;
    }
    // Delayed name removal: groups see the names still present; a group's
    // result drops its name when any member would have.
    Vector& vec = in.vec;
    auto group_key = [&](const model::Labels& l) {
      return e.without ? DropName(Without(l, e.grouping, true))
                       : Keep(l, e.grouping);
    };
    Value out;
    out.type = ValueType::kVector;
    AggOp op = e.agg_op;
    if (op == AggOp::kCountValues) {
      if (!model::IsValidLabelNameUtf8(sparam)) {
        Fail("invalid label name " + GoQuote(sparam));
      }
      std::map<model::Labels, double> counts;
      std::vector<model::Labels> order;
      for (const auto& s : vec) {
        model::Labels k =
            SetLabel(group_key(s.labels), sparam, FormatValue(s.v));
        if (counts.emplace(k, 0).second) order.push_back(k);
        counts[k] += 1;
      }
      for (const auto& k : order) out.vec.push_back({k, counts[k], 0, false});
      return out;
    }
    std::map<model::Labels, std::vector<const Sample*>> groups;
    std::vector<model::Labels> order;
    for (const auto& s : vec) {
      model::Labels k = group_key(s.labels);
      auto [it, ok] = groups.try_emplace(k);
      if (ok) order.push_back(k);
      it->second.push_back(&s);
    }
    if (std::isnan(param) &&
        (op == AggOp::kTopk || op == AggOp::kBottomk || op == AggOp::kLimitk)) {
      Fail("Parameter value is NaN");
    }
    if (std::isnan(param) && op == AggOp::kLimitRatio) {
      Fail("Ratio value is NaN");
    }
    for (const auto& k : order) {
      const auto& g = groups[k];
      switch (op) {
        case AggOp::kTopk:
        case AggOp::kBottomk:
        case AggOp::kLimitk: {
          if (std::isnan(param)) Fail("Parameter value is NaN");
          double kd = std::min(param, static_cast<double>(g.size()));
          if (kd < 1) break;
          size_t kk = static_cast<size_t>(kd);
          std::vector<const Sample*> sel = g;
          if (op != AggOp::kLimitk) {
            bool top = op == AggOp::kTopk;
            std::stable_sort(sel.begin(), sel.end(),
                             [&](const Sample* a, const Sample* b) {
                               if (std::isnan(a->v)) return false;
                               if (std::isnan(b->v)) return true;
                               return top ? a->v > b->v : a->v < b->v;
                             });
          }
          sel.resize(kk);
          for (const Sample* s : sel) out.vec.push_back(*s);
          break;
        }
        case AggOp::kLimitRatio: {
          double ratio = std::max(-1.0, std::min(1.0, param));
          for (const Sample* s : g) {
            double off = static_cast<double>(PrometheusLabelsHash(s->labels)) /
                         static_cast<double>(UINT64_MAX);
            if ((ratio >= 0 && off < ratio) ||
                (ratio < 0 && off >= 1.0 + ratio)) {
              out.vec.push_back(*s);
            }
          }
          break;
        }
        default: {
          double v = 0;
          switch (op) {
            case AggOp::kSum: {
              double sum = 0, c = 0;
              for (const Sample* s : g) KahanInc(s->v, sum, c);
              v = sum + c;
              break;
            }
            case AggOp::kAvg: {
              std::vector<double> vals;
              for (const Sample* s : g) vals.push_back(s->v);
              v = Mean(vals);
              break;
            }
            case AggOp::kCount:
              v = static_cast<double>(g.size());
              break;
            case AggOp::kGroup:
              v = 1;
              break;
            case AggOp::kMin:
            case AggOp::kMax: {
              v = g[0]->v;
              for (const Sample* s : g) {
                bool better = op == AggOp::kMax ? v < s->v : v > s->v;
                if (better || std::isnan(v)) v = s->v;
              }
              break;
            }
            case AggOp::kStddev:
            case AggOp::kStdvar: {
              double n = 0, mean = 0, m2 = 0;
              for (const Sample* s : g) {
                n += 1;
                double d = s->v - mean;
                mean += d / n;
                m2 += d * (s->v - mean);
              }
              v = m2 / n;
              if (op == AggOp::kStddev) v = std::sqrt(v);
              break;
            }
            case AggOp::kQuantile: {
              if (std::isnan(param) || param < 0 || param > 1) {
                Warn(*e.param,
                     "quantile value should be between 0 and 1, got " +
                         FormatValue(param));
              }
              std::vector<double> vals;
              for (const Sample* s : g) vals.push_back(s->v);
              v = Quantile(param, vals);
              break;
            }
            default:
              break;
          }
          bool drop = false;
          for (const Sample* s : g) drop = drop || s->drop_name;
          out.vec.push_back({k, v, 0, drop});
        }
      }
    }
    return out;
  }

  // --- Functions ---

  struct RangeRef {
    int64_t ref = 0;
    int64_t range = 0;
  };
  RangeRef RangeOf(const Expr& arg, int64_t t) const {
    const Expr* e = &arg;
    while (e->kind == ExprKind::kParen) e = e->lhs.get();
    if (e->kind == ExprKind::kMatrixSelector) {
      const Expr& vs = *e->lhs;
      return {RefTime(vs.at, vs.at_ms, DurMs(vs.offset_expr, vs.offset_ms), t),
              DurMs(e->range_expr, e->range_ms)};
    }
    return {RefTime(e->at, e->at_ms, DurMs(e->offset_expr, e->offset_ms), t),
            DurMs(e->range_expr, e->range_ms)};
  }

  static std::optional<double> ExtrapolatedRate(const std::vector<Point>& p,
                                                RangeRef rr, bool counter,
                                                bool rate) {
    if (p.size() < 2) return std::nullopt;
    double result = p.back().v - p.front().v;
    if (counter) {
      double prev = p[0].v;
      for (size_t i = 1; i < p.size(); ++i) {
        if (p[i].v < prev) result += prev;
        prev = p[i].v;
      }
    }
    double to_start =
        static_cast<double>(p.front().t - (rr.ref - rr.range)) / 1000;
    double to_end = static_cast<double>(rr.ref - p.back().t) / 1000;
    double sampled = static_cast<double>(p.back().t - p.front().t) / 1000;
    double avg = sampled / static_cast<double>(p.size() - 1);
    double threshold = avg * 1.1;
    if (to_start >= threshold) to_start = avg / 2;
    if (counter && result > 0 && p.front().v >= 0) {
      double to_zero = sampled * (p.front().v / result);
      if (to_zero < to_start) to_start = to_zero;
    }
    if (to_end >= threshold) to_end = avg / 2;
    double factor = (sampled + to_start + to_end) / sampled;
    if (rate) factor /= static_cast<double>(rr.range) / 1000;
    return result * factor;
  }

  static std::optional<std::pair<double, double>> LinearRegression(
      const std::vector<Point>& p, int64_t intercept_t) {
    double n = 0, sx = 0, sy = 0, sxy = 0, sx2 = 0;
    bool const_y = true;
    for (const auto& pt : p) {
      if (pt.v != p[0].v) const_y = false;
      double x = static_cast<double>(pt.t - intercept_t) / 1000;
      n += 1;
      sx += x;
      sy += pt.v;
      sxy += x * pt.v;
      sx2 += x * x;
    }
    if (const_y) {
      if (std::isinf(p[0].v)) return std::make_pair(kNaN, kNaN);
      return std::make_pair(0.0, p[0].v);
    }
    double cov = sxy - sx * sy / n;
    double var = sx2 - sx * sx / n;
    double slope = cov / var;
    double intercept = sy / n - slope * sx / n;
    return std::make_pair(slope, intercept);
  }

  Value RangeFunction(const Expr& e, int64_t t) {
    std::string_view name = e.func->name;
    size_t marg = name == "quantile_over_time" ? 1 : 0;
    double qparam = marg == 1 ? ScalarArg(*e.args[0], t) : 0;
    if (marg == 1 && (std::isnan(qparam) || qparam < 0 || qparam > 1)) {
      Warn(*e.args[0], "quantile value should be between 0 and 1, got " +
                           FormatValue(qparam));
    }
    Value m = Eval(*e.args[marg], t);
    RangeRef rr = RangeOf(*e.args[marg], t);
    double extra = 0;
    if (name == "predict_linear") extra = ScalarArg(*e.args[1], t);
    double sf = 0, tf = 0;
    if (name == "double_exponential_smoothing") {
      sf = ScalarArg(*e.args[1], t);
      tf = ScalarArg(*e.args[2], t);
      char buf[128];
      if (!(sf > 0 && sf < 1)) {
        std::snprintf(buf, sizeof(buf),
                      "invalid smoothing factor. Expected: 0 < sf < 1, got: %f",
                      sf);
        Fail(buf);
      }
      if (!(tf > 0 && tf < 1)) {
        std::snprintf(buf, sizeof(buf),
                      "invalid trend factor. Expected: 0 < tf < 1, got: %f",
                      tf);
        Fail(buf);
      }
    }
    Value out;
    out.type = ValueType::kVector;
    if (name == "absent_over_time") {
      if (!m.mat.empty()) return out;
      out.vec.push_back({AbsentLabels(*e.args[0]), 1, 0, false});
      return out;
    }
    for (auto& s : m.mat) {
      const auto& p = s.points;
      std::optional<double> v;
      bool keep_name = false;
      if (name == "rate" || name == "increase" || name == "delta") {
        v = ExtrapolatedRate(p, rr, name != "delta", name == "rate");
      } else if (name == "irate" || name == "idelta") {
        if (p.size() >= 2) {
          const Point& a = p[p.size() - 2];
          const Point& b = p.back();
          double d = b.v - a.v;
          if (name == "irate") {
            if (b.v < a.v) d = b.v;
            d /= static_cast<double>(b.t - a.t) / 1000;
          }
          v = d;
        }
      } else if (name == "changes" || name == "resets") {
        double n = 0;
        for (size_t i = 1; i < p.size(); ++i) {
          if (name == "changes") {
            if (p[i].v != p[i - 1].v &&
                !(std::isnan(p[i].v) && std::isnan(p[i - 1].v))) {
              n += 1;
            }
          } else if (p[i].v < p[i - 1].v) {
            n += 1;
          }
        }
        v = n;
      } else if (name == "deriv") {
        if (p.size() >= 2) v = LinearRegression(p, p[0].t)->first;
      } else if (name == "predict_linear") {
        if (p.size() >= 2) {
          auto [slope, icpt] = *LinearRegression(p, t);
          v = slope * extra + icpt;
        }
      } else if (name == "sum_over_time" || name == "avg_over_time") {
        double sum = 0, c = 0;
        for (const auto& pt : p) KahanInc(pt.v, sum, c);
        v = sum + c;
        if (name == "avg_over_time") {
          std::vector<double> vals;
          for (const auto& pt : p) vals.push_back(pt.v);
          v = Mean(vals);
        }
      } else if (name == "count_over_time") {
        v = static_cast<double>(p.size());
      } else if (name == "present_over_time") {
        v = 1;
      } else if (name == "last_over_time") {
        v = p.back().v;
        keep_name = true;
      } else if (name == "first_over_time") {
        v = p.front().v;
        keep_name = true;
      } else if (name == "ts_of_last_over_time") {
        v = static_cast<double>(p.back().t) / 1000;
      } else if (name == "ts_of_first_over_time") {
        v = static_cast<double>(p.front().t) / 1000;
      } else if (name == "min_over_time" || name == "max_over_time" ||
                 name == "ts_of_min_over_time" ||
                 name == "ts_of_max_over_time") {
        bool is_max = name.find("max") != std::string_view::npos;
        double best = p[0].v;
        int64_t bt = p[0].t;
        for (const auto& pt : p) {
          bool better = is_max ? pt.v > best : pt.v < best;
          if (better || std::isnan(best)) {
            best = pt.v;
            bt = pt.t;
          }
        }
        v = name.substr(0, 3) == "ts_" ? static_cast<double>(bt) / 1000 : best;
      } else if (name == "stddev_over_time" || name == "stdvar_over_time") {
        double n = 0, mean = 0, m2 = 0;
        for (const auto& pt : p) {
          n += 1;
          double d = pt.v - mean;
          mean += d / n;
          m2 += d * (pt.v - mean);
        }
        double var = m2 / n;
        v = name == "stddev_over_time" ? std::sqrt(var) : var;
      } else if (name == "quantile_over_time") {
        std::vector<double> vals;
        for (const auto& pt : p) vals.push_back(pt.v);
        v = Quantile(qparam, vals);
      } else if (name == "double_exponential_smoothing") {
        if (p.size() >= 2) {
          double s0 = 0, s1 = p[0].v, b = p[1].v - p[0].v;
          for (size_t i = 1; i < p.size(); ++i) {
            double x = sf * p[i].v;
            if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
          }
          v = s1;
        }
      } else if (name == "mad_over_time") {
        std::vector<double> vals;
        bool has_nan = false;
        for (const auto& pt : p) {
          vals.push_back(pt.v);
          has_nan = has_nan || std::isnan(pt.v);
        }
        if (has_nan) {
          out.vec.push_back({s.labels, kNaN, 0, true});
          continue;
        }
        double med = Quantile(0.5, vals);
        for (auto& x : vals) x = std::fabs(x - med);
        v = Quantile(0.5, vals);
      } else {
        Fail("function " + std::string(name) + " is not supported");
      }
      if (!v) continue;
      out.vec.push_back({s.labels, *v, 0, !keep_name || s.drop_name});
    }
    return out;
  }

  model::Labels AbsentLabels(const Expr& arg) {
    const Expr* e = &arg;
    while (e->kind == ExprKind::kParen) e = e->lhs.get();
    if (e->kind == ExprKind::kMatrixSelector) e = e->lhs.get();
    if (e->kind != ExprKind::kVectorSelector) return model::Labels();
    std::map<std::string, std::string> eq;
    std::set<std::string> dup;
    for (const auto& m : e->matchers) {
      if (m.name() == kName) continue;
      if (m.type() == model::MatchType::kEqual && !eq.count(m.name())) {
        eq[m.name()] = m.value();
      } else {
        dup.insert(m.name());
      }
    }
    std::vector<model::Label> ls;
    for (const auto& [k, v] : eq) {
      if (!dup.count(k)) ls.push_back({k, v});
    }
    return model::Labels(std::move(ls));
  }

  Value Call(const Expr& e, int64_t t) {
    std::string_view name = e.func->name;
    for (size_t i = 0; i < e.args.size(); ++i) {
      if (e.func->arg_types[std::min(i, e.func->arg_types.size() - 1)] ==
          ValueType::kMatrix) {
        return RangeFunction(e, t);
      }
    }
    Value out;
    out.type = e.func->return_type;
    if (name == "time") {
      out.scalar = static_cast<double>(t) / 1000;
      return out;
    }
    if (name == "pi") {
      out.scalar = M_PI;
      return out;
    }
    if (name == "start" || name == "end" || name == "step" || name == "range") {
      int64_t ms = name == "start"  ? start_
                   : name == "end"  ? end_
                   : name == "step" ? step
                                    : end_ - start_;
      out.scalar = static_cast<double>(ms) / 1000;
      return out;
    }
    if (name == "min_of" || name == "max_of") {
      double a = ScalarArg(*e.args[0], t), b = ScalarArg(*e.args[1], t);
      out.scalar = name == "min_of" ? GoMin(a, b) : GoMax(a, b);
      return out;
    }
    if (name == "vector") {
      out.vec.push_back({model::Labels(), ScalarArg(*e.args[0], t), 0, false});
      return out;
    }
    if (name == "scalar") {
      Value v = Eval(*e.args[0], t);
      out.scalar = v.vec.size() == 1 ? v.vec[0].v : kNaN;
      return out;
    }
    if (name == "info") return Info(e, t);
    if (step != 0 && name.substr(0, 4) == "sort") {
      Warn(e,
           "sort is ineffective for range queries since results are always "
           "ordered by labels");
    }
    if (name == "histogram_count" || name == "histogram_sum" ||
        name == "histogram_avg" || name == "histogram_stddev" ||
        name == "histogram_stdvar") {
      // These read native histograms only; float samples are ignored.
      (void)Eval(*e.args[0], t);
      return out;
    }
    if (name == "histogram_quantiles") {
      Fail("function " + std::string(name) + " is not supported");
    }
    if (name == "histogram_quantile" || name == "histogram_fraction") {
      const bool fraction = name == "histogram_fraction";
      double q = ScalarArg(*e.args[0], t);
      double upper = fraction ? ScalarArg(*e.args[1], t) : 0;
      if (!fraction && (std::isnan(q) || q < 0 || q > 1)) {
        Warn(*e.args[0],
             "quantile value should be between 0 and 1, got " + FormatValue(q));
      }
      Value v = Eval(*e.args[fraction ? 2 : 1], t);
      std::map<model::Labels, std::vector<Bucket>> groups;
      std::vector<model::Labels> order;
      std::map<model::Labels, std::string> names;
      for (const auto& s : v.vec) {
        std::string les(s.labels.Get("le"));
        char* endp = nullptr;
        double ub = std::strtod(les.c_str(), &endp);
        if (les.empty() || endp == les.c_str() || *endp != '\0') {
          Warn(*e.args[fraction ? 2 : 1],
               "bucket label \"le\" is missing or has a malformed value of " +
                   GoQuote(les) + " for metric name " +
                   GoQuote(s.labels.Get(kName)));
          continue;
        }
        model::Labels k = Without(s.labels, {"le"}, true);
        auto [it, ok] = groups.try_emplace(k);
        if (ok) {
          order.push_back(k);
          names[k] = std::string(s.labels.Get(kName));
        }
        it->second.push_back({ub, s.v});
      }
      for (const auto& k : order) {
        bool forced = false;
        double r = fraction ? BucketFraction(q, upper, groups[k])
                            : BucketQuantile(q, groups[k], &forced);
        if (forced) {
          AddInfo(*e.args[1],
                  "input to histogram_quantile needed to be fixed for "
                  "monotonicity (see "
                  "https://prometheus.io/docs/prometheus/latest/querying/"
                  "functions/#histogram_quantile) for metric name " +
                      GoQuote(names[k]));
        }
        out.vec.push_back({k, r, 0, false});
      }
      return out;
    }
    Value v;
    if (e.args.empty()) {
      // The date functions default to vector(time()).
      v.type = ValueType::kVector;
      v.vec.push_back(
          {model::Labels(), static_cast<double>(t) / 1000, t, false});
    } else {
      v = Eval(*e.args[0], t);
    }
    if (name == "absent") {
      if (!v.vec.empty()) {
        out.vec.clear();
        return out;
      }
      out.vec.push_back({AbsentLabels(*e.args[0]), 1, 0, false});
      return out;
    }
    if (name == "sort" || name == "sort_desc") {
      bool desc = name == "sort_desc";
      std::stable_sort(v.vec.begin(), v.vec.end(),
                       [&](const Sample& a, const Sample& b) {
                         if (std::isnan(a.v)) return false;
                         if (std::isnan(b.v)) return true;
                         return desc ? a.v > b.v : a.v < b.v;
                       });
      return v;
    }
    if (name == "sort_by_label" || name == "sort_by_label_desc") {
      std::vector<std::string> ls;
      for (size_t i = 1; i < e.args.size(); ++i)
        ls.push_back(Eval(*e.args[i], t).str);
      bool desc = name == "sort_by_label_desc";
      std::stable_sort(
          v.vec.begin(), v.vec.end(), [&](const Sample& a, const Sample& b) {
            for (const auto& l : ls) {
              int c = NaturalCompare(a.labels.Get(l), b.labels.Get(l));
              if (c != 0) return desc ? c > 0 : c < 0;
            }
            return desc ? b.labels < a.labels : a.labels < b.labels;
          });
      return v;
    }
    if (name == "label_replace") {
      std::string dst = Eval(*e.args[1], t).str;
      std::string repl = Eval(*e.args[2], t).str;
      std::string src = Eval(*e.args[3], t).str;
      std::string regex = Eval(*e.args[4], t).str;
      RE2::Options opts;
      opts.set_log_errors(false);
      opts.set_dot_nl(false);
      RE2 re("^(?s:" + regex + ")$", opts);
      if (!re.ok()) {
        Fail("invalid regular expression in label_replace(): " + regex);
      }
      if (!model::IsValidLabelNameUtf8(dst)) {
        Fail("invalid destination label name in label_replace(): " + dst);
      }
      for (auto& s : v.vec) {
        std::string val(s.labels.Get(src));
        int n = re.NumberOfCapturingGroups() + 1;
        std::vector<re2::StringPiece> sub(n);
        if (!re.Match(val, 0, val.size(), RE2::UNANCHORED, sub.data(), n)) {
          continue;
        }
        std::vector<std::string> groups;
        for (const auto& g : sub) groups.emplace_back(g.data(), g.size());
        s.labels = SetLabel(s.labels, dst, ExpandTemplate(repl, re, groups));
        if (dst == kName) s.drop_name = false;
      }
      return v;
    }
    if (name == "label_join") {
      std::string dst = Eval(*e.args[1], t).str;
      std::string sep = Eval(*e.args[2], t).str;
      std::vector<std::string> srcs;
      for (size_t i = 3; i < e.args.size(); ++i) {
        srcs.push_back(Eval(*e.args[i], t).str);
      }
      if (!model::IsValidLabelNameUtf8(dst)) {
        Fail("invalid destination label name in label_join(): " + dst);
      }
      for (auto& s : v.vec) {
        std::string joined;
        for (size_t i = 0; i < srcs.size(); ++i) {
          if (i > 0) joined += sep;
          joined += s.labels.Get(srcs[i]);
        }
        s.labels = SetLabel(s.labels, dst, joined);
        if (dst == kName) s.drop_name = false;
      }
      return v;
    }
    if (name == "timestamp") {
      for (auto& s : v.vec) {
        s.v = static_cast<double>(IsSelector(*e.args[0]) ? s.src_t : t) / 1000;
        s.drop_name = true;
      }
      return v;
    }
    std::vector<double> extra;
    for (size_t i = 1; i < e.args.size(); ++i) {
      extra.push_back(ScalarArg(*e.args[i], t));
    }
    if (name == "clamp" && extra[1] < extra[0]) {
      v.vec.clear();
      return v;
    }
    bool date_fn = name == "day_of_month" || name == "day_of_week" ||
                   name == "day_of_year" || name == "days_in_month" ||
                   name == "hour" || name == "minute" || name == "month" ||
                   name == "year";
    for (auto& s : v.vec) {
      double x = s.v;
      double r;
      if (name == "abs") {
        r = std::fabs(x);
      } else if (name == "ceil") {
        r = std::ceil(x);
      } else if (name == "floor") {
        r = std::floor(x);
      } else if (name == "exp") {
        r = std::exp(x);
      } else if (name == "ln") {
        r = std::log(x);
      } else if (name == "log2") {
        r = std::log2(x);
      } else if (name == "log10") {
        r = std::log10(x);
      } else if (name == "sqrt") {
        r = std::sqrt(x);
      } else if (name == "sgn") {
        r = x > 0 ? 1 : x < 0 ? -1 : x;
      } else if (name == "sin") {
        r = std::sin(x);
      } else if (name == "cos") {
        r = std::cos(x);
      } else if (name == "tan") {
        r = std::tan(x);
      } else if (name == "asin") {
        r = std::asin(x);
      } else if (name == "acos") {
        r = std::acos(x);
      } else if (name == "atan") {
        r = std::atan(x);
      } else if (name == "sinh") {
        r = std::sinh(x);
      } else if (name == "cosh") {
        r = std::cosh(x);
      } else if (name == "tanh") {
        r = std::tanh(x);
      } else if (name == "asinh") {
        r = std::asinh(x);
      } else if (name == "acosh") {
        r = std::acosh(x);
      } else if (name == "atanh") {
        r = std::atanh(x);
      } else if (name == "deg") {
        r = x * 180 / M_PI;
      } else if (name == "rad") {
        r = x * M_PI / 180;
      } else if (name == "round") {
        double to = extra.empty() ? 1 : extra[0];
        double inv = 1.0 / to;
        r = std::floor(x * inv + 0.5) / inv;
      } else if (name == "clamp") {
        r = GoMax(extra[0], GoMin(extra[1], x));
      } else if (name == "clamp_min") {
        r = GoMax(extra[0], x);
      } else if (name == "clamp_max") {
        r = GoMin(extra[0], x);
      } else if (date_fn) {
        if (std::isnan(x) || std::isinf(x)) {
          r = x;
        } else {
          std::time_t tt = static_cast<std::time_t>(x);
          std::tm tm{};
          gmtime_r(&tt, &tm);
          if (name == "day_of_month") {
            r = tm.tm_mday;
          } else if (name == "day_of_week") {
            r = tm.tm_wday;
          } else if (name == "day_of_year") {
            r = tm.tm_yday + 1;
          } else if (name == "hour") {
            r = tm.tm_hour;
          } else if (name == "minute") {
            r = tm.tm_min;
          } else if (name == "month") {
            r = tm.tm_mon + 1;
          } else if (name == "year") {
            r = tm.tm_year + 1900;
          } else {
            static const int kDays[] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};
            int y = tm.tm_year + 1900;
            bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            r = kDays[tm.tm_mon] + (tm.tm_mon == 1 && leap ? 1 : 0);
          }
        }
      } else {
        Fail("function " + std::string(name) + " is not supported");
      }
      s.v = r;
      s.drop_name = true;
    }
    return v;
  }

  static bool IsSelector(const Expr& e) {
    const Expr* p = &e;
    while (p->kind == ExprKind::kParen) p = p->lhs.get();
    return p->kind == ExprKind::kVectorSelector;
  }

  const series::Querier& q_;
  const EngineOptions& o_;
  int64_t start_, end_;
  std::map<const Expr*, std::vector<SeriesData>> cache_;
  // info(): the selectors of info series built from the second argument.
  std::map<const Expr*, std::unique_ptr<Expr>> info_selectors_;

  // info(v, {selector}): adds data labels of info series (default
  // target_info) that share v's identifying labels (instance, job).
  Value Info(const Expr& e, int64_t t) {
    static const std::vector<std::string> kIdentifying = {"instance", "job"};
    Value v = Eval(*e.args[0], t);
    model::Matchers name_matchers, data_matchers;
    if (e.args.size() > 1) {
      const Expr* sel = e.args[1].get();
      while (sel->kind == ExprKind::kParen) sel = sel->lhs.get();
      if (sel->kind != ExprKind::kVectorSelector) {
        Fail("info(): second argument must be a vector selector");
      }
      for (const auto& m : sel->matchers) {
        (m.name() == kName ? name_matchers : data_matchers).push_back(m);
      }
    }
    if (name_matchers.empty()) {
      auto m = model::Matcher::Create(model::MatchType::kEqual,
                                      std::string(kName), "target_info");
      name_matchers.push_back(*m);
    }
    auto& sel = info_selectors_[&e];
    if (!sel) {
      sel = std::make_unique<Expr>();
      sel->kind = ExprKind::kVectorSelector;
      sel->matchers = name_matchers;
    }
    Vector infos = SelectVector(*sel, t);
    Value out;
    out.type = ValueType::kVector;
    bool require_match = false;
    for (const auto& m : data_matchers) {
      if (!m.Matches("")) require_match = true;
    }
    for (auto& s : v.vec) {
      bool is_info = true;
      for (const auto& m : name_matchers) {
        if (!m.Matches(s.labels.Get(kName))) is_info = false;
      }
      if (is_info) {
        out.vec.push_back(std::move(s));
        continue;
      }
      std::map<std::string, std::string> add;
      bool matched = false;
      for (const auto& in : infos) {
        bool same = true;
        for (const auto& id : kIdentifying) {
          if (in.labels.Get(id) != s.labels.Get(id)) same = false;
        }
        if (!same || !model::MatchesAll(data_matchers, in.labels)) continue;
        matched = true;
        for (const auto& l : in.labels) {
          if (l.name == kName || l.name == "instance" || l.name == "job") {
            continue;
          }
          if (s.labels.Has(l.name)) continue;
          if (!data_matchers.empty()) {
            bool named = false;
            for (const auto& m : data_matchers) {
              if (m.name() == l.name) named = true;
            }
            if (!named) continue;
          }
          add[l.name] = l.value;
        }
      }
      if (!matched && require_match) continue;
      std::vector<model::Label> ls(s.labels.begin(), s.labels.end());
      for (auto& [k, val] : add) ls.push_back({k, val});
      s.labels = model::Labels(std::move(ls));
      out.vec.push_back(std::move(s));
    }
    return out;
  }
};

// Applies delayed __name__ removal and checks for duplicate label sets.
std::vector<VectorSample> Finish(Vector vec, int64_t t) {
  std::vector<VectorSample> out;
  std::set<model::Labels> seen;
  for (auto& s : vec) {
    model::Labels l = s.drop_name ? DropName(s.labels) : s.labels;
    if (!seen.insert(l).second) {
      Fail("vector cannot contain metrics with the same labelset");
    }
    out.push_back({std::move(l), t, s.v});
  }
  return out;
}

Result<std::unique_ptr<series::Querier>> OpenQuerier(
    const series::Queryable& q) {
  return q.NewQuerier(std::numeric_limits<int64_t>::min() / 2,
                      std::numeric_limits<int64_t>::max() / 2);
}

}  // namespace

Result<QueryResult> Engine::InstantQuery(const series::Queryable& q,
                                         std::string_view query,
                                         int64_t t_ms) const {
  ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr(query));
  ASSIGN_OR_RETURN(auto querier, OpenQuerier(q));
  try {
    Evaluator ev(*querier, options_, t_ms, t_ms, query);
    Value v = ev.Eval(*expr, t_ms);
    QueryResult r;
    r.t = t_ms;
    switch (v.type) {
      case ValueType::kScalar:
        r.type = ResultType::kScalar;
        r.scalar = v.scalar;
        break;
      case ValueType::kString:
        r.type = ResultType::kString;
        r.str = v.str;
        break;
      case ValueType::kVector:
        r.type = ResultType::kVector;
        r.vector = Finish(std::move(v.vec), t_ms);
        break;
      case ValueType::kMatrix: {
        r.type = ResultType::kMatrix;
        std::set<model::Labels> seen;
        for (auto& s : v.mat) {
          model::Labels l = s.drop_name ? DropName(s.labels) : s.labels;
          if (!seen.insert(l).second) {
            Fail("vector cannot contain metrics with the same labelset");
          }
          r.matrix.push_back({std::move(l), std::move(s.points)});
        }
        break;
      }
      case ValueType::kNone:
        return Status(StatusCode::kInternal, "expression has no type");
    }
    r.warnings.assign(ev.warnings.begin(), ev.warnings.end());
    r.infos.assign(ev.infos.begin(), ev.infos.end());
    return r;
  } catch (const EvalError& e) {
    return Status(StatusCode::kInvalidArgument, e.msg);
  }
}

Result<QueryResult> Engine::RangeQuery(const series::Queryable& q,
                                       std::string_view query, int64_t start_ms,
                                       int64_t end_ms, int64_t step_ms) const {
  ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr(query));
  ValueType type = expr->Type();
  if (type != ValueType::kScalar && type != ValueType::kVector) {
    return Status(StatusCode::kInvalidArgument,
                  "invalid expression type " + GoQuote(DocumentedType(type)) +
                      " for range query, must be Scalar or instant Vector");
  }
  if (step_ms <= 0) {
    return Status(StatusCode::kInvalidArgument,
                  "zero or negative query resolution step widths are not "
                  "accepted");
  }
  ASSIGN_OR_RETURN(auto querier, OpenQuerier(q));
  try {
    Evaluator ev(*querier, options_, start_ms, end_ms, query);
    ev.step = step_ms;
    std::map<model::Labels, std::vector<Point>> series;
    for (int64_t t = start_ms; t <= end_ms; t += step_ms) {
      Value v = ev.Eval(*expr, t);
      if (v.type == ValueType::kScalar) {
        series[model::Labels()].push_back({t, v.scalar});
        continue;
      }
      for (auto& s : Finish(std::move(v.vec), t)) {
        series[s.labels].push_back({t, s.v});
      }
    }
    QueryResult r;
    r.type = ResultType::kMatrix;
    for (auto& [l, pts] : series) r.matrix.push_back({l, std::move(pts)});
    r.warnings.assign(ev.warnings.begin(), ev.warnings.end());
    r.infos.assign(ev.infos.begin(), ev.infos.end());
    return r;
  } catch (const EvalError& e) {
    return Status(StatusCode::kInvalidArgument, e.msg);
  }
}

}  // namespace tocsin::promql
