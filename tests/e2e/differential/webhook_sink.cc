#include "e2e/differential/webhook_sink.h"

#include <optional>
#include <string_view>
#include <utility>

namespace tocsin::e2e::diff {

Result<std::unique_ptr<WebhookSink>> WebhookSink::Start() {
  std::unique_ptr<WebhookSink> sink(new WebhookSink());
  WebhookSink* self = sink.get();
  net::HttpServerOptions options;
  options.listen_address = "127.0.0.1:0";
  ASSIGN_OR_RETURN(
      sink->server_,
      net::HttpServer::Start(
          options, [self](const net::HttpRequest& req) -> net::HttpResponse {
            if (req.method == "POST") {
              std::lock_guard<std::mutex> lock(self->mu_);
              std::optional<std::string_view> ct =
                  req.headers.Get("Content-Type");
              self->records_.push_back(
                  SinkRecord{req.path, std::string(ct.value_or("")), req.body,
                             std::chrono::steady_clock::now()});
            }
            return net::HttpResponse::Text(200, "");
          }));
  return sink;
}

WebhookSink::~WebhookSink() {
  if (server_ != nullptr) server_->Stop();
}

std::string WebhookSink::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->LocalPort());
}

std::vector<SinkRecord> WebhookSink::Records() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_;
}

}  // namespace tocsin::e2e::diff
