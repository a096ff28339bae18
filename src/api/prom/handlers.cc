#include "api/prom/handlers.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <set>
#include <string>

#include "api/v2/wire.h"
#include "base/duration.h"
#include "base/status.h"
#include "ingest/exposition.h"
#include "ingest/remote_write.h"
#include "promql/parser.h"

namespace tocsin::api::prom {
namespace {

// Prometheus' minTime/maxTime for absent start/end parameters.
// (time.Unix(math.MinInt64/1000+62135596801, 0) and
// time.Unix(math.MaxInt64/1000-62135596801, 999999999), in ms).
constexpr int64_t kMinTimeMs = -9223309901257974000LL;
constexpr int64_t kMaxTimeMs = 9223309901257974999LL;

enum class ErrorType { kBadData, kExecution, kTimeout, kInternal, kNotFound };

std::string_view ErrorTypeName(ErrorType t) {
  switch (t) {
    case ErrorType::kBadData:
      return "bad_data";
    case ErrorType::kExecution:
      return "execution";
    case ErrorType::kTimeout:
      return "timeout";
    case ErrorType::kInternal:
      return "internal";
    case ErrorType::kNotFound:
      return "not_found";
  }
  return "internal";
}

int ErrorStatus(ErrorType t) {
  switch (t) {
    case ErrorType::kBadData:
      return 400;
    case ErrorType::kExecution:
      return 422;
    case ErrorType::kTimeout:
      return 503;
    case ErrorType::kNotFound:
      return 404;
    case ErrorType::kInternal:
      return 500;
  }
  return 500;
}

void Str(std::string_view s, std::string* out) {
  v2::AppendJsonString(s, /*html_escape=*/true, out);
}

net::HttpResponse Error(ErrorType type, std::string_view message) {
  std::string body = "{\"status\":\"error\",\"errorType\":\"";
  body += ErrorTypeName(type);
  body += "\",\"error\":";
  Str(message, &body);
  body += "}";
  return net::HttpResponse::Json(ErrorStatus(type), std::move(body));
}

net::HttpResponse Success(std::string data_json,
                          const std::vector<std::string>& warnings = {},
                          const std::vector<std::string>& infos = {}) {
  std::string body = "{\"status\":\"success\",\"data\":";
  body += data_json;
  auto list = [&](const char* key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    body += ",\"";
    body += key;
    body += "\":[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) body += ",";
      Str(v[i], &body);
    }
    body += "]";
  };
  list("warnings", warnings);
  list("infos", infos);
  body += "}";
  return net::HttpResponse::Json(200, std::move(body));
}

// Request parameters from the query string and, for POST, a form body
// (Prometheus' r.FormValue / r.Form).
class Params {
 public:
  explicit Params(const net::HttpRequest& req) {
    for (const auto& [k, v] : req.query) all_.emplace_back(k, v);
    if (req.method == "POST") {
      std::string_view ct = req.headers.Get("Content-Type").value_or("");
      if (ct.starts_with("application/x-www-form-urlencoded")) {
        // Go's Form puts body values before URL query values.
        std::vector<std::pair<std::string, std::string>> body;
        for (const auto& [k, v] : net::ParseQuery(req.body)) {
          body.emplace_back(k, v);
        }
        all_.insert(all_.begin(), body.begin(), body.end());
      }
    }
  }
  std::optional<std::string> Get(std::string_view name) const {
    for (const auto& [k, v] : all_) {
      if (k == name) return v;
    }
    return std::nullopt;
  }
  std::vector<std::string> GetAll(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : all_) {
      if (k == name) out.push_back(v);
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> all_;
};

void AppendLabels(const model::Labels& labels, std::string* out) {
  *out += "{";
  bool first = true;
  for (const model::Label& l : labels) {
    if (!first) *out += ",";
    first = false;
    Str(l.name, out);
    *out += ":";
    Str(l.value, out);
  }
  *out += "}";
}

void AppendPoint(int64_t t, double v, std::string* out) {
  *out += "[";
  *out += FormatTimestamp(t);
  *out += ",\"";
  *out += FormatValue(v);
  *out += "\"]";
}

Result<int64_t> TimeParam(const Params& p, std::string_view name,
                          int64_t fallback) {
  std::optional<std::string> v = p.Get(name);
  if (!v || v->empty()) return fallback;
  Result<int64_t> t = ParseTimeParam(*v);
  if (!t.ok()) {
    return InvalidArgumentError("invalid parameter \"" + std::string(name) +
                                "\": " + std::string(t.status().message()));
  }
  return t;
}

// Prometheus' parseDuration: float seconds or a duration string.
Result<int64_t> DurationParam(std::string_view s) {
  double secs = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), secs);
  if (ec == std::errc() && ptr == s.data() + s.size()) {
    double ms = std::round(secs * 1000);
    if (!std::isfinite(ms) || ms > 9.2e18 || ms < -9.2e18) {
      return InvalidArgumentError("cannot parse \"" + std::string(s) +
                                  "\" to a valid duration. It overflows int64");
    }
    return static_cast<int64_t>(ms);
  }
  Result<Duration> d = ParseDuration(s);
  if (d.ok()) return static_cast<int64_t>(d->count());
  return InvalidArgumentError("cannot parse \"" + std::string(s) +
                              "\" to a valid duration");
}

