#ifndef TOCSIN_TEMPLATE_FORMAT_H_
#define TOCSIN_TEMPLATE_FORMAT_H_

#include <span>
#include <string>
#include <string_view>

#include "template/value.h"

namespace tocsin::tmpl {

// strconv.FormatFloat(v, fmt, prec, 64) for fmt in 'e', 'f', 'g' (prec -1:
// shortest round-trip digits).
std::string FormatFloat(double v, char fmt, int prec);

// time.Time.Format(layout) with Go's reference-time layout tokens.
std::string FormatTime(const TimeValue& t, std::string_view layout);
// time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST".
std::string TimeString(const TimeValue& t);
// time.Duration.String(): "1h2m3.5s", "0s", "1.5ms".
std::string DurationString(int64_t nanos);

// fmt.Sprint, fmt.Sprintln and fmt.Sprintf over template values.
std::string GoSprintArgs(std::span<const Value> args);
std::string GoSprintln(std::span<const Value> args);
std::string GoSprintf(std::string_view format, std::span<const Value> args);

// Go's %q of a string (strconv.Quote).
std::string GoQuoteString(std::string_view s);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_FORMAT_H_
