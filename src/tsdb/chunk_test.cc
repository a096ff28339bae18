#include "tsdb/chunk.h"

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace tocsin::tsdb {
namespace {

std::vector<Sample> Decode(const XorChunk& c) {
  XorIterator it(c.bytes());
  std::vector<Sample> out;
  while (it.Next()) out.push_back(it.At());
  EXPECT_TRUE(it.err().ok()) << it.err();
  return out;
}

void ExpectSameBits(const std::vector<Sample>& want,
                    const std::vector<Sample>& got) {
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(want[i].t, got[i].t) << i;
    EXPECT_EQ(std::bit_cast<uint64_t>(want[i].v),
              std::bit_cast<uint64_t>(got[i].v))
        << i;
  }
}

std::vector<Sample> RoundTrip(const std::vector<Sample>& in) {
  XorChunk c;
  for (const Sample& s : in) EXPECT_TRUE(c.Append(s.t, s.v).ok()) << s.t;
  EXPECT_EQ(c.num_samples(), static_cast<int>(in.size()));
  return Decode(c);
}

TEST(XorChunkTest, EmptyChunkHasNoSamples) {
  XorChunk c;
  EXPECT_TRUE(c.empty());
  XorIterator it(c.bytes());
  EXPECT_FALSE(it.Next());
  EXPECT_TRUE(it.err().ok());
}

TEST(XorChunkTest, EdgeValuesKeepTheirBits) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<Sample> in = {
      {1000, 1.5},
      {2000, series::StaleNaN()},
      {3000, std::numeric_limits<double>::quiet_NaN()},
      {4000, inf},
      {5000, -inf},
      {6000, -0.0},
      {7000, 0.0},
      {8000, std::numeric_limits<double>::denorm_min()},
      {9000, std::numeric_limits<double>::max()},
      {10000, -std::numeric_limits<double>::max()},
      {11000, series::StaleNaN()},
      {12000, 42},
  };
  std::vector<Sample> out = RoundTrip(in);
  ExpectSameBits(in, out);
  EXPECT_TRUE(series::IsStaleNaN(out[1].v));
  EXPECT_FALSE(series::IsStaleNaN(out[2].v));
  EXPECT_TRUE(std::signbit(out[5].v));
}

TEST(XorChunkTest, IrregularAndHugeTimestampGaps) {
  std::vector<Sample> in = {
      {std::numeric_limits<int64_t>::min() + 1, 1},
      {-5, 2},
      {0, 3},
      {1, 4},
      {8193, 5},  // dod at 14-bit bucket edges
      {8193 + 16385, 6},
      {8193 + 16385 + 1, 7},
      {100000, 8},
      {100000 + 524289, 9},
      {1'700'000'000'000, 10},
      {std::numeric_limits<int64_t>::max(), 11},
  };
  ExpectSameBits(in, RoundTrip(in));
}

TEST(XorChunkTest, BucketBoundaries) {
  // Each delta-of-delta at and around each bucket limit.
  for (int64_t edge : {int64_t{1} << 13, int64_t{1} << 16, int64_t{1} << 19}) {
    for (int64_t d : {edge - 1, edge, edge + 1, -edge + 1, -edge, -edge - 1}) {
      int64_t base_delta = 1'000'000;
      std::vector<Sample> in = {{0, 0},
                                {base_delta, 1},
                                {2 * base_delta + d, 2},
                                {3 * base_delta + d, 3}};
      ExpectSameBits(in, RoundTrip(in));
    }
  }
}

TEST(XorChunkTest, RejectsNonIncreasingTimestamps) {
  XorChunk c;
  ASSERT_TRUE(c.Append(100, 1).ok());
  ASSERT_TRUE(c.Append(200, 2).ok());
  size_t before = c.bytes().size();
  EXPECT_TRUE(c.Append(150, 3).IsInvalidArgument());
  EXPECT_TRUE(c.Append(200, 3).IsInvalidArgument());
  EXPECT_EQ(c.num_samples(), 2);
  EXPECT_EQ(c.bytes().size(), before);
  ASSERT_TRUE(c.Append(300, 3).ok());
  ExpectSameBits({{100, 1}, {200, 2}, {300, 3}}, Decode(c));
}

