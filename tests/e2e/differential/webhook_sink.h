#ifndef TOCSIN_TESTS_E2E_DIFFERENTIAL_WEBHOOK_SINK_H_
#define TOCSIN_TESTS_E2E_DIFFERENTIAL_WEBHOOK_SINK_H_

// A webhook receiver for differential scenarios: an HTTP server on
// 127.0.0.1 (tocsin::net::HttpServer) that answers every request 200 with an
// empty body and records each POST (path, Content-Type, body, steady-clock
// arrival time).

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/http_server.h"

namespace tocsin::e2e::diff {

struct SinkRecord {
  std::string path;
  std::string content_type;  // the Content-Type header, "" if absent
  std::string body;
  std::chrono::steady_clock::time_point arrival;
};

// Thread-safe: the server's I/O threads record while the test reads.
class WebhookSink {
 public:
  // Starts listening on 127.0.0.1:<free port>. Fails (Unavailable) when no
  // port can be bound.
  static Result<std::unique_ptr<WebhookSink>> Start();
  ~WebhookSink();  // stops the server
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  // "http://127.0.0.1:<port>".
  std::string url() const;
  // Every POST received so far, in arrival order.
  std::vector<SinkRecord> Records() const;

 private:
  WebhookSink() = default;
  mutable std::mutex mu_;
  std::vector<SinkRecord> records_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace tocsin::e2e::diff

#endif  // TOCSIN_TESTS_E2E_DIFFERENTIAL_WEBHOOK_SINK_H_
