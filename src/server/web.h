#ifndef TOCSIN_SERVER_WEB_H_
#define TOCSIN_SERVER_WEB_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/endpoint.h"
#include "base/result.h"
#include "metrics/registry.h"
#include "net/http_server.h"
#include "runtime/clock.h"
#include "server/web_config.h"

namespace tocsin::server {

// Alertmanager's extURL: when `external` is empty the URL is
// "http://<hostname>:<listen port>/"; the scheme must be http or https;
// the path loses trailing slashes and gains a leading one.
// Errors (InvalidArgument): `"<url>": invalid "<scheme>" scheme, only
// 'http' and 'https' are supported`, or an unparsable listen address.
// Returns the URL as "<scheme>://<host><path>".
Result<std::string> ExternalUrl(const std::string& hostname,
                                const std::string& listen_address,
                                const std::string& external);

// The route prefix: --web.route-prefix if set, else the external URL's
// path; always "/" + the value with surrounding slashes trimmed.
std::string RoutePrefix(const std::string& flag,
                        const std::string& external_url);

// What the HTTP side needs from the rest of the server.
struct WebOptions {
  std::string listen_address;
  std::string route_prefix;  // As RoutePrefix returns.
  int threads = 2;
  // Readiness for /-/ready.
  std::function<bool()> ready;
  // POST /-/reload: reloads the config; an error is answered 500 with
  // "failed to reload config: <message>".
  std::function<Status()> reload;
  // Times requests for the duration histogram; must outlive the server.
  const runtime::Clock* clock = nullptr;
  // --web.config.file, loaded (LoadWebConfigFile). When set, StartWeb
  // serves HTTPS if it configures TLS, requires basic_auth_users' credentials
  // on every request, and adds its headers to every response. Unset: plain
  // HTTP, no authentication.
  std::optional<WebConfig> web_config;
};

// The endpoint table served today (see docs/http.md). `registry` must
// outlive the endpoints.
std::vector<api::Endpoint> BuildEndpoints(const WebOptions& options,
                                          const metrics::Registry& registry);

// Starts the HTTP server answering `endpoints` through one Router under the
// route prefix, and records alertmanager_http_request_duration_seconds
// {handler,method} and alertmanager_http_response_size_bytes{handler,method}
// in `registry` (which must outlive the server). With options.web_config,
// TLS, authentication and headers apply as ApplyWebConfig documents
// (unauthorized requests are not recorded in the histograms). Errors: as
// net::HttpServer::Start (InvalidArgument for unusable TLS material).
Result<std::unique_ptr<net::HttpServer>> StartWeb(
    const WebOptions& options, std::vector<api::Endpoint> endpoints,
    metrics::Registry& registry);

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_WEB_H_