Result<std::vector<model::Matchers>> MatchParams(const Params& p) {
  std::vector<model::Matchers> out;
  for (const std::string& m : p.GetAll("match[]")) {
    Result<promql::ExprPtr> e = promql::ParseExpr(m);
    if (!e.ok()) return e.status();
    if ((*e)->kind != promql::ExprKind::kVectorSelector) {
      return InvalidArgumentError(
          "invalid parameter \"match[]\": 1:1: parse "
          "error: expected vector selector");
    }
    out.push_back((*e)->matchers);
  }
  return out;
}

net::HttpResponse QueryError(const Status& s) {
  if (s.code() == StatusCode::kInvalidArgument) {
    return Error(ErrorType::kBadData, s.message());
  }
  if (s.code() == StatusCode::kDeadlineExceeded) {
    return Error(ErrorType::kTimeout, s.message());
  }
  if (s.code() == StatusCode::kCancelled) {
    return Error(ErrorType::kTimeout, s.message());
  }
  return Error(ErrorType::kExecution, s.message());
}

std::string ResultJson(const promql::QueryResult& r) {
  std::string out = "{\"resultType\":\"";
  switch (r.type) {
    case promql::ResultType::kScalar:
      out += "scalar\",\"result\":";
      AppendPoint(r.t, r.scalar, &out);
      break;
    case promql::ResultType::kString:
      out += "string\",\"result\":[";
      out += FormatTimestamp(r.t);
      out += ",";
      Str(r.str, &out);
      out += "]";
      break;
    case promql::ResultType::kVector:
      out += "vector\",\"result\":[";
      for (size_t i = 0; i < r.vector.size(); ++i) {
        if (i) out += ",";
        out += "{\"metric\":";
        AppendLabels(r.vector[i].labels, &out);
        out += ",\"value\":";
        AppendPoint(r.vector[i].t, r.vector[i].v, &out);
        out += "}";
      }
      out += "]";
      break;
    case promql::ResultType::kMatrix:
      out += "matrix\",\"result\":[";
      for (size_t i = 0; i < r.matrix.size(); ++i) {
        if (i) out += ",";
        out += "{\"metric\":";
        AppendLabels(r.matrix[i].labels, &out);
        out += ",\"values\":[";
        for (size_t j = 0; j < r.matrix[i].points.size(); ++j) {
          if (j) out += ",";
          AppendPoint(r.matrix[i].points[j].t, r.matrix[i].points[j].v, &out);
        }
        out += "]}";
      }
      out += "]";
      break;
  }
  out += "}";
  return out;
}

class Api {
 public:
  explicit Api(PromApiDeps deps) : d_(std::move(deps)) {}

