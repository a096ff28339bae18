#include "base/hash.h"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

TEST(HashTest, Fnv64aMatchesReferenceVectors) {
  // Reference values of the FNV-1a 64-bit specification.
  EXPECT_EQ(Fnv64a(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv64a("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv64a("foobar"), 0x85944171f73967e8ULL);
}

TEST(HashTest, IncrementalEqualsWhole) {
  uint64_t h = Fnv64aAdd(kFnv64Offset, "foo");
  h = Fnv64aAdd(h, "bar");
  EXPECT_EQ(h, Fnv64a("foobar"));
  EXPECT_EQ(Fnv64aAddByte(kFnv64Offset, 'a'), Fnv64a("a"));
}

}  // namespace
}  // namespace tocsin
