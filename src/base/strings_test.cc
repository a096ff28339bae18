#include "base/strings.h"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

TEST(StringsTest, SplitJoinTrim) {
  EXPECT_EQ(StrSplit("a,b,,c", ','),
            (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(StrSplit("", ','), (std::vector<std::string>{""}));
  EXPECT_EQ(StrJoin({"a", "b"}, ", "), "a, b");
  EXPECT_EQ(TrimSpace("  x y\t\n"), "x y");
}

TEST(StringsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("héllo ✓ 🙂"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // Overlong.
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // Surrogate.
}

TEST(StringsTest, GoQuote) {
  EXPECT_EQ(GoQuote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(GoQuote("\x01"), "\"\\x01\"");
  EXPECT_EQ(GoQuote("\xff"), "\"\\xff\"");
  EXPECT_EQ(GoQuote("ü"), "\"ü\"");
}

}  // namespace
}  // namespace tocsin
