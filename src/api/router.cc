#include "api/router.h"

#include <algorithm>
#include <boost/json.hpp>

namespace tocsin::api {

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  if (!path.empty() && path[0] == '/') pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

bool IsPattern(std::string_view path) {
  return path.find('{') != std::string_view::npos;
}

// Go's http.Error: text/plain with X-Content-Type-Options: nosniff.
net::HttpResponse GoHttpError(int status, std::string body) {
  net::HttpResponse res = net::HttpResponse::Text(status, std::move(body));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

// go-openapi's JSON error body ({"code":..,"message":..}, no newline).
net::HttpResponse OpenApiError(int status, const std::string& message) {
  boost::json::object o;
  o["code"] = status;
  o["message"] = message;
  return net::HttpResponse::Json(status, boost::json::serialize(o));
}

}  // namespace

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
    case Method::kPatch:
      return "PATCH";
  }
  return "GET";
}

std::optional<Method> ParseMethod(std::string_view name) {
  if (name == "GET") return Method::kGet;
  if (name == "POST") return Method::kPost;
  if (name == "PUT") return Method::kPut;
  if (name == "DELETE") return Method::kDelete;
  if (name == "PATCH") return Method::kPatch;
  return std::nullopt;
}

std::optional<std::string_view> ApiRequest::Param(std::string_view name) const {
  for (const auto& [n, v] : params) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  PathParams* params) {
  std::vector<std::string_view> want = Segments(pattern);
  std::vector<std::string_view> got = Segments(path);
  if (want.size() != got.size()) return false;
  PathParams captured;
  for (size_t i = 0; i < want.size(); ++i) {
    std::string_view w = want[i];
    if (w.size() >= 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      auto decoded = net::PercentDecode(got[i], false);
      if (!decoded) return false;
      captured.emplace_back(std::string(w.substr(1, w.size() - 2)),
                            std::move(*decoded));
    } else if (w != got[i]) {
      return false;
    }
  }
  if (params) *params = std::move(captured);
  return true;
}

Router::Router(std::vector<Endpoint> endpoints, RouterOptions options)
    : endpoints_(std::move(endpoints)),
      prefix_(options.route_prefix),
      openapi_prefixes_(std::move(options.openapi_prefixes)) {
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
  if (!prefix_.empty() && prefix_.front() != '/') prefix_ = "/" + prefix_;
}

net::HttpResponse Router::Handle(const net::HttpRequest& request) const {
  std::string_view path = request.path;
  if (!prefix_.empty()) {
    if (path.substr(0, prefix_.size()) != prefix_ ||
        (path.size() > prefix_.size() && path[prefix_.size()] != '/')) {
      return GoHttpError(404, "404 page not found\n");
    }
    path.remove_prefix(prefix_.size());
    if (path.empty()) path = "/";
  }
  const bool head = request.method == "HEAD";
  std::optional<Method> method =
      head ? std::optional<Method>(Method::kGet) : ParseMethod(request.method);

  // Candidates for the path: every exact match, or else every pattern
  // whose first matching row fixes the pattern (so params are consistent).
  std::vector<const Endpoint*> rows;
  PathParams params;
  for (const Endpoint& e : endpoints_) {
    if (!IsPattern(e.path) && e.path == path) rows.push_back(&e);
  }
  if (rows.empty()) {
    std::string_view matched_pattern;
    for (const Endpoint& e : endpoints_) {
      if (!IsPattern(e.path)) continue;
      if (!matched_pattern.empty()) {
        if (e.path == matched_pattern) rows.push_back(&e);
        continue;
      }
      if (MatchPattern(e.path, path, &params)) {
        matched_pattern = e.path;
        rows.push_back(&e);
      }
    }
  }
  bool openapi = false;
  for (const std::string& p : openapi_prefixes_) {
    if (path == p || (path.size() > p.size() && path.substr(0, p.size()) == p &&
                      path[p.size()] == '/')) {
      openapi = true;
    }
  }
  if (rows.empty()) {
    if (openapi) {
      return OpenApiError(404, "path " + std::string(path) + " was not found");
    }
    return GoHttpError(404, "404 page not found\n");
  }

  for (const Endpoint* e : rows) {
    if (method && e->method == *method) {
      ApiRequest api{request, std::move(params)};
      return e->handler(api);
    }
  }
  if (openapi) {
    std::vector<std::string> methods;
    for (const Endpoint* e : rows) methods.emplace_back(MethodName(e->method));
    std::sort(methods.begin(), methods.end());
    methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
    std::string list;
    for (const auto& m : methods) list += (list.empty() ? "" : ",") + m;
    net::HttpResponse res =
        OpenApiError(405, "method " + request.method +
                              " is not allowed, but [" + list + "] are");
    res.headers.Set("Allow", list);
    return res;
  }
  std::vector<std::string> allowed;
  for (const Endpoint* e : rows) {
    allowed.emplace_back(MethodName(e->method));
    if (e->method == Method::kGet) allowed.emplace_back("HEAD");
  }
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  std::string allow;
  for (const auto& m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  net::HttpResponse res = GoHttpError(405, "Method Not Allowed\n");
  res.headers.Set("Allow", allow);
  return res;
}

}  // namespace tocsin::api
