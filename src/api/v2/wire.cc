#include "api/v2/wire.h"

#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

#include "api/json.h"
#include "base/strings.h"

namespace tocsin::api::v2 {
namespace {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::nanoseconds;
using std::chrono::sys_days;

// Seconds from 0001-01-01 to 1970-01-01 (Go's zero time to the Unix epoch).
constexpr int64_t kGoZeroUnixSeconds = -62135596800;

const json::value* FindKey(const json::object& o, std::string_view key) {
  if (auto it = o.find(key); it != o.end()) return &it->value();
  // encoding/json falls back to a case-insensitive match.
  for (const auto& kv : o) {
    std::string_view k = kv.key();
    if (k.size() != key.size()) continue;
    bool eq = true;
    for (size_t i = 0; i < k.size() && eq; ++i) {
      eq = std::tolower(static_cast<unsigned char>(k[i])) ==
           std::tolower(static_cast<unsigned char>(key[i]));
    }
    if (eq) return &kv.value();
  }
  return nullptr;
}

// A present, non-null field.
const json::value* Field(const json::object& o, std::string_view key) {
  const json::value* v = FindKey(o, key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

std::string_view GoJsonType(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object:
      return "object";
    case json::kind::array:
      return "array";
    case json::kind::string:
      return "string";
    case json::kind::bool_:
      return "bool";
    case json::kind::null:
      return "null";
    default:
      return "number";
  }
}

std::string UnmarshalTypeError(const json::value& v, std::string_view where,
                               std::string_view go_type) {
  return "json: cannot unmarshal " + std::string(GoJsonType(v)) + " into " +
         std::string(where) + " of type " + std::string(go_type);
}

Status Fail(SwaggerError* error, int code, std::string message) {
  Status st(StatusCode::kInvalidArgument, message);
  if (error != nullptr) *error = SwaggerError{code, std::move(message)};
  return st;
}

Status ParseFail(SwaggerError* error, std::string_view name,
                 std::string_view reason) {
  return Fail(error, 400,
              "parsing " + std::string(name) +
                  " body from \"\" failed, because " + std::string(reason));
}

// Reads a string field; error text when it is not a string.
Result<std::optional<std::string>> StringField(const json::object& o,
                                               std::string_view key,
                                               std::string_view go_struct) {
  const json::value* v = Field(o, key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) {
    return Status(
        StatusCode::kInvalidArgument,
        UnmarshalTypeError(*v,
                           "Go struct field " + std::string(go_struct) + "." +
                               std::string(key),
                           "string"));
  }
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::optional<model::Time>> TimeField(const json::object& o,
                                             std::string_view key,
                                             std::string_view go_struct) {
  // strfmt.DateTime unmarshals itself into a string first; encoding/json
  // adds the enclosing struct field to that error (Alertmanager 0.25:
  // "Go struct field .startsAt of type string").
  const json::value* v = Field(o, key);
  if (v == nullptr) return std::optional<model::Time>();
  if (!v->is_string()) {
    return Status(
        StatusCode::kInvalidArgument,
        UnmarshalTypeError(*v,
                           "Go struct field " + std::string(go_struct) + "." +
                               std::string(key),
                           "string"));
  }
  ASSIGN_OR_RETURN(model::Time t, ParseDateTime(v->as_string()));
  return std::optional<model::Time>(t);
}

Result<std::optional<model::Labels>> LabelSetField(const json::object& o,
                                                   std::string_view key,
                                                   std::string_view go_struct) {
  const json::value* v = Field(o, key);
  if (v == nullptr) return std::optional<model::Labels>();
  std::string where =
      "Go struct field " + std::string(go_struct) + "." + std::string(key);
  if (!v->is_object()) {
    return Status(StatusCode::kInvalidArgument,
                  UnmarshalTypeError(*v, where, "models.LabelSet"));
  }
  std::vector<model::Label> labels;
  labels.reserve(v->as_object().size());
  for (const auto& kv : v->as_object()) {
    if (!kv.value().is_string()) {
      return Status(StatusCode::kInvalidArgument,
                    UnmarshalTypeError(kv.value(), where, "string"));
    }
    // Duplicate names: model::Labels keeps the later one, as Go does.
    labels.push_back(
        {std::string(kv.key()), std::string(kv.value().as_string())});
  }
  return std::optional<model::Labels>(model::Labels(std::move(labels)));
}

// The anonymous structs go-swagger's PostableAlert / PostableSilence
// UnmarshalJSON decode their own properties into first, as Go prints their
// types in an UnmarshalTypeError (a non-object item / body lands there).
constexpr std::string_view kPostableAlertOwnFields =
    "struct { Annotations models.LabelSet "
    "\"json:\\\"annotations,omitempty\\\"\"; "
    "EndsAt strfmt.DateTime \"json:\\\"endsAt,omitempty\\\"\"; "
    "StartsAt strfmt.DateTime \"json:\\\"startsAt,omitempty\\\"\" }";
constexpr std::string_view kPostableSilenceOwnFields =
    "struct { ID string \"json:\\\"id,omitempty\\\"\" }";

// Go's quoteChar for a byte in a SyntaxError message.
std::string QuoteChar(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string out = "'";
  if (c >= 0x20 && c < 0x7f) {
    if (c == '\\') {
      out += "\\\\";
    } else {
      out += static_cast<char>(c);
    }
  } else if (c == '\a' || c == '\b' || c == '\f' || c == '\n' || c == '\r' ||
             c == '\t' || c == '\v') {
    const char* names = "abtnvfr";
    out += '\\';
    out += names[c - '\a'];
  } else if (c < 0x80) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  } else if (c < 0xa1 || c == 0xad) {  // not printable as a rune
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", c);
    out += buf;
  } else {  // the rune U+00A1..U+00FF as UTF-8
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
  return out + "'";
}

// Scans the first JSON value of `s` as Go's json.Decoder does: nullopt and
// `*end` at the value's end when it is well formed; otherwise Go's error
// text ("EOF" when there is no value, "unexpected EOF" when the input ends
// inside it, "invalid character ..." for a syntax error).
class GoJsonScanner {
 public:
  explicit GoJsonScanner(std::string_view s) : s_(s) {}

  std::optional<std::string> Scan(size_t* end) {
    SkipWs();
    if (pos_ >= s_.size()) return std::string("EOF");
    if (!Value()) return error_;
    *end = pos_;
    return std::nullopt;
  }

 private:
  bool Fail(std::string_view context) {
    if (pos_ >= s_.size()) {
      error_ = "unexpected EOF";
    } else {
      error_ = "invalid character " +
               QuoteChar(static_cast<unsigned char>(s_[pos_])) + " " +
               std::string(context);
    }
    return false;
  }
  void SkipWs() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' ||
                                s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool Digit() const {
    return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9';
  }

  bool Value() {
    SkipWs();
    if (pos_ >= s_.size()) return Fail("");
    switch (s_[pos_]) {
      case '{':
        return Object();
      case '[':
        return Array();
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (s_[pos_] == '-' || Digit()) return Number();
        return Fail("looking for beginning of value");
    }
  }
  bool Object() {
    ++pos_;
    SkipWs();
    if (Peek('}')) {
      ++pos_;
      return true;
    }
    while (true) {
      SkipWs();
      if (!Peek('"')) return Fail("looking for beginning of object key string");
      if (!String()) return false;
      SkipWs();
      if (!Peek(':')) return Fail("after object key");
      ++pos_;
      if (!Value()) return false;
      SkipWs();
      if (Peek(',')) {
        ++pos_;
        continue;
      }
      if (Peek('}')) {
        ++pos_;
        return true;
      }
      return Fail("after object key:value pair");
    }
  }
  bool Array() {
    ++pos_;
    SkipWs();
    if (Peek(']')) {
      ++pos_;
      return true;
    }
    while (true) {
      if (!Value()) return false;
      SkipWs();
      if (Peek(',')) {
        ++pos_;
        continue;
      }
      if (Peek(']')) {
        ++pos_;
        return true;
      }
      return Fail("after array element");
    }
  }
  bool String() {
    ++pos_;
    while (pos_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return Fail("in string literal");
      if (c == '\\') {
        ++pos_;
        if (pos_ >= s_.size()) return Fail("");
        char e = s_[pos_];
        if (e == 'u') {
          for (int i = 0; i < 4; ++i) {
            ++pos_;
            if (pos_ >= s_.size() ||
                !std::isxdigit(static_cast<unsigned char>(s_[pos_]))) {
              return Fail("in \\u hexadecimal character escape");
            }
          }
        } else if (std::string_view("bfnrt\\/\"").find(e) ==
                   std::string_view::npos) {
          return Fail("in string escape code");
        }
      }
      ++pos_;
    }
    return Fail("");
  }
  bool Literal(std::string_view word) {
    for (size_t i = 1; i < word.size(); ++i) {
      ++pos_;
      if (pos_ >= s_.size() || s_[pos_] != word[i]) {
        return Fail("in literal " + std::string(word) + " (expecting " +
                    QuoteChar(static_cast<unsigned char>(word[i])) + ")");
      }
    }
    ++pos_;
    return true;
  }
  bool Number() {
    if (Peek('-')) {
      ++pos_;
      if (!Digit()) return Fail("in numeric literal");
    }
    if (Peek('0')) {
      ++pos_;
    } else {
      while (Digit()) ++pos_;
    }
    if (Peek('.')) {
      ++pos_;
      if (!Digit()) return Fail("after decimal point in numeric literal");
      while (Digit()) ++pos_;
    }
    if (Peek('e') || Peek('E')) {
      ++pos_;
      if (Peek('+') || Peek('-')) ++pos_;
      if (!Digit()) return Fail("in exponent of numeric literal");
      while (Digit()) ++pos_;
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

// Decodes a request body as go-swagger's JSON consumer: the first JSON value
// (trailing bytes ignored). "EOF" (no value) is reported as `*empty`.
Result<json::value> DecodeBody(std::string_view body, bool* empty) {
  *empty = false;
  size_t end = 0;
  if (std::optional<std::string> err = GoJsonScanner(body).Scan(&end)) {
    if (*err == "EOF") *empty = true;
    return Status(StatusCode::kInvalidArgument, *err);
  }
  return ParseJson(body.substr(0, end));
}

// strfmt's "uri" format: Go's url.Parse succeeds. Checked here: no ASCII
// control characters, and every '%' outside the query starts a valid escape.
bool IsGoUri(std::string_view url) {
  size_t query = url.find('?');
  size_t fragment = url.find('#');
  for (size_t i = 0; i < url.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    if (c < 0x20 || c == 0x7f) return false;
    bool in_query = query != std::string_view::npos && i > query &&
                    (fragment == std::string_view::npos || i < fragment);
    if (c == '%' && !in_query) {
      if (i + 2 >= url.size() ||
          !std::isxdigit(static_cast<unsigned char>(url[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(url[i + 2]))) {
        return false;
      }
    }
  }
  return true;
}

json::object LabelsJson(const model::Labels& labels) {
  json::object o;
  for (const auto& l : labels) o[l.name] = l.value;
  return o;
}

json::array StringArray(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

int Digits(std::string_view s, size_t pos, size_t n, bool* ok) {
  int v = 0;
  if (pos + n > s.size()) {
    *ok = false;
    return 0;
  }
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') *ok = false;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::string FormatDateTime(model::Time t) {
  std::string out;
  AppendDateTime(t, &out);
  return out;
}

Result<model::Time> ParseDateTime(std::string_view s) {
  auto bad = [&]() {
    return Status(StatusCode::kInvalidArgument,
                  "parsing time \"" + std::string(s) +
                      "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"" +
                      std::string(s) + "\" as \"2006-01-02T15:04:05Z07:00\"");
  };
  if (s.empty()) return model::kZeroTime;  // strfmt: "" is the epoch
  bool ok = true;
  int year = Digits(s, 0, 4, &ok);
  int month = Digits(s, 5, 2, &ok);
  int day = Digits(s, 8, 2, &ok);
  int hour = Digits(s, 11, 2, &ok);
  int minute = Digits(s, 14, 2, &ok);
  int second = Digits(s, 17, 2, &ok);
  if (!ok || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
      s[13] != ':' || s[16] != ':') {
    return bad();
  }
  size_t pos = 19;
  int64_t frac_ns = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t scale = 100000000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      frac_ns += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return bad();
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') &&
      pos + 1 == s.size()) {
    pos++;
  } else if (pos == s.size()) {
    // ISO8601LocalTime: no zone, read as UTC (strfmt's default location).
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') &&
             s[pos + 3] == ':') {
    int oh = Digits(s, pos + 1, 2, &ok);
    int om = Digits(s, pos + 4, 2, &ok);
    if (!ok) return bad();
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
  } else {
    return bad();
  }
  std::chrono::year_month_day ymd{
      std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
      std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return bad();
  int64_t unix_secs =
      static_cast<int64_t>(sys_days(ymd).time_since_epoch().count()) * 86400 +
      hour * 3600 + minute * 60 + second - offset;
  if (unix_secs == kGoZeroUnixSeconds && frac_ns == 0) return model::kZeroTime;
  // Outside int64 nanoseconds (years before 1678 or after 2262): clamp.
  if (unix_secs < -9223372035LL || unix_secs > 9223372035LL) return bad();
  return model::Time(nanoseconds(unix_secs * 1000000000LL + frac_ns));
}

namespace {

// The fast decoder for the common body shape: an array of objects whose
// keys are exactly labels / annotations (objects of strings), startsAt /
// endsAt (valid date-times) and generatorURL, each at most once, with
// strings of printable ASCII and no escapes, and no duplicate label names.
// Such a body is valid JSON that both Go's decoder and the general path
// below read the same way, so the result is the one the general path
// gives. Anything else (any doubt) returns false and the caller runs the
// general path, which owns every error.
class FastAlertsDecoder {
 public:
  explicit FastAlertsDecoder(std::string_view s) : s_(s) {}

  bool Decode(std::vector<model::Alert>* out, std::vector<bool>* has_labels) {
    if (!Consume('[')) return false;
    if (Consume(']')) return true;
    // A posted alert is a few hundred bytes; over-reserving is cheap.
    out->reserve(s_.size() / 128 + 1);
    has_labels->reserve(s_.size() / 128 + 1);
    while (true) {
      model::Alert a;
      bool labels = false;
      if (!Item(&a, &labels)) return false;
      out->push_back(std::move(a));
      has_labels->push_back(labels);
      if (Consume(',')) continue;
      return Consume(']');  // anything after the array is ignored, as Go
    }
  }

 private:
  void SkipWs() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' ||
                                s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    SkipWs();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool String(std::string_view* out) {
    if (!Consume('"')) return false;
    size_t start = pos_;
    while (pos_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        *out = s_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c < 0x20 || c == '\\' || c >= 0x7f) return false;
      ++pos_;
    }
    return false;
  }
  bool LabelSet(model::Labels* out) {
    if (!Consume('{')) return false;
    std::vector<model::Label> labels;
    if (!Consume('}')) {
      while (true) {
        std::string_view name, value;
        if (!String(&name) || !Consume(':') || !String(&value)) return false;
        labels.push_back({std::string(name), std::string(value)});
        if (Consume(',')) continue;
        if (Consume('}')) break;
        return false;
      }
    }
    size_t n = labels.size();
    *out = model::Labels(std::move(labels));
    return out->size() == n;  // a duplicate name: leave it to the tree
  }
  bool Time(model::Time* out) {
    std::string_view text;
    if (!String(&text)) return false;
    Result<model::Time> t = ParseDateTime(text);
    if (!t.ok()) return false;
    *out = *t;
    return true;
  }
  bool Item(model::Alert* a, bool* has_labels) {
    if (!Consume('{')) return false;
    if (Consume('}')) return true;
    unsigned seen = 0;
    while (true) {
      std::string_view key;
      if (!String(&key) || !Consume(':')) return false;
      unsigned bit = 0;
      bool ok = false;
      if (key == "labels") {
        bit = 1;
        ok = LabelSet(&a->labels);
        *has_labels = true;
      } else if (key == "annotations") {
        bit = 2;
        ok = LabelSet(&a->annotations);
      } else if (key == "startsAt") {
        bit = 4;
        ok = Time(&a->starts_at);
      } else if (key == "endsAt") {
        bit = 8;
        ok = Time(&a->ends_at);
      } else if (key == "generatorURL") {
        bit = 16;
        std::string_view url;
        ok = String(&url);
        a->generator_url = std::string(url);
      }
      if (!ok || (seen & bit) != 0) return false;
      seen |= bit;
      if (Consume(',')) continue;
      return Consume('}');
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
};

bool FastDecodeAlerts(std::string_view body, std::vector<model::Alert>* out,
                      std::vector<bool>* has_labels) {
  return FastAlertsDecoder(body).Decode(out, has_labels);
}

// The general decoder: any body, Go's errors.
Status DecodeAlertsTree(std::string_view body, SwaggerError* error,
                        std::vector<model::Alert>* out,
                        std::vector<bool>* has_labels) {
  // Fast path: boost's parser reads the first value straight off the body
  // into an arena (one pass, no per-string allocations). Whatever it
  // accepts, Go's decoder accepts too, with the same extent (both take the
  // strict JSON grammar and stop after the first value), so Go's scanner
  // only runs when it fails: to tell EOF from a syntax error and to word
  // the error as Go does.
  json::monotonic_resource arena(body.size() * 4 + 1024);
  unsigned char temp[4096];
  json::stream_parser parser(&arena, json::parse_options(), temp);
  parser.reset(&arena);  // the value lives in the arena too
  boost::system::error_code ec;
  parser.write_some(body.data(), body.size(), ec);
  if (!ec && !parser.done()) parser.finish(ec);
  json::value fast;
  Result<json::value> slow = json::value();
  const json::value* root = nullptr;
  if (!ec && parser.done()) {
    fast = parser.release();
    root = &fast;
  } else {
    bool empty = false;
    slow = DecodeBody(body, &empty);
    if (empty) return Fail(error, 602, "alerts in body is required");
    if (!slow.ok()) return ParseFail(error, "alerts", slow.status().message());
    root = &*slow;
  }
  const json::value& v = *root;
  // JSON null decodes to an empty list, which go-swagger accepts.
  if (v.is_null()) return Status::Ok();
  if (!v.is_array()) {
    return ParseFail(
        error, "alerts",
        UnmarshalTypeError(v, "Go value", "models.PostableAlerts"));
  }
  out->reserve(v.as_array().size());
  has_labels->reserve(v.as_array().size());
  for (const json::value& item : v.as_array()) {
    model::Alert a;
    if (item.is_null()) {
      out->push_back(a);
      has_labels->push_back(false);
      continue;
    }
    if (!item.is_object()) {
      return ParseFail(
          error, "alerts",
          UnmarshalTypeError(item, "Go value", kPostableAlertOwnFields));
    }
    const json::object& o = item.as_object();
    // go-swagger's PostableAlert.UnmarshalJSON decodes its own properties
    // into an anonymous struct (struct name "") first, then the embedded
    // Alert (labels, generatorURL).
    auto annotations = LabelSetField(o, "annotations", "");
    if (!annotations.ok()) {
      return ParseFail(error, "alerts", annotations.status().message());
    }
    auto ends = TimeField(o, "endsAt", "");
    if (!ends.ok()) return ParseFail(error, "alerts", ends.status().message());
    auto starts = TimeField(o, "startsAt", "");
    if (!starts.ok())
      return ParseFail(error, "alerts", starts.status().message());
    auto labels = LabelSetField(o, "labels", "Alert");
    if (!labels.ok())
      return ParseFail(error, "alerts", labels.status().message());
    auto url = StringField(o, "generatorURL", "Alert");
    if (!url.ok()) return ParseFail(error, "alerts", url.status().message());
    has_labels->push_back(labels->has_value());
    if (*labels) a.labels = std::move(**labels);
    if (*annotations) a.annotations = std::move(**annotations);
    if (*starts) a.starts_at = **starts;
    if (*ends) a.ends_at = **ends;
    if (*url) a.generator_url = std::move(**url);
    out->push_back(std::move(a));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<model::Alert>> DecodePostableAlerts(std::string_view body,
                                                       SwaggerError* error) {
  std::vector<model::Alert> out;
  std::vector<bool> has_labels;
  if (!FastDecodeAlerts(body, &out, &has_labels)) {
    out.clear();
    has_labels.clear();
    RETURN_IF_ERROR(DecodeAlertsTree(body, error, &out, &has_labels));
  }
  // go-swagger's Validate, alert by alert; per alert generatorURL (format
  // uri) before labels (required).
  for (size_t i = 0; i < has_labels.size(); ++i) {
    const std::string& url = out[i].generator_url;
    if (!url.empty() && !IsGoUri(url)) {
      return Fail(
          error, 601,
          std::to_string(i) +
              ".generatorURL in body must be of type uri: " + GoQuote(url));
    }
    if (!has_labels[i]) {
      return Fail(error, 602,
                  std::to_string(i) + ".labels in body is required");
    }
  }
  return out;
}

namespace {

// Bytes that need work when writing a JSON string: '"', '\\' and control
// characters (boost::json's serializer escapes exactly these) plus, for
// Go's HTML escaping, '<', '>', '&' and 0xE2 (the lead byte of U+2028 and
// U+2029).
struct EscapeTable {
  bool plain[256];
  bool html[256];
  constexpr EscapeTable() : plain(), html() {
    for (int c = 0; c < 256; ++c) {
      plain[c] = c < 0x20 || c == '"' || c == '\\';
      html[c] = plain[c] || c == '<' || c == '>' || c == '&' || c == 0xe2;
    }
  }
};
constexpr EscapeTable kEscape;

}  // namespace

void AppendJsonString(std::string_view s, bool html_escape, std::string* out) {
  const bool* table = html_escape ? kEscape.html : kEscape.plain;
  out->push_back('"');
  size_t run = 0;  // start of the pending unescaped run
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!table[c]) continue;
    const char* rep = nullptr;
    char buf[7];
    size_t skip = 0;
    switch (c) {
      case '"':
        rep = "\\\"";
        break;
      case '\\':
        rep = "\\\\";
        break;
      case '\b':
        rep = "\\b";
        break;
      case '\t':
        rep = "\\t";
        break;
      case '\n':
        rep = "\\n";
        break;
      case '\f':
        rep = "\\f";
        break;
      case '\r':
        rep = "\\r";
        break;
      case '<':
        rep = "\\u003c";
        break;
      case '>':
        rep = "\\u003e";
        break;
      case '&':
        rep = "\\u0026";
        break;
      case 0xe2:
        if (i + 2 < s.size() && s[i + 1] == '\x80' &&
            (s[i + 2] == '\xa8' || s[i + 2] == '\xa9')) {
          rep = s[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
          skip = 2;
        }
        break;
      default: {  // other control characters: \u00xx, lower-case hex
        static constexpr char kHex[] = "0123456789abcdef";
        buf[0] = '\\';
        buf[1] = 'u';
        buf[2] = '0';
        buf[3] = '0';
        buf[4] = kHex[c >> 4];
        buf[5] = kHex[c & 0xf];
        buf[6] = '\0';
        rep = buf;
        break;
      }
    }
    if (rep == nullptr) continue;  // a 0xE2 that starts another character
    out->append(s.data() + run, i - run);
    out->append(rep);
    i += skip;
    run = i + 1;
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendDateTime(model::Time t, std::string* out) {
  if (model::IsZeroTime(t)) {
    out->append("0001-01-01T00:00:00.000Z");
    return;
  }
  nanoseconds since = t.time_since_epoch();
  auto day = std::chrono::floor<days>(since);
  nanoseconds rest = since - day;
  std::chrono::year_month_day ymd{sys_days(day)};
  int64_t ms = std::chrono::floor<std::chrono::milliseconds>(rest).count();
  int64_t secs = ms / 1000;
  int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // not reachable with int64 nanoseconds
    char buf[40];
    std::snprintf(
        buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", year,
        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
        static_cast<long long>(secs / 3600),
        static_cast<long long>(secs / 60 % 60),
        static_cast<long long>(secs % 60), static_cast<long long>(ms % 1000));
    out->append(buf);
    return;
  }
  char buf[24];
  auto put = [&buf](int pos, int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[pos + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, year, 4);
  buf[4] = '-';
  put(5, static_cast<unsigned>(ymd.month()), 2);
  buf[7] = '-';
  put(8, static_cast<unsigned>(ymd.day()), 2);
  buf[10] = 'T';
  put(11, secs / 3600, 2);
  buf[13] = ':';
  put(14, secs / 60 % 60, 2);
  buf[16] = ':';
  put(17, secs % 60, 2);
  buf[19] = '.';
  put(20, ms % 1000, 3);
  buf[23] = 'Z';
  out->append(buf, sizeof buf);
}

namespace {

void AppendQuotedDateTime(model::Time t, std::string* out) {
  out->push_back('"');
  AppendDateTime(t, out);
  out->push_back('"');
}

void AppendLabels(const model::Labels& labels, bool html_escape,
                  std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const model::Label& l : labels) {
    if (!first) out->push_back(',');
    first = false;
    AppendJsonString(l.name, html_escape, out);
    out->push_back(':');
    AppendJsonString(l.value, html_escape, out);
  }
  out->push_back('}');
}

void AppendStrings(const std::vector<std::string>& v, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(v[i], true, out);
  }
  out->push_back(']');
}

void AppendGettableAlert(const model::Alert& alert, model::AlertState state,
                         const std::vector<std::string>& silenced_by,
                         const std::vector<std::string>& inhibited_by,
                         const std::vector<std::string>& muted_by,
                         const std::vector<std::string>& receivers,
                         std::string* out) {
  out->append("{\"annotations\":");
  AppendLabels(alert.annotations, true, out);
  out->append(",\"endsAt\":");
  AppendQuotedDateTime(alert.ends_at, out);
  out->append(",\"fingerprint\":\"");
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t fp = alert.fingerprint().value();
  char hex[16];
  for (int i = 15; i >= 0; --i) {
    hex[i] = kHex[fp & 0xf];
    fp >>= 4;
  }
  out->append(hex, sizeof hex);
  out->append("\",\"receivers\":[");
  for (size_t i = 0; i < receivers.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append("{\"name\":");
    AppendJsonString(receivers[i], true, out);
    out->push_back('}');
  }
  out->append("],\"startsAt\":");
  AppendQuotedDateTime(alert.starts_at, out);
  out->append(",\"status\":{\"inhibitedBy\":");
  AppendStrings(inhibited_by, out);
  out->append(",\"mutedBy\":");
  AppendStrings(muted_by, out);
  out->append(",\"silencedBy\":");
  AppendStrings(silenced_by, out);
  out->append(",\"state\":");
  AppendJsonString(model::AlertStateName(state), true, out);
  out->append("},\"updatedAt\":");
  AppendQuotedDateTime(alert.updated_at, out);
  if (!alert.generator_url.empty()) {
    out->append(",\"generatorURL\":");
    AppendJsonString(alert.generator_url, true, out);
  }
  out->append(",\"labels\":");
  AppendLabels(alert.labels, true, out);
  out->push_back('}');
}

}  // namespace

void AppendGettableAlertJson(const model::Alert& alert,
                             const AlertStatusWire& status,
                             const std::vector<std::string>& receivers,
                             std::string* out) {
  AppendGettableAlert(alert, status.state, status.silenced_by,
                      status.inhibited_by, status.muted_by, receivers, out);
}

void AppendGettableAlertJson(const model::Alert& alert,
                             const model::AlertStatus& status,
                             const std::vector<std::string>& receivers,
                             std::string* out) {
  static const std::vector<std::string> kNone;
  AppendGettableAlert(alert, status.state, status.silenced_by,
                      status.inhibited_by, kNone, receivers, out);
}

void AppendLabelSetJson(const model::Labels& labels, bool html_escape,
                        std::string* out) {
  AppendLabels(labels, html_escape, out);
}

boost::json::object GettableAlertJson(
    const model::Alert& alert, const AlertStatusWire& status,
    const std::vector<std::string>& receivers) {
  json::object o;
  o["annotations"] = LabelsJson(alert.annotations);
  o["endsAt"] = FormatDateTime(alert.ends_at);
  o["fingerprint"] = alert.fingerprint().ToString();
  json::array rs;
  for (const auto& r : receivers) rs.emplace_back(ReceiverJson(r));
  o["receivers"] = std::move(rs);
  o["startsAt"] = FormatDateTime(alert.starts_at);
  json::object st;
  st["inhibitedBy"] = StringArray(status.inhibited_by);
  st["mutedBy"] = StringArray(status.muted_by);
  st["silencedBy"] = StringArray(status.silenced_by);
  st["state"] = std::string(model::AlertStateName(status.state));
  o["status"] = std::move(st);
  o["updatedAt"] = FormatDateTime(alert.updated_at);
  if (!alert.generator_url.empty()) o["generatorURL"] = alert.generator_url;
  o["labels"] = LabelsJson(alert.labels);
  return o;
}

boost::json::object ReceiverJson(std::string_view name) {
  json::object o;
  o["name"] = name;
  return o;
}

boost::json::object GettableSilenceJson(const silence::Silence& s,
                                        model::Time now) {
  json::object o;
  o["id"] = s.id.value();
  json::object st;
  st["state"] =
      std::string(silence::SilenceStateName(silence::StateAt(s, now)));
  o["status"] = std::move(st);
  o["updatedAt"] = FormatDateTime(s.updated_at);
  o["comment"] = s.comment;
  o["createdBy"] = s.created_by;
  o["endsAt"] = FormatDateTime(s.ends_at);
  json::array ms;
  for (const auto& m : s.matchers) {
    json::object mo;
    mo["isEqual"] = m.type == model::MatchType::kEqual ||
                    m.type == model::MatchType::kRegexMatch;
    mo["isRegex"] = m.type == model::MatchType::kRegexMatch ||
                    m.type == model::MatchType::kRegexNoMatch;
    mo["name"] = m.name;
    mo["value"] = m.pattern;
    ms.emplace_back(std::move(mo));
  }
  o["matchers"] = std::move(ms);
  o["startsAt"] = FormatDateTime(s.starts_at);
  return o;
}

Result<silence::Silence> DecodePostableSilence(std::string_view body,
                                               SwaggerError* error) {
  bool empty = false;
  Result<json::value> parsed = DecodeBody(body, &empty);
  if (empty) return Fail(error, 602, "silence in body is required");
  if (!parsed.ok())
    return ParseFail(error, "silence", parsed.status().message());
  const json::value& v = *parsed;
  // JSON null leaves the struct empty: the required checks below report it.
  static const json::object kEmpty;
  if (!v.is_object() && !v.is_null()) {
    return ParseFail(
        error, "silence",
        UnmarshalTypeError(v, "Go value", kPostableSilenceOwnFields));
  }
  const json::object& o = v.is_null() ? kEmpty : v.as_object();
  // As PostableSilence.UnmarshalJSON: `id` through an anonymous struct,
  // then the embedded Silence.
  constexpr std::string_view kStruct = "Silence";
  silence::Silence s;
  auto id = StringField(o, "id", "");
  if (!id.ok()) return ParseFail(error, "silence", id.status().message());
  auto comment = StringField(o, "comment", kStruct);
  if (!comment.ok())
    return ParseFail(error, "silence", comment.status().message());
  auto created_by = StringField(o, "createdBy", kStruct);
  if (!created_by.ok()) {
    return ParseFail(error, "silence", created_by.status().message());
  }
  auto starts = TimeField(o, "startsAt", kStruct);
  if (!starts.ok())
    return ParseFail(error, "silence", starts.status().message());
  auto ends = TimeField(o, "endsAt", kStruct);
  if (!ends.ok()) return ParseFail(error, "silence", ends.status().message());
  const json::value* mv = Field(o, "matchers");
  if (mv != nullptr && !mv->is_array()) {
    return ParseFail(error, "silence",
                     UnmarshalTypeError(*mv, "Go struct field Silence.matchers",
                                        "models.Matchers"));
  }
  struct RawMatcher {
    std::optional<std::string> name, value;
    std::optional<bool> is_regex, is_equal;
  };
  std::vector<RawMatcher> raw;
  if (mv != nullptr) {
    for (const json::value& m : mv->as_array()) {
      RawMatcher r;
      if (m.is_null()) {
        raw.push_back(r);
        continue;
      }
      if (!m.is_object()) {
        return ParseFail(
            error, "silence",
            UnmarshalTypeError(m, "Go struct field Silence.matchers",
                               "models.Matcher"));
      }
      const json::object& mo = m.as_object();
      auto name = StringField(mo, "name", "Matcher.matchers");
      if (!name.ok())
        return ParseFail(error, "silence", name.status().message());
      auto value = StringField(mo, "value", "Matcher.matchers");
      if (!value.ok())
        return ParseFail(error, "silence", value.status().message());
      for (auto [key, dst] : {std::pair{"isRegex", &r.is_regex},
                              std::pair{"isEqual", &r.is_equal}}) {
        const json::value* b = Field(mo, key);
        if (b == nullptr) continue;
        if (!b->is_bool()) {
          return ParseFail(
              error, "silence",
              UnmarshalTypeError(
                  *b, "Go struct field Matcher.matchers." + std::string(key),
                  "bool"));
        }
        *dst = b->as_bool();
      }
      r.name = *name;
      r.value = *value;
      raw.push_back(std::move(r));
    }
  }
  // go-swagger's Validate, in its order; the first failure is served.
  if (!*comment) return Fail(error, 602, "comment in body is required");
  if (!*created_by) return Fail(error, 602, "createdBy in body is required");
  if (!*ends) return Fail(error, 602, "endsAt in body is required");
  if (mv == nullptr) return Fail(error, 602, "matchers in body is required");
  if (raw.empty()) {
    return Fail(error, 612, "matchers in body should have at least 1 items");
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string p = "matchers." + std::to_string(i) + ".";
    if (!raw[i].is_regex)
      return Fail(error, 602, p + "isRegex in body is required");
    if (!raw[i].name) return Fail(error, 602, p + "name in body is required");
    if (!raw[i].value) return Fail(error, 602, p + "value in body is required");
  }
  if (!*starts) return Fail(error, 602, "startsAt in body is required");
  if (*id) s.id = silence::SilenceId(**id);
  s.comment = **comment;
  s.created_by = **created_by;
  s.starts_at = **starts;
  s.ends_at = **ends;
  for (const RawMatcher& r : raw) {
    bool eq = r.is_equal.value_or(true);
    bool re = *r.is_regex;
    silence::SilenceMatcher m;
    m.name = *r.name;
    m.pattern = *r.value;
    m.type = re ? (eq ? model::MatchType::kRegexMatch
                      : model::MatchType::kRegexNoMatch)
                : (eq ? model::MatchType::kEqual : model::MatchType::kNotEqual);
    s.matchers.push_back(std::move(m));
  }
  return s;
}

std::string GoHtmlEscape(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xe2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xa8' || json[i + 2] == '\xa9')) {
      out += json[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

boost::json::object SwaggerErrorJson(const SwaggerError& e) {
  json::object o;
  o["code"] = e.code;
  o["message"] = e.message;
  return o;
}

}  // namespace tocsin::api::v2
