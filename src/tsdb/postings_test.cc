#include "tsdb/postings.h"

#include <random>
#include <set>

#include "gtest/gtest.h"

namespace tocsin::tsdb {
namespace {

model::Matcher M(model::MatchType t, std::string n, std::string v) {
  auto m = model::Matcher::Create(t, std::move(n), std::move(v));
  EXPECT_TRUE(m.ok()) << m.status();
  return *m;
}
constexpr auto kEq = model::MatchType::kEqual;
constexpr auto kNe = model::MatchType::kNotEqual;
constexpr auto kRe = model::MatchType::kRegexMatch;
constexpr auto kNre = model::MatchType::kRegexNoMatch;

TEST(PostingsOpsTest, IntersectMergeSubtract) {
  PostingsList a = {1, 3, 5, 7, 9};
  PostingsList b = {2, 3, 4, 5, 10};
  PostingsList c = {0, 5, 11};
  EXPECT_EQ(Intersect(a, b), (PostingsList{3, 5}));
  EXPECT_EQ(Intersect(a, {}), PostingsList{});
  EXPECT_EQ(Merge({&a, &b}), (PostingsList{1, 2, 3, 4, 5, 7, 9, 10}));
  EXPECT_EQ(Merge({&a, &b, &c}),
            (PostingsList{0, 1, 2, 3, 4, 5, 7, 9, 10, 11}));
  EXPECT_EQ(Merge({}), PostingsList{});
  EXPECT_EQ(Subtract(a, b), (PostingsList{1, 7, 9}));
  EXPECT_EQ(Subtract(a, {}), a);
}

TEST(PostingsOpsTest, RandomAgainstStdSet) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::set<SeriesRef>> sets(1 + rng() % 5);
    std::vector<PostingsList> lists;
    for (auto& s : sets) {
      size_t n = rng() % (round % 2 ? 2000 : 40);
      for (size_t i = 0; i < n; ++i) s.insert(rng() % 3000);
      lists.emplace_back(s.begin(), s.end());
    }
    std::set<SeriesRef> uni, inter = sets[0], diff = sets[0];
    std::vector<const PostingsList*> ptrs;
    for (size_t i = 0; i < sets.size(); ++i) {
      uni.insert(sets[i].begin(), sets[i].end());
      ptrs.push_back(&lists[i]);
    }
    EXPECT_EQ(Merge(ptrs), PostingsList(uni.begin(), uni.end()));
    if (sets.size() > 1) {
      std::set<SeriesRef> in2, d2;
      for (SeriesRef r : sets[0]) {
        if (sets[1].count(r)) {
          in2.insert(r);
        } else {
          d2.insert(r);
        }
      }
      EXPECT_EQ(Intersect(lists[0], lists[1]),
                PostingsList(in2.begin(), in2.end()));
      EXPECT_EQ(Intersect(lists[1], lists[0]),
                PostingsList(in2.begin(), in2.end()));
      EXPECT_EQ(Subtract(lists[0], lists[1]),
                PostingsList(d2.begin(), d2.end()));
    }
  }
}

class PostingsIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 1: up job=a      2: up job=b env=prod   3: up job=a env=dev
    // 4: down job=c env=""(absent)           5: down env=prod
    idx_.Add(1, model::Labels({{"__name__", "up"}, {"job", "a"}}));
    idx_.Add(
        2, model::Labels({{"__name__", "up"}, {"job", "b"}, {"env", "prod"}}));
    idx_.Add(3,
             model::Labels({{"__name__", "up"}, {"job", "a"}, {"env", "dev"}}));
    idx_.Add(4, model::Labels({{"__name__", "down"}, {"job", "c"}}));
    idx_.Add(5, model::Labels({{"__name__", "down"}, {"env", "prod"}}));
  }
  PostingsList Sel(std::vector<model::Matcher> ms) { return idx_.Select(ms); }
  PostingsIndex idx_;
};

TEST_F(PostingsIndexTest, EqualAndIntersection) {
  EXPECT_EQ(Sel({M(kEq, "__name__", "up")}), (PostingsList{1, 2, 3}));
  EXPECT_EQ(Sel({M(kEq, "__name__", "up"), M(kEq, "job", "a")}),
            (PostingsList{1, 3}));
  EXPECT_EQ(Sel({M(kEq, "job", "zzz")}), PostingsList{});
  EXPECT_EQ(Sel({}), (PostingsList{1, 2, 3, 4, 5}));
}