TEST(XorChunkTest, RegularSeriesCompresses) {
  XorChunk c;
  for (int i = 0; i < kSamplesPerChunk; ++i) {
    ASSERT_TRUE(c.Append(1'700'000'000'000 + i * 15000, 7).ok());
  }
  // Constant value, constant interval: about 2 bits per sample.
  EXPECT_LT(c.bytes().size(), 60u);
}

TEST(XorChunkTest, SeekSemantics) {
  XorChunk c;
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(c.Append(i * 10, i).ok());
  XorIterator it(c.bytes());
  ASSERT_TRUE(it.Seek(35));  // before the first Next
  EXPECT_EQ(it.At().t, 40);
  ASSERT_TRUE(it.Seek(20));  // stays put
  EXPECT_EQ(it.At().t, 40);
  ASSERT_TRUE(it.Seek(40));
  EXPECT_EQ(it.At().t, 40);
  ASSERT_TRUE(it.Next());
  EXPECT_EQ(it.At().t, 50);
  ASSERT_TRUE(it.Seek(100));
  EXPECT_EQ(it.At().v, 10);
  EXPECT_FALSE(it.Seek(101));
  EXPECT_FALSE(it.Seek(0));  // exhausted
  EXPECT_FALSE(it.Next());
}

TEST(XorChunkTest, TruncatedBytesReportDataLoss) {
  XorChunk c;
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(c.Append(i * 1000 + i * i, i * 0.1).ok());
  std::vector<uint8_t> cut(c.bytes().begin(),
                           c.bytes().begin() + c.bytes().size() / 2);
  XorIterator it(cut);
  int n = 0;
  while (it.Next()) ++n;
  EXPECT_LT(n, 50);
  EXPECT_EQ(it.err().code(), StatusCode::kDataLoss);
}

TEST(XorChunkPropertyTest, RandomSeriesRoundTrip) {
  std::mt19937_64 rng(20261123);
  for (int round = 0; round < 300; ++round) {
    std::vector<Sample> in;
    int n = 1 + static_cast<int>(rng() % 300);
    int64_t t =
        static_cast<int64_t>(rng() % 2'000'000'000'000) - 1'000'000'000'000;
    double v = 0;
    for (int i = 0; i < n; ++i) {
      switch (rng() % 6) {
        case 0:
          t += 1 + static_cast<int64_t>(rng() % 3);
          break;
        case 1:
          t += 15000;
          break;
        case 2:
          t += 1 + static_cast<int64_t>(rng() % 100'000'000);
          break;
        default:
          t += 15000 + static_cast<int64_t>(rng() % 200) - 100;
          break;
      }
      switch (rng() % 7) {
        case 0:
          v = std::bit_cast<double>(rng());
          break;  // any bits, NaNs too
        case 1:
          break;  // repeat
        case 2:
          v += 1;
          break;
        case 3:
          v = static_cast<double>(rng() % 1000) / 7;
          break;
        case 4:
          v = series::StaleNaN();
          break;
        default:
          v = v * 1.0001 + 0.5;
          break;
      }
      in.push_back({t, v});
    }
    std::vector<Sample> out = RoundTrip(in);
    ExpectSameBits(in, out);
    if (HasFailure()) return;
    // Seek to a random timestamp lands on the first sample at or after it.
    XorChunk c;
    for (const Sample& s : in) ASSERT_TRUE(c.Append(s.t, s.v).ok());
    size_t k = rng() % in.size();
    XorIterator it(c.bytes());
    ASSERT_TRUE(
        it.Seek(in[k].t - (k > 0 && in[k].t - in[k - 1].t > 1 ? 1 : 0)));
    EXPECT_EQ(it.At().t, in[k].t);
  }
}

}  // namespace
}  // namespace tocsin::tsdb
