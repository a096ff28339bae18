#include "promql/ast.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "base/duration.h"
#include "base/strings.h"
#include "model/labels.h"

namespace tocsin::promql {

std::string_view DocumentedType(ValueType t) {
  switch (t) {
    case ValueType::kScalar:
      return "scalar";
    case ValueType::kVector:
      return "instant vector";
    case ValueType::kMatrix:
      return "range vector";
    case ValueType::kString:
      return "string";
    case ValueType::kNone:
      break;
  }
  return "none";
}

std::string_view BinaryOpString(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kPow:
      return "^";
    case BinaryOp::kAtan2:
      return "atan2";
    case BinaryOp::kEql:
      return "==";
    case BinaryOp::kNeq:
      return "!=";
    case BinaryOp::kGtr:
      return ">";
    case BinaryOp::kLss:
      return "<";
    case BinaryOp::kGte:
      return ">=";
    case BinaryOp::kLte:
      return "<=";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kUnless:
      return "unless";
  }
  return "?";
}

bool IsComparisonOp(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEql:
    case BinaryOp::kNeq:
    case BinaryOp::kGtr:
    case BinaryOp::kLss:
    case BinaryOp::kGte:
    case BinaryOp::kLte:
      return true;
    default:
      return false;
  }
}

bool IsSetOp(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

std::string_view AggOpString(AggOp op) {
  switch (op) {
    case AggOp::kSum:
      return "sum";
    case AggOp::kAvg:
      return "avg";
    case AggOp::kCount:
      return "count";
    case AggOp::kMin:
      return "min";
    case AggOp::kMax:
      return "max";
    case AggOp::kGroup:
      return "group";
    case AggOp::kStddev:
      return "stddev";
    case AggOp::kStdvar:
      return "stdvar";
    case AggOp::kTopk:
      return "topk";
    case AggOp::kBottomk:
      return "bottomk";
    case AggOp::kCountValues:
      return "count_values";
    case AggOp::kQuantile:
      return "quantile";
    case AggOp::kLimitk:
      return "limitk";
    case AggOp::kLimitRatio:
      return "limit_ratio";
  }
  return "?";
}

bool AggOpHasParam(AggOp op) {
  switch (op) {
    case AggOp::kTopk:
    case AggOp::kBottomk:
    case AggOp::kCountValues:
    case AggOp::kQuantile:
    case AggOp::kLimitk:
    case AggOp::kLimitRatio:
      return true;
    default:
      return false;
  }
}

const Function* LookupFunction(std::string_view name) {
  static const auto* table = [] {
    auto* m = new std::map<std::string_view, Function, std::less<>>;
    const Function fns[] = {
#include "promql/function_table.inc"
    };
    for (const auto& f : fns) m->emplace(f.name, f);
    return m;
  }();
  auto it = table->find(name);
  return it == table->end() ? nullptr : &it->second;
}

ValueType Expr::Type() const {
  switch (kind) {
    case ExprKind::kAggregate:
    case ExprKind::kVectorSelector:
      return ValueType::kVector;
    case ExprKind::kBinary: {
      ValueType l = lhs->Type(), r = rhs->Type();
      if (l == ValueType::kScalar && r == ValueType::kScalar) {
        return ValueType::kScalar;
      }
      return ValueType::kVector;
    }
    case ExprKind::kCall:
      return func->return_type;
    case ExprKind::kMatrixSelector:
    case ExprKind::kSubquery:
      return ValueType::kMatrix;
    case ExprKind::kNumber:
      return ValueType::kScalar;
    case ExprKind::kString:
      return ValueType::kString;
    case ExprKind::kParen:
    case ExprKind::kUnary:
      return lhs->Type();
  }
  return ValueType::kNone;
}

namespace {

std::string FormatFloat(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string Dur(int64_t ms) {
  return FormatDuration(std::chrono::milliseconds(ms));
}

std::string LabelName(const std::string& n) {
  return model::IsValidLabelNameClassic(n) ? n : GoQuote(n);
}

std::string JoinLabels(const std::vector<std::string>& ls) {
  std::string out;
  for (size_t i = 0; i < ls.size(); ++i) {
    if (i > 0) out += ", ";
    out += LabelName(ls[i]);
  }
  return out;
}

std::string AtString(AtKind at, int64_t at_ms) {
  switch (at) {
    case AtKind::kTimestamp: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), " @ %.3f",
                    static_cast<double>(at_ms) / 1000.0);
      return buf;
    }
    case AtKind::kStart:
      return " @ start()";
    case AtKind::kEnd:
      return " @ end()";
    case AtKind::kNone:
      break;
  }
  return "";
}