  net::HttpResponse Query(const ApiRequest& r) const {
    Params p(r.http);
    std::optional<std::string> q = p.Get("query");
    if (!q || q->empty()) {
      return Error(ErrorType::kBadData,
                   "invalid parameter \"query\": query "
                   "is empty");
    }
    Result<int64_t> t = TimeParam(p, "time", d_.now_ms());
    if (!t.ok()) return Error(ErrorType::kBadData, t.status().message());
    if (auto to = p.Get("timeout"); to && !to->empty()) {
      if (!DurationParam(*to).ok()) {
        return Error(ErrorType::kBadData,
                     "invalid parameter \"timeout\": cannot parse \"" + *to +
                         "\" to a valid duration");
      }
    }
    Result<promql::QueryResult> res =
        d_.engine->InstantQuery(*d_.queryable, *q, *t);
    if (!res.ok()) return QueryError(res.status());
    return Success(ResultJson(*res), res->warnings, res->infos);
  }

  net::HttpResponse QueryRange(const ApiRequest& r) const {
    Params p(r.http);
    auto need = [&](const char* name) -> Result<std::string> {
      std::optional<std::string> v = p.Get(name);
      if (!v || v->empty()) {
        return InvalidArgumentError(
            "invalid parameter \"" + std::string(name) +
            "\": cannot parse \"\" to a valid " +
            (std::string(name) == "step" ? "duration" : "timestamp"));
      }
      return *v;
    };
    Result<std::string> start_s = need("start");
    if (!start_s.ok())
      return Error(ErrorType::kBadData, start_s.status().message());
    Result<int64_t> start = TimeParam(p, "start", 0);
    if (!start.ok())
      return Error(ErrorType::kBadData, start.status().message());
    Result<std::string> end_s = need("end");
    if (!end_s.ok())
      return Error(ErrorType::kBadData, end_s.status().message());
    Result<int64_t> end = TimeParam(p, "end", 0);
    if (!end.ok()) return Error(ErrorType::kBadData, end.status().message());
    if (*end < *start) {
      return Error(ErrorType::kBadData,
                   "invalid parameter \"end\": end timestamp must not be "
                   "before start time");
    }
    Result<std::string> step_s = need("step");
    if (!step_s.ok())
      return Error(ErrorType::kBadData, step_s.status().message());
    Result<int64_t> step = DurationParam(*step_s);
    if (!step.ok()) {
      return Error(ErrorType::kBadData,
                   "invalid parameter \"step\": " +
                       std::string(step.status().message()));
    }
    if (*step <= 0) {
      return Error(ErrorType::kBadData,
                   "invalid parameter \"step\": zero or negative query "
                   "resolution step widths are not accepted. Try a positive "
                   "integer");
    }
    if ((*end - *start) / *step > d_.max_points_per_series) {
      return Error(ErrorType::kBadData,
                   "exceeded maximum resolution of 11,000 points per "
                   "timeseries. Try decreasing the query resolution "
                   "(?step=XX)");
    }
    std::optional<std::string> q = p.Get("query");
    if (!q || q->empty()) {
      return Error(ErrorType::kBadData,
                   "invalid parameter \"query\": query is empty");
    }
    Result<promql::QueryResult> res =
        d_.engine->RangeQuery(*d_.queryable, *q, *start, *end, *step);
    if (!res.ok()) return QueryError(res.status());
    return Success(ResultJson(*res), res->warnings, res->infos);
  }

