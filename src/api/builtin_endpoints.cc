#include "api/builtin_endpoints.h"

#include <string>

#include "metrics/exposition.h"

namespace tocsin::api {

std::vector<Endpoint> HealthEndpoints(std::function<bool()> ready) {
  std::vector<Endpoint> out;
  out.push_back(Endpoint{
      Method::kGet, "/-/healthy",
      [](const ApiRequest&) { return net::HttpResponse::Text(200, "OK"); },
      false, "Liveness: 200 OK while the process serves HTTP."});
  out.push_back(Endpoint{
      Method::kGet, "/-/ready",
      [ready](const ApiRequest&) {
        if (ready && !ready()) {
          return net::HttpResponse::Text(503, "Not ready");
        }
        return net::HttpResponse::Text(200, "OK");
      },
      false, "Readiness: 200 OK once the server is ready to serve traffic."});
  return out;
}

Endpoint MetricsEndpoint(const metrics::Registry& registry) {
  return Endpoint{Method::kGet, "/metrics",
                  [&registry](const ApiRequest&) {
                    net::HttpResponse res;
                    res.status = 200;
                    res.headers.Set("Content-Type",
                                    std::string(metrics::kTextContentType));
                    res.body = metrics::ExposeText(registry);
                    return res;
                  },
                  false, "Prometheus metrics of this process."};
}

}  // namespace tocsin::api
