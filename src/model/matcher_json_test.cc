#include "model/matcher_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tocsin::model {
namespace {

Matcher Make(MatchType t, std::string name, std::string value) {
  Result<Matcher> m = Matcher::Create(t, std::move(name), std::move(value));
  EXPECT_TRUE(m.ok()) << m.status();
  return std::move(m).value();
}

TEST(MatcherJsonTest, MarshalEachType) {
  EXPECT_EQ(MarshalMatcherJson(Make(MatchType::kEqual, "foo", "bar")),
            R"({"name":"foo","value":"bar","isRegex":false,"isEqual":true})");
  EXPECT_EQ(MarshalMatcherJson(Make(MatchType::kNotEqual, "foo", "bar")),
            R"({"name":"foo","value":"bar","isRegex":false,"isEqual":false})");
  EXPECT_EQ(MarshalMatcherJson(Make(MatchType::kRegexMatch, "foo", "bar")),
            R"({"name":"foo","value":"bar","isRegex":true,"isEqual":true})");
  EXPECT_EQ(MarshalMatcherJson(Make(MatchType::kRegexNoMatch, "foo", "bar")),
            R"({"name":"foo","value":"bar","isRegex":true,"isEqual":false})");
}

TEST(MatcherJsonTest, MarshalEscapes) {
  EXPECT_EQ(
      MarshalMatcherJson(Make(MatchType::kEqual, "q", "a\"b\\c\n")),
      R"({"name":"q","value":"a\"b\\c\n","isRegex":false,"isEqual":true})");
}

TEST(MatcherJsonTest, UnmarshalDefaultsIsEqualToTrue) {
  Result<Matcher> m =
      UnmarshalMatcherJson(R"({"name":"foo","value":"bar","isRegex":false})");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(*m, Make(MatchType::kEqual, "foo", "bar"));
  Result<Matcher> re =
      UnmarshalMatcherJson(R"({"name":"foo","value":"b.*","isRegex":true})");
  ASSERT_TRUE(re.ok());
  EXPECT_EQ(re->type(), MatchType::kRegexMatch);
  EXPECT_TRUE(re->Matches("bar"));
}

TEST(MatcherJsonTest, UnmarshalEachType) {
  auto type_of = [](const char* json) {
    Result<Matcher> m = UnmarshalMatcherJson(json);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? m->type() : MatchType::kEqual;
  };
  EXPECT_EQ(
      type_of(R"({"name":"a","value":"b","isRegex":false,"isEqual":false})"),
      MatchType::kNotEqual);
  EXPECT_EQ(
      type_of(R"({"name":"a","value":"b","isRegex":true,"isEqual":false})"),
      MatchType::kRegexNoMatch);
  EXPECT_EQ(
      type_of(R"({"name":"a","value":"b","isRegex":true,"isEqual":true})"),
      MatchType::kRegexMatch);
}

TEST(MatcherJsonTest, UnmarshalLikeGo) {
  // Case-insensitive keys, unknown keys and nulls ignored, missing = "".
  Result<Matcher> m = UnmarshalMatcherJson(
      R"({"NAME":"foo","Value":"bar","isregex":null,"extra":1})");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(*m, Make(MatchType::kEqual, "foo", "bar"));
  Result<Matcher> empty = UnmarshalMatcherJson("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, Make(MatchType::kEqual, "", ""));
}

TEST(MatcherJsonTest, UnmarshalErrors) {
  Result<Matcher> wrong = UnmarshalMatcherJson(R"({"name":1})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(),
            "json: cannot unmarshal number into Go struct field "
            "apiV1Matcher.name of type string");
  Result<Matcher> flag = UnmarshalMatcherJson(R"({"isRegex":"yes"})");
  ASSERT_FALSE(flag.ok());
  EXPECT_EQ(flag.status().message(),
            "json: cannot unmarshal string into Go struct field "
            "apiV1Matcher.isRegex of type bool");
  Result<Matcher> arr = UnmarshalMatcherJson("[]");
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(arr.status().message(),
            "json: cannot unmarshal array into Go value of type "
            "labels.apiV1Matcher");
  Result<Matcher> bad = UnmarshalMatcherJson("{");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  Result<Matcher> re =
      UnmarshalMatcherJson(R"({"name":"a","value":"(","isRegex":true})");
  ASSERT_FALSE(re.ok());
  EXPECT_EQ(re.status().message(),
            "error parsing regexp: missing closing ): `^(?:()$`");
}

TEST(MatcherJsonTest, ToJsonObjectKeyOrder) {
  boost::json::object o = MatcherToJson(Make(MatchType::kEqual, "a", "b"));
  std::vector<std::string> keys;
  for (const auto& kv : o) keys.emplace_back(kv.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"name", "value", "isRegex", "isEqual"}));
}

}  // namespace
}  // namespace tocsin::model
