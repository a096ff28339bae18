#include "timeinterval/parse.h"

#include <date/tz.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include "base/strings.h"

namespace tocsin::timeinterval {
namespace {

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "sunday",   "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// One error found while decoding, with where it sits.
struct Error {
  std::string message;
  ParseErrorInfo info;
};

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsPlainNull(std::string_view v) {
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

bool IsPlainBool(std::string_view v) {
  static constexpr std::array<std::string_view, 22> kBools = {
      "y",    "Y",    "yes",  "Yes",   "YES",   "on",   "On", "ON",
      "true", "True", "TRUE", "n",     "N",     "no",   "No", "NO",
      "off",  "Off",  "OFF",  "false", "False", "FALSE"};
  for (std::string_view b : kBools) {
    if (v == b) return true;
  }
  return false;
}

// Rough yaml.v2 int resolution: optional sign, then decimal, 0x, 0o, 0b or
// leading-0 octal digits, underscores allowed.
bool IsPlainInt(std::string_view v) {
  std::string s;
  for (char c : v) {
    if (c != '_') s.push_back(c);
  }
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size()) return false;
  auto all = [&](size_t from, auto pred) {
    if (from >= s.size()) return false;
    for (size_t k = from; k < s.size(); ++k) {
      if (!pred(s[k])) return false;
    }
    return true;
  };
  if (s.size() - i > 2 && s[i] == '0') {
    char p = s[i + 1];
    if (p == 'x' || p == 'X') {
      return all(i + 2, [](char c) { return std::isxdigit(c) != 0; });
    }
    if (p == 'o' || p == 'O') {
      return all(i + 2, [](char c) { return c >= '0' && c <= '7'; });
    }
    if (p == 'b' || p == 'B') {
      return all(i + 2, [](char c) { return c == '0' || c == '1'; });
    }
  }
  return all(i, [](char c) { return std::isdigit(c) != 0; });
}

bool IsPlainFloat(std::string_view v) {
  static constexpr std::array<std::string_view, 12> kSpecial = {
      ".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF",
      "-.inf", "-.Inf", "-.INF", ".nan",  ".NaN",  ".NAN"};
  for (std::string_view s : kSpecial) {
    if (v == s) return true;
  }
  std::string s(v);
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  // strtod also takes hex floats, "inf" and "nan"; Go's ParseFloat takes
  // hex floats and "inf"/"nan" too, close enough for an error message.
  return true;
}

// yaml.v2's short tag of a node ("!!str", "!!int", "!!seq", ...).
std::string ShortTag(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  static constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
  if (tag.rfind(kPrefix, 0) == 0) {
    return "!!" + tag.substr(kPrefix.size());
  }
  if (tag != "?" && tag != "!" && !tag.empty()) return tag;
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "!!seq";
    case YAML::NodeType::Map:
      return "!!map";
    case YAML::NodeType::Null:
      return "!!null";
    default:
      break;
  }
  if (tag == "!") return "!!str";  // Quoted scalar.
  const std::string& v = node.Scalar();
  if (IsPlainNull(v)) return "!!null";
  if (IsPlainBool(v)) return "!!bool";
  if (IsPlainInt(v)) return "!!int";
  if (IsPlainFloat(v)) return "!!float";
  return "!!str";
}

// yaml.v2's "cannot unmarshal <tag>[ `value`] into <go_type>".
std::string CannotUnmarshal(const YAML::Node& node, std::string_view go_type) {
  std::string tag = ShortTag(node);
  std::string msg = "cannot unmarshal " + tag;
  if (tag != "!!seq" && tag != "!!map") {
    std::string value = node.IsScalar() ? node.Scalar() : "";
    if (value.size() > 10) value = value.substr(0, 7) + "...";
    msg += " `" + value + "`";
  }
  msg += " into ";
  msg += go_type;
  return msg;
}

// True for a quoted "null" or "~". yaml.v2 takes these for null before it
// would call a type's UnmarshalYAML, then fails to store the string in the
// struct: a type error instead of a value.
bool IsQuotedNullWord(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "!" &&
         (node.Scalar() == "null" || node.Scalar() == "~");
}

// Go's strconv.Atoi for a 64-bit int, with its error text.
Result<int64_t> GoAtoi(std::string_view s) {
  auto syntax = [&] {
    return InvalidArgumentError("strconv.Atoi: parsing " + GoQuote(s) +
                                ": invalid syntax");
  };
  if (s.empty()) return syntax();
  size_t i = 0;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    i = 1;
    if (s.size() == 1) return syntax();
  }
  // Accumulate as a negative number so INT64_MIN fits.
  int64_t n = 0;
  bool overflow = false;
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return syntax();
    int d = c - '0';
    if (!overflow) {
      if (n < (kMin + d) / 10) {
        overflow = true;
      } else {
        n = n * 10 - d;
      }
    }
  }
  if (overflow || (!neg && n == kMin)) {
    return InvalidArgumentError("strconv.Atoi: parsing " + GoQuote(s) +
                                ": value out of range");
  }
  return neg ? n : -n;
}

