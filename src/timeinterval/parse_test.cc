#include "timeinterval/parse.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace tocsin::timeinterval {
namespace {

using Ranges = std::vector<InclusiveRange>;

Result<std::vector<TimeInterval>> ParseList(const std::string& yaml,
                                            ParseErrorInfo* info = nullptr) {
  return ParseTimeIntervalList(YAML::Load(yaml), info);
}

Result<TimeInterval> ParseOne(const std::string& yaml,
                              ParseErrorInfo* info = nullptr) {
  return ParseTimeInterval(YAML::Load(yaml), info);
}

TEST(ParseTest, FullInterval) {
  Result<TimeInterval> ti = ParseOne(R"(
weekdays: ['monday:wednesday', 'saturday', 'SUNDAY']
times:
  - start_time: '13:00'
    end_time: '24:00'
days_of_month: ['1', '10', '20:-1', -7:-1]
years: ['2020:2023', 2030]
months: ['january:march', 'December', '5:6']
location: 'Europe/Berlin'
)");
  ASSERT_TRUE(ti.ok()) << ti.status();
  ASSERT_TRUE(ti->times.has_value());
  EXPECT_EQ(*ti->times, (std::vector<TimeRange>{{780, 1440}}));
  EXPECT_EQ(*ti->weekdays, (Ranges{{1, 3}, {6, 6}, {0, 0}}));
  EXPECT_EQ(*ti->days_of_month, (Ranges{{1, 1}, {10, 10}, {20, -1}, {-7, -1}}));
  EXPECT_EQ(*ti->years, (Ranges{{2020, 2023}, {2030, 2030}}));
  EXPECT_EQ(*ti->months, (Ranges{{1, 3}, {12, 12}, {5, 6}}));
  ASSERT_TRUE(ti->location.has_value());
  EXPECT_EQ(ti->location->name(), "Europe/Berlin");
  EXPECT_NE(ti->location->zone(), nullptr);
}

TEST(ParseTest, AbsentNullAndEmptyFields) {
  Result<TimeInterval> ti = ParseOne("weekdays: ~\nmonths: []\n");
  ASSERT_TRUE(ti.ok());
  EXPECT_FALSE(ti->weekdays.has_value());
  ASSERT_TRUE(ti->months.has_value());
  EXPECT_TRUE(ti->months->empty());
  EXPECT_FALSE(ti->times.has_value());

  Result<std::vector<TimeInterval>> list = ParseList("- ~\n- {}\n");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, (std::vector<TimeInterval>{TimeInterval{}, TimeInterval{}}));

