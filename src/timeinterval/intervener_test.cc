#include "timeinterval/intervener.h"

#include <date/date.h>
#include <gtest/gtest.h>

#include "timeinterval/parse.h"

namespace tocsin::timeinterval {
namespace {

using std::chrono::hours;
using std::chrono::system_clock;

system_clock::time_point Utc(int y, unsigned m, unsigned d, int h) {
  return date::sys_days{date::year{y} / m / d} + hours{h};
}

Intervener SydneyIntervener() {
  Result<Location> sydney = LoadLocation("Australia/Sydney");
  EXPECT_TRUE(sydney.ok());
  TimeInterval evenings;
  evenings.times = std::vector<TimeRange>{{0, 540}, {1020, 1440}};
  evenings.location = *sydney;
  TimeInterval weekends;
  weekends.weekdays = std::vector<InclusiveRange>{{6, 6}, {0, 0}};
  weekends.location = *sydney;
  return Intervener({{"evenings", {evenings}}, {"weekends", {weekends}}});
}

TEST(IntervenerTest, MutesOutsideWorkingHours) {
  Intervener iv = SydneyIntervener();
  // 2024-01-01 00:00 +11:00 (Monday).
  Result<MuteResult> r =
      iv.Mutes({"evenings", "weekends"}, Utc(2023, 12, 31, 13));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, (MuteResult{true, {"evenings"}}));
}

TEST(IntervenerTest, DoesNotMuteDuringWorkingHours) {
  Intervener iv = SydneyIntervener();
  Result<MuteResult> r =
      iv.Mutes({"evenings", "weekends"}, Utc(2023, 12, 31, 22));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (MuteResult{false, {}}));
}

TEST(IntervenerTest, ReportsEveryMatchingNameInOrder) {
  Intervener iv = SydneyIntervener();
  // 2024-01-06 10:00 UTC is Saturday 21:00 in Sydney.
  Result<MuteResult> r =
      iv.Mutes({"weekends", "evenings"}, Utc(2024, 1, 6, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (MuteResult{true, {"weekends", "evenings"}}));
}

TEST(IntervenerTest, NameListedOnceEvenIfSeveralIntervalsMatch) {
  TimeInterval all;
  Intervener iv({{"always", {all, all}}});
  Result<MuteResult> r = iv.Mutes({"always"}, Utc(2024, 1, 6, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (MuteResult{true, {"always"}}));
}

TEST(IntervenerTest, UnknownNameIsAnError) {
  Intervener iv = SydneyIntervener();
  Result<MuteResult> r =
      iv.Mutes({"evenings", "holidays"}, Utc(2024, 1, 6, 10));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(),
            NotFoundError("time interval holidays doesn't exist in config"));
}

TEST(IntervenerTest, NoNamesNeverMutes) {
  Intervener iv = SydneyIntervener();
  Result<MuteResult> r = iv.Mutes({}, Utc(2024, 1, 6, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (MuteResult{false, {}}));
}

}  // namespace
}  // namespace tocsin::timeinterval