  net::HttpResponse Series(const ApiRequest& r) const {
    Params p(r.http);
    if (p.GetAll("match[]").empty()) {
      return Error(ErrorType::kBadData, "no match[] parameter provided");
    }
    Result<std::vector<model::Matchers>> sets = MatchParams(p);
    if (!sets.ok()) return Error(ErrorType::kBadData, sets.status().message());
    Result<int64_t> start = TimeParam(p, "start", kMinTimeMs);
    Result<int64_t> end = TimeParam(p, "end", kMaxTimeMs);
    if (!start.ok())
      return Error(ErrorType::kBadData, start.status().message());
    if (!end.ok()) return Error(ErrorType::kBadData, end.status().message());
    auto querier = d_.queryable->NewQuerier(*start, *end);
    if (!querier.ok())
      return Error(ErrorType::kExecution, querier.status().message());
    std::set<model::Labels> found;
    for (const model::Matchers& m : *sets) {
      series::SelectHints hints;
      hints.start = *start;
      hints.end = *end;
      hints.func = "series";
      auto set = (*querier)->Select(false, &hints, m);
      while (set->Next()) found.insert(set->At().labels());
      if (!set->err().ok())
        return Error(ErrorType::kExecution, set->err().message());
    }
    std::string out = "[";
    bool first = true;
    for (const model::Labels& l : found) {
      if (!first) out += ",";
      first = false;
      AppendLabels(l, &out);
    }
    out += "]";
    return Success(std::move(out));
  }

  // /api/v1/labels and /api/v1/label/<name>/values.
  net::HttpResponse Labels(const ApiRequest& r,
                           std::optional<std::string> name) const {
    Params p(r.http);
    Result<std::vector<model::Matchers>> sets = MatchParams(p);
    if (!sets.ok()) return Error(ErrorType::kBadData, sets.status().message());
    Result<int64_t> start = TimeParam(p, "start", kMinTimeMs);
    Result<int64_t> end = TimeParam(p, "end", kMaxTimeMs);
    if (!start.ok())
      return Error(ErrorType::kBadData, start.status().message());
    if (!end.ok()) return Error(ErrorType::kBadData, end.status().message());
    auto querier = d_.queryable->NewQuerier(*start, *end);
    if (!querier.ok())
      return Error(ErrorType::kExecution, querier.status().message());
    if (sets->empty()) sets->push_back({});
    std::set<std::string> names;
    for (const model::Matchers& m : *sets) {
      Result<std::vector<std::string>> got =
          name ? (*querier)->LabelValues(*name, m) : (*querier)->LabelNames(m);
      if (!got.ok())
        return Error(ErrorType::kExecution, got.status().message());
      names.insert(got->begin(), got->end());
    }
    std::optional<std::string> limit_s = p.Get("limit");
    size_t limit = 0;
    if (limit_s && !limit_s->empty()) {
      auto [ptr, ec] = std::from_chars(
          limit_s->data(), limit_s->data() + limit_s->size(), limit);
      if (ec != std::errc() || ptr != limit_s->data() + limit_s->size()) {
        return Error(ErrorType::kBadData,
                     "invalid parameter \"limit\": cannot parse \"" + *limit_s +
                         "\" to a valid limit");
      }
    }
    std::string out = "[";
    size_t n = 0;
    for (const std::string& s : names) {
      if (limit > 0 && n == limit) break;
      if (n++) out += ",";
      Str(s, &out);
    }
    out += "]";
    return Success(std::move(out));
  }