  Result<std::vector<TimeInterval>> none = ParseList("~");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(ParseTest, NullRangeItemIsTheZeroRangeAsInYamlV2) {
  Result<TimeInterval> ti = ParseOne("weekdays: [~]\ntimes: [~]\n");
  ASSERT_TRUE(ti.ok()) << ti.status();
  EXPECT_EQ(*ti->weekdays, (Ranges{{0, 0}}));
  EXPECT_EQ(*ti->times, (std::vector<TimeRange>{{0, 0}}));
}

struct ErrorCase {
  std::string yaml;  // One interval map.
  std::string message;
};

TEST(ParseTest, ValueErrorsHaveUpstreamMessages) {
  const std::vector<ErrorCase> cases = {
      {"times: [{start_time: '01:99', end_time: '23:59'}]",
       "couldn't parse timestamp 01:99, invalid format"},
      {"times: [{start_time: '00:00', end_time: '99:99'}]",
       "couldn't parse timestamp 99:99, invalid format"},
      {"times: [{start_time: '9:00', end_time: '10:00'}]",
       "couldn't parse timestamp 9:00, invalid format"},
      {"times: [{start_time: '10:00', end_time: '10:00'}]",
       "start time cannot be equal or greater than end time"},
      {"times: [{start_time: '10:00'}]",
       "both start and end times must be provided"},
      {"weekdays: ['friday:monday']", "start day cannot be before end day"},
      {"weekdays: ['blurgsday:flurgsday']", "blurgsday is not a valid weekday"},
      {"weekdays: ['Blurgsday']", "blurgsday is not a valid weekday"},
      {"weekdays: ['1:3']", "1 is not a valid weekday"},
      {"weekdays: ['monday:tuesday:friday']",
       "couldn't parse range monday:tuesday:friday, invalid format"},
      {"days_of_month: ['0']",
       "0 is not a valid day of the month: out of range"},
      {"days_of_month: ['-50:-20']",
       "-50 is not a valid day of the month: out of range"},
      {"days_of_month: ['1:50']",
       "50 is not a valid day of the month: out of range"},
      {"days_of_month: ['-15:5']",
       "end day must be negative if start day is negative"},
      {"days_of_month: ['10:-25']",
       "end day -25 is always before start day 10"},
      {"days_of_month: ['first']",
       "strconv.Atoi: parsing \"first\": invalid syntax"},
      {"days_of_month: ['99999999999999999999']",
       "strconv.Atoi: parsing \"99999999999999999999\": value out of range"},
      {"months: ['martius:june']", "martius is not a valid month"},
      {"months: ['december:january']",
       "end month january is before start month december"},
      {"months: ['13:1']", "end month january is before start month "},
      {"years: ['2022:2020']", "end year 2020 is before start year 2022"},
      {"years: ['twenty']", "strconv.Atoi: parsing \"twenty\": invalid syntax"},
      {"location: 'Mars/Olympus_Mons'", "unknown time zone Mars/Olympus_Mons"},
      {"location: '../etc/passwd'", "time: invalid location name"},
      {"location: '/etc/localtime'", "time: invalid location name"},
  };
  for (const ErrorCase& c : cases) {
    ParseErrorInfo info;
    Result<TimeInterval> ti = ParseOne(c.yaml, &info);
    ASSERT_FALSE(ti.ok()) << c.yaml;
    EXPECT_EQ(ti.status(), InvalidArgumentError(c.message)) << c.yaml;
    EXPECT_EQ(info.kind, ParseErrorKind::kValue) << c.yaml;
  }
}

TEST(ParseTest, TypeErrorsHaveYamlV2Messages) {
  const std::vector<ErrorCase> cases = {
      {"weekday: ['monday']",
       "field weekday not found in type timeinterval.TimeInterval"},
      {"weekdays: monday",
       "cannot unmarshal !!str `monday` into []timeinterval.WeekdayRange"},
      {"days_of_month: {a: 1}",
       "cannot unmarshal !!map into []timeinterval.DayOfMonthRange"},
      {"months: 5",
       "cannot unmarshal !!int `5` into []timeinterval.MonthRange"},
      {"years: true",
       "cannot unmarshal !!bool `true` into []timeinterval.YearRange"},
      {"times: '09:00-17:00'",
       "cannot unmarshal !!str `09:00-1...` into []timeinterval.TimeRange"},
      {"times: ['09:00']",
       "cannot unmarshal !!str `09:00` into timeinterval.yamlTimeRange"},
      {"times: [{start: '09:00'}]",
       "field start not found in type timeinterval.yamlTimeRange"},
      {"times: [{start_time: [1], end_time: '10:00'}]",
       "cannot unmarshal !!seq into string"},
      {"weekdays: [[monday]]", "cannot unmarshal !!seq into string"},
      {"location: [UTC]", "cannot unmarshal !!seq into string"},
      {"months: [may]\nmonths: [june]",
       "field months already set in type timeinterval.TimeInterval"},
      {"- monday", "cannot unmarshal !!seq into timeinterval.TimeInterval"},
      {"weekdays: ['null']",
       "cannot unmarshal !!str `null` into timeinterval.WeekdayRange"},
      {"years: ['~']",
       "cannot unmarshal !!str `~` into timeinterval.YearRange"},
      {"times: ['null']",
       "cannot unmarshal !!str `null` into timeinterval.TimeRange"},
      {"location: 'null'",
       "cannot unmarshal !!str `null` into *timeinterval.Location"},
      {"weekdays: 'null'",
       "cannot unmarshal !!str `null` into []timeinterval.WeekdayRange"},
  };
  for (const ErrorCase& c : cases) {
    ParseErrorInfo info;
    Result<TimeInterval> ti = ParseOne(c.yaml, &info);
    ASSERT_FALSE(ti.ok()) << c.yaml;
    EXPECT_EQ(ti.status(), InvalidArgumentError(c.message)) << c.yaml;
    EXPECT_EQ(info.kind, ParseErrorKind::kType) << c.yaml;
  }
}

TEST(ParseTest, ValueErrorWinsOverEarlierTypeError) {
  ParseErrorInfo info;
  Result<TimeInterval> ti =
      ParseOne("bogus: 1\nweekdays: ['friday:monday']\n", &info);
  ASSERT_FALSE(ti.ok());
  EXPECT_EQ(ti.status().message(), "start day cannot be before end day");
  EXPECT_EQ(info.kind, ParseErrorKind::kValue);
  EXPECT_EQ(info.field_path, "weekdays[0]");
  EXPECT_EQ(info.mark.line, 1);
}

TEST(ParseTest, TypeErrorInsideTimeRangeSkipsItsValidation) {
  // yaml.v2 hands the inner type error back from TimeRange.UnmarshalYAML, so
  // the range is never validated; the first type error stays the answer.
  ParseErrorInfo info;
  Result<TimeInterval> ti =
      ParseOne("bogus: 1\ntimes: [{start_time: [1]}]\n", &info);
  ASSERT_FALSE(ti.ok());
  EXPECT_EQ(ti.status().message(),
            "field bogus not found in type timeinterval.TimeInterval");
  EXPECT_EQ(info.kind, ParseErrorKind::kType);
  EXPECT_EQ(info.mark.line, 0);
}

TEST(ParseTest, ErrorInfoLocatesTheNodeInAList) {
  ParseErrorInfo info;
  Result<std::vector<TimeInterval>> list = ParseList(R"(- weekdays: [monday]
- times:
    - start_time: '09:00'
      end_time: '17:00'
    - start_time: '18:00'
      end_time: '25:00'
)",
                                                     &info);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().message(),
            "couldn't parse timestamp 25:00, invalid format");
  EXPECT_EQ(info.field_path, "[1].times[1].end_time");
  EXPECT_EQ(info.mark.line, 5);  // 0-based.

  Result<std::vector<TimeInterval>> unknown =
      ParseList("- {}\n- wekdays: [monday]\n", &info);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(info.field_path, "[1]");
  EXPECT_EQ(info.mark.line, 1);
  EXPECT_EQ(info.kind, ParseErrorKind::kType);

  Result<std::vector<TimeInterval>> not_list = ParseList("weekdays: [monday]");
  ASSERT_FALSE(not_list.ok());
  EXPECT_EQ(not_list.status().message(),
            "cannot unmarshal !!map into []timeinterval.TimeInterval");
}

