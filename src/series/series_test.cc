#include "series/series.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace tocsin::series {
namespace {

TEST(StaleNaN, IsDistinctFromOtherNaNs) {
  EXPECT_TRUE(std::isnan(StaleNaN()));
  EXPECT_TRUE(IsStaleNaN(StaleNaN()));
  EXPECT_FALSE(IsStaleNaN(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(IsStaleNaN(0.0));
  EXPECT_FALSE(IsStaleNaN(std::numeric_limits<double>::infinity()));
}

}  // namespace
}  // namespace tocsin::series
