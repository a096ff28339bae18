#include "e2e/differential/normalize.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace tocsin::e2e::diff {
namespace {

namespace json = boost::json;

constexpr char kGoZeroTime[] = "0001-01-01T00:00:00Z";

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

std::optional<json::value> TryParse(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return std::nullopt;
  return v;
}

const json::value* Field(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  return v.as_object().if_contains(key);
}

json::value FieldOrNull(const json::value& v, std::string_view key) {
  const json::value* f = Field(v, key);
  return f != nullptr ? *f : json::value(nullptr);
}

// A timestamp for comparison: the Go zero time, a time the client sent for
// `key`, or "<server>" for a time the server chose.
json::value NormTime(const json::value* t, const std::string& key,
                     const ClientTimes& times) {
  if (t == nullptr) return json::value(nullptr);
  if (!t->is_string()) return json::value("<not a string>");
  std::string_view s = t->as_string();
  if (s == kGoZeroTime) return json::value("zero");
  std::optional<int64_t> ms = ParseRfc3339Ms(s);
  if (!ms) return json::value("<malformed: " + std::string(s) + ">");
  if (times.Contains(key, *ms)) return json::value(FormatRfc3339Ms(*ms));
  return json::value("<server>");
}

std::string IdName(const json::value& id, const IdNames& ids,
                   const char* unknown) {
  if (!id.is_string()) return "<not a string>";
  auto it = ids.find(std::string(id.as_string()));
  return it != ids.end() ? it->second : unknown;
}

std::string Lines(std::vector<std::string> lines, bool sort) {
  if (sort) std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

json::object NormSilenceObject(const json::value& s, const NormContext& ctx) {
  json::object o;
  o["id"] = IdName(FieldOrNull(s, "id"), *ctx.ids, "<unknown-id>");
  o["matchers"] = FieldOrNull(s, "matchers");
  o["createdBy"] = FieldOrNull(s, "createdBy");
  o["comment"] = FieldOrNull(s, "comment");
  const json::value* status = Field(s, "status");
  o["state"] = status != nullptr ? FieldOrNull(*status, "state") : nullptr;
  o["startsAt"] = NormTime(Field(s, "startsAt"), "", *ctx.times);
  o["endsAt"] = NormTime(Field(s, "endsAt"), "", *ctx.times);
  return o;
}

}  // namespace

std::optional<int64_t> ParseRfc3339Ms(std::string_view s) {
  struct tm tm = {};
  int year, mon, day, hour, min, sec;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' ||
      !Digits(s, 5, 2, &mon) || s[7] != '-' || !Digits(s, 8, 2, &day) ||
      (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, &hour) ||
      s[13] != ':' || !Digits(s, 14, 2, &min) || s[16] != ':' ||
      !Digits(s, 17, 2, &sec)) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 3) ms = ms * 10 + (s[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return std::nullopt;
    for (int i = n; i < 3; ++i) ms *= 10;
  }
  int64_t offset_s = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() ||
        s[pos + 3] != ':' || !Digits(s, pos + 4, 2, &om)) {
      return std::nullopt;
    }
    offset_s = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  int64_t secs = static_cast<int64_t>(timegm(&tm)) - offset_s;
  return secs * 1000 + ms;
}

std::string FormatRfc3339Ms(int64_t unix_ms) {
  int64_t secs = unix_ms / 1000;
  int64_t ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    --secs;
  }
  time_t t = static_cast<time_t>(secs);
  struct tm tm = {};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string CanonicalJson(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      const json::object& o = v.as_object();
      std::vector<std::string_view> keys;
      for (const auto& kv : o) keys.push_back(kv.key());
      std::sort(keys.begin(), keys.end());
      std::string out = "{";
      for (size_t i = 0; i < keys.size(); ++i) {
        if (i > 0) out += ',';
        out += json::serialize(json::value(keys[i]));
        out += ':';
        out += CanonicalJson(o.at(keys[i]));
      }
      return out + "}";
    }
    case json::kind::array: {
      std::string out = "[";
      const json::array& a = v.as_array();
      for (size_t i = 0; i < a.size(); ++i) {
        if (i > 0) out += ',';
        out += CanonicalJson(a[i]);
      }
      return out + "]";
    }
    default:
      return json::serialize(v);
  }
}

std::string LabelsKey(const json::value& labels) {
  return CanonicalJson(labels);
}

std::string NormalizeBody(std::string_view body) {
  if (std::optional<json::value> v = TryParse(body)) return CanonicalJson(*v);
  size_t end = body.find_last_not_of(" \t\r\n");
  return std::string(end == std::string_view::npos ? std::string_view()
                                                   : body.substr(0, end + 1));
}

