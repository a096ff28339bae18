#include "alerts/validate.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tocsin::alerts {
namespace {

using model::Alert;
using model::Labels;
using model::MatcherParserMode;
using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kNow = model::Time(seconds(1704067200));

Alert Valid() {
  Alert a;
  a.labels = Labels{{"alertname", "A"}};
  a.starts_at = kNow;
  return a;
}

std::string Err(const Alert& a,
                MatcherParserMode mode = MatcherParserMode::kFallback) {
  Status st = ValidateAlert(a, mode);
  if (st.ok()) return "OK";
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  return st.message();
}

TEST(ValidateAlertTest, Valid) { EXPECT_EQ(Err(Valid()), "OK"); }

TEST(ValidateAlertTest, StartMissing) {
  Alert a = Valid();
  a.starts_at = model::kZeroTime;
  EXPECT_EQ(Err(a), "start time missing");
}

TEST(ValidateAlertTest, EndBeforeStart) {
  Alert a = Valid();
  a.ends_at = kNow - seconds(1);
  EXPECT_EQ(Err(a), "start time must be before end time");
  a.ends_at = kNow;  // Equal is fine.
  EXPECT_EQ(Err(a), "OK");
}

TEST(ValidateAlertTest, NoLabels) {
  Alert a = Valid();
  a.labels = Labels{};
  EXPECT_EQ(Err(a), "at least one label pair required");
}

TEST(ValidateAlertTest, LabelNamesByMode) {
  Alert a = Valid();
  a.labels = Labels{{"alertname", "A"}, {"foo.bar", "x"}};
  EXPECT_EQ(Err(a, MatcherParserMode::kFallback), "OK");
  EXPECT_EQ(Err(a, MatcherParserMode::kUtf8Strict), "OK");
  EXPECT_EQ(Err(a, MatcherParserMode::kClassic),
            "invalid label set: invalid name \"foo.bar\"");
  a.labels = Labels{{"alertname", "A"}, {"\xff", "x"}};
  EXPECT_EQ(Err(a), "invalid label set: invalid name \"\\xff\"");
  a.labels = Labels{{"alertname", "A"}, {"", "x"}};
  EXPECT_EQ(Err(a), "invalid label set: invalid name \"\"");
  EXPECT_EQ(Err(a, MatcherParserMode::kClassic),
            "invalid label set: invalid name \"\"");
  a.labels = Labels{{"alertname", "A"}, {"\xc3\xa9t\xc3\xa9", "\xe2\x82\xac"}};
  EXPECT_EQ(Err(a), "OK");
  EXPECT_EQ(Err(a, MatcherParserMode::kClassic),
            "invalid label set: invalid name \"\xc3\xa9t\xc3\xa9\"");
}

TEST(ValidateAlertTest, LabelValueUtf8) {
  Alert a = Valid();
  a.labels = Labels{{"alertname", "A\xc3"}};
  EXPECT_EQ(Err(a), "invalid label set: invalid value \"A\\xc3\"");
}

TEST(ValidateAlertTest, FirstBadLabelByName) {
  Alert a = Valid();
  a.labels = Labels{{"z-z", "1"}, {"a-a", "2"}};
  EXPECT_EQ(Err(a, MatcherParserMode::kClassic),
            "invalid label set: invalid name \"a-a\"");
}

TEST(ValidateAlertTest, Annotations) {
  Alert a = Valid();
  a.annotations = Labels{{"summary", "\xfe"}};
  EXPECT_EQ(Err(a), "invalid annotations: invalid value \"\\xfe\"");
  a.annotations = Labels{{"1abc", "x"}};
  EXPECT_EQ(Err(a, MatcherParserMode::kClassic),
            "invalid annotations: invalid name \"1abc\"");
  EXPECT_EQ(Err(a), "OK");
}

TEST(NormalizePostedAlertTest, DefaultsStartAndTimeoutEnd) {
  Alert a;
  a.labels = Labels{{"alertname", "A"}};
  Alert n = NormalizePostedAlert(a, kNow, minutes(5));
  EXPECT_EQ(n.updated_at, kNow);
  EXPECT_EQ(n.starts_at, kNow);
  EXPECT_EQ(n.ends_at, kNow + minutes(5));
  EXPECT_TRUE(n.timeout);
}

TEST(NormalizePostedAlertTest, StartDefaultsToEnd) {
  Alert a;
  a.labels = Labels{{"alertname", "A"}};
  a.ends_at = kNow - minutes(1);
  Alert n = NormalizePostedAlert(a, kNow, minutes(5));
  EXPECT_EQ(n.starts_at, kNow - minutes(1));
  EXPECT_EQ(n.ends_at, kNow - minutes(1));
  EXPECT_FALSE(n.timeout);
}

TEST(NormalizePostedAlertTest, KeepsGivenTimes) {
  Alert a;
  a.labels = Labels{{"alertname", "A"}};
  a.starts_at = kNow - minutes(10);
  a.ends_at = kNow + minutes(10);
  a.updated_at = kNow - minutes(99);
  Alert n = NormalizePostedAlert(a, kNow, minutes(5));
  EXPECT_EQ(n.starts_at, kNow - minutes(10));
  EXPECT_EQ(n.ends_at, kNow + minutes(10));
  EXPECT_EQ(n.updated_at, kNow);
  EXPECT_FALSE(n.timeout);
}

TEST(NormalizePostedAlertTest, DropsEmptyLabels) {
  Alert a;
  a.labels = Labels{{"alertname", "A"}, {"empty", ""}};
  EXPECT_EQ(NormalizePostedAlert(a, kNow, minutes(5)).labels,
            (Labels{{"alertname", "A"}}));
  a.labels = Labels{{"only", ""}};
  EXPECT_TRUE(NormalizePostedAlert(a, kNow, minutes(5)).labels.empty());
}

TEST(PrepareAlertsTest, BestEffortBatch) {
  std::vector<Alert> posted(4);
  posted[0].labels = Labels{{"alertname", "ok1"}};
  posted[1].labels = Labels{{"only", ""}};  // Empty after normalization.
  posted[2].labels = Labels{{"alertname", "ok2"}};
  posted[2].ends_at = kNow - minutes(1);  // Resolved.
  posted[3].labels = Labels{{"alertname", "bad"}};
  posted[3].starts_at = kNow;
  posted[3].ends_at = kNow - minutes(1);
  PreparedAlerts p =
      PrepareAlerts(posted, kNow, minutes(5), MatcherParserMode::kFallback);
  ASSERT_EQ(p.valid.size(), 2u);
  EXPECT_EQ(p.valid[0].name(), "ok1");
  EXPECT_EQ(p.valid[1].name(), "ok2");
  EXPECT_EQ(p.errors,
            (std::vector<std::string>{"at least one label pair required",
                                      "start time must be before end time"}));
  EXPECT_EQ(p.ErrorText(),
            "at least one label pair required; start time must be before "
            "end time");
  EXPECT_EQ(p.firing, 2u);
  EXPECT_EQ(p.resolved, 2u);
}

TEST(PrepareAlertsTest, AllValidHasNoErrorText) {
  std::vector<Alert> posted(1);
  posted[0].labels = Labels{{"alertname", "A"}};
  PreparedAlerts p =
      PrepareAlerts(posted, kNow, minutes(5), MatcherParserMode::kClassic);
  EXPECT_EQ(p.valid.size(), 1u);
  EXPECT_EQ(p.ErrorText(), "");
}

}  // namespace
}  // namespace tocsin::alerts
