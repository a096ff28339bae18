#ifndef TOCSIN_API_BUILTIN_ENDPOINTS_H_
#define TOCSIN_API_BUILTIN_ENDPOINTS_H_

#include <functional>
#include <vector>

#include "api/endpoint.h"
#include "metrics/registry.h"

namespace tocsin::api {

// GET /-/healthy and GET /-/ready. Both answer 200 "OK" (text/plain) like
// Alertmanager; /-/ready answers 503 "Not ready" while `ready` (if given)
// returns false.
std::vector<Endpoint> HealthEndpoints(std::function<bool()> ready = nullptr);

// GET /metrics: the registry in text exposition format 0.0.4. `registry`
// must outlive the endpoint.
Endpoint MetricsEndpoint(const metrics::Registry& registry);

}  // namespace tocsin::api

#endif  // TOCSIN_API_BUILTIN_ENDPOINTS_H_
