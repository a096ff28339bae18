#include "model/matcher_parse.h"

#include <gtest/gtest.h>

namespace tocsin::model {
namespace {

// "name op value" of each matcher, joined by "|", or "ERR: <message>".
std::string Show(const Result<Matchers>& r) {
  if (!r.ok()) return "ERR: " + r.status().message();
  std::string out;
  for (const Matcher& m : *r) {
    if (!out.empty()) out += "|";
    out += m.name() + " " + std::string(MatchTypeString(m.type())) + " " +
           m.value();
  }
  return out;
}

std::string Show(const Result<Matcher>& r) {
  if (!r.ok()) return "ERR: " + r.status().message();
  return Show(Result<Matchers>(Matchers{*r}));
}

TEST(ClassicParserTest, Basics) {
  EXPECT_EQ(Show(ParseMatchersClassic("{}")), "");
  EXPECT_EQ(Show(ParseMatchersClassic("")), "");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=bar}")), "foo = bar");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=~\"bar.*\"}")), "foo =~ bar.*");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo = \"bar\", dings != \"bums\", }")),
            "foo = bar|dings != bums");
  EXPECT_EQ(Show(ParseMatchersClassic("foo=bar,dings!~bums")),
            "foo = bar|dings !~ bums");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=\"bar,quux\", job=\"job1\"}")),
            "foo = bar,quux|job = job1");
}

TEST(ClassicParserTest, Quirks) {
  EXPECT_EQ(Show(ParseMatchersClassic("tricky=~~~")), "tricky =~ ~~");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=bar}}")), "foo = bar}");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=,bar=}}")), "foo = |bar = }");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=}b")), "foo = }b");
  EXPECT_EQ(Show(ParseMatchersClassic("job=")), "job = ");
  // Colons are allowed in classic names (the upstream regex allows them).
  EXPECT_EQ(Show(ParseMatchersClassic("a:b=c")), "a:b = c");
}

TEST(ClassicParserTest, Unescaping) {
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=bar\\n}")), "foo = bar\n");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=bar\\t}")), "foo = bar\\t");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=bar\\}")), "foo = bar\\");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=bar\\\\}")), "foo = bar\\");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=\\\"}")), "foo = \"");
  EXPECT_EQ(Show(ParseMatchersClassic("trickier==\\\\=\\=\\\"")),
            "trickier = =\\=\\=\"");
}

TEST(ClassicParserTest, Errors) {
  EXPECT_EQ(Show(ParseMatchersClassic(",")), "ERR: bad matcher format: ");
  EXPECT_EQ(Show(ParseMatchersClassic("{invalid-name = \"valid label\"}")),
            "ERR: bad matcher format: invalid-name = \"valid label\"");
  EXPECT_EQ(Show(ParseMatchersClassic("job=\"value")),
            "ERR: matcher value contains unescaped double quote: \"value");
  EXPECT_EQ(Show(ParseMatchersClassic("contains_unescaped_quote = foo\"bar")),
            "ERR: matcher value contains unescaped double quote: foo\"bar");
  EXPECT_EQ(Show(ParseMatchersClassic("{{foo=")),
            "ERR: bad matcher format: {foo=");
  EXPECT_EQ(Show(ParseMatchersClassic("{foo=~\"invalid[regexp\"}")),
            "ERR: error parsing regexp: missing closing ]: `[regexp)$`");
}

TEST(ClassicParserTest, InvalidUtf8) {
  // A single matcher keeps the bytes and refuses them...
  EXPECT_EQ(Show(ParseMatcherClassic("foo=\"a\xff\"")),
            "ERR: matcher value not valid UTF-8: \"a\xff\"");
  // ...while the list parser re-encodes them as U+FFFD first, as Go's
  // range loop does.
  EXPECT_EQ(Show(ParseMatchersClassic("foo=a\xff")), "foo = a\xef\xbf\xbd");
}

