#ifndef TOCSIN_BASE_DURATION_H_
#define TOCSIN_BASE_DURATION_H_

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tocsin {

// Prometheus' duration type (model.Duration): millisecond resolution.
using Duration = std::chrono::milliseconds;

// Parses Prometheus' duration grammar: one or more `<digits><unit>` terms with
// units y (365d), w, d, h, m, s, ms in that order, each at most once, or the
// bare "0". Examples: "1h30m", "1w", "0s", "90s", "0".
// Errors (InvalidArgument), with Prometheus' messages:
//   ""           -> `empty duration string`
//   "1x", "5m1h" -> `not a valid duration string: "<s>"`
//   overflow     -> `duration out of range`
Result<Duration> ParseDuration(std::string_view s);

// Formats as Prometheus does: largest units first, zero terms omitted, "0s"
// for zero, e.g. 5400000ms -> "1h30m", 604800000ms -> "1w". Negative values
// are formatted with a leading '-'.
std::string FormatDuration(Duration d);

}  // namespace tocsin

#endif  // TOCSIN_BASE_DURATION_H_