namespace {

// One gettable alert (GET /api/v2/alerts, .../alerts/groups) normalized.
json::object NormAlertObject(const json::value& a, const NormContext& ctx) {
  json::object o;
  json::value labels = FieldOrNull(a, "labels");
  std::string key = LabelsKey(labels);
  o["labels"] = labels;
  o["annotations"] = FieldOrNull(a, "annotations");
  o["fingerprint"] = FieldOrNull(a, "fingerprint");
  o["generatorURL"] = FieldOrNull(a, "generatorURL");
  o["startsAt"] = NormTime(Field(a, "startsAt"), key, *ctx.times);
  o["endsAt"] = NormTime(Field(a, "endsAt"), key, *ctx.times);
  json::array receivers;
  if (const json::value* r = Field(a, "receivers"); r && r->is_array()) {
    for (const json::value& rv : r->as_array()) {
      receivers.push_back(FieldOrNull(rv, "name"));
    }
  }
  o["receivers"] = std::move(receivers);
  json::object status;
  if (const json::value* st = Field(a, "status")) {
    status["state"] = FieldOrNull(*st, "state");
    std::vector<std::string> silenced;
    if (const json::value* sb = Field(*st, "silencedBy");
        sb && sb->is_array()) {
      for (const json::value& id : sb->as_array()) {
        silenced.push_back(IdName(id, *ctx.ids, "<unknown-id>"));
      }
    }
    std::sort(silenced.begin(), silenced.end());
    json::array sa;
    for (const auto& s : silenced) sa.push_back(json::value(s));
    status["silencedBy"] = std::move(sa);
    std::vector<std::string> inhibited;
    if (const json::value* ib = Field(*st, "inhibitedBy");
        ib && ib->is_array()) {
      for (const json::value& fp : ib->as_array()) {
        inhibited.push_back(CanonicalJson(fp));
      }
    }
    std::sort(inhibited.begin(), inhibited.end());
    json::array ia;
    for (const auto& s : inhibited) ia.push_back(json::value(s));
    status["inhibitedBy"] = std::move(ia);
  }
  o["status"] = std::move(status);
  return o;
}

}  // namespace

std::string NormalizeAlertList(std::string_view body, const NormContext& ctx) {
  std::optional<json::value> v = TryParse(body);
  if (!v || !v->is_array()) return "not an alert list: " + NormalizeBody(body);
  std::vector<std::string> lines;
  for (const json::value& a : v->as_array()) {
    lines.push_back(CanonicalJson(NormAlertObject(a, ctx)));
  }
  return Lines(std::move(lines), /*sort=*/true);
}

std::string NormalizeAlertGroups(std::string_view body,
                                 const NormContext& ctx) {
  std::optional<json::value> v = TryParse(body);
  if (!v || !v->is_array()) return "not a group list: " + NormalizeBody(body);
  std::vector<std::string> lines;
  for (const json::value& g : v->as_array()) {
    json::object o;
    o["labels"] = FieldOrNull(g, "labels");
    const json::value* r = Field(g, "receiver");
    o["receiver"] = r != nullptr ? FieldOrNull(*r, "name") : nullptr;
    std::vector<std::string> alerts;
    if (const json::value* as = Field(g, "alerts"); as && as->is_array()) {
      for (const json::value& a : as->as_array()) {
        alerts.push_back(CanonicalJson(NormAlertObject(a, ctx)));
      }
    }
    std::sort(alerts.begin(), alerts.end());
    json::array arr;
    for (const std::string& a : alerts) arr.push_back(json::parse(a));
    o["alerts"] = std::move(arr);
    lines.push_back(CanonicalJson(o));
  }
  return Lines(std::move(lines), /*sort=*/true);
}

std::string NormalizeSilenceList(std::string_view body,
                                 const NormContext& ctx) {
  std::optional<json::value> v = TryParse(body);
  if (!v || !v->is_array()) {
    return "not a silence list: " + NormalizeBody(body);
  }
  std::vector<std::string> lines;
  for (const json::value& s : v->as_array()) {
    lines.push_back(CanonicalJson(NormSilenceObject(s, ctx)));
  }
  return Lines(std::move(lines), /*sort=*/true);
}

std::string NormalizeSilence(std::string_view body, const NormContext& ctx) {
  std::optional<json::value> v = TryParse(body);
  if (!v || !v->is_object()) return "not a silence: " + NormalizeBody(body);
  return CanonicalJson(NormSilenceObject(*v, ctx)) + "\n";
}

std::string NormalizeSilenceCreated(std::string_view body,
                                    const NormContext& ctx) {
  std::optional<json::value> v = TryParse(body);
  const json::value* id = v ? Field(*v, "silenceID") : nullptr;
  if (id == nullptr || v->as_object().size() != 1) {
    return "not {\"silenceID\": ...}: " + NormalizeBody(body);
  }
  json::object o;
  o["silenceID"] = IdName(*id, *ctx.ids, "<new-id>");
  return CanonicalJson(o);
}

std::string NormalizeNotification(std::string_view path, std::string_view body,
                                  const NormContext& ctx) {
  std::optional<json::value> v = TryParse(body);
  if (!v || !v->is_object()) {
    return std::string(path) + " not a webhook payload: " + NormalizeBody(body);
  }
  json::object o;
  o["path"] = path;
  for (const char* key :
       {"version", "receiver", "status", "groupKey", "groupLabels",
        "commonLabels", "commonAnnotations", "truncatedAlerts"}) {
    o[key] = FieldOrNull(*v, key);
  }
  std::vector<std::string> alerts;
  if (const json::value* as = Field(*v, "alerts"); as && as->is_array()) {
    for (const json::value& a : as->as_array()) {
      json::object n;
      json::value labels = FieldOrNull(a, "labels");
      std::string key = LabelsKey(labels);
      n["labels"] = labels;
      n["status"] = FieldOrNull(a, "status");
      n["annotations"] = FieldOrNull(a, "annotations");
      n["fingerprint"] = FieldOrNull(a, "fingerprint");
      n["generatorURL"] = FieldOrNull(a, "generatorURL");
      n["startsAt"] = NormTime(Field(a, "startsAt"), key, *ctx.times);
      n["endsAt"] = NormTime(Field(a, "endsAt"), key, *ctx.times);
      alerts.push_back(CanonicalJson(n));
    }
  } else {
    alerts.push_back("<alerts is not an array>");
  }
  std::sort(alerts.begin(), alerts.end());
  json::array arr;
  for (const std::string& a : alerts) {
    std::optional<json::value> p = TryParse(a);
    arr.push_back(p ? *p : json::value(a));
  }
  o["alerts"] = std::move(arr);
  return CanonicalJson(o);
}

}  // namespace tocsin::e2e::diff