  net::HttpResponse Metadata(const ApiRequest& r) const {
    Params p(r.http);
    std::vector<ingest::MetricMetadata> list;
    if (d_.metadata) list = d_.metadata->List(p.Get("metric").value_or(""));
    long limit = -1;
    if (auto l = p.Get("limit"); l && !l->empty()) {
      auto [ptr, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
      if (ec != std::errc() || ptr != l->data() + l->size()) {
        return Error(ErrorType::kBadData, "limit must be a number");
      }
    }
    std::string out = "{";
    long n = 0;
    for (const ingest::MetricMetadata& m : list) {
      if (limit >= 0 && n == limit) break;
      if (n++) out += ",";
      Str(m.family, &out);
      out += ":[{\"type\":";
      Str(ingest::MetricTypeName(m.type), &out);
      out += ",\"help\":";
      Str(m.help, &out);
      out += ",\"unit\":";
      Str(m.unit, &out);
      out += "}]";
    }
    out += "}";
    return Success(std::move(out));
  }

  net::HttpResponse Write(const ApiRequest& r) const {
    const net::HttpRequest& h = r.http;
    std::string_view encoding = h.headers.Get("Content-Encoding").value_or("");
    if (!encoding.empty() && encoding != "snappy") {
      return net::HttpResponse::Text(
          415, "unsupported Content-Encoding \"" + std::string(encoding) +
                   "\": remote write 1.0 bodies are snappy-compressed\n");
    }
    Result<std::string> raw = ingest::SnappyDecode(h.body, d_.max_write_bytes);
    if (!raw.ok()) {
      int status =
          raw.status().code() == StatusCode::kResourceExhausted ? 413 : 400;
      return net::HttpResponse::Text(
          status, std::string(raw.status().message()) + "\n");
    }
    Result<ingest::WriteRequest> req = ingest::DecodeWriteRequest(*raw);
    if (!req.ok()) {
      return net::HttpResponse::Text(
          400, std::string(req.status().message()) + "\n");
    }
    Result<ingest::AppendStats> st =
        ingest::AppendWriteRequest(*req, *d_.appendable);
    if (!st.ok()) {
      return net::HttpResponse::Text(400,
                                     std::string(st.status().message()) + "\n");
    }
    if (d_.metadata && !req->metadata.empty())
      d_.metadata->Update(req->metadata);
    net::HttpResponse resp;
    resp.status = 204;
    return resp;
  }

  // Text-format push: every sample or none; samples without a timestamp get
  // the time of the request; `extra_label=name=value` parameters are added.
  net::HttpResponse Import(const ApiRequest& r) const {
    Params p(r.http);
    std::vector<model::Label> extra;
    for (const std::string& e : p.GetAll("extra_label")) {
      size_t eq = e.find('=');
      if (eq == std::string::npos || eq == 0) {
        return net::HttpResponse::Text(
            400, "invalid extra_label \"" + e + "\": want name=value\n");
      }
      extra.push_back({e.substr(0, eq), e.substr(eq + 1)});
    }
    Result<ingest::Exposition> parsed = ingest::ParseExposition(
        r.http.body, ingest::FormatFromContentType(
                         r.http.headers.Get("Content-Type").value_or("")));
    if (!parsed.ok()) {
      return net::HttpResponse::Text(
          400, "cannot parse the body: " +
                   std::string(parsed.status().message()) + "\n");
    }
    const int64_t now = d_.now_ms();
    model::Labels extra_labels(extra);
    std::unique_ptr<series::Appender> app = d_.appendable->NewAppender();
    for (const ingest::ParsedSample& s : parsed->samples) {
      model::Labels labels =
          extra.empty() ? s.labels : s.labels.Merge(extra_labels);
      Status st = app->Append(labels, s.timestamp_ms.value_or(now), s.value);
      if (!st.ok()) {
        app->Rollback();
        return net::HttpResponse::Text(
            400, labels.ToString() + ": " + std::string(st.message()) + "\n");
      }
    }
    Status st = app->Commit();
    if (!st.ok()) {
      return net::HttpResponse::Text(500, std::string(st.message()) + "\n");
    }
    if (d_.metadata) d_.metadata->Update(parsed->metadata);
    net::HttpResponse resp;
    resp.status = 204;
    return resp;
  }

 private:
  PromApiDeps d_;
};

}  // namespace