std::string OffsetString(int64_t off, const DurationExprPtr& e = nullptr) {
  if (e) return " offset " + e->String();
  if (off > 0) return " offset " + Dur(off);
  if (off < 0) return " offset -" + Dur(-off);
  return "";
}

bool IsLegacyMetricName(std::string_view n) {
  if (n.empty()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              c == ':' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string SelectorBody(const Expr& e) {
  std::vector<std::string> ls;
  for (const auto& m : e.matchers) {
    if (m.name() == "__name__" && m.type() == model::MatchType::kEqual &&
        m.value() == e.name && !m.value().empty()) {
      continue;
    }
    ls.push_back(LabelName(m.name()) + std::string(MatchTypeString(m.type())) +
                 GoQuote(m.value()));
  }
  std::string out;
  bool quoted_name = !e.name.empty() && !IsLegacyMetricName(e.name);
  if (!quoted_name) out = e.name;
  if (!ls.empty() || quoted_name) {
    std::sort(ls.begin(), ls.end());
    if (quoted_name) ls.insert(ls.begin(), GoQuote(e.name));
    out += "{";
    for (size_t i = 0; i < ls.size(); ++i) {
      if (i > 0) out += ",";
      out += ls[i];
    }
    out += "}";
  }
  return out;
}

}  // namespace

double DurationExpr::Eval(double step_s, double range_s) const {
  switch (op) {
    case Op::kLiteral:
      return seconds;
    case Op::kAdd:
      return a->Eval(step_s, range_s) + b->Eval(step_s, range_s);
    case Op::kSub:
      return a->Eval(step_s, range_s) - b->Eval(step_s, range_s);
    case Op::kMul:
      return a->Eval(step_s, range_s) * b->Eval(step_s, range_s);
    case Op::kDiv:
      return a->Eval(step_s, range_s) / b->Eval(step_s, range_s);
    case Op::kMod:
      return std::fmod(a->Eval(step_s, range_s), b->Eval(step_s, range_s));
    case Op::kPow:
      return std::pow(a->Eval(step_s, range_s), b->Eval(step_s, range_s));
    case Op::kNeg:
      return -a->Eval(step_s, range_s);
    case Op::kPos:
    case Op::kParen:
      return a->Eval(step_s, range_s);
    case Op::kStep:
      return step_s;
    case Op::kRange:
      return range_s;
    case Op::kMin:
      return std::min(a->Eval(step_s, range_s), b->Eval(step_s, range_s));
    case Op::kMax:
      return std::max(a->Eval(step_s, range_s), b->Eval(step_s, range_s));
  }
  return 0;
}

bool DurationExpr::Dynamic() const {
  if (op == Op::kStep || op == Op::kRange) return true;
  return (a && a->Dynamic()) || (b && b->Dynamic());
}

std::string DurationExpr::String() const {
  auto bin = [&](const char* o) {
    return a->String() + " " + o + " " + b->String();
  };
  switch (op) {
    case Op::kLiteral:
      if (duration_literal) {
        return FormatDuration(std::chrono::milliseconds(
            static_cast<int64_t>(std::llround(seconds * 1000))));
      }
      return FormatFloat(seconds);
    case Op::kAdd:
      return bin("+");
    case Op::kSub:
      return bin("-");
    case Op::kMul:
      return bin("*");
    case Op::kDiv:
      return bin("/");
    case Op::kMod:
      return bin("%");
    case Op::kPow:
      return bin("^");
    case Op::kNeg:
      return "-" + a->String();
    case Op::kPos:
      return a->String();
    case Op::kParen:
      return "(" + a->String() + ")";
    case Op::kStep:
      return "step()";
    case Op::kRange:
      return "range()";
    case Op::kMin:
      return "min(" + a->String() + ", " + b->String() + ")";
    case Op::kMax:
      return "max(" + a->String() + ", " + b->String() + ")";
  }
  return "";
}

std::string Expr::String() const {
  switch (kind) {
    case ExprKind::kNumber:
      if (duration_literal) {
        if (number < 0) {
          return "-" + Dur(static_cast<int64_t>(std::llround(-number * 1000)));
        }
        return Dur(static_cast<int64_t>(std::llround(number * 1000)));
      }
      return FormatFloat(number);
    case ExprKind::kString:
      return GoQuote(str);
    case ExprKind::kParen:
      return "(" + lhs->String() + ")";
    case ExprKind::kUnary:
      return (unary_negate ? "-" : "+") + lhs->String();
    case ExprKind::kVectorSelector:
      return SelectorBody(*this) + AtString(at, at_ms) +
             OffsetString(offset_ms, offset_expr);
    case ExprKind::kMatrixSelector:
      return SelectorBody(*lhs) + "[" +
             (range_expr ? range_expr->String() : Dur(range_ms)) + "]" +
             AtString(lhs->at, lhs->at_ms) +
             OffsetString(lhs->offset_ms, lhs->offset_expr);
    case ExprKind::kSubquery:
      return lhs->String() + "[" +
             (range_expr ? range_expr->String() : Dur(range_ms)) + ":" +
             (step_expr      ? step_expr->String()
              : step_ms != 0 ? Dur(step_ms)
                             : "") +
             "]" + AtString(at, at_ms) + OffsetString(offset_ms, offset_expr);
    case ExprKind::kCall: {
      std::string out = std::string(func->name) + "(";
      for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out += ", ";
        out += args[i]->String();
      }
      return out + ")";
    }
    case ExprKind::kAggregate: {
      std::string out(AggOpString(agg_op));
      if (without) {
        out += " without (" + JoinLabels(grouping) + ") ";
      } else if (!grouping.empty()) {
        out += " by (" + JoinLabels(grouping) + ") ";
      }
      out += "(";
      if (param) out += param->String() + ", ";
      return out + lhs->String() + ")";
    }
    case ExprKind::kBinary: {
      std::string m;
      const VectorMatching& vm = matching;
      bool grouped = vm.card == Cardinality::kManyToOne ||
                     vm.card == Cardinality::kOneToMany;
      if (!vm.matching_labels.empty() || vm.on || grouped) {
        m = std::string(vm.on ? " on (" : " ignoring (") +
            JoinLabels(vm.matching_labels) + ")";
      }
      if (grouped) {
        m +=
            std::string(vm.card == Cardinality::kManyToOne ? " group_left ("
                                                           : " group_right (") +
            JoinLabels(vm.include) + ")";
      }
      if (vm.fill_left || vm.fill_right) {
        auto same = [](double a, double b) {
          return a == b || (std::isnan(a) && std::isnan(b));
        };
        if (vm.fill_left && vm.fill_right &&
            same(*vm.fill_left, *vm.fill_right)) {
          m += " fill (" + FormatFloat(*vm.fill_left) + ")";
        } else {
          if (vm.fill_left) {
            m += " fill_left (" + FormatFloat(*vm.fill_left) + ")";
          }
          if (vm.fill_right) {
            m += " fill_right (" + FormatFloat(*vm.fill_right) + ")";
          }
        }
      }
      return lhs->String() + " " + std::string(BinaryOpString(bin_op)) +
             (return_bool ? " bool" : "") + m + " " + rhs->String();
    }
  }
  return "";
}

}  // namespace tocsin::promql
