#ifndef TOCSIN_TESTS_E2E_ALERTMANAGER_COMPAT_WEBHOOK_SINK_H_
#define TOCSIN_TESTS_E2E_ALERTMANAGER_COMPAT_WEBHOOK_SINK_H_

// A webhook receiver for e2e tests: a net::HttpServer on 127.0.0.1 (free
// port) in the test process that answers every POST with 200 and keeps each
// request (path and body) in arrival order.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/http_server.h"

namespace tocsin::e2e {

struct WebhookRequest {
  std::string method;
  std::string path;
  std::string content_type;
  std::string body;
};

// Thread-safe: the server's I/O threads append, the test reads.
class WebhookSink {
 public:
  // Starts listening. Errors: net::HttpServer::Start's.
  static Result<std::unique_ptr<WebhookSink>> Start();
  ~WebhookSink();

  // "http://127.0.0.1:<port>".
  std::string url() const;
  // Every request received so far, in arrival order.
  std::vector<WebhookRequest> Requests() const;
  // The requests to `path` so far, in arrival order.
  std::vector<WebhookRequest> RequestsTo(const std::string& path) const;
  // Waits (bounded) until at least `n` requests to `path` arrived; true if
  // they did.
  bool WaitForCount(const std::string& path, size_t n,
                    std::chrono::milliseconds timeout) const;

 private:
  WebhookSink() = default;
  mutable std::mutex mu_;
  std::vector<WebhookRequest> requests_;  // GUARDED_BY(mu_)
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace tocsin::e2e

#endif  // TOCSIN_TESTS_E2E_ALERTMANAGER_COMPAT_WEBHOOK_SINK_H_