std::string FormatTimestamp(int64_t ms) {
  std::string out;
  uint64_t abs =
      ms < 0 ? static_cast<uint64_t>(-(ms + 1)) + 1 : static_cast<uint64_t>(ms);
  if (ms < 0) out += "-";
  out += std::to_string(abs / 1000);
  uint64_t frac = abs % 1000;
  if (frac != 0) {
    char buf[4];
    std::snprintf(buf, sizeof(buf), "%03u", static_cast<unsigned>(frac));
    std::string f(buf);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  auto [ptr, ec] =
      std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  if (ec != std::errc()) return "NaN";
  return std::string(buf, ptr);
}

Result<int64_t> ParseTimeParam(std::string_view s) {
  double secs = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), secs);
  if (ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(secs)) {
    double ms = std::round(secs * 1000);
    if (ms > 9.2e18 || ms < -9.2e18) {
      return InvalidArgumentError("cannot parse \"" + std::string(s) +
                                  "\" to a valid timestamp");
    }
    return static_cast<int64_t>(ms);
  }
  // RFC 3339 with optional fraction: YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  int y, mo, d, h, mi, se;
  char sep;
  int consumed = 0;
  std::string str(s);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep,
                  &h, &mi, &se, &consumed) == 7 &&
      (sep == 'T' || sep == 't')) {
    size_t i = static_cast<size_t>(consumed);
    int64_t frac_ms = 0;
    if (i < str.size() && str[i] == '.') {
      ++i;
      int digits = 0;
      while (i < str.size() &&
             std::isdigit(static_cast<unsigned char>(str[i]))) {
        if (digits < 3) frac_ms = frac_ms * 10 + (str[i] - '0');
        ++digits;
        ++i;
      }
      if (digits == 0) goto bad;
      for (int k = digits; k < 3; ++k) frac_ms *= 10;
    }
    int64_t offset_s = 0;
    if (i < str.size() && (str[i] == 'Z' || str[i] == 'z')) {
      ++i;
    } else if (i + 6 == str.size() && (str[i] == '+' || str[i] == '-') &&
               str[i + 3] == ':') {
      int oh = std::atoi(str.substr(i + 1, 2).c_str());
      int om = std::atoi(str.substr(i + 4, 2).c_str());
      offset_s = (oh * 3600 + om * 60) * (str[i] == '+' ? 1 : -1);
      i += 6;
    } else {
      goto bad;
    }
    if (i != str.size() || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
        mi > 59 || se > 60) {
      goto bad;
    }
    using namespace std::chrono;
    year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                       day(static_cast<unsigned>(d))};
    if (!ymd.ok()) goto bad;
    int64_t days = sys_days(ymd).time_since_epoch().count();
    int64_t secs_total = days * 86400 + h * 3600 + mi * 60 + se - offset_s;
    return secs_total * 1000 + frac_ms;
  }
bad:
  return InvalidArgumentError("cannot parse \"" + std::string(s) +
                              "\" to a valid timestamp");
}

std::vector<Endpoint> PromEndpoints(PromApiDeps deps) {
  auto api = std::make_shared<const Api>(std::move(deps));
  std::vector<Endpoint> out;
  for (Method m : {Method::kGet, Method::kPost}) {
    out.push_back({m, "/api/v1/query",
                   [api](const ApiRequest& r) { return api->Query(r); }, false,
                   "PromQL instant query (Prometheus API)"});
    out.push_back({m, "/api/v1/query_range",
                   [api](const ApiRequest& r) { return api->QueryRange(r); },
                   false, "PromQL range query (Prometheus API)"});
    out.push_back({m, "/api/v1/series",
                   [api](const ApiRequest& r) { return api->Series(r); }, false,
                   "Series matching match[] selectors"});
    out.push_back(
        {m, "/api/v1/labels",
         [api](const ApiRequest& r) { return api->Labels(r, std::nullopt); },
         false, "Label names"});
    out.push_back({m, "/api/v1/label/{name}/values",
                   [api](const ApiRequest& r) {
                     return api->Labels(
                         r, std::string(r.Param("name").value_or("")));
                   },
                   false, "Values of one label"});
  }
  out.push_back({Method::kGet, "/api/v1/metadata",
                 [api](const ApiRequest& r) { return api->Metadata(r); }, false,
                 "Metric metadata (TYPE/HELP/UNIT) by family"});
  out.push_back({Method::kPost, "/api/v1/write",
                 [api](const ApiRequest& r) { return api->Write(r); }, true,
                 "Prometheus remote_write 1.0 receiver"});
  out.push_back({Method::kPost, "/api/v1/import/prometheus",
                 [api](const ApiRequest& r) { return api->Import(r); }, true,
                 "Push samples in the Prometheus text format"});
  return out;
}

}  // namespace tocsin::api::prom