enum class RangeKind { kWeekday, kDayOfMonth, kMonth, kYear };

Result<int64_t> MemberFromString(RangeKind kind, const std::string& in) {
  switch (kind) {
    case RangeKind::kWeekday:
      for (size_t i = 0; i < kWeekdayNames.size(); ++i) {
        if (in == kWeekdayNames[i]) return static_cast<int64_t>(i);
      }
      return InvalidArgumentError(in + " is not a valid weekday");
    case RangeKind::kMonth: {
      for (size_t i = 0; i < kMonthNames.size(); ++i) {
        if (in == kMonthNames[i]) return static_cast<int64_t>(i + 1);
      }
      Result<int64_t> n = GoAtoi(in);
      if (!n.ok()) return InvalidArgumentError(in + " is not a valid month");
      return n;
    }
    case RangeKind::kDayOfMonth:
    case RangeKind::kYear:
      return GoAtoi(in);
  }
  return InternalError("unknown range kind");
}

// Upstream stringableRangeFromString: lower-cases, then "a:b" or "a".
Result<InclusiveRange> RangeFromString(RangeKind kind, std::string_view raw) {
  std::string in = ToLowerAscii(raw);
  if (in.find(':') != std::string::npos) {
    std::vector<std::string> parts = StrSplit(in, ':');
    if (parts.size() != 2) {
      return InvalidArgumentError("couldn't parse range " + in +
                                  ", invalid format");
    }
    ASSIGN_OR_RETURN(int64_t begin, MemberFromString(kind, parts[0]));
    ASSIGN_OR_RETURN(int64_t end, MemberFromString(kind, parts[1]));
    return InclusiveRange{begin, end};
  }
  ASSIGN_OR_RETURN(int64_t v, MemberFromString(kind, in));
  return InclusiveRange{v, v};
}

std::string MonthName(int64_t m) {
  if (m >= 1 && m <= 12) return std::string(kMonthNames[m - 1]);
  return "";
}

// The per-field validation of upstream's UnmarshalYAML methods.
Status ValidateRange(RangeKind kind, const InclusiveRange& r,
                     std::string_view raw) {
  switch (kind) {
    case RangeKind::kWeekday:
      if (r.begin > r.end) {
        return InvalidArgumentError("start day cannot be before end day");
      }
      if (r.begin < 0 || r.begin > 6 || r.end < 0 || r.end > 6) {
        return InvalidArgumentError(std::string(raw) +
                                    " is not a valid day of the week: out of "
                                    "range");
      }
      return Status::Ok();
    case RangeKind::kDayOfMonth: {
      auto bad = [](int64_t d) { return d == 0 || d < -31 || d > 31; };
      if (bad(r.begin)) {
        return InvalidArgumentError(std::to_string(r.begin) +
                                    " is not a valid day of the month: out of "
                                    "range");
      }
      if (bad(r.end)) {
        return InvalidArgumentError(std::to_string(r.end) +
                                    " is not a valid day of the month: out of "
                                    "range");
      }
      if (r.begin < 0 && r.end > 0) {
        return InvalidArgumentError(
            "end day must be negative if start day is negative");
      }
      // Shortest month (28 days) decides whether begin is always after end.
      int64_t check_begin = r.begin < 0 ? 28 + r.begin : r.begin;
      int64_t check_end = r.end < 0 ? 28 + r.end : r.end;
      if (check_begin > check_end) {
        return InvalidArgumentError("end day " + std::to_string(r.end) +
                                    " is always before start day " +
                                    std::to_string(r.begin));
      }
      return Status::Ok();
    }
    case RangeKind::kMonth:
      if (r.begin > r.end) {
        return InvalidArgumentError("end month " + MonthName(r.end) +
                                    " is before start month " +
                                    MonthName(r.begin));
      }
      return Status::Ok();
    case RangeKind::kYear:
      if (r.begin > r.end) {
        return InvalidArgumentError("end year " + std::to_string(r.end) +
                                    " is before start year " +
                                    std::to_string(r.begin));
      }
      return Status::Ok();
  }
  return Status::Ok();
}