TEST(Utf8ParserTest, Basics) {
  EXPECT_EQ(Show(ParseMatchersUtf8("")), "");
  EXPECT_EQ(Show(ParseMatchersUtf8("{}")), "");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=bar,}")), "foo = bar");
  EXPECT_EQ(Show(ParseMatchersUtf8("foo!~[a-z]+")), "foo !~ [a-z]+");
  EXPECT_EQ(Show(ParseMatchersUtf8("{\"foo\"=\"\\\"bar\\\"\"}")),
            "foo = \"bar\"");
  EXPECT_EQ(Show(ParseMatchersUtf8("{\"foo\"=\"\\xf0\\x9f\\x99\\x82\"}")),
            "foo = \xf0\x9f\x99\x82");
  EXPECT_EQ(Show(ParseMatchersUtf8("{ foo = \"bar\" , baz != qux }")),
            "foo = bar|baz != qux");
  EXPECT_EQ(Show(ParseMatchersUtf8("{name-with-dashes = \"bar\"}")),
            "name-with-dashes = bar");
  EXPECT_EQ(Show(ParseMatchersUtf8("foo\xf0\x9f\x99\x82=bar")),
            "foo\xf0\x9f\x99\x82 = bar");
}

TEST(Utf8ParserTest, ErrorsCarryPositions) {
  EXPECT_EQ(Show(ParseMatchersUtf8(",")),
            "ERR: 0:1: unexpected ,: expected label name");
  EXPECT_EQ(Show(ParseMatchersUtf8("{,}")),
            "ERR: 1:2: unexpected ,: expected label name");
  EXPECT_EQ(Show(ParseMatchersUtf8("{")),
            "ERR: 0:1: end of input: expected close brace");
  EXPECT_EQ(Show(ParseMatchersUtf8("}")),
            "ERR: 0:1: }: expected opening brace");
  EXPECT_EQ(Show(ParseMatchersUtf8("foo=bar}")),
            "ERR: 0:8: }: expected opening brace");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=bar")),
            "ERR: 0:8: end of input: expected close brace");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=:\"bar\"}")),
            "ERR: 6:11: unexpected \"bar\": expected a comma or close brace");
  EXPECT_EQ(Show(ParseMatchersUtf8("{\"foo\"=~\"\\d+\"}")),
            "ERR: 8:13: \"\\d+\": invalid input");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=bar\\n}")),
            "ERR: 8:9: \\: invalid input: expected a comma or close brace");
  EXPECT_EQ(Show(ParseMatchersUtf8("{\"foo\"=\"\\xf0\\x9f\"}")),
            "ERR: 7:17: \"\\xf0\\x9f\": invalid input");
}

TEST(Utf8ParserTest, MoreErrors) {
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo!bar}")),
            "ERR: 4:5: !: expected one of '=~': expected an operator such as "
            "'=', '!=', '=~' or '!~'");
  EXPECT_EQ(Show(ParseMatchersUtf8("foo!")),
            "ERR: 3:4: unexpected end of input, expected one of '=~': "
            "expected an operator such as '=', '!=', '=~' or '!~'");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=\"bar}")),
            "ERR: 5:10: \"bar}: missing end \": expected label value");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=bar}}")),
            "ERR: 9:10: }: expected end of input");
  EXPECT_EQ(Show(ParseMatchersUtf8("foo")),
            "ERR: end of input: expected an operator such as '=', '!=', '=~' "
            "or '!~'");
  EXPECT_EQ(Show(ParseMatchersUtf8("foo=")),
            "ERR: end of input: expected label value");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=bar,,}")),
            "ERR: 9:10: unexpected ,: expected a matcher or close brace after "
            "comma");
  EXPECT_EQ(Show(ParseMatchersUtf8("{foo=~\"(\"}")),
            "ERR: failed to create matcher: error parsing regexp: missing "
            "closing ): `^(?:()$`");
  // Columns count runes, not bytes.
  EXPECT_EQ(Show(ParseMatchersUtf8("{\xf0\x9f\x99\x82=a b}")),
            "ERR: 5:6: unexpected b: expected a comma or close brace");
}

