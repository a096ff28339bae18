#ifndef TOCSIN_TIMEINTERVAL_TIMEINTERVAL_H_
#define TOCSIN_TIMEINTERVAL_TIMEINTERVAL_H_

// Alertmanager's `time_intervals` (upstream package `timeinterval`): a set of
// calendar constraints (time of day, weekday, day of month, month, year),
// evaluated in an IANA time zone.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace date {
class time_zone;
}  // namespace date

namespace tocsin::timeinterval {

// Minutes since local midnight, [start_minute, end_minute): end exclusive.
// Parsed values satisfy 0 <= start < end <= 1440 (1440 = "24:00").
struct TimeRange {
  int start_minute = 0;
  int end_minute = 0;
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// Inclusive [begin, end]. Its meaning depends on the field holding it:
//   weekdays:      0 = sunday .. 6 = saturday
//   days_of_month: 1..31, or -31..-1 counted from the end of the month
//   months:        1 = january .. 12 = december (not range-checked, as
//   upstream) years:         calendar years (not range-checked, as upstream)
// 64-bit because upstream accepts any Go int.
struct InclusiveRange {
  int64_t begin = 0;
  int64_t end = 0;
  friend bool operator==(const InclusiveRange&,
                         const InclusiveRange&) = default;
};

// The zone an interval is evaluated in. Copyable value; the zone data is
// owned by the process-wide tz database (date/tz), which outlives it.
class Location {
 public:
  // UTC, named "UTC".
  Location() = default;
  // `zone` must come from date::locate_zone / current_zone (never null);
  // `name` is what the config said ("Local", "Europe/Berlin", ...).
  Location(std::string name, const date::time_zone* zone)
      : name_(std::move(name)), zone_(zone) {}

  // The name printed back into YAML ("UTC", "Local", or the IANA name).
  const std::string& name() const { return name_; }
  // Null for UTC.
  const date::time_zone* zone() const { return zone_; }

  friend bool operator==(const Location& a, const Location& b) {
    return a.name_ == b.name_ && a.zone_ == b.zone_;
  }

 private:
  std::string name_ = "UTC";
  const date::time_zone* zone_ = nullptr;
};

// One Alertmanager time interval. Each list field is optional, exactly as
// upstream's nil-vs-non-nil slices: std::nullopt (field absent or null) means
// "no constraint"; a present list matches when any of its ranges matches, so
// a present but empty list (`times: []`) matches nothing.
struct TimeInterval {
  std::optional<std::vector<TimeRange>> times;
  std::optional<std::vector<InclusiveRange>> weekdays;
  std::optional<std::vector<InclusiveRange>> days_of_month;
  std::optional<std::vector<InclusiveRange>> months;
  std::optional<std::vector<InclusiveRange>> years;
  // Without a location the instant is evaluated in UTC (Alertmanager always
  // passes now.UTC()).
  std::optional<Location> location;

  // True if instant `t` (truncated to the second) lies in this interval:
  // `t` is converted to `location` (DST included) and every present field
  // must match. days_of_month negatives are resolved against the length of
  // that month, then clamped to the month as upstream does; a resolved
  // begin after the month's last day never matches.
  // Pure function of its arguments; thread-safe.
  bool ContainsTime(std::chrono::system_clock::time_point t) const;

  friend bool operator==(const TimeInterval&, const TimeInterval&) = default;
};

}  // namespace tocsin::timeinterval

#endif  // TOCSIN_TIMEINTERVAL_TIMEINTERVAL_H_
