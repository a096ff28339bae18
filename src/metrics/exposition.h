#ifndef TOCSIN_METRICS_EXPOSITION_H_
#define TOCSIN_METRICS_EXPOSITION_H_

#include <string>
#include <string_view>
#include <vector>

#include "metrics/snapshot.h"

namespace tocsin::metrics {

class Registry;

// The Content-Type of the text exposition format written below.
inline constexpr std::string_view kTextContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Formats a sample value as Prometheus' client_golang does: "+Inf", "-Inf",
// "NaN", otherwise Go's strconv.FormatFloat(v, 'g', -1, 64), e.g. 1 -> "1",
// 0.25 -> "0.25", 1e6 -> "1e+06", 1.7040672e9 -> "1.7040672e+09".
std::string FormatFloat(double v);

// Escapes a HELP text: backslash -> \\, newline -> \n.
std::string EscapeHelp(std::string_view help);
// Escapes a label value: backslash -> \\, double quote -> \", newline -> \n.
std::string EscapeLabelValue(std::string_view value);

// Writes families in text exposition format 0.0.4, in the given order:
// for each family "# HELP name help", "# TYPE name type", then one line per
// sample `name{label="value",...} value` (no braces without labels).
std::string WriteText(const std::vector<MetricFamily>& families);

// WriteText(registry.Gather()).
std::string ExposeText(const Registry& registry);

}  // namespace tocsin::metrics

#endif  // TOCSIN_METRICS_EXPOSITION_H_
