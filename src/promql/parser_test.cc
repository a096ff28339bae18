#include "promql/parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace tocsin::promql {
namespace {

std::string Canon(std::string_view in) {
  auto e = ParseExpr(in);
  if (!e.ok()) return "ERROR: " + e.status().message();
  return (*e)->String();
}

std::string Err(std::string_view in) {
  auto e = ParseExpr(in);
  if (e.ok()) return "OK: " + (*e)->String();
  return e.status().message();
}

TEST(ParserTest, NumberLiterals) {
  EXPECT_EQ(Canon("1"), "1");
  EXPECT_EQ(Canon("1.5"), "1.5");
  EXPECT_EQ(Canon(".5"), "0.5");
  EXPECT_EQ(Canon("1e3"), "1000");
  EXPECT_EQ(Canon("0x1F"), "31");
  EXPECT_EQ(Canon("Inf"), "+Inf");
  EXPECT_EQ(Canon("-inf"), "-Inf");
  EXPECT_EQ(Canon("NaN"), "NaN");
  EXPECT_EQ(Canon("-1"), "-1");
  EXPECT_EQ(Canon("5m"), "5m");
  auto e = ParseExpr("5m");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->number, 300);
  EXPECT_EQ((*e)->Type(), ValueType::kScalar);
}

TEST(ParserTest, Strings) {
  EXPECT_EQ(Canon(R"("a\nb")"), R"("a\nb")");
  EXPECT_EQ(Canon(R"('it\'s')"), R"("it's")");
  EXPECT_EQ(Canon("`raw\\n`"), R"("raw\\n")");
  EXPECT_EQ(Canon(R"("\u00e9\x41")"),
            "\"\xc3\xa9"
            "A\"");
  EXPECT_EQ(Err(R"("abc)"), "1:1: parse error: unterminated quoted string");
}

TEST(ParserTest, Selectors) {
  EXPECT_EQ(Canon("foo"), "foo");
  EXPECT_EQ(Canon("foo:bar"), "foo:bar");
  EXPECT_EQ(Canon(R"(foo{b="x", a!="y"})"), R"(foo{a!="y",b="x"})");
  EXPECT_EQ(Canon(R"({__name__="foo"})"), R"({__name__="foo"})");
  EXPECT_EQ(Canon(R"({"foo"})"), "foo");
  EXPECT_EQ(Canon(R"({__name__=~"foo.*"})"), R"({__name__=~"foo.*"})");
  EXPECT_EQ(Canon(R"(foo{a=~"x|y",b!~"z",})"), R"(foo{a=~"x|y",b!~"z"})");
  EXPECT_EQ(Canon(R"({"my.metric", a="b"})"), R"({"my.metric",a="b"})");
  EXPECT_EQ(Canon(R"({"a.b"="c", x="y"})"), R"({"a.b"="c",x="y"})");
  EXPECT_EQ(Canon("foo offset 5m"), "foo offset 5m");
  EXPECT_EQ(Canon("foo offset -1h30m"), "foo offset -1h30m");
  EXPECT_EQ(Canon("foo @ 100"), "foo @ 100.000");
  EXPECT_EQ(Canon("foo offset 5m @ 1.5"), "foo @ 1.500 offset 5m");
  EXPECT_EQ(Canon("foo @ start()"), "foo @ start()");
  EXPECT_EQ(Canon("foo @ end() offset 1m"), "foo @ end() offset 1m");
  EXPECT_EQ(Canon("foo[5m]"), "foo[5m]");
  EXPECT_EQ(Canon("foo[90s] offset 1m @ 10"), "foo[1m30s] @ 10.000 offset 1m");
  EXPECT_EQ(Canon(R"(sum{a="b"})"), R"(sum{a="b"})");
  EXPECT_EQ(Canon("on"), "on");
}

TEST(ParserTest, MatchersAreAnchoredRegexes) {
  auto e = ParseExpr(R"(foo{a=~"b.*"})");
  ASSERT_TRUE(e.ok());
  ASSERT_EQ((*e)->matchers.size(), 2u);
  EXPECT_TRUE((*e)->matchers[1].Matches("bar"));
  EXPECT_FALSE((*e)->matchers[1].Matches("abar"));
}

TEST(ParserTest, SelectorErrors) {
  EXPECT_EQ(Err("{}"),
            "1:1: parse error: vector selector must contain at least one "
            "non-empty matcher");
  EXPECT_EQ(Err(R"({a=""})"),
            "1:1: parse error: vector selector must contain at least one "
            "non-empty matcher");
  EXPECT_EQ(Err(R"(foo{__name__="bar"})"),
            "1:5: parse error: metric name must not be set twice: \"foo\" or "
            "\"bar\"");
  EXPECT_EQ(Err("(foo)[5m]"),
            "1:1: parse error: ranges only allowed for vector selectors");
  EXPECT_EQ(Err("foo offset 5m[1m]"),
            "1:1: parse error: no offset modifiers allowed before range");
  EXPECT_EQ(Err("foo offset 1m offset 2m"),
            "1:1: parse error: offset may not be set multiple times");
  EXPECT_EQ(Err("foo @ 1 @ 2"),
            "1:1: parse error: @ <timestamp> may not be set multiple times");
  EXPECT_EQ(Err("1 offset 1m"),
            "1:1: parse error: offset modifier must be preceded by an instant "
            "vector selector or range vector selector or a subquery");
  EXPECT_EQ(Err("foo[5x]"),
            "1:5: parse error: bad number or duration syntax: \"5x\"");
}

TEST(ParserTest, Subqueries) {
  EXPECT_EQ(Canon("rate(foo[5m])[1h:5m]"), "rate(foo[5m])[1h:5m]");
  EXPECT_EQ(Canon("foo[10m:]"), "foo[10m:]");
  EXPECT_EQ(Canon("foo[10m:1m] offset 1m @ end()"),
            "foo[10m:1m] @ end() offset 1m");
  EXPECT_EQ(Err("foo[5m][10m:1m]"),
            "1:1: parse error: subquery is only allowed on instant vector, got "
            "matrix instead");
}

TEST(ParserTest, PrecedenceAndAssociativity) {
  auto e = ParseExpr("1 + 2 * 3");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->bin_op, BinaryOp::kAdd);
  EXPECT_EQ((*e)->rhs->bin_op, BinaryOp::kMul);
  e = ParseExpr("2 ^ 3 ^ 2");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->lhs->kind, ExprKind::kNumber);
  EXPECT_EQ((*e)->rhs->kind, ExprKind::kBinary);
  e = ParseExpr("1 - 2 - 3");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->lhs->kind, ExprKind::kBinary);
  e = ParseExpr("-a ^ 2");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->kind, ExprKind::kUnary);
  e = ParseExpr("-a * 2");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->kind, ExprKind::kBinary);
  EXPECT_EQ((*e)->lhs->kind, ExprKind::kUnary);
  e = ParseExpr("a or b and c unless d");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->bin_op, BinaryOp::kOr);
  EXPECT_EQ((*e)->rhs->bin_op, BinaryOp::kUnless);
  EXPECT_EQ((*e)->rhs->matching.card, Cardinality::kManyToMany);
  e = ParseExpr("a > b + 1 atan2 c");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->bin_op, BinaryOp::kGtr);
  EXPECT_EQ(Canon("-(1 + 2)"), "-(1 + 2)");
  EXPECT_EQ(Canon("+foo"), "+foo");
}

