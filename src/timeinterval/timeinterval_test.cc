#include "timeinterval/timeinterval.h"

#include <date/date.h>
#include <gtest/gtest.h>

#include <chrono>

#include "timeinterval/parse.h"

namespace tocsin::timeinterval {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::system_clock;

// UTC instant y-m-d h:mi.
system_clock::time_point Utc(int y, unsigned m, unsigned d, int h, int mi) {
  return date::sys_days{date::year{y} / m / d} + hours{h} + minutes{mi};
}

Location Zone(const std::string& name) {
  Result<Location> loc = LoadLocation(name);
  EXPECT_TRUE(loc.ok()) << loc.status();
  return loc.ok() ? *loc : Location();
}

TEST(ContainsTimeTest, EmptyIntervalContainsEverything) {
  TimeInterval ti;
  EXPECT_TRUE(ti.ContainsTime(Utc(2006, 1, 2, 15, 4)));
  EXPECT_TRUE(ti.ContainsTime(Utc(1969, 12, 31, 23, 59)));
}

TEST(ContainsTimeTest, BusinessHoursEndExclusive) {
  TimeInterval ti;
  ti.times = std::vector<TimeRange>{{540, 1020}};
  ti.weekdays = std::vector<InclusiveRange>{{1, 5}};
  EXPECT_TRUE(ti.ContainsTime(Utc(2020, 5, 4, 9, 0)));  // Monday.
  EXPECT_TRUE(ti.ContainsTime(Utc(2020, 5, 4, 16, 59)));
  EXPECT_FALSE(ti.ContainsTime(Utc(2020, 5, 4, 17, 0)));  // End exclusive.
  EXPECT_FALSE(ti.ContainsTime(Utc(2020, 5, 4, 8, 59)));
  EXPECT_FALSE(ti.ContainsTime(Utc(2020, 5, 3, 12, 0)));  // Sunday.
  EXPECT_FALSE(ti.ContainsTime(Utc(2020, 5, 9, 12, 0)));  // Saturday.
}

TEST(ContainsTimeTest, EndOfDayAndSubSecondTruncation) {
  TimeInterval ti;
  ti.times = std::vector<TimeRange>{{1380, 1440}};
  EXPECT_TRUE(ti.ContainsTime(Utc(2020, 1, 1, 23, 59) + seconds{59} +
                              std::chrono::milliseconds{999}));
  EXPECT_FALSE(ti.ContainsTime(Utc(2020, 1, 2, 0, 0)));
  // Before the Unix epoch the wall clock still floors correctly.
  EXPECT_TRUE(ti.ContainsTime(Utc(1969, 12, 31, 23, 59) + seconds{30}));
}

TEST(ContainsTimeTest, PresentButEmptyListMatchesNothing) {
  TimeInterval ti;
  ti.weekdays = std::vector<InclusiveRange>{};
  EXPECT_FALSE(ti.ContainsTime(Utc(2020, 5, 4, 9, 0)));
}

TEST(ContainsTimeTest, NegativeDaysOfMonthInLeapAndCommonFebruary) {
  TimeInterval last_day;
  last_day.days_of_month = std::vector<InclusiveRange>{{-1, -1}};
  EXPECT_TRUE(last_day.ContainsTime(Utc(2020, 2, 29, 12, 0)));
  EXPECT_FALSE(last_day.ContainsTime(Utc(2020, 2, 28, 12, 0)));
  EXPECT_TRUE(last_day.ContainsTime(Utc(2021, 2, 28, 12, 0)));
  EXPECT_TRUE(last_day.ContainsTime(Utc(2021, 4, 30, 0, 0)));
  EXPECT_FALSE(last_day.ContainsTime(Utc(2021, 5, 30, 0, 0)));

  TimeInterval last_three;
  last_three.days_of_month = std::vector<InclusiveRange>{{-3, -1}};
  EXPECT_TRUE(last_three.ContainsTime(Utc(2020, 2, 27, 0, 0)));
  EXPECT_FALSE(last_three.ContainsTime(Utc(2020, 2, 26, 23, 59)));
  EXPECT_TRUE(last_three.ContainsTime(Utc(2021, 2, 26, 0, 0)));
  EXPECT_FALSE(last_three.ContainsTime(Utc(2021, 3, 1, 0, 0)));
}

TEST(ContainsTimeTest, DaysPastTheMonthEndAreClampedOrSkipped) {
  TimeInterval late;
  late.days_of_month = std::vector<InclusiveRange>{{30, 31}};
  EXPECT_FALSE(late.ContainsTime(Utc(2021, 2, 28, 13, 0)));
  EXPECT_FALSE(late.ContainsTime(Utc(2020, 2, 29, 13, 0)));
  EXPECT_TRUE(late.ContainsTime(Utc(2021, 4, 30, 13, 0)));

  TimeInterval clamped;
  clamped.days_of_month = std::vector<InclusiveRange>{{28, 31}};
  EXPECT_TRUE(clamped.ContainsTime(Utc(2021, 2, 28, 13, 0)));

  TimeInterval whole;
  whole.days_of_month = std::vector<InclusiveRange>{{-31, 31}};
  whole.months = std::vector<InclusiveRange>{{6, 6}};
  EXPECT_TRUE(whole.ContainsTime(Utc(2020, 6, 1, 0, 0)));
  EXPECT_TRUE(whole.ContainsTime(Utc(2020, 6, 30, 0, 0)));
  EXPECT_FALSE(whole.ContainsTime(Utc(2020, 5, 31, 0, 0)));
}

TEST(ContainsTimeTest, YearsAndMonths) {
  TimeInterval ti;
  ti.years = std::vector<InclusiveRange>{{2020, 2025}, {2030, 2035}};
  ti.months = std::vector<InclusiveRange>{{1, 3}};
  EXPECT_TRUE(ti.ContainsTime(Utc(2025, 3, 31, 23, 59)));
  EXPECT_FALSE(ti.ContainsTime(Utc(2025, 4, 1, 0, 0)));
  EXPECT_FALSE(ti.ContainsTime(Utc(2026, 1, 1, 0, 0)));
  EXPECT_TRUE(ti.ContainsTime(Utc(2030, 1, 1, 0, 0)));
}

TEST(ContainsTimeTest, NewYorkSpringForward) {
  // 2021-03-14: clocks jump from 02:00 EST to 03:00 EDT (07:00 UTC).
  TimeInterval skipped_hour;
  skipped_hour.times = std::vector<TimeRange>{{120, 180}};
  skipped_hour.location = Zone("America/New_York");
  EXPECT_FALSE(skipped_hour.ContainsTime(Utc(2021, 3, 14, 6, 59)));  // 01:59
  EXPECT_FALSE(skipped_hour.ContainsTime(Utc(2021, 3, 14, 7, 0)));   // 03:00
  EXPECT_TRUE(skipped_hour.ContainsTime(Utc(2021, 3, 15, 6, 30)));   // 02:30

  TimeInterval after;
  after.times = std::vector<TimeRange>{{180, 240}};
  after.location = skipped_hour.location;
  EXPECT_TRUE(after.ContainsTime(Utc(2021, 3, 14, 7, 0)));   // 03:00 EDT
  EXPECT_FALSE(after.ContainsTime(Utc(2021, 3, 13, 7, 0)));  // 02:00 EST

  // Last day of March in New York, the month containing the transition.
  TimeInterval last_day;
  last_day.days_of_month = std::vector<InclusiveRange>{{-1, -1}};
  last_day.location = skipped_hour.location;
  EXPECT_TRUE(last_day.ContainsTime(Utc(2021, 3, 31, 16, 0)));
  EXPECT_FALSE(last_day.ContainsTime(Utc(2021, 3, 30, 16, 0)));
  // 2021-04-01 02:00 UTC is still March 31 in New York.
  EXPECT_TRUE(last_day.ContainsTime(Utc(2021, 4, 1, 2, 0)));
}

TEST(ContainsTimeTest, LondonFallBackRepeatsAnHour) {
  // 2021-10-31: 02:00 BST becomes 01:00 GMT, so 01:xx happens twice.
  TimeInterval one_am;
  one_am.times = std::vector<TimeRange>{{60, 120}};
  one_am.location = Zone("Europe/London");
  EXPECT_TRUE(one_am.ContainsTime(Utc(2021, 10, 31, 0, 30)));   // 01:30 BST
  EXPECT_TRUE(one_am.ContainsTime(Utc(2021, 10, 31, 1, 30)));   // 01:30 GMT
  EXPECT_FALSE(one_am.ContainsTime(Utc(2021, 10, 31, 2, 0)));   // 02:00 GMT
  EXPECT_FALSE(one_am.ContainsTime(Utc(2021, 10, 30, 1, 30)));  // 02:30 BST
}

TEST(ContainsTimeTest, SydneyWeekdayShiftsAcrossUtcDate) {
  TimeInterval ti;
  ti.times = std::vector<TimeRange>{{540, 1020}};
  ti.weekdays = std::vector<InclusiveRange>{{1, 5}};
  ti.months = std::vector<InclusiveRange>{{11, 11}};
  ti.location = Zone("Australia/Sydney");
  // Sunday 31 Oct 22:00 UTC is Monday 1 Nov 09:00 AEDT.
  EXPECT_TRUE(ti.ContainsTime(Utc(2021, 10, 31, 22, 0)));
  EXPECT_FALSE(ti.ContainsTime(Utc(2021, 10, 31, 21, 0)));
}

}  // namespace
}  // namespace tocsin::timeinterval
