#include "base/duration.h"

#include <array>
#include <cstdint>
#include <limits>

namespace tocsin {
namespace {

struct Unit {
  std::string_view name;
  int64_t ms;
};

// Order matters: the grammar requires units in this order.
constexpr std::array<Unit, 7> kUnits = {{
    {"y", 365LL * 24 * 3600 * 1000},
    {"w", 7LL * 24 * 3600 * 1000},
    {"d", 24LL * 3600 * 1000},
    {"h", 3600LL * 1000},
    {"m", 60LL * 1000},
    {"s", 1000},
    {"ms", 1},
}};

Status NotValid(std::string_view s) {
  std::string msg = "not a valid duration string: \"";
  msg += s;
  msg += "\"";
  return InvalidArgumentError(msg);
}

}  // namespace

Result<Duration> ParseDuration(std::string_view s) {
  if (s.empty()) return InvalidArgumentError("empty duration string");
  if (s == "0") return Duration(0);
  size_t pos = 0;
  size_t next_unit =
      0;  // Index into kUnits of the smallest unit still allowed.
  int64_t total = 0;
  bool any = false;
  while (pos < s.size()) {
    size_t digits_start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == digits_start) return NotValid(s);
    std::string_view digits = s.substr(digits_start, pos - digits_start);
    size_t unit_start = pos;
    while (pos < s.size() && (s[pos] < '0' || s[pos] > '9')) ++pos;
    std::string_view unit = s.substr(unit_start, pos - unit_start);
    size_t idx = next_unit;
    while (idx < kUnits.size() && kUnits[idx].name != unit) ++idx;
    if (idx == kUnits.size()) return NotValid(s);
    next_unit = idx + 1;
    int64_t value = 0;
    for (char c : digits) {
      if (value > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) {
        return InvalidArgumentError("duration out of range");
      }
      value = value * 10 + (c - '0');
    }
    if (value > std::numeric_limits<int64_t>::max() / kUnits[idx].ms) {
      return InvalidArgumentError("duration out of range");
    }
    int64_t term = value * kUnits[idx].ms;
    if (total > std::numeric_limits<int64_t>::max() - term) {
      return InvalidArgumentError("duration out of range");
    }
    total += term;
    any = true;
  }
  if (!any) return NotValid(s);
  return Duration(total);
}

std::string FormatDuration(Duration d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  uint64_t rest;
  if (ms < 0) {
    out = "-";
    rest = static_cast<uint64_t>(-(ms + 1)) + 1;
  } else {
    rest = static_cast<uint64_t>(ms);
  }
  for (const Unit& u : kUnits) {
    uint64_t n = rest / static_cast<uint64_t>(u.ms);
    if (n > 0) {
      out += std::to_string(n);
      out += u.name;
      rest -= n * static_cast<uint64_t>(u.ms);
    }
  }
  return out;
}

}  // namespace tocsin
