#include "base/go_text.h"

#include <gtest/gtest.h>

namespace tocsin::gotext {
namespace {

TEST(GoTextTest, DecodeRune) {
  char32_t r;
  EXPECT_EQ(DecodeRune("a", 0, &r), 1u);
  EXPECT_EQ(r, U'a');
  EXPECT_EQ(DecodeRune("\xf0\x9f\x99\x82", 0, &r), 4u);
  EXPECT_EQ(r, U'\U0001F642');
  EXPECT_EQ(DecodeRune("\xf0\x9f", 0, &r), 1u);  // Truncated.
  EXPECT_EQ(r, kRuneError);
  EXPECT_EQ(DecodeRune("\xc0\x80", 0, &r), 1u);  // Overlong.
  EXPECT_EQ(r, kRuneError);
  EXPECT_EQ(DecodeRune("", 0, &r), 0u);
}

TEST(GoTextTest, IsGoSpace) {
  EXPECT_TRUE(IsGoSpace(' '));
  EXPECT_TRUE(IsGoSpace('\v'));
  EXPECT_TRUE(IsGoSpace(0x85));
  EXPECT_TRUE(IsGoSpace(0xA0));
  EXPECT_TRUE(IsGoSpace(0x2003));
  EXPECT_TRUE(IsGoSpace(0x3000));
  EXPECT_FALSE(IsGoSpace('a'));
  EXPECT_FALSE(IsGoSpace(0x200B));  // Zero width space is not Zs.
}

TEST(GoTextTest, Unquote) {
  EXPECT_EQ(GoUnquoteDouble("\"\""), "");
  EXPECT_EQ(GoUnquoteDouble("\"a\\tb\\n\\\\\\\"\""), "a\tb\n\\\"");
  EXPECT_EQ(GoUnquoteDouble("\"\\x41\\101\\u00e9\\U0001F642\""),
            "AA\xc3\xa9\xf0\x9f\x99\x82");
  EXPECT_EQ(GoUnquoteDouble("\"\\xff\""), "\xff");  // Raw byte.
  EXPECT_EQ(GoUnquoteDouble("\"a\xff\""), "a\xef\xbf\xbd");
  EXPECT_EQ(GoUnquoteDouble("\"\\d\""), std::nullopt);
  EXPECT_EQ(GoUnquoteDouble("\"\\'\""), std::nullopt);
  EXPECT_EQ(GoUnquoteDouble("\"a\nb\""), std::nullopt);
  EXPECT_EQ(GoUnquoteDouble("\"a\"b\""), std::nullopt);
  EXPECT_EQ(GoUnquoteDouble("\"\\400\""), std::nullopt);
  EXPECT_EQ(GoUnquoteDouble("\"\\ud800\""), std::nullopt);
  EXPECT_EQ(GoUnquoteDouble("\"\\\""), std::nullopt);
  EXPECT_EQ(GoUnquoteDouble("abc"), std::nullopt);
}

}  // namespace
}  // namespace tocsin::gotext
