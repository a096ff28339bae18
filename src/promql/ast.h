#ifndef TOCSIN_PROMQL_AST_H_
#define TOCSIN_PROMQL_AST_H_

// PromQL abstract syntax tree (Prometheus' promql/parser node types) and its
// canonical printer (Prometheus' Expr.String()).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/matcher.h"

namespace tocsin::promql {

enum class ValueType { kNone, kScalar, kVector, kMatrix, kString };

// Prometheus' DocumentedType: "scalar", "instant vector", "range vector",
// "string"; "none" for kNone.
std::string_view DocumentedType(ValueType t);

enum class BinaryOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kAtan2,
  kEql,  // ==
  kNeq,
  kGtr,
  kLss,
  kGte,
  kLte,
  kAnd,
  kOr,
  kUnless,
};
std::string_view BinaryOpString(BinaryOp op);
bool IsComparisonOp(BinaryOp op);
bool IsSetOp(BinaryOp op);

enum class AggOp {
  kSum,
  kAvg,
  kCount,
  kMin,
  kMax,
  kGroup,
  kStddev,
  kStdvar,
  kTopk,
  kBottomk,
  kCountValues,
  kQuantile,
  kLimitk,
  kLimitRatio,
};
std::string_view AggOpString(AggOp op);
// topk, bottomk, count_values, quantile, limitk, limit_ratio.
bool AggOpHasParam(AggOp op);

enum class Cardinality { kOneToOne, kManyToOne, kOneToMany, kManyToMany };

struct VectorMatching {
  Cardinality card = Cardinality::kOneToOne;
  std::vector<std::string> matching_labels;  // on(...) / ignoring(...)
  bool on = false;
  std::vector<std::string> include;  // group_left(...) / group_right(...)
  // fill(v) / fill_left(v) / fill_right(v): the value used for a missing
  // left / right operand.
  std::optional<double> fill_left;
  std::optional<double> fill_right;
};

// Prometheus' Function: name, argument types, variadic count (0 fixed,
// n > 0 up to n optional trailing arguments, -1 unbounded) and return type.
struct Function {
  std::string_view name;
  std::vector<ValueType> arg_types;
  int variadic = 0;
  ValueType return_type = ValueType::kVector;
  bool experimental = false;
};
// The function table of current Prometheus; nullptr for unknown names.
const Function* LookupFunction(std::string_view name);

enum class ExprKind {
  kAggregate,
  kBinary,
  kCall,
  kMatrixSelector,
  kSubquery,
  kNumber,
  kParen,
  kString,
  kUnary,
  kVectorSelector,
};

enum class AtKind { kNone, kTimestamp, kStart, kEnd };

// Byte offsets [start, end) into the query text.
struct PosRange {
  size_t start = 0;
  size_t end = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// An arithmetic duration expression (Prometheus' DurationExpr) in a range,
// a subquery step or an offset: `5m+1m`, `2m*(10+5)`, `step()`,
// `min_of(range(), 8s)`. Values are in seconds.
struct DurationExpr {
  enum class Op {
    kLiteral,  // seconds; `duration_literal` when written as a duration
    kAdd,
    kSub,
    kMul,
    kDiv,
    kMod,
    kPow,
    kNeg,    // unary -a
    kPos,    // unary +a
    kParen,  // (a)
    kStep,   // step()
    kRange,  // range()
    kMin,    // min_of(a, b)
    kMax,    // max_of(a, b)
  };
  Op op = Op::kLiteral;
  double seconds = 0;
  bool duration_literal = false;
  std::shared_ptr<const DurationExpr> a, b;

  // The value given the query's step and range (end - start) in seconds.
  double Eval(double step_s, double range_s) const;
  // True when the value depends on step() or range().
  bool Dynamic() const;
  std::string String() const;
};
using DurationExprPtr = std::shared_ptr<const DurationExpr>;

// One node. Which fields are meaningful depends on `kind`:
//  kNumber: number (duration_literal: written as a duration).
//  kString: str.
//  kVectorSelector: name, matchers, offset_ms, at, at_ms.
//  kMatrixSelector: lhs (a kVectorSelector holding offset/@), range_ms.
//  kSubquery: lhs, range_ms, step_ms (0 = default), offset_ms, at, at_ms.
//  kParen: lhs.  kUnary: lhs, unary_negate ('-' when true, '+' otherwise).
//  kBinary: lhs, rhs, bin_op, return_bool, matching.
//  kAggregate: lhs (the expression), param (may be null), agg_op, grouping,
//    without.
//  kCall: func, args.
struct Expr {
  ExprKind kind = ExprKind::kNumber;
  PosRange pos;

  double number = 0;
  bool duration_literal = false;
  std::string str;

  std::string name;
  model::Matchers matchers;
  int64_t offset_ms = 0;
  AtKind at = AtKind::kNone;
  int64_t at_ms = 0;

  int64_t range_ms = 0;
  int64_t step_ms = 0;
  // Set when the range / step / offset was written as an expression rather
  // than a literal; the *_ms fields then hold its value with step() and
  // range() taken as 0.
  DurationExprPtr range_expr;
  DurationExprPtr step_expr;
  DurationExprPtr offset_expr;

  ExprPtr lhs;
  ExprPtr rhs;
  ExprPtr param;
  std::vector<ExprPtr> args;

  bool unary_negate = true;
  BinaryOp bin_op = BinaryOp::kAdd;
  bool return_bool = false;
  VectorMatching matching;

  AggOp agg_op = AggOp::kSum;
  std::vector<std::string> grouping;
  bool without = false;

  const Function* func = nullptr;

  // The value type the node evaluates to.
  ValueType Type() const;
  // Prometheus' canonical String() form.
  std::string String() const;
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_AST_H_
