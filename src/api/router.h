#ifndef TOCSIN_API_ROUTER_H_
#define TOCSIN_API_ROUTER_H_

#include <string>
#include <vector>

#include "api/endpoint.h"
#include "net/http_types.h"

namespace tocsin::api {

struct RouterOptions {
  // Prefix every endpoint path is served under ("" or "/" for none),
  // e.g. "/alertmanager" for --web.route-prefix=/alertmanager. A trailing
  // slash is ignored.
  std::string route_prefix;
  // Paths (after the route prefix) at or under which a miss is answered as
  // go-openapi's router answers inside Alertmanager's API v2: 404
  // {"code":404,"message":"path <path> was not found"} and 405
  // {"code":405,"message":"method <M> is not allowed, but [<A>,<B>] are"}
  // with `Allow: <A>,<B>` (JSON, no trailing newline). E.g. "/api/v2".
  std::vector<std::string> openapi_prefixes = {};
};

// Dispatches requests to the endpoint table.
//
// Matching: the route prefix is stripped (a path outside it is 404), then
// exact paths are tried before patterns; among patterns the table order
// decides. A `{name}` segment matches one non-empty path segment.
// Results:
//   matched path and method      -> the handler's response;
//   HEAD on a GET endpoint       -> the GET response (the server drops the
//                                   body and keeps its Content-Length);
//   matched path, other method   -> 405 "Method Not Allowed\n" with
//                                   `Allow: <methods, comma-separated>`;
//   no path matches              -> 404 "404 page not found\n" (Go's
//                                   http.NotFound);
//   both under an openapi prefix -> go-openapi's JSON answers (above).
// Immutable after construction; Handle is thread-safe.
class Router {
 public:
  explicit Router(std::vector<Endpoint> endpoints, RouterOptions options = {});

  net::HttpResponse Handle(const net::HttpRequest& request) const;

  const std::vector<Endpoint>& endpoints() const { return endpoints_; }
  // The normalized prefix: "" or "/something" without trailing slash.
  const std::string& route_prefix() const { return prefix_; }

 private:
  std::vector<Endpoint> endpoints_;
  std::string prefix_;
  std::vector<std::string> openapi_prefixes_;
};

// Matches `path` against `pattern` segment by segment, capturing `{name}`
// segments (percent-decoded) into `params`. Exposed for tests.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  PathParams* params);

}  // namespace tocsin::api

#endif  // TOCSIN_API_ROUTER_H_