// Go type name of one list item ("timeinterval.WeekdayRange").
std::string_view RangeGoType(RangeKind kind) {
  switch (kind) {
    case RangeKind::kWeekday:
      return "timeinterval.WeekdayRange";
    case RangeKind::kDayOfMonth:
      return "timeinterval.DayOfMonthRange";
    case RangeKind::kMonth:
      return "timeinterval.MonthRange";
    case RangeKind::kYear:
      return "timeinterval.YearRange";
  }
  return "";
}

std::string JoinField(std::string_view parent, std::string_view child) {
  if (parent.empty()) return std::string(child);
  if (!child.empty() && child[0] == '[')
    return std::string(parent) + std::string(child);
  return std::string(parent) + "." + std::string(child);
}

std::string Indexed(std::string_view parent, size_t i) {
  return std::string(parent) + "[" + std::to_string(i) + "]";
}

// Decodes with yaml.v2's error precedence: the first value error aborts;
// type errors are remembered (the first one) and decoding goes on.
class Decoder {
 public:
  // The error to report, if any: a value error, else the first type error.
  const std::optional<Error>& error() const { return error_; }
  bool aborted() const {
    return error_.has_value() && error_->info.kind == ParseErrorKind::kValue;
  }

  void ValueError(const YAML::Node& node, std::string path,
                  std::string message) {
    if (aborted()) return;
    error_ = Error{
        std::move(message),
        ParseErrorInfo{Mark(node), std::move(path), ParseErrorKind::kValue}};
  }
  void TypeError(YAML::Mark mark, std::string path, std::string message) {
    ++type_errors_;
    if (error_.has_value()) return;
    error_ = Error{std::move(message), ParseErrorInfo{mark, std::move(path),
                                                      ParseErrorKind::kType}};
  }

  // yaml.v2 unmarshal into a Go string: null gives "", any scalar its text.
  // Returns nullopt (after recording a type error) for a sequence or map.
  std::optional<std::string> String(const YAML::Node& node,
                                    const std::string& path) {
    if (!node.IsDefined() || node.IsNull()) return std::string();
    if (node.IsScalar()) return node.Scalar();
    TypeError(Mark(node), path, CannotUnmarshal(node, "string"));
    return std::nullopt;
  }