TEST(ParserTest, BinaryModifiers) {
  EXPECT_EQ(Canon("a == bool b"), "a == bool b");
  EXPECT_EQ(Canon("1 > bool 2"), "1 > bool 2");
  EXPECT_EQ(Canon("a * on(x, y) b"), "a * on (x, y) b");
  EXPECT_EQ(Canon("a * ignoring(x) group_left(z) b"),
            "a * ignoring (x) group_left (z) b");
  EXPECT_EQ(Canon("a / on() group_right b"), "a / on () group_right () b");
  EXPECT_EQ(Canon("a and on(x) b"), "a and on (x) b");
  EXPECT_EQ(Err("1 > 2"),
            "1:3: parse error: comparisons between scalars must use BOOL "
            "modifier");
  EXPECT_EQ(Err("a + bool b"),
            "1:3: parse error: bool modifier can only be used on comparison "
            "operators");
  EXPECT_EQ(Err("a and 1"),
            "1:1: parse error: set operator \"and\" not allowed in binary "
            "scalar expression");
  EXPECT_EQ(Err("a and on(x) group_left b"),
            "1:1: parse error: no grouping allowed for \"and\" operation");
  EXPECT_EQ(Err("a * on(x) group_left(x) b"),
            "1:3: parse error: label \"x\" must not occur in ON and GROUP "
            "clause at once");
  EXPECT_EQ(Err("1 + on(x) a"),
            "1:1: parse error: vector matching only allowed between instant "
            "vectors");
  EXPECT_EQ(Err("foo[5m] + 1"),
            "1:1: parse error: binary expression must contain only scalar and "
            "instant vector types");
}

TEST(ParserTest, Aggregations) {
  EXPECT_EQ(Canon("sum(foo)"), "sum(foo)");
  EXPECT_EQ(Canon("sum by (job) (foo)"), "sum by (job) (foo)");
  EXPECT_EQ(Canon("sum(foo) by (job, instance)"),
            "sum by (job, instance) (foo)");
  EXPECT_EQ(Canon("avg without (a) (foo)"), "avg without (a) (foo)");
  EXPECT_EQ(Canon("SUM(foo)"), "sum(foo)");
  EXPECT_EQ(Canon("topk(5, foo)"), "topk(5, foo)");
  EXPECT_EQ(Canon("quantile without(a) (0.9, foo)"),
            "quantile without (a) (0.9, foo)");
  EXPECT_EQ(Canon(R"(count_values("v", foo))"), R"(count_values("v", foo))");
  EXPECT_EQ(Canon("limitk(2, foo)"), "limitk(2, foo)");
  EXPECT_EQ(Canon("limit_ratio(0.5, foo)"), "limit_ratio(0.5, foo)");
  EXPECT_EQ(Canon("sum by () (foo)"), "sum(foo)");
  EXPECT_EQ(Canon(R"(sum by ("a.b") (foo))"), R"(sum by ("a.b") (foo))");
  EXPECT_EQ(Err("topk(foo)"),
            "1:1: parse error: wrong number of arguments for aggregate "
            "expression provided, expected 2, got 1");
  EXPECT_EQ(Err("sum(foo[5m])"),
            "1:5: parse error: expected type instant vector in aggregation "
            "expression, got range vector");
  EXPECT_EQ(Err("count_values(1, foo)"),
            "1:14: parse error: expected type string in aggregation "
            "parameter, got scalar");
  EXPECT_EQ(Err("topk(\"a\", foo)"),
            "1:6: parse error: expected type scalar in aggregation "
            "parameter, got string");
}

