#include "ingest/exposition.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "base/status.h"
#include "base/strings.h"

namespace tocsin::ingest {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }
bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }
bool IsMetricNameStart(char c) { return IsNameStart(c) || c == ':'; }
bool IsMetricNameChar(char c) { return IsNameChar(c) || c == ':'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }
bool EqualsFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// A cursor over one line.
class LineParser {
 public:
  LineParser(std::string_view line, size_t line_no, ExpositionFormat format,
             const ParseOptions& options)
      : s_(line), line_no_(line_no), format_(format), options_(options) {}

  Status Error(std::string_view what) const {
    return InvalidArgumentError("line " + std::to_string(line_no_) + ": " +
                                std::string(what));
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  std::string_view Rest() const { return s_.substr(pos_); }

  // The next run of non-space characters.
  std::string_view Token() {
    size_t start = pos_;
    while (pos_ < s_.size() && !IsSpace(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  // What is at the cursor, quoted, for error messages.
  std::string Got() const {
    if (AtEnd()) return "end of line";
    std::string_view rest = Rest();
    if (rest.size() > 24) rest = rest.substr(0, 24);
    return GoQuote(rest);
  }

  Result<std::string> MetricName() {
    size_t start = pos_;
    if (!IsMetricNameStart(Peek())) {
      return Error("expected a metric name, got " + Got());
    }
    while (pos_ < s_.size() && IsMetricNameChar(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  Result<std::string> LabelName() {
    size_t start = pos_;
    if (!IsNameStart(Peek())) {
      return Error("expected a label name, got " + Got());
    }
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  // A double-quoted string with the format's escapes (\\, \", \n; any
  // other escape is kept as written, as Prometheus does).
  Result<std::string> Quoted() {
    if (Peek() != '"') return Error("expected '\"', got " + Got());
    ++pos_;
    std::string out;
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') {
        if (!model::IsValidLabelValue(out)) {
          return Error("invalid UTF-8 in quoted string");
        }
        return out;
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      switch (e) {
        case '\\':
          out.push_back('\\');
          break;
        case '"':
          out.push_back('"');
          break;
        case 'n':
          out.push_back('\n');
          break;
        default:
          out.push_back('\\');
          out.push_back(e);
      }
    }
    return Error("unterminated quoted string");
  }

  // `{...}` after the metric name (or holding it, in the UTF-8 syntax
  // `{"name", a="b"}`). Appends labels; sets *name when the braces hold it.
  Status LabelSet(std::string* name, std::vector<model::Label>* labels) {
    ++pos_;  // '{'
    bool first = true;
    while (true) {
      SkipSpace();
      if (Peek() == '}') {
        ++pos_;
        return Status::Ok();
      }
      if (!first) {
        return Error("expected ',' or '}' in label set, got " + Got());
      }
      std::string label_name;
      if (Peek() == '"') {
        if (!options_.utf8_names) {
          return Error("quoted names need UTF-8 names enabled, got " + Got());
        }
        ASSIGN_OR_RETURN(label_name, Quoted());
        SkipSpace();
        if (Peek() != '=') {
          // A bare quoted string is the metric name.
          if (!name->empty()) {
            return Error("metric name given twice: " + GoQuote(*name) +
                         " and " + GoQuote(label_name));
          }
          if (label_name.empty()) return Error("empty metric name");
          *name = std::move(label_name);
          if (!ListSeparator(&first)) {
            return Error("expected ',' or '}' in label set, got " + Got());
          }
          continue;
        }
      } else {
        ASSIGN_OR_RETURN(label_name, LabelName());
        SkipSpace();
      }
      if (Peek() != '=') {
        return Error("expected '=' after label name " + GoQuote(label_name) +
                     ", got " + Got());
      }
      ++pos_;
      SkipSpace();
      ASSIGN_OR_RETURN(std::string value, Quoted());
      labels->push_back({std::move(label_name), std::move(value)});
      if (!ListSeparator(&first)) {
        return Error("expected ',' or '}' in label set, got " + Got());
      }
    }
  }

  // After a label: ',' continues (a trailing one is allowed), '}' ends.
  bool ListSeparator(bool* first) {
    SkipSpace();
    if (Peek() == ',') {
      ++pos_;
      *first = true;
      return true;
    }
    *first = false;
    return Peek() == '}';
  }

  Result<ParsedSample> Sample() {
    std::string name;
    std::vector<model::Label> labels;
    if (Peek() != '{') {
      ASSIGN_OR_RETURN(name, MetricName());
    }
    if (Peek() == '{') {
      RETURN_IF_ERROR(LabelSet(&name, &labels));
    }
    if (name.empty()) return Error("sample without a metric name");
    for (size_t i = 0; i < labels.size(); ++i) {
      if (labels[i].name == "__name__") {
        return Error("label __name__ set inside the braces of metric " +
                     GoQuote(name));
      }
      for (size_t j = 0; j < i; ++j) {
        if (labels[j].name == labels[i].name) {
          return Error("label name " + GoQuote(labels[i].name) +
                       " given twice for metric " + GoQuote(name));
        }
      }
    }
    if (!options_.utf8_names) {
      for (const model::Label& l : labels) {
        if (!model::IsValidLabelNameClassic(l.name)) {
          return Error("invalid label name " + GoQuote(l.name));
        }
      }
    }
    if (!IsSpace(Peek())) {
      return Error("expected a value after metric " + GoQuote(name) + ", got " +
                   Got());
    }
    SkipSpace();
    std::string_view value_token = Token();
    std::optional<double> value = ParseGoFloat(value_token);
    if (!value) {
      return Error("expected a value after metric " + GoQuote(name) + ", got " +
                   GoQuote(value_token.empty() ? Rest() : value_token));
    }
    ParsedSample out;
    out.value = *value;
    SkipSpace();
    if (!AtEnd() &&
        !(format_ == ExpositionFormat::kOpenMetrics && Peek() == '#')) {
      std::string_view ts_token = Token();
      RETURN_IF_ERROR(Timestamp(ts_token, &out));
      SkipSpace();
    }
    if (format_ == ExpositionFormat::kOpenMetrics && Peek() == '#') {
      // An exemplar (`# {labels} value [timestamp]`) is checked for shape
      // and dropped: tocsin does not store exemplars.
      RETURN_IF_ERROR(Exemplar());
    }
    if (!AtEnd()) {
      return Error("unexpected " + Got() + " after the value of metric " +
                   GoQuote(name));
    }
    labels.push_back({"__name__", std::move(name)});
    std::erase_if(labels,
                  [](const model::Label& l) { return l.value.empty(); });
    out.labels = model::Labels(std::move(labels));
    return out;
  }

  Status Timestamp(std::string_view token, ParsedSample* out) {
    if (format_ == ExpositionFormat::kOpenMetrics) {
      std::optional<double> seconds = ParseGoFloat(token);
      if (!seconds || !std::isfinite(*seconds)) {
        return Error("expected a timestamp in seconds, got " + GoQuote(token));
      }
      out->timestamp_ms = std::llround(*seconds * 1000.0);
      return Status::Ok();
    }
    std::string buf(token);
    char* end = nullptr;
    errno = 0;
    long long ms = std::strtoll(buf.c_str(), &end, 10);
    if (buf.empty() || end != buf.c_str() + buf.size() || errno == ERANGE ||
        buf[0] == '+' || IsSpace(buf[0])) {
      return Error("expected an integer timestamp in milliseconds, got " +
                   GoQuote(token));
    }
    out->timestamp_ms = ms;
    return Status::Ok();
  }

  Status Exemplar() {
    ++pos_;  // '#'
    SkipSpace();
    if (Peek() != '{') return Error("expected '{' after exemplar '#'");
    std::string unused_name;
    std::vector<model::Label> unused_labels;
    RETURN_IF_ERROR(LabelSet(&unused_name, &unused_labels));
    SkipSpace();
    if (!ParseGoFloat(Token())) return Error("expected an exemplar value");
    SkipSpace();
    if (!AtEnd() && !ParseGoFloat(Token())) {
      return Error("expected an exemplar timestamp");
    }
    SkipSpace();
    return Status::Ok();
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  size_t line_no_;
  ExpositionFormat format_;
  const ParseOptions& options_;
};

std::optional<MetricType> ParseType(std::string_view s,
                                    ExpositionFormat format) {
  if (s == "counter") return MetricType::kCounter;
  if (s == "gauge") return MetricType::kGauge;
  if (s == "histogram") return MetricType::kHistogram;
  if (s == "summary") return MetricType::kSummary;
  if (format == ExpositionFormat::kPrometheusText) {
    if (s == "untyped") return MetricType::kUnknown;
    return std::nullopt;
  }
  if (s == "unknown") return MetricType::kUnknown;
  if (s == "gaugehistogram") return MetricType::kGaugeHistogram;
  if (s == "info") return MetricType::kInfo;
  if (s == "stateset") return MetricType::kStateSet;
  return std::nullopt;
}

std::string UnescapeHelp(std::string_view s, ExpositionFormat format) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char e = s[i + 1];
      if (e == '\\' || e == 'n' ||
          (e == '"' && format == ExpositionFormat::kOpenMetrics)) {
        out.push_back(e == 'n' ? '\n' : e);
        ++i;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// Handles a `#` line. Text format: `# HELP`/`# TYPE` are metadata, any
// other comment is ignored. OpenMetrics: only HELP, TYPE, UNIT and EOF.
Status CommentLine(LineParser& p, std::string_view line,
                   ExpositionFormat format, const ParseOptions& options,
                   Exposition& out, bool* eof) {
  std::string_view rest = line.substr(1);
  size_t i = 0;
  while (i < rest.size() && IsSpace(rest[i])) ++i;
  if (format == ExpositionFormat::kOpenMetrics && rest == " EOF") {
    *eof = true;
    return Status::Ok();
  }
  size_t kw_end = i;
  while (kw_end < rest.size() && !IsSpace(rest[kw_end])) ++kw_end;
  std::string_view keyword = rest.substr(i, kw_end - i);
  bool is_meta =
      keyword == "HELP" || keyword == "TYPE" ||
      (format == ExpositionFormat::kOpenMetrics && keyword == "UNIT");
  if (!is_meta || i == 0 || kw_end == rest.size()) {
    if (format == ExpositionFormat::kOpenMetrics) {
      return p.Error("unexpected comment " + GoQuote(line) +
                     " (OpenMetrics allows only # HELP, # TYPE, # UNIT and "
                     "# EOF)");
    }
    return Status::Ok();  // a plain comment
  }
  std::string_view after = rest.substr(kw_end);
  size_t j = 0;
  while (j < after.size() && IsSpace(after[j])) ++j;
  after = after.substr(j);
  std::string family;
  size_t name_end = 0;
  if (!after.empty() && after[0] == '"' && options.utf8_names) {
    LineParser q(after, 0, format, options);
    auto quoted = q.Quoted();
    if (!quoted.ok())
      return p.Error("bad quoted metric name in # " + std::string(keyword));
    family = *quoted;
    name_end = after.size() - q.Rest().size();
  } else {
    while (name_end < after.size() && IsMetricNameChar(after[name_end])) {
      ++name_end;
    }
    family = std::string(after.substr(0, name_end));
    if (family.empty() || !IsMetricNameStart(family[0])) {
      return p.Error("expected a metric name after # " + std::string(keyword) +
                     ", got " + GoQuote(after));
    }
  }
  std::string_view value = after.substr(name_end);
  if (!value.empty() && !IsSpace(value[0])) {
    return p.Error("expected a space after the metric name in # " +
                   std::string(keyword) + ", got " + GoQuote(value));
  }
  if (!value.empty()) value.remove_prefix(1);
  MetricMetadata* meta = nullptr;
  for (MetricMetadata& m : out.metadata) {
    if (m.family == family) meta = &m;
  }
  if (meta == nullptr) {
    out.metadata.push_back(
        MetricMetadata{family, MetricType::kUnknown, "", ""});
    meta = &out.metadata.back();
  }
  if (keyword == "HELP") {
    meta->help = UnescapeHelp(value, format);
  } else if (keyword == "TYPE") {
    while (!value.empty() && IsSpace(value.back())) value.remove_suffix(1);
    std::optional<MetricType> type = ParseType(value, format);
    if (!type) {
      return p.Error("invalid metric type " + GoQuote(value) + " for " +
                     GoQuote(family));
    }
    meta->type = *type;
  } else {
    meta->unit = std::string(value);
  }
  return Status::Ok();
}

}  // namespace

ExpositionFormat FormatFromContentType(std::string_view content_type) {
  size_t semi = content_type.find(';');
  std::string_view media = content_type.substr(0, semi);
  while (!media.empty() && IsSpace(media.back())) media.remove_suffix(1);
  while (!media.empty() && IsSpace(media.front())) media.remove_prefix(1);
  if (EqualsFold(media, "application/openmetrics-text")) {
    return ExpositionFormat::kOpenMetrics;
  }
  return ExpositionFormat::kPrometheusText;
}

std::string_view MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kUnknown:
      return "unknown";
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kGaugeHistogram:
      return "gaugehistogram";
    case MetricType::kSummary:
      return "summary";
    case MetricType::kInfo:
      return "info";
    case MetricType::kStateSet:
      return "stateset";
  }
  return "unknown";
}

std::optional<double> ParseGoFloat(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (EqualsFold(body, "inf") || EqualsFold(body, "infinity")) {
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  if (EqualsFold(body, "nan")) return std::nan("");
  if (body.empty()) return std::nullopt;
  // Only the characters of a decimal or hex float; this also keeps strtod's
  // own extensions ("nan(...)", leading spaces) out.
  bool hex = body.size() > 2 && body[0] == '0' && Lower(body[1]) == 'x';
  bool digit_seen = false;
  for (size_t i = hex ? 2 : 0; i < body.size(); ++i) {
    char c = Lower(body[i]);
    bool ok = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' ||
              (hex ? ((c >= 'a' && c <= 'f') || c == 'p') : c == 'e');
    if (!ok) return std::nullopt;
    if (c >= '0' && c <= '9') digit_seen = true;
  }
  if (!digit_seen) return std::nullopt;
  // Go requires the exponent of a hex float.
  if (hex && body.find_first_of("pP") == std::string_view::npos) {
    return std::nullopt;
  }
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return std::nullopt;
  // Go's ParseFloat returns ±Inf with a range error for overflow; the text
  // parsers treat that as a parse failure. Underflow to 0 is fine.
  if (errno == ERANGE && std::isinf(v)) return std::nullopt;
  return v;
}

Result<Exposition> ParseExposition(std::string_view body,
                                   ExpositionFormat format,
                                   const ParseOptions& options) {
  Exposition out;
  bool eof = false;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(
        pos, nl == std::string_view::npos ? body.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
    ++line_no;
    LineParser p(line, line_no, format, options);
    if (eof) return p.Error("data after # EOF");
    if (format == ExpositionFormat::kOpenMetrics) {
      if (line.empty())
        return p.Error("empty line (not allowed in OpenMetrics)");
    } else {
      p.SkipSpace();
      if (p.AtEnd()) continue;
      line = p.Rest();
    }
    if (line[0] == '#') {
      RETURN_IF_ERROR(CommentLine(p, line, format, options, out, &eof));
      continue;
    }
    LineParser sample_parser(line, line_no, format, options);
    ASSIGN_OR_RETURN(ParsedSample sample, sample_parser.Sample());
    out.samples.push_back(std::move(sample));
  }
  if (format == ExpositionFormat::kOpenMetrics && !eof) {
    return InvalidArgumentError("line " + std::to_string(line_no) +
                                ": missing # EOF at the end");
  }
  return out;
}

}  // namespace tocsin::ingest