  std::optional<TimeRange> Range(const YAML::Node& node,
                                 const std::string& path) {
    if (!node.IsDefined() || node.IsNull()) return TimeRange{};
    if (!node.IsMap()) {
      TypeError(Mark(node), path,
                CannotUnmarshal(node, "timeinterval.yamlTimeRange"));
      return std::nullopt;
    }
    const int before = type_errors_;
    std::string start, end;
    bool seen_start = false, seen_end = false;
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      std::string* dst = nullptr;
      bool* seen = nullptr;
      if (key == "start_time") {
        dst = &start;
        seen = &seen_start;
      } else if (key == "end_time") {
        dst = &end;
        seen = &seen_end;
      }
      if (dst == nullptr) {
        TypeError(
            Mark(kv.first), path,
            "field " + key + " not found in type timeinterval.yamlTimeRange");
        continue;
      }
      if (*seen) {
        TypeError(
            Mark(kv.first), path,
            "field " + key + " already set in type timeinterval.yamlTimeRange");
        continue;
      }
      *seen = true;
      std::optional<std::string> v = String(kv.second, JoinField(path, key));
      if (v.has_value()) *dst = std::move(*v);
    }
    if (type_errors_ != before) return std::nullopt;
    if (start.empty() || end.empty()) {
      ValueError(node, path, "both start and end times must be provided");
      return std::nullopt;
    }
    Result<int> s = ParseClockTime(start);
    if (!s.ok()) {
      ValueError(node[std::string("start_time")], JoinField(path, "start_time"),
                 s.status().message());
      return std::nullopt;
    }
    Result<int> e = ParseClockTime(end);
    if (!e.ok()) {
      ValueError(node[std::string("end_time")], JoinField(path, "end_time"),
                 e.status().message());
      return std::nullopt;
    }
    if (*s >= *e) {
      ValueError(node, path,
                 "start time cannot be equal or greater than end time");
      return std::nullopt;
    }
    return TimeRange{*s, *e};
  }

  std::optional<std::vector<TimeRange>> Times(const YAML::Node& node,
                                              const std::string& path) {
    if (node.IsNull()) return std::nullopt;
    if (!node.IsSequence()) {
      TypeError(Mark(node), path,
                CannotUnmarshal(node, "[]timeinterval.TimeRange"));
      return std::nullopt;
    }
    std::vector<TimeRange> out;
    for (size_t i = 0; i < node.size() && !aborted(); ++i) {
      if (IsQuotedNullWord(node[i])) {
        TypeError(Mark(node[i]), Indexed(path, i),
                  CannotUnmarshal(node[i], "timeinterval.TimeRange"));
        continue;
      }
      std::optional<TimeRange> r = Range(node[i], Indexed(path, i));
      if (r.has_value()) out.push_back(*r);
    }
    return out;
  }

  std::optional<std::vector<InclusiveRange>> Ranges(RangeKind kind,
                                                    const YAML::Node& node,
                                                    const std::string& path) {
    if (node.IsNull()) return std::nullopt;
    if (!node.IsSequence()) {
      TypeError(Mark(node), path,
                CannotUnmarshal(node, "[]" + std::string(RangeGoType(kind))));
      return std::nullopt;
    }
    std::vector<InclusiveRange> out;
    for (size_t i = 0; i < node.size() && !aborted(); ++i) {
      const YAML::Node item = node[i];
      const std::string item_path = Indexed(path, i);
      // yaml.v2 does not call UnmarshalYAML for a null item: zero value.
      if (item.IsNull()) {
        out.push_back(InclusiveRange{});
        continue;
      }
      if (IsQuotedNullWord(item)) {
        TypeError(Mark(item), item_path,
                  CannotUnmarshal(item, RangeGoType(kind)));
        continue;
      }
      std::optional<std::string> raw = String(item, item_path);
      if (!raw.has_value()) continue;
      Result<InclusiveRange> r = RangeFromString(kind, *raw);
      if (!r.ok()) {
        ValueError(item, item_path, r.status().message());
        break;
      }
      Status valid = ValidateRange(kind, *r, *raw);
      if (!valid.ok()) {
        ValueError(item, item_path, valid.message());
        break;
      }
      out.push_back(*r);
    }
    return out;
  }

  std::optional<Location> Loc(const YAML::Node& node, const std::string& path) {
    if (node.IsNull()) return std::nullopt;
    if (IsQuotedNullWord(node)) {
      TypeError(Mark(node), path,
                CannotUnmarshal(node, "*timeinterval.Location"));
      return std::nullopt;
    }
    std::optional<std::string> name = String(node, path);
    if (!name.has_value()) return std::nullopt;
    Result<Location> loc = LoadLocation(*name);
    if (!loc.ok()) {
      ValueError(node, path, loc.status().message());
      return std::nullopt;
    }
    return *loc;
  }

  TimeInterval Interval(const YAML::Node& node, const std::string& path) {
    TimeInterval out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsMap()) {
      TypeError(Mark(node), path,
                CannotUnmarshal(node, "timeinterval.TimeInterval"));
      return out;
    }
    std::vector<std::string> seen;
    for (const auto& kv : node) {
      if (aborted()) break;
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const std::string field = JoinField(path, key);
      bool known = key == "times" || key == "weekdays" ||
                   key == "days_of_month" || key == "months" ||
                   key == "years" || key == "location";
      if (!known) {
        TypeError(
            Mark(kv.first), path,
            "field " + key + " not found in type timeinterval.TimeInterval");
        continue;
      }
      bool dup = false;
      for (const std::string& s : seen) dup = dup || s == key;
      if (dup) {
        TypeError(
            Mark(kv.first), path,
            "field " + key + " already set in type timeinterval.TimeInterval");
        continue;
      }
      seen.push_back(key);
      const YAML::Node& v = kv.second;
      if (key == "times") {
        out.times = Times(v, field);
      } else if (key == "weekdays") {
        out.weekdays = Ranges(RangeKind::kWeekday, v, field);
      } else if (key == "days_of_month") {
        out.days_of_month = Ranges(RangeKind::kDayOfMonth, v, field);
      } else if (key == "months") {
        out.months = Ranges(RangeKind::kMonth, v, field);
      } else if (key == "years") {
        out.years = Ranges(RangeKind::kYear, v, field);
      } else {
        out.location = Loc(v, field);
      }
    }
    return out;
  }

  std::vector<TimeInterval> List(const YAML::Node& node) {
    std::vector<TimeInterval> out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsSequence()) {
      TypeError(Mark(node), "",
                CannotUnmarshal(node, "[]timeinterval.TimeInterval"));
      return out;
    }
    for (size_t i = 0; i < node.size() && !aborted(); ++i) {
      out.push_back(Interval(node[i], Indexed("", i)));
    }
    return out;
  }

 private:
  static YAML::Mark Mark(const YAML::Node& node) {
    return node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
  }

  std::optional<Error> error_;
  int type_errors_ = 0;
};

