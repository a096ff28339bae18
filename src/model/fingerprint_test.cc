#include "model/fingerprint.h"

#include <gtest/gtest.h>

#include <unordered_set>

#include "model/labels.h"

namespace tocsin::model {
namespace {

// Expected values are FNV-1a 64 computed by hand over name 0xff value 0xff;
// the "garland, briggs" set is prometheus/common's signature_test.go vector.

TEST(FingerprintTest, EmptySetIsOffsetBasis) {
  EXPECT_EQ(FingerprintOf(Labels{}).value(), 14695981039346656037ULL);
  EXPECT_EQ(FingerprintOf(Labels{}).ToString(), "cbf29ce484222325");
}

TEST(FingerprintTest, UpstreamVector) {
  Labels l{{"name", "garland, briggs"}, {"fear", "love is not enough"}};
  EXPECT_EQ(FingerprintOf(l).value(), 5799056148416392346ULL);
  EXPECT_EQ(FingerprintOf(l).ToString(), "507a62d79ee76c9a");
}

TEST(FingerprintTest, HandComputed) {
  EXPECT_EQ(FingerprintOf(Labels{{"a", "1"}}).value(), 15256350014033025077ULL);
  EXPECT_EQ(FingerprintOf(Labels{{"a", ""}}).value(), 16536705566725055458ULL);
  EXPECT_EQ(FingerprintOf(Labels{{"", "a"}}).value(), 17860770466575416038ULL);
  Labels alert{{"severity", "page"}, {"alertname", "HighLatency"}};
  EXPECT_EQ(FingerprintOf(alert).ToString(), "4423e39380a92178");
}

TEST(FingerprintTest, SeparatorKeepsPairsApart) {
  // Same concatenated bytes, different split: must differ.
  EXPECT_NE(FingerprintOf(Labels{{"ab", "c"}}),
            FingerprintOf(Labels{{"a", "bc"}}));
}

TEST(FingerprintTest, IndependentOfInputOrder) {
  Labels a{{"x", "1"}, {"y", "2"}, {"z", "3"}};
  Labels b{{"z", "3"}, {"x", "1"}, {"y", "2"}};
  EXPECT_EQ(FingerprintOf(a), FingerprintOf(b));
  EXPECT_EQ(a.fingerprint(), FingerprintOf(a));
}

TEST(FingerprintTest, ToStringPadsToSixteenDigits) {
  EXPECT_EQ(Fingerprint(0).ToString(), "0000000000000000");
  EXPECT_EQ(Fingerprint(0xabc).ToString(), "0000000000000abc");
  EXPECT_EQ(Fingerprint(~0ULL).ToString(), "ffffffffffffffff");
}

TEST(FingerprintTest, FromString) {
  EXPECT_EQ(Fingerprint::FromString("507a62d79ee76c9a"),
            Fingerprint(5799056148416392346ULL));
  EXPECT_EQ(Fingerprint::FromString("ABC"), Fingerprint(0xabc));
  EXPECT_EQ(Fingerprint::FromString("0000000000000abc"), Fingerprint(0xabc));
  EXPECT_EQ(Fingerprint::FromString(""), std::nullopt);
  EXPECT_EQ(Fingerprint::FromString("0x12"), std::nullopt);
  EXPECT_EQ(Fingerprint::FromString("00000000000000000001"), Fingerprint(1));
  EXPECT_EQ(Fingerprint::FromString("ffffffffffffffff"), Fingerprint(~0ULL));
  EXPECT_EQ(Fingerprint::FromString("10000000000000000"), std::nullopt);
  EXPECT_EQ(Fingerprint::FromString("g"), std::nullopt);
  EXPECT_EQ(Fingerprint::FromString("-1"), std::nullopt);
}

TEST(FingerprintTest, ComparisonAndHash) {
  EXPECT_LT(Fingerprint(1), Fingerprint(2));
  EXPECT_EQ(Fingerprint(7), Fingerprint(7));
  std::unordered_set<Fingerprint> s{Fingerprint(1), Fingerprint(1),
                                    Fingerprint(2)};
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(std::hash<Fingerprint>{}(Fingerprint(42)), 42u);
}

}  // namespace
}  // namespace tocsin::model