TEST_F(PostingsIndexTest, MatchersAcceptingEmptySelectAbsentLabel) {
  // env="" selects series without env.
  EXPECT_EQ(Sel({M(kEq, "env", "")}), (PostingsList{1, 4}));
  // env!="prod" includes series without env.
  EXPECT_EQ(Sel({M(kNe, "env", "prod")}), (PostingsList{1, 3, 4}));
  // env=~"dev|" : dev or absent.
  EXPECT_EQ(Sel({M(kRe, "env", "dev|")}), (PostingsList{1, 3, 4}));
  // env!~"d.*" : absent or not starting with d.
  EXPECT_EQ(Sel({M(kNre, "env", "d.*")}), (PostingsList{1, 2, 4, 5}));
  // env!="" : has env.
  EXPECT_EQ(Sel({M(kNe, "env", "")}), (PostingsList{2, 3, 5}));
  // env=~".+" : has env.
  EXPECT_EQ(Sel({M(kRe, "env", ".+")}), (PostingsList{2, 3, 5}));
  // Combined with a positive matcher.
  EXPECT_EQ(Sel({M(kEq, "__name__", "up"), M(kNe, "job", "a")}),
            (PostingsList{2}));
  EXPECT_EQ(Sel({M(kEq, "__name__", "down"), M(kEq, "job", "")}),
            (PostingsList{5}));
}

TEST_F(PostingsIndexTest, NegatedRegexNotMatchingEmpty) {
  // job!~"|a" rejects "" so it needs a job label other than a.
  EXPECT_EQ(Sel({M(kNre, "job", "|a")}), (PostingsList{2, 4}));
}

TEST_F(PostingsIndexTest, SelectAgreesWithMatchesAll) {
  std::vector<model::Labels> ls = {
      {},
      model::Labels({{"__name__", "up"}, {"job", "a"}}),
      model::Labels({{"__name__", "up"}, {"job", "b"}, {"env", "prod"}}),
      model::Labels({{"__name__", "up"}, {"job", "a"}, {"env", "dev"}}),
      model::Labels({{"__name__", "down"}, {"job", "c"}}),
      model::Labels({{"__name__", "down"}, {"env", "prod"}})};
  std::vector<model::Matcher> pool = {
      M(kEq, "job", "a"),    M(kNe, "job", "a"),       M(kRe, "job", "a|b"),
      M(kNre, "job", "a|b"), M(kEq, "env", ""),        M(kNe, "env", ""),
      M(kRe, "env", ".*"),   M(kNre, "env", ".*"),     M(kRe, "x", ".*"),
      M(kEq, "x", ""),       M(kEq, "__name__", "up"), M(kRe, "env", "p.*|")};
  for (size_t i = 0; i < pool.size(); ++i) {
    for (size_t j = 0; j < pool.size(); ++j) {
      model::Matchers ms = {pool[i], pool[j]};
      PostingsList want;
      for (SeriesRef r = 1; r <= 5; ++r) {
        if (model::MatchesAll(ms, ls[r])) want.push_back(r);
      }
      EXPECT_EQ(idx_.Select(ms), want) << model::MatchersToString(ms);
    }
  }
}

TEST_F(PostingsIndexTest, RemoveDropsEmptyValuesAndNames) {
  idx_.Remove(
      3, model::Labels({{"__name__", "up"}, {"job", "a"}, {"env", "dev"}}));
  EXPECT_EQ(idx_.LabelValues("env"), (std::vector<std::string>{"prod"}));
  EXPECT_EQ(idx_.Get("job", "a"), (PostingsList{1}));
  idx_.Remove(
      2, model::Labels({{"__name__", "up"}, {"job", "b"}, {"env", "prod"}}));
  idx_.Remove(5, model::Labels({{"__name__", "down"}, {"env", "prod"}}));
  EXPECT_EQ(idx_.LabelNames(), (std::vector<std::string>{"__name__", "job"}));
  EXPECT_EQ(idx_.All(), (PostingsList{1, 4}));
}

}  // namespace
}  // namespace tocsin::tsdb
