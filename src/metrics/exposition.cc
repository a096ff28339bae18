#include "metrics/exposition.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "metrics/registry.h"

namespace tocsin::metrics {

namespace {

std::string_view TypeName(MetricType t) {
  switch (t) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kUntyped:
      return "untyped";
  }
  return "untyped";
}

}  // namespace

std::string FormatFloat(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return "0";  // Also -0, as client_golang's writeFloat.
  // Shortest round-trip digits in scientific form, e.g. "1.2345e+08".
  char buf[64];
  auto sci =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string s(buf, sci.ptr);
  size_t e = s.find('e');
  int exp = std::atoi(s.c_str() + e + 1);
  // Go's strconv 'g' with shortest precision decides with eprec = 6: the
  // exponent form when exp < -4 || exp >= 6, else plain digits.
  if (exp < -4 || exp >= 6) {
    // Go prints at least two exponent digits, as to_chars does.
    return s;
  }
  auto fixed =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string WriteText(const std::vector<MetricFamily>& families) {
  std::string out;
  for (const MetricFamily& f : families) {
    out += "# HELP ";
    out += f.name;
    out += ' ';
    out += EscapeHelp(f.help);
    out += "\n# TYPE ";
    out += f.name;
    out += ' ';
    out += TypeName(f.type);
    out += '\n';
    for (const Sample& s : f.samples) {
      out += s.name;
      if (!s.labels.empty()) {
        out += '{';
        for (size_t i = 0; i < s.labels.size(); ++i) {
          if (i > 0) out += ',';
          out += s.labels[i].first;
          out += "=\"";
          out += EscapeLabelValue(s.labels[i].second);
          out += '"';
        }
        out += '}';
      }
      out += ' ';
      out += FormatFloat(s.value);
      out += '\n';
    }
  }
  return out;
}

std::string ExposeText(const Registry& registry) {
  return WriteText(registry.Gather());
}

}  // namespace tocsin::metrics
