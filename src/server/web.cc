#include "server/web.h"

#include <cctype>

#include "api/builtin_endpoints.h"
#include "api/router.h"

namespace tocsin::server {

Result<std::string> ExternalUrl(const std::string& hostname,
                                const std::string& listen_address,
                                const std::string& external) {
  std::string url = external;
  if (url.empty()) {
    std::string host;
    int port = 0;
    RETURN_IF_ERROR(net::SplitHostPort(listen_address, &host, &port));
    url = "http://" + hostname + ":" + std::to_string(port) + "/";
  }
  size_t colon = url.find("://");
  std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  for (char& c : scheme) c = static_cast<char>(std::tolower(c));
  if (scheme != "http" && scheme != "https") {
    return InvalidArgumentError("\"" + url + "\": invalid \"" + scheme +
                                "\" scheme, only 'http' and 'https' are "
                                "supported");
  }
  std::string rest = url.substr(colon + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, slash);
  std::string path;
  if (slash != std::string::npos && rest[slash] == '/') {
    path = rest.substr(slash);
    path = path.substr(0, path.find_first_of("?#"));
  }
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (!path.empty() && path.front() != '/') path = "/" + path;
  return scheme + "://" + authority + path;
}

std::string RoutePrefix(const std::string& flag,
                        const std::string& external_url) {
  std::string prefix = flag;
  if (prefix.empty()) {
    size_t colon = external_url.find("://");
    size_t slash = colon == std::string::npos
                       ? std::string::npos
                       : external_url.find('/', colon + 3);
    if (slash != std::string::npos) prefix = external_url.substr(slash);
  }
  size_t b = prefix.find_first_not_of('/');
  if (b == std::string::npos) return "/";
  size_t e = prefix.find_last_not_of('/');
  return "/" + prefix.substr(b, e - b + 1);
}

std::vector<api::Endpoint> BuildEndpoints(const WebOptions& options,
                                          const metrics::Registry& registry) {
  std::vector<api::Endpoint> endpoints = api::HealthEndpoints(options.ready);
  endpoints.push_back(api::MetricsEndpoint(registry));
  if (options.reload) {
    endpoints.push_back(api::Endpoint{
        api::Method::kPost, "/-/reload",
        [reload = options.reload](const api::ApiRequest&) {
          Status s = reload();
          if (!s.ok()) {
            return net::HttpResponse::Text(
                500, "failed to reload config: " + s.message() + "\n");
          }
          return net::HttpResponse::Text(200, "");
        },
        true,
        "Reloads the configuration file; 500 with the error if invalid."});
  }
  return endpoints;
}

Result<std::unique_ptr<net::HttpServer>> StartWeb(
    const WebOptions& options, std::vector<api::Endpoint> endpoints,
    metrics::Registry& registry) {
  metrics::HistogramFamily& duration = registry.AddHistogramFamily(
      "alertmanager_http_request_duration_seconds",
      "Histogram of latencies for HTTP requests.", {"handler", "method"});
  metrics::HistogramFamily& size = registry.AddHistogramFamily(
      "alertmanager_http_response_size_bytes",
      "Histogram of response size for HTTP requests.", {"handler", "method"},
      metrics::ExponentialBuckets(100, 10, 7));
  const runtime::Clock* clock = options.clock;
  for (api::Endpoint& e : endpoints) {
    std::string handler_label =
        (options.route_prefix == "/" ? "" : options.route_prefix) + e.path;
    e.handler = [inner = std::move(e.handler), handler_label, clock, &duration,
                 &size](const api::ApiRequest& req) {
      runtime::MonoTime start;
      if (clock) start = clock->MonoNow();
      net::HttpResponse res = inner(req);
      std::string method = req.http.method;
      for (char& c : method) c = static_cast<char>(std::tolower(c));
      if (clock) {
        duration.WithLabels({handler_label, method})
            .Observe(std::chrono::duration<double>(clock->MonoNow() - start)
                         .count());
      }
      size.WithLabels({handler_label, method})
          .Observe(static_cast<double>(res.body.size()));
      return res;
    };
  }
  auto router = std::make_shared<const api::Router>(
      std::move(endpoints),
      api::RouterOptions{options.route_prefix, {"/api/v2"}});
  net::HttpServerOptions http;
  http.listen_address = options.listen_address;
  http.threads = options.threads;
  net::HttpHandler handler = [router](const net::HttpRequest& r) {
    return router->Handle(r);
  };
  if (options.web_config) {
    http.tls = options.web_config->tls;
    handler = ApplyWebConfig(*options.web_config, std::move(handler));
  }
  return net::HttpServer::Start(http, std::move(handler));
}

}  // namespace tocsin::server
