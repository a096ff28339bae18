#include "timeinterval/timeinterval.h"

#include <date/date.h>
#include <date/tz.h>

namespace tocsin::timeinterval {
namespace {

// Wall-clock fields of an instant in some zone.
struct CivilTime {
  int64_t year;
  int month;    // 1..12
  int day;      // 1..31
  int weekday;  // 0 = sunday
  int minute_of_day;
  int days_in_month;
};

CivilTime ToCivil(std::chrono::system_clock::time_point t,
                  const date::time_zone* zone) {
  using std::chrono::floor;
  auto secs = floor<std::chrono::seconds>(t);
  // Local wall time as a count since the local epoch.
  std::chrono::seconds local = secs.time_since_epoch();
  if (zone != nullptr) {
    local = zone->to_local(secs).time_since_epoch();
  }
  auto days = floor<date::days>(local);
  date::sys_days day_point{days};
  date::year_month_day ymd{day_point};
  date::weekday wd{day_point};
  auto minute_of_day =
      std::chrono::duration_cast<std::chrono::minutes>(local - days).count();
  date::year_month_day_last last{ymd.year(), ymd.month() / date::last};
  return CivilTime{static_cast<int>(ymd.year()),
                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day())),
                   static_cast<int>(wd.c_encoding()),
                   static_cast<int>(minute_of_day),
                   static_cast<int>(static_cast<unsigned>(last.day()))};
}

int64_t Clamp(int64_t n, int64_t lo, int64_t hi) {
  if (n <= lo) return lo;
  if (n >= hi) return hi;
  return n;
}

bool InAnyRange(const std::vector<InclusiveRange>& ranges, int64_t v) {
  for (const InclusiveRange& r : ranges) {
    if (v >= r.begin && v <= r.end) return true;
  }
  return false;
}

}  // namespace

bool TimeInterval::ContainsTime(std::chrono::system_clock::time_point t) const {
  const CivilTime c =
      ToCivil(t, location.has_value() ? location->zone() : nullptr);
  if (times.has_value()) {
    bool in = false;
    for (const TimeRange& r : *times) {
      if (c.minute_of_day >= r.start_minute && c.minute_of_day < r.end_minute) {
        in = true;
        break;
      }
    }
    if (!in) return false;
  }
  if (days_of_month.has_value()) {
    bool in = false;
    const int64_t dim = c.days_in_month;
    for (const InclusiveRange& r : *days_of_month) {
      int64_t begin = r.begin < 0 ? dim + r.begin + 1 : r.begin;
      int64_t end = r.end < 0 ? dim + r.end + 1 : r.end;
      // A begin past the month's end never matches (no clamping then).
      if (begin > dim) continue;
      begin = Clamp(begin, -dim, dim);
      end = Clamp(end, -dim, dim);
      if (c.day >= begin && c.day <= end) {
        in = true;
        break;
      }
    }
    if (!in) return false;
  }
  if (months.has_value() && !InAnyRange(*months, c.month)) return false;
  if (weekdays.has_value() && !InAnyRange(*weekdays, c.weekday)) return false;
  if (years.has_value() && !InAnyRange(*years, c.year)) return false;
  return true;
}

}  // namespace tocsin::timeinterval
