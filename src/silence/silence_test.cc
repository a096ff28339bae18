#include "silence/silence.h"

#include <gtest/gtest.h>

#include <chrono>
#include <unordered_set>

#include "silence/random_id_generator.h"

namespace tocsin::silence {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

TEST(SilenceIdTest, ValueType) {
  SilenceId a("a"), b("b");
  EXPECT_TRUE(SilenceId().empty());
  EXPECT_EQ(a.ToString(), "a");
  EXPECT_LT(a, b);
  EXPECT_EQ(a, SilenceId("a"));
  std::unordered_set<SilenceId> set{a, b, SilenceId("a")};
  EXPECT_EQ(set.size(), 2u);
}

TEST(SilenceStateTest, Boundaries) {
  Silence s;
  s.starts_at = kT0;
  s.ends_at = kT0 + minutes(10);
  EXPECT_EQ(StateAt(s, kT0 - seconds(1)), SilenceState::kPending);
  EXPECT_EQ(StateAt(s, kT0), SilenceState::kActive);
  EXPECT_EQ(StateAt(s, kT0 + minutes(10)), SilenceState::kActive);
  EXPECT_EQ(StateAt(s, kT0 + minutes(10) + std::chrono::nanoseconds(1)),
            SilenceState::kExpired);
  EXPECT_EQ(SilenceStateName(SilenceState::kPending), "pending");
  EXPECT_EQ(SilenceStateName(SilenceState::kActive), "active");
  EXPECT_EQ(SilenceStateName(SilenceState::kExpired), "expired");
}

TEST(MeshSilenceSizeTest, HandComputedProtoSize) {
  Silence s;
  s.id = SilenceId("x");                                // 3 bytes
  s.matchers = {{model::MatchType::kEqual, "a", "b"}};  // 8 bytes
  s.starts_at = s.ends_at = s.updated_at = kT0;         // 3 x 8 bytes
  s.created_by = "me";                                  // 4 bytes
  // Silence body 39 -> field 41; expires_at field 8.
  EXPECT_EQ(MeshSilenceSizeBytes(s, kT0), 49u);
  // A non-EQUAL type adds 2 bytes; nanos add 1 + varint(nanos).
  s.matchers[0].type = model::MatchType::kRegexNoMatch;
  EXPECT_EQ(MeshSilenceSizeBytes(s, kT0), 51u);
  s.comment = std::string(200, 'c');  // 1 tag + 2 length + 200.
  EXPECT_EQ(MeshSilenceSizeBytes(s, kT0), 51u + 203u + 1u);  // +1: body len
  EXPECT_EQ(MeshSilenceSizeBytes(s, kT0 + std::chrono::nanoseconds(5)),
            51u + 203u + 1u + 2u);
}

TEST(UuidTest, FormatAndVersionBits) {
  EXPECT_EQ(UuidV4FromBits(0, 0).value(),
            "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(UuidV4FromBits(~0ULL, ~0ULL).value(),
            "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_EQ(
      UuidV4FromBits(0x0123456789abcdefULL, 0xfedcba9876543210ULL).value(),
      "01234567-89ab-4def-bedc-ba9876543210");
}

TEST(UuidTest, RandomIdsAreDistinct) {
  RandomIdGenerator gen;
  std::unordered_set<SilenceId> ids;
  for (int i = 0; i < 1000; ++i) {
    SilenceId id = gen.NewId();
    ASSERT_EQ(id.value().size(), 36u);
    ASSERT_EQ(id.value()[14], '4');
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace tocsin::silence
