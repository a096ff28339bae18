#include "e2e/alertmanager_compat/webhook_sink.h"

#include "e2e/harness/wait.h"

namespace tocsin::e2e {

Result<std::unique_ptr<WebhookSink>> WebhookSink::Start() {
  std::unique_ptr<WebhookSink> sink(new WebhookSink());
  WebhookSink* self = sink.get();
  net::HttpServerOptions options;
  options.listen_address = "127.0.0.1:0";
  auto server =
      net::HttpServer::Start(options, [self](const net::HttpRequest& req) {
        WebhookRequest r;
        r.method = req.method;
        r.path = req.path;
        r.content_type =
            std::string(req.headers.Get("Content-Type").value_or(""));
        r.body = req.body;
        {
          std::lock_guard<std::mutex> lock(self->mu_);
          self->requests_.push_back(std::move(r));
        }
        return net::HttpResponse::Text(200, "");
      });
  if (!server.ok()) return server.status();
  sink->server_ = std::move(*server);
  return sink;
}

WebhookSink::~WebhookSink() {
  if (server_ != nullptr) server_->Stop();
}

std::string WebhookSink::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->LocalPort());
}

std::vector<WebhookRequest> WebhookSink::Requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::vector<WebhookRequest> WebhookSink::RequestsTo(
    const std::string& path) const {
  std::vector<WebhookRequest> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& r : requests_)
    if (r.path == path) out.push_back(r);
  return out;
}

bool WebhookSink::WaitForCount(const std::string& path, size_t n,
                               std::chrono::milliseconds timeout) const {
  return WaitUntil([&] { return RequestsTo(path).size() >= n; }, timeout);
}

}  // namespace tocsin::e2e
