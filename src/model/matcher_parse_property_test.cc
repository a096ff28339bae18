// Checks the classic parser's hand-written scanner against the regular
// expression upstream uses (pkg/labels/parse.go), run by RE2 in Latin-1 mode
// so that every byte is one character as Go's regexp sees invalid UTF-8,
// over many generated inputs (fixed seed, deterministic).
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>

#include "base/strings.h"
#include "model/matcher_parse.h"

namespace tocsin::model {
namespace {

TEST(ClassicParserPropertyTest, SplitAgreesWithUpstreamRegex) {
  RE2::Options opts;
  opts.set_encoding(RE2::Options::EncodingLatin1);
  const RE2 re(
      R"(^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$)", opts);
  ASSERT_TRUE(re.ok());
  const std::string alphabet[] = {
      "a", "b", "Z",  "_",  ":", "0", "9", " ", "\t",       "\n",   "\v", "=",
      "!", "~", "\"", "\\", "-", ",", "{", "}", "\xc3\xa9", "\xff", "\r"};
  std::mt19937 rng(42);
  std::uniform_int_distribution<size_t> len_dist(0, 10);
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1);
  int matched = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    // Half the inputs are free-form; half follow the matcher shape
    // (space, name, space, operator, value) so that most of them match.
    auto random_text = [&](size_t max) {
      std::string t;
      size_t n = len_dist(rng) % (max + 1);
      for (size_t i = 0; i < n; ++i) t += alphabet[pick(rng)];
      return t;
    };
    std::string input;
    if (iter % 2 == 0) {
      input = random_text(10);
    } else {
      static const char* const kSpace[] = {"", " ", "\t", "\n ", "\v"};
      static const char* const kName[] = {"a", "_x1", ":b", "A:_9", "1a", ""};
      static const char* const kOp[] = {"=", "!=", "=~", "!~", "==", "!", "~"};
      input = std::string(kSpace[rng() % 5]) + kName[rng() % 6] +
              kSpace[rng() % 5] + kOp[rng() % 7] + random_text(6);
    }
    std::string name, op, value;
    bool want_match = RE2::FullMatch(input, re, &name, &op, &value);
    Result<Matcher> got = ParseMatcherClassic(input);
    if (!want_match) {
      ASSERT_FALSE(got.ok()) << "input: " << input;
      EXPECT_EQ(got.status().message(), "bad matcher format: " + input);
      continue;
    }
    ++matched;
    if (got.ok()) {
      EXPECT_EQ(got->name(), name) << "input: " << input;
      EXPECT_EQ(MatchTypeString(got->type()), op) << "input: " << input;
    } else {
      // Refused later: for the value the regex captured, or a regex that
      // does not compile.
      const std::string& msg = got.status().message();
      bool about_value =
          msg == "matcher value contains unescaped double quote: " + value ||
          msg == "matcher value not valid UTF-8: " + value ||
          (op.back() == '~' && msg.rfind("error parsing regexp: ", 0) == 0);
      EXPECT_TRUE(about_value) << "input: " << input << " error: " << msg;
    }
  }
  EXPECT_GT(matched, 1000);  // The generator reaches the interesting part.
}

// Random inputs never crash any parser; whatever the UTF-8 parser accepts
// prints (Matcher::ToString) back to text it parses to the same matchers.
TEST(Utf8ParserPropertyTest, PrintedMatchersParseBack) {
  const std::string alphabet[] = {"a",   "b",  "0",        " ",
                                  "\t",  "\n", "=",        "!",
                                  "~",   "\"", "\\",       ",",
                                  "{",   "}",  "'",        "`",
                                  "x",   "n",  "\xc2\xa0", "\xf0\x9f\x99\x82",
                                  "\xff"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> len_dist(0, 14);
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1);
  int accepted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string input;
    size_t len = len_dist(rng);
    if (iter % 2 == 1) input = "{a=";
    for (size_t i = 0; i < len; ++i) input += alphabet[pick(rng)];
    (void)ParseMatchersClassic(input);
    (void)ParseMatcher(input, MatcherParserMode::kFallback);
    (void)ParseMatchers(input, MatcherParserMode::kFallback);
    Result<Matchers> got = ParseMatchersUtf8(input);
    if (!got.ok() || !IsValidUtf8(input)) continue;
    ++accepted;
    std::string printed = MatchersToString(*got);
    Result<Matchers> again = ParseMatchersUtf8(printed);
    ASSERT_TRUE(again.ok()) << "input: " << input << " printed: " << printed
                            << " error: " << again.status().message();
    EXPECT_TRUE(*again == *got)
        << "input: " << input << " printed: " << printed;
  }
  EXPECT_GT(accepted, 500);
}

}  // namespace
}  // namespace tocsin::model