TEST(ParseTest, TimeRange) {
  Result<TimeRange> r = ParseTimeRange(
      YAML::Load("{'start_time': '00:00', 'end_time': '24:00'}"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (TimeRange{0, 1440}));
  EXPECT_FALSE(
      ParseTimeRange(YAML::Load("{start_time: '24:00', end_time: '17:41'}"))
          .ok());
  EXPECT_FALSE(
      ParseTimeRange(YAML::Load("{start_time: '12:30', end_time: '24:01'}"))
          .ok());
}

TEST(ParseTest, LocationNames) {
  Result<Location> utc = LoadLocation("UTC");
  ASSERT_TRUE(utc.ok());
  EXPECT_EQ(utc->name(), "UTC");
  EXPECT_EQ(utc->zone(), nullptr);
  Result<Location> empty = LoadLocation("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->name(), "UTC");
  Result<Location> local = LoadLocation("Local");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->name(), "Local");
  Result<Location> ny = LoadLocation("America/New_York");
  ASSERT_TRUE(ny.ok());
  EXPECT_EQ(ny->name(), "America/New_York");
  EXPECT_EQ(LoadLocation("america/new_york").status().message(),
            "unknown time zone america/new_york");
}

// Restores $TZ when it goes out of scope.
class ScopedTz {
 public:
  explicit ScopedTz(const char* value) {
    if (const char* old = std::getenv("TZ"); old != nullptr) old_ = old;
    if (value == nullptr) {
      unsetenv("TZ");
    } else {
      setenv("TZ", value, 1);
    }
  }
  ~ScopedTz() {
    if (old_.has_value()) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
  }

 private:
  std::optional<std::string> old_;
};

TEST(ParseTest, LocalFollowsTzLikeGo) {
  {
    ScopedTz tz("America/New_York");
    Result<Location> local = LoadLocation("Local");
    ASSERT_TRUE(local.ok());
    EXPECT_EQ(local->name(), "Local");
    ASSERT_NE(local->zone(), nullptr);
    EXPECT_EQ(local->zone()->name(), "America/New_York");
  }
  {
    ScopedTz tz(":/usr/share/zoneinfo/Europe/London");
    Result<Location> local = LoadLocation("Local");
    ASSERT_TRUE(local.ok());
    ASSERT_NE(local->zone(), nullptr);
    EXPECT_EQ(local->zone()->name(), "Europe/London");
  }
  for (const char* utc : {"", "UTC", "Not/A_Zone"}) {
    ScopedTz tz(utc);
    Result<Location> local = LoadLocation("Local");
    ASSERT_TRUE(local.ok());
    EXPECT_EQ(local->zone(), nullptr) << utc;
  }
}

TEST(ParseTest, ToYamlRoundTrips) {
  const std::string yaml = R"(
- weekdays: ['monday:friday', sunday]
  times:
    - {start_time: '09:05', end_time: '24:00'}
  days_of_month: ['1', '-7:-1']
  months: ['january:march', 'december']
  years: ['2020:2025']
  location: Australia/Sydney
- {}
- months: []
  weekdays: [~]
)";
  Result<std::vector<TimeInterval>> parsed = ParseList(yaml);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  YAML::Emitter out;
  out << ToYaml(*parsed);
  ASSERT_TRUE(out.good());
  Result<std::vector<TimeInterval>> again = ParseList(out.c_str());
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << out.c_str();
  EXPECT_EQ(*again, *parsed) << out.c_str();

  YAML::Node first = ToYaml((*parsed)[0]);
  EXPECT_EQ(first["weekdays"][0].as<std::string>(), "monday:friday");
  EXPECT_EQ(first["weekdays"][1].as<std::string>(), "sunday");
  EXPECT_EQ(first["times"][0]["start_time"].as<std::string>(), "09:05");
  EXPECT_EQ(first["times"][0]["end_time"].as<std::string>(), "24:00");
  EXPECT_EQ(first["days_of_month"][1].as<std::string>(), "-7:-1");
  EXPECT_EQ(first["months"][0].as<std::string>(), "1:3");
  EXPECT_EQ(first["months"][1].as<std::string>(), "12");
  EXPECT_EQ(first["location"].as<std::string>(), "Australia/Sydney");
  EXPECT_EQ(ToYaml((*parsed)[1]).size(), 0u);
}

}  // namespace
}  // namespace tocsin::timeinterval