TEST(Utf8ParserTest, SingleMatcher) {
  EXPECT_EQ(Show(ParseMatcherUtf8("{foo=bar}")), "foo = bar");
  EXPECT_EQ(Show(ParseMatcherUtf8("{\"foo\"=\"\\U0001f642\"}")),
            "foo = \xf0\x9f\x99\x82");
  EXPECT_EQ(Show(ParseMatcherUtf8("")), "ERR: no matchers");
  EXPECT_EQ(Show(ParseMatcherUtf8("{}")), "ERR: no matchers");
  EXPECT_EQ(Show(ParseMatcherUtf8("a=b,c=d")),
            "ERR: expected 1 matcher, found 2");
  EXPECT_EQ(Show(ParseMatcherUtf8("foo=\"\\xf0\\x9f\"")),
            "ERR: 4:14: \"\\xf0\\x9f\": invalid input");
}

TEST(CompatTest, FallbackMatchers) {
  const auto mode = MatcherParserMode::kFallback;
  EXPECT_EQ(Show(ParseMatchers("{foo=bar,bar=baz}", mode)),
            "foo = bar|bar = baz");
  // Both fail: the classic error.
  EXPECT_EQ(Show(ParseMatchers("{foo!bar}", mode)),
            "ERR: bad matcher format: foo!bar");
  // Only the UTF-8 parser accepts.
  EXPECT_EQ(Show(ParseMatchers("{foo\xf0\x9f\x99\x82=bar}", mode)),
            "foo\xf0\x9f\x99\x82 = bar");
  // Only the classic parser accepts.
  EXPECT_EQ(Show(ParseMatchers("{foo=bar}}", mode)), "foo = bar}");
  // Disagreement: the classic result wins.
  EXPECT_EQ(Show(ParseMatchers("{foo=\"\\xf0\\x9f\\x99\\x82\"}", mode)),
            "foo = \\xf0\\x9f\\x99\\x82");
  EXPECT_EQ(Show(ParseMatchers("", mode)), "");
}

TEST(CompatTest, FallbackMatcher) {
  const auto mode = MatcherParserMode::kFallback;
  EXPECT_EQ(Show(ParseMatcher("foo=bar", mode)), "foo = bar");
  EXPECT_EQ(Show(ParseMatcher("foo=!bar\\n", mode)), "foo = !bar\n");
  EXPECT_EQ(Show(ParseMatcher("foo=\"\\xf0\\x9f\\x99\\x82\"", mode)),
            "foo = \\xf0\\x9f\\x99\\x82");
  EXPECT_EQ(Show(ParseMatcher("{foo=bar}", mode)),
            "ERR: unexpected open or close brace: {foo=bar}");
  EXPECT_EQ(Show(ParseMatcher("foo=bar}", mode)),
            "ERR: unexpected open or close brace: foo=bar}");
  EXPECT_EQ(Show(ParseMatcher("foo!bar", mode)),
            "ERR: bad matcher format: foo!bar");
}

TEST(CompatTest, StrictAndClassicModes) {
  EXPECT_EQ(Show(ParseMatchers("{foo=bar}}", MatcherParserMode::kUtf8Strict)),
            "ERR: 9:10: }: expected end of input");
  EXPECT_EQ(Show(ParseMatchers("{foo=bar}}", MatcherParserMode::kClassic)),
            "foo = bar}");
  EXPECT_EQ(Show(ParseMatcher("{foo=bar}", MatcherParserMode::kUtf8Strict)),
            "ERR: unexpected open or close brace: {foo=bar}");
  // Classic single-matcher parsing has no brace check.
  EXPECT_EQ(Show(ParseMatcher("{foo=bar}", MatcherParserMode::kClassic)),
            "ERR: bad matcher format: {foo=bar}");
  EXPECT_EQ(Show(ParseMatcher("foo=\"\\xf0\\x9f\\x99\\x82\"",
                              MatcherParserMode::kUtf8Strict)),
            "foo = \xf0\x9f\x99\x82");
}

TEST(CompatTest, IsValidLabelName) {
  EXPECT_FALSE(IsValidLabelName("0foo", MatcherParserMode::kClassic));
  EXPECT_TRUE(IsValidLabelName("0foo", MatcherParserMode::kFallback));
  EXPECT_TRUE(IsValidLabelName("0foo", MatcherParserMode::kUtf8Strict));
  EXPECT_FALSE(IsValidLabelName("", MatcherParserMode::kUtf8Strict));
}

}  // namespace
}  // namespace tocsin::model