Status Fail(const Error& e, ParseErrorInfo* info) {
  if (info != nullptr) *info = e.info;
  return InvalidArgumentError(e.message);
}

std::string ClockString(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

std::string RangeString(const InclusiveRange& r) {
  if (r.begin == r.end) return std::to_string(r.begin);
  return std::to_string(r.begin) + ":" + std::to_string(r.end);
}

std::string WeekdayString(const InclusiveRange& r) {
  auto name = [](int64_t d) -> std::string {
    if (d >= 0 && d <= 6) return std::string(kWeekdayNames[d]);
    return std::to_string(d);
  };
  if (r.begin == r.end) return name(r.begin);
  return name(r.begin) + ":" + name(r.end);
}

YAML::Node FlowList(const std::vector<InclusiveRange>& ranges, bool weekdays) {
  YAML::Node seq(YAML::NodeType::Sequence);
  seq.SetStyle(YAML::EmitterStyle::Flow);
  for (const InclusiveRange& r : ranges) {
    seq.push_back(weekdays ? WeekdayString(r) : RangeString(r));
  }
  return seq;
}

// Go's time.Local: $TZ when set ("" or "UTC" mean UTC, a leading ':' is
// dropped, "/usr/share/zoneinfo/X" means X), else /etc/localtime; UTC
// (null) when neither can be loaded.
const date::time_zone* LocalZone() {
  try {
    const date::time_zone* zone = nullptr;
    if (const char* env = std::getenv("TZ"); env != nullptr) {
      std::string tz = env;
      if (!tz.empty() && tz[0] == ':') tz.erase(0, 1);
      static constexpr std::string_view kZoneDir = "/usr/share/zoneinfo/";
      if (tz.rfind(kZoneDir, 0) == 0) tz.erase(0, kZoneDir.size());
      if (tz.empty() || tz == "UTC") return nullptr;
      zone = date::locate_zone(tz);
    } else {
      zone = date::current_zone();
    }
    // Zone data loads lazily and may throw then; load it now.
    (void)zone->get_info(date::sys_seconds{});
    return zone;
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

Result<int> ParseClockTime(const std::string& in) {
  // ^(([01][0-9]|2[0-3]):[0-5][0-9])$ or ^24:00$
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool ok = false;
  if (in.size() == 5 && in[2] == ':') {
    if (in == "24:00") {
      ok = true;
    } else {
      ok = ((in[0] == '0' || in[0] == '1') && digit(in[1])) ||
           (in[0] == '2' && in[1] >= '0' && in[1] <= '3');
      ok = ok && in[3] >= '0' && in[3] <= '5' && digit(in[4]);
    }
  }
  if (!ok) {
    return InvalidArgumentError("couldn't parse timestamp " + in +
                                ", invalid format");
  }
  int hours = (in[0] - '0') * 10 + (in[1] - '0');
  int minutes = (in[3] - '0') * 10 + (in[4] - '0');
  return hours * 60 + minutes;
}

Result<Location> LoadLocation(const std::string& name) {
  if (name.empty() || name == "UTC") return Location();
  if (name == "Local") return Location("Local", LocalZone());
  if (name.find("..") != std::string::npos || name[0] == '/' ||
      name[0] == '\\') {
    return InvalidArgumentError("time: invalid location name");
  }
  try {
    const date::time_zone* zone = date::locate_zone(name);
    // Zone data loads lazily on first use and may throw then; load it here
    // so that ContainsTime never throws.
    (void)zone->get_info(date::sys_seconds{});
    return Location(name, zone);
  } catch (const std::exception&) {
    return InvalidArgumentError("unknown time zone " + name);
  }
}

Result<TimeInterval> ParseTimeInterval(const YAML::Node& node,
                                       ParseErrorInfo* error_info) {
  Decoder d;
  TimeInterval out = d.Interval(node, "");
  if (d.error().has_value()) return Fail(*d.error(), error_info);
  return out;
}

Result<std::vector<TimeInterval>> ParseTimeIntervalList(
    const YAML::Node& seq, ParseErrorInfo* error_info) {
  Decoder d;
  std::vector<TimeInterval> out = d.List(seq);
  if (d.error().has_value()) return Fail(*d.error(), error_info);
  return out;
}

Result<TimeRange> ParseTimeRange(const YAML::Node& node,
                                 ParseErrorInfo* error_info) {
  Decoder d;
  std::optional<TimeRange> r = d.Range(node, "");
  if (d.error().has_value()) return Fail(*d.error(), error_info);
  return *r;
}

YAML::Node ToYaml(const TimeInterval& interval) {
  YAML::Node map(YAML::NodeType::Map);
  if (interval.times.has_value()) {
    YAML::Node times(YAML::NodeType::Sequence);
    for (const TimeRange& r : *interval.times) {
      YAML::Node entry(YAML::NodeType::Map);
      entry["start_time"] = ClockString(r.start_minute);
      entry["end_time"] = ClockString(r.end_minute);
      times.push_back(entry);
    }
    if (interval.times->empty()) times.SetStyle(YAML::EmitterStyle::Flow);
    map["times"] = times;
  }
  if (interval.weekdays.has_value()) {
    map["weekdays"] = FlowList(*interval.weekdays, /*weekdays=*/true);
  }
  if (interval.days_of_month.has_value()) {
    map["days_of_month"] = FlowList(*interval.days_of_month, false);
  }
  if (interval.months.has_value()) {
    map["months"] = FlowList(*interval.months, false);
  }
  if (interval.years.has_value()) {
    map["years"] = FlowList(*interval.years, false);
  }
  if (interval.location.has_value()) {
    map["location"] = interval.location->name();
  }
  return map;
}

YAML::Node ToYaml(const std::vector<TimeInterval>& intervals) {
  YAML::Node seq(YAML::NodeType::Sequence);
  for (const TimeInterval& ti : intervals) seq.push_back(ToYaml(ti));
  return seq;
}

}  // namespace tocsin::timeinterval