TEST(ParserTest, Functions) {
  EXPECT_EQ(Canon("rate(foo[5m])"), "rate(foo[5m])");
  EXPECT_EQ(Canon("time()"), "time()");
  EXPECT_EQ(Canon("round(foo)"), "round(foo)");
  EXPECT_EQ(Canon("round(foo, 5)"), "round(foo, 5)");
  EXPECT_EQ(Canon(R"(label_join(foo, "a", ",", "b", "c", "d"))"),
            R"(label_join(foo, "a", ",", "b", "c", "d"))");
  EXPECT_EQ(Canon("histogram_quantile(0.9, sum by (le) (rate(x[5m])))"),
            "histogram_quantile(0.9, sum by (le) (rate(x[5m])))");
  EXPECT_EQ(Err("rate(foo)"),
            "1:6: parse error: expected type range vector in call to function "
            "\"rate\", got instant vector");
  EXPECT_EQ(Err("rate(foo[5m], 1)"),
            "1:1: parse error: expected 1 argument(s) in call to \"rate\", got "
            "2");
  EXPECT_EQ(Err("round(foo, 1, 2)"),
            "1:1: parse error: expected at most 2 argument(s) in call to "
            "\"round\", got 3");
  EXPECT_EQ(Err("label_join(foo)"),
            "1:1: parse error: expected at least 3 argument(s) in call to "
            "\"label_join\", got 1");
  EXPECT_EQ(Err("nosuch(foo)"),
            "1:1: parse error: unknown function with name \"nosuch\"");
  auto e = ParseExpr("scalar(foo)");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->Type(), ValueType::kScalar);
}

TEST(ParserTest, SyntaxErrors) {
  EXPECT_EQ(Err(""), "1:1: parse error: no expression found in input");
  EXPECT_EQ(Err("foo)"), "1:4: parse error: unexpected right parenthesis ')'");
  EXPECT_EQ(Err("(foo"), "1:5: parse error: unclosed left parenthesis");
  EXPECT_EQ(Err("foo{a=\"b\""),
            "1:10: parse error: unexpected end of input inside braces");
  EXPECT_EQ(Err("1 +"), "1:4: parse error: unexpected end of input");
  EXPECT_EQ(Err("foo bar"), "1:5: parse error: unexpected identifier \"bar\"");
  EXPECT_EQ(Err("foo $"), "1:5: parse error: unexpected character: \"$\"");
  EXPECT_EQ(Err("foo\n+ )"),
            "2:3: parse error: unexpected right parenthesis ')'");
}

TEST(ParserTest, DurationExpressions) {
  auto e = ParseExpr("foo[2m*(10+5)]");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ((*e)->range_ms, 1800000);
  EXPECT_EQ((*e)->String(), "foo[2m * (10 + 5)]");
  e = ParseExpr("foo offset (2 * 2)");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ((*e)->offset_ms, 4000);
  e = ParseExpr("foo offset 100 + 2");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ((*e)->kind, ExprKind::kBinary);
  EXPECT_EQ((*e)->lhs->offset_ms, 100000);
  e = ParseExpr("foo[step()]");
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_TRUE((*e)->range_expr);
  EXPECT_TRUE((*e)->range_expr->Dynamic());
  EXPECT_EQ((*e)->range_expr->Eval(15, 0), 15);
  e = ParseExpr("foo[1m:min_of(step(), 10s)]");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ((*e)->step_expr->Eval(30, 0), 10);
  EXPECT_EQ(Canon("foo[5m] offset -1m"), "foo[5m] offset -1m");
}

TEST(ParserTest, FillModifiers) {
  EXPECT_EQ(Canon("a + fill(0) b"), "a + fill (0) b");
  EXPECT_EQ(Canon("a + on(x) fill_left(1) fill_right(2) b"),
            "a + on (x) fill_left (1) fill_right (2) b");
  EXPECT_EQ(Canon("fill + fill_left(0) fill"), "fill + fill_left (0) fill");
}

TEST(ParserTest, DurationParsing) {
  EXPECT_EQ(*ParsePromDuration("1h30m", false), 5400000);
  EXPECT_EQ(*ParsePromDuration("90", true), 90000);
  EXPECT_FALSE(ParsePromDuration("90", false).ok());
}

}  // namespace
}  // namespace tocsin::promql
