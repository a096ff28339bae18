#include "model/labels.h"

#include <gtest/gtest.h>

#include <unordered_set>

namespace tocsin::model {
namespace {

TEST(LabelsTest, EmptyByDefault) {
  Labels l;
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.size(), 0u);
  EXPECT_EQ(l.begin(), l.end());
  EXPECT_EQ(l.ToString(), "{}");
  EXPECT_EQ(l.Get("a"), "");
  EXPECT_FALSE(l.Has("a"));
}

TEST(LabelsTest, SortsByName) {
  Labels l{{"b", "2"}, {"a", "1"}, {"c", "3"}};
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0], (Label{"a", "1"}));
  EXPECT_EQ(l[1], (Label{"b", "2"}));
  EXPECT_EQ(l[2], (Label{"c", "3"}));
  std::vector<std::string> names;
  for (const Label& x : l) names.push_back(x.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(LabelsTest, SortIsBytewise) {
  Labels l{{"b", ""}, {"B", ""}, {"_", ""}, {"\xc3\xa9", ""}};
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l[0].name, "B");
  EXPECT_EQ(l[1].name, "_");
  EXPECT_EQ(l[2].name, "b");
  EXPECT_EQ(l[3].name, "\xc3\xa9");
}

TEST(LabelsTest, LastDuplicateWins) {
  Labels l(std::vector<Label>{{"a", "1"}, {"b", "x"}, {"a", "2"}, {"a", "3"}});
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l.Get("a"), "3");
  EXPECT_EQ(l.Get("b"), "x");
}

TEST(LabelsTest, ManyDuplicatesOutOfOrderLastWinsSmallAndLarge) {
  // Small sets take the in-place insertion sort, large ones stable_sort;
  // both keep the last value of each name.
  for (int n : {5, 40}) {
    std::vector<Label> in;
    for (int i = 0; i < n; ++i) {
      in.push_back({"k" + std::to_string((n - i) % 4), std::to_string(i)});
    }
    Labels l(in);
    ASSERT_EQ(l.size(), 4u) << n;
    for (int k = 0; k < 4; ++k) {
      int last = -1;
      for (int i = 0; i < n; ++i) {
        if ((n - i) % 4 == k) last = i;
      }
      EXPECT_EQ(l.Get("k" + std::to_string(k)), std::to_string(last)) << n;
    }
    EXPECT_EQ(l.begin()->name, "k0");
  }
}

TEST(LabelsTest, GetAndHas) {
  Labels l{{"job", "api"}, {"empty", ""}};
  EXPECT_EQ(l.Get("job"), "api");
  EXPECT_TRUE(l.Has("job"));
  EXPECT_EQ(l.Get("empty"), "");
  EXPECT_TRUE(l.Has("empty"));
  EXPECT_EQ(l.Get("missing"), "");
  EXPECT_FALSE(l.Has("missing"));
  EXPECT_FALSE(l.Has("jo"));
  EXPECT_FALSE(l.Has("jobs"));
}

TEST(LabelsTest, ToStringLikePrometheus) {
  Labels l{{"b", "2"}, {"a", "1"}};
  EXPECT_EQ(l.ToString(), "{a=\"1\", b=\"2\"}");
  Labels q{{"msg", "say \"hi\"\n\\"}};
  EXPECT_EQ(q.ToString(), "{msg=\"say \\\"hi\\\"\\n\\\\\"}");
  Labels u{{"smile", "\xf0\x9f\x99\x82"}};
  EXPECT_EQ(u.ToString(), "{smile=\"\xf0\x9f\x99\x82\"}");
}

TEST(LabelsTest, CopiesShareAndCompareEqual) {
  Labels a{{"a", "1"}, {"b", "2"}};
  Labels b = a;
  EXPECT_EQ(a, b);
  EXPECT_EQ(&*a.begin(), &*b.begin());  // Shared storage.
  Labels c{{"b", "2"}, {"a", "1"}};
  EXPECT_EQ(a, c);
  Labels d{{"a", "1"}, {"b", "3"}};
  EXPECT_NE(a, d);
  EXPECT_NE(a, Labels{});
}

TEST(LabelsTest, Ordering) {
  Labels a{{"a", "1"}};
  Labels b{{"a", "2"}};
  Labels ab{{"a", "1"}, {"b", "1"}};
  EXPECT_LT(a, b);
  EXPECT_LT(a, ab);
  EXPECT_LT(Labels{}, a);
  EXPECT_EQ((a <=> Labels{{"a", "1"}}), std::strong_ordering::equal);
}

TEST(LabelsTest, HashIsFingerprint) {
  Labels a{{"a", "1"}};
  EXPECT_EQ(std::hash<Labels>{}(a), 15256350014033025077ULL);
  std::unordered_set<Labels> set{a, Labels{{"a", "1"}}, Labels{{"a", "2"}}};
  EXPECT_EQ(set.size(), 2u);
}

TEST(LabelsTest, Merge) {
  Labels a{{"a", "1"}, {"b", "2"}};
  Labels b{{"b", "3"}, {"c", "4"}};
  EXPECT_EQ(a.Merge(b), (Labels{{"a", "1"}, {"b", "3"}, {"c", "4"}}));
  EXPECT_EQ(a.Merge(Labels{}), a);
  EXPECT_EQ(Labels{}.Merge(b), b);
}

TEST(LabelNameTest, Classic) {
  EXPECT_TRUE(IsValidLabelNameClassic("foo"));
  EXPECT_TRUE(IsValidLabelNameClassic("_foo1"));
  EXPECT_TRUE(IsValidLabelNameClassic("A_Z"));
  EXPECT_FALSE(IsValidLabelNameClassic(""));
  EXPECT_FALSE(IsValidLabelNameClassic("0foo"));
  EXPECT_FALSE(IsValidLabelNameClassic("foo-bar"));
  EXPECT_FALSE(IsValidLabelNameClassic("foo:bar"));
  EXPECT_FALSE(IsValidLabelNameClassic("foo\xf0\x9f\x99\x82"));
}

TEST(LabelNameTest, Utf8) {
  EXPECT_TRUE(IsValidLabelNameUtf8("foo"));
  EXPECT_TRUE(IsValidLabelNameUtf8("0foo"));
  EXPECT_TRUE(IsValidLabelNameUtf8("foo\xf0\x9f\x99\x82"));
  EXPECT_TRUE(IsValidLabelNameUtf8("with space"));
  EXPECT_FALSE(IsValidLabelNameUtf8(""));
  EXPECT_FALSE(IsValidLabelNameUtf8("\xff"));
  EXPECT_FALSE(IsValidLabelNameUtf8("\xf0\x9f"));
}

TEST(LabelValueTest, Utf8) {
  EXPECT_TRUE(IsValidLabelValue(""));
  EXPECT_TRUE(IsValidLabelValue("any thing \xf0\x9f\x99\x82"));
  EXPECT_FALSE(IsValidLabelValue("\xc0\x80"));      // Overlong.
  EXPECT_FALSE(IsValidLabelValue("\xed\xa0\x80"));  // Surrogate.
}

}  // namespace
}  // namespace tocsin::model
