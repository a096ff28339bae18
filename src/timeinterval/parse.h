#ifndef TOCSIN_TIMEINTERVAL_PARSE_H_
#define TOCSIN_TIMEINTERVAL_PARSE_H_

// YAML <-> TimeInterval, with Alertmanager's validation and messages
// (upstream timeinterval.go UnmarshalYAML methods, decoded by yaml.v2 in
// strict mode as Alertmanager's config loader does).

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "timeinterval/timeinterval.h"

namespace tocsin::timeinterval {

// Which of yaml.v2's two error paths upstream takes for a problem.
enum class ParseErrorKind {
  // A validation error returned by an upstream UnmarshalYAML method
  // ("start day cannot be before end day", "unknown time zone X", ...).
  // yaml.v2 aborts decoding on it and prints it bare, without a line.
  kValue,
  // A yaml.v2 type error ("cannot unmarshal !!seq into string",
  // "field foo not found in type timeinterval.TimeInterval"). yaml.v2 keeps
  // decoding and reports these as "yaml: unmarshal errors:\n  line N: <msg>"
  // only if no kValue error occurs anywhere in the document.
  kType,
};

// Where a parse error sits, for callers that prefix "file:line: field:".
struct ParseErrorInfo {
  // Position of the offending node (yaml-cpp marks: 0-based line and
  // column); for an unknown or duplicate key, the key's position.
  YAML::Mark mark = YAML::Mark::null_mark();
  // Path relative to the node passed in: "times[0].start_time",
  // "weekdays[1]", "location"; ParseTimeIntervalList prefixes "[i]" (no dot),
  // e.g. "[2].months[0]". Empty when the node passed in is itself at fault.
  std::string field_path;
  ParseErrorKind kind = ParseErrorKind::kValue;
};

// Parses one time interval map (one entry of a `time_intervals:` list:
// keys times, weekdays, days_of_month, months, years, location).
// Success: the interval; a null or absent node gives the empty interval
// (contains every instant), as yaml.v2 does for a null list item.
// Failure: InvalidArgument whose message is exactly upstream's text for the
// problem (no prefix); when `error_info` is not null it is filled with the
// offending node's position, path and kind. If the node holds several
// problems, the first kValue error in document order is returned, else the
// first kType error, mirroring yaml.v2's precedence.
// Zone lookups use the system tz database (`location`); "Local" resolves to
// the process' zone at parse time. Thread-safe.
// Null items follow yaml.v2: a plain null list item (`weekdays: [~]`) is the
// zero range {0, 0} (sunday; a day/month/year 0 that never matches), a
// quoted "null" or "~" item is a kType error. Known divergence: yaml-cpp
// drops the spelling of plain nulls, so `Null`/`NULL` items read like `null`,
// where yaml.v2 would pass "" to the range parser and report its error.
// Never throws.
Result<TimeInterval> ParseTimeInterval(const YAML::Node& node,
                                       ParseErrorInfo* error_info = nullptr);

// Parses a sequence of time interval maps (the value of one
// `time_intervals[].time_intervals` key). Null or absent gives an empty list.
// Errors as ParseTimeInterval, with "[i]" prefixed to field_path.
Result<std::vector<TimeInterval>> ParseTimeIntervalList(
    const YAML::Node& seq, ParseErrorInfo* error_info = nullptr);

// Parses one `times` entry ({start_time: "HH:MM", end_time: "HH:MM"}).
// Errors as ParseTimeInterval ("couldn't parse timestamp 01:99, invalid
// format", "start time cannot be equal or greater than end time", ...).
Result<TimeRange> ParseTimeRange(const YAML::Node& node,
                                 ParseErrorInfo* error_info = nullptr);

// Resolves a location name as Go's time.LoadLocation: "" and "UTC" are UTC,
// "Local" the process' zone as Go's time.Local finds it ($TZ if set, else
// /etc/localtime, else UTC), anything else an IANA name of the system tz
// database. Errors (InvalidArgument): "unknown time zone <name>",
// "time: invalid location name".
Result<Location> LoadLocation(const std::string& name);

// "HH:MM" to minutes since midnight; "24:00" allowed. Error text as
// upstream: "couldn't parse timestamp <in>, invalid format".
Result<int> ParseClockTime(const std::string& in);

// Renders an interval as upstream marshals it: keys in the order times,
// weekdays, days_of_month, months, years, location; times as
// {start_time, end_time} "HH:MM"; weekdays as names ("monday:friday",
// "saturday"); days/months/years as numbers ("1:5", "-1"); location by name.
// Absent fields are omitted. Unlike upstream (omitempty), a present but empty
// list is written as [] so that loading the output again gives an equal
// interval. ParseTimeInterval(ToYaml(x)) == x for every parsed x.
YAML::Node ToYaml(const TimeInterval& interval);
YAML::Node ToYaml(const std::vector<TimeInterval>& intervals);

}  // namespace tocsin::timeinterval

#endif  // TOCSIN_TIMEINTERVAL_PARSE_H_
