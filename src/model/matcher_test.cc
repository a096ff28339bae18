#include "model/matcher.h"

#include <gtest/gtest.h>

namespace tocsin::model {
namespace {

Matcher Make(MatchType t, std::string name, std::string value) {
  Result<Matcher> m = Matcher::Create(t, std::move(name), std::move(value));
  EXPECT_TRUE(m.ok()) << m.status();
  return std::move(m).value();
}

TEST(MatchTypeTest, RoundTrip) {
  for (MatchType t : {MatchType::kEqual, MatchType::kNotEqual,
                      MatchType::kRegexMatch, MatchType::kRegexNoMatch}) {
    EXPECT_EQ(ParseMatchType(MatchTypeString(t)), t);
  }
  EXPECT_EQ(MatchTypeString(MatchType::kRegexNoMatch), "!~");
  EXPECT_EQ(ParseMatchType("=="), std::nullopt);
  EXPECT_EQ(ParseMatchType(""), std::nullopt);
}

TEST(MatcherTest, Accessors) {
  Matcher m = Make(MatchType::kRegexMatch, "job", "api.*");
  EXPECT_EQ(m.type(), MatchType::kRegexMatch);
  EXPECT_EQ(m.name(), "job");
  EXPECT_EQ(m.value(), "api.*");
  EXPECT_TRUE(m.is_regex());
  EXPECT_FALSE(Make(MatchType::kNotEqual, "a", "b").is_regex());
}

TEST(MatcherTest, EqualAndNotEqual) {
  Matcher eq = Make(MatchType::kEqual, "", "bar");
  EXPECT_TRUE(eq.Matches("bar"));
  EXPECT_FALSE(eq.Matches("foo-bar"));
  EXPECT_FALSE(eq.Matches(""));
  Matcher ne = Make(MatchType::kNotEqual, "", "bar");
  EXPECT_FALSE(ne.Matches("bar"));
  EXPECT_TRUE(ne.Matches("foo-bar"));
  EXPECT_TRUE(ne.Matches(""));
  EXPECT_TRUE(Make(MatchType::kEqual, "", "~!=\"").Matches("~!=\""));
}

TEST(MatcherTest, RegexIsFullyAnchored) {
  Matcher re = Make(MatchType::kRegexMatch, "", "bar");
  EXPECT_TRUE(re.Matches("bar"));
  EXPECT_FALSE(re.Matches("foo-bar"));
  EXPECT_FALSE(re.Matches("barx"));
  EXPECT_TRUE(Make(MatchType::kRegexMatch, "", ".*bar").Matches("foo-bar"));
  // Alternation stays inside the anchors: ^(?:a|b)$.
  Matcher alt = Make(MatchType::kRegexMatch, "", "a|b");
  EXPECT_TRUE(alt.Matches("a"));
  EXPECT_FALSE(alt.Matches("ab"));
  EXPECT_FALSE(alt.Matches("xa"));
}

TEST(MatcherTest, RegexDotDoesNotMatchNewline) {
  Matcher re = Make(MatchType::kRegexMatch, "", "foo.bar");
  EXPECT_TRUE(re.Matches("foo-bar"));
  EXPECT_FALSE(re.Matches("foo\nbar"));
  Matcher esc = Make(MatchType::kRegexMatch, "", "foo\\.bar");
  EXPECT_FALSE(esc.Matches("foo-bar"));
  EXPECT_TRUE(esc.Matches("foo.bar"));
}

TEST(MatcherTest, RegexNoMatch) {
  Matcher nre = Make(MatchType::kRegexNoMatch, "", ".*bar");
  EXPECT_FALSE(nre.Matches("foo-bar"));
  EXPECT_TRUE(nre.Matches("foo-baz"));
  EXPECT_TRUE(Make(MatchType::kRegexNoMatch, "", "bar").Matches(""));
}

TEST(MatcherTest, EmptyRegexMatchesOnlyEmpty) {
  Matcher re = Make(MatchType::kRegexMatch, "", "");
  EXPECT_TRUE(re.Matches(""));
  EXPECT_FALSE(re.Matches("x"));
}

TEST(MatcherTest, BadRegexHasGoShapedError) {
  Result<Matcher> m =
      Matcher::Create(MatchType::kRegexMatch, "foo", "invalid[regexp");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.status().message(),
            "error parsing regexp: missing closing ]: `[regexp)$`");
  Result<Matcher> paren = Matcher::Create(MatchType::kRegexNoMatch, "x", "(a");
  ASSERT_FALSE(paren.ok());
  EXPECT_EQ(paren.status().message(),
            "error parsing regexp: missing closing ): `^(?:(a)$`");
  // Not a regex type: the value is never compiled.
  EXPECT_TRUE(Matcher::Create(MatchType::kEqual, "x", "(a").ok());
}

TEST(MatcherTest, CopiesShareTheRegex) {
  Matcher a = Make(MatchType::kRegexMatch, "n", "x+");
  Matcher b = a;
  EXPECT_TRUE(b.Matches("xxx"));
  EXPECT_EQ(a, b);
}

TEST(MatcherTest, Equality) {
  EXPECT_EQ(Make(MatchType::kEqual, "a", "b"),
            Make(MatchType::kEqual, "a", "b"));
  EXPECT_FALSE(Make(MatchType::kEqual, "a", "b") ==
               Make(MatchType::kNotEqual, "a", "b"));
  EXPECT_FALSE(Make(MatchType::kEqual, "a", "b") ==
               Make(MatchType::kEqual, "a", "c"));
}

TEST(MatcherTest, ToString) {
  EXPECT_EQ(Make(MatchType::kEqual, "foo", "bar").ToString(), "foo=\"bar\"");
  EXPECT_EQ(Make(MatchType::kNotEqual, "foo", "bar").ToString(),
            "foo!=\"bar\"");
  EXPECT_EQ(Make(MatchType::kRegexMatch, "foo", "bar").ToString(),
            "foo=~\"bar\"");
  EXPECT_EQ(Make(MatchType::kRegexNoMatch, "foo", "bar").ToString(),
            "foo!~\"bar\"");
  EXPECT_EQ(Make(MatchType::kEqual, "foo", "back\\slash").ToString(),
            "foo=\"back\\\\slash\"");
  EXPECT_EQ(Make(MatchType::kEqual, "foo", "double\"quote").ToString(),
            "foo=\"double\\\"quote\"");
  EXPECT_EQ(Make(MatchType::kEqual, "foo", "new\nline").ToString(),
            "foo=\"new\\nline\"");
  EXPECT_EQ(Make(MatchType::kEqual, "foo", "tab\tstop").ToString(),
            "foo=\"tab\tstop\"");
  EXPECT_EQ(Make(MatchType::kEqual, "foo\xf0\x9f\x99\x82", "bar").ToString(),
            "foo\xf0\x9f\x99\x82=\"bar\"");
}

TEST(MatcherTest, ToStringQuotesNamesWithReservedRunes) {
  EXPECT_EQ(Make(MatchType::kEqual, "foo bar", "baz").ToString(),
            "\"foo bar\"=\"baz\"");
  // Quoted form escapes the value Go's way (tab as \t).
  EXPECT_EQ(Make(MatchType::kEqual, "a,b", "tab\tstop").ToString(),
            "\"a,b\"=\"tab\\tstop\"");
  // U+00A0 is a space to Go's unicode.IsSpace.
  EXPECT_EQ(Make(MatchType::kEqual,
                 "a\xc2\xa0"
                 "b",
                 "v")
                .ToString(),
            "\"a\xc2\xa0"
            "b\"=\"v\"");
  EXPECT_EQ(Make(MatchType::kRegexMatch, "a=b", "x").ToString(),
            "\"a=b\"=~\"x\"");
}

TEST(MatchersTest, MatchesAllTreatsAbsentAsEmpty) {
  Matchers ms{Make(MatchType::kEqual, "job", "api"),
              Make(MatchType::kRegexMatch, "env", "prod|")};
  EXPECT_TRUE(MatchesAll(ms, Labels{{"job", "api"}, {"env", "prod"}}));
  EXPECT_TRUE(MatchesAll(ms, Labels{{"job", "api"}}));  // env absent = "".
  EXPECT_FALSE(MatchesAll(ms, Labels{{"job", "web"}, {"env", "prod"}}));
  EXPECT_FALSE(MatchesAll(ms, Labels{{"job", "api"}, {"env", "dev"}}));
  EXPECT_TRUE(MatchesAll({}, Labels{{"a", "b"}}));
  Matchers absent{Make(MatchType::kEqual, "missing", "")};
  EXPECT_TRUE(MatchesAll(absent, Labels{{"a", "b"}}));
}

TEST(MatchersTest, ToString) {
  Matchers ms{Make(MatchType::kEqual, "a", "1"),
              Make(MatchType::kRegexNoMatch, "b", "2.*")};
  EXPECT_EQ(MatchersToString(ms), "{a=\"1\",b!~\"2.*\"}");
  EXPECT_EQ(MatchersToString({}), "{}");
}

}  // namespace
}  // namespace tocsin::model
