#include "promql/xxhash.h"

#include <gtest/gtest.h>

namespace tocsin::promql {
namespace {

TEST(XxHashTest, KnownVectors) {
  EXPECT_EQ(XxHash64(""), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(XxHash64("abc"), 0x44BC2CF5AD770999ULL);
}

TEST(XxHashTest, LongInputsUseStripes) {
  std::string a(100, 'x');
  std::string b = a;
  b[99] = 'y';
  EXPECT_NE(XxHash64(a), XxHash64(b));
  EXPECT_EQ(XxHash64(a), XxHash64(std::string(100, 'x')));
}

}  // namespace
}  // namespace tocsin::promql
