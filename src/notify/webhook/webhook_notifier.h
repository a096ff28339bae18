#ifndef TOCSIN_NOTIFY_WEBHOOK_WEBHOOK_NOTIFIER_H_
#define TOCSIN_NOTIFY_WEBHOOK_WEBHOOK_NOTIFIER_H_

// The webhook integration (upstream notify/webhook/webhook.go): POSTs
// Alertmanager's version-4 JSON message to the configured URL.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/http_config.h"
#include "model/alert.h"
#include "net/http_client.h"
#include "notify/pipeline/builder.h"
#include "notify/pipeline/pipeline.h"
#include "notify/webhook/config.h"

namespace tocsin::notify::webhook {

// One outgoing POST.
struct WebhookRequest {
  std::string url;
  std::string body;
  // In order; includes Content-Type and User-Agent.
  std::vector<std::pair<std::string, std::string>> headers;
  // The entry's http_config (auth, TLS, proxy); owned by the config.
  const config::HttpClientConfig* http_config = nullptr;
  // 0 = the sender's default.
  std::chrono::nanoseconds timeout{0};
};

// What the receiver answered.
struct WebhookResponse {
  int status = 0;
  // The Retry-After header's value ("" when absent).
  std::string retry_after;
};

// HTTP port of the webhook notifier, declared here, implemented by
// NetWebhookSender (net::HttpClient) and by fakes in tests. Post returns
// the HTTP status code of the answer, or a transport error (retried); Send
// also returns the Retry-After header (its default calls Post and reports
// none). The notifier calls Send. Thread-safe; may block.
class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  virtual Result<int> Post(const WebhookRequest& request) = 0;
  virtual Result<WebhookResponse> Send(const WebhookRequest& request) {
    ASSIGN_OR_RETURN(int status, Post(request));
    return WebhookResponse{status, ""};
  }
};

// A Retry-After value in its delay-seconds form ("120") as a duration;
// 0 for an absent, negative or unparsable value and for the HTTP-date form
// (the notifier has no clock; the caller's backoff applies then).
std::chrono::nanoseconds ParseRetryAfter(std::string_view value);

// WebhookSender over net::HttpClient. Applies from http_config: basic_auth,
// authorization and bearer_token (values or *_file, read per request and
// trimmed), http_headers (values, secrets, files), tls_config
// ca_file/cert_file/key_file/server_name/insecure_skip_verify, proxy_url and
// follow_redirects. Not applied yet: oauth2, inline TLS PEM (ca/cert/key),
// no_proxy/proxy_from_environment/proxy_connect_header. An unreadable
// secret file fails the request with Unavailable (retried). `client` must
// outlive it.
class NetWebhookSender final : public WebhookSender {
 public:
  explicit NetWebhookSender(const net::HttpClient& client) : client_(client) {}
  Result<int> Post(const WebhookRequest& request) override;
  Result<WebhookResponse> Send(const WebhookRequest& request) override;

 private:
  const net::HttpClient& client_;
};

// Go's time.Time.MarshalJSON text (RFC3339Nano, UTC "Z", trailing zeros of
// the fraction dropped). kZeroTime prints Go's zero time
// "0001-01-01T00:00:00Z".
std::string FormatGoTime(model::Time t);

// The message body exactly as upstream's json.Encoder writes it (fields in
// Go's order: receiver, status, alerts, groupLabels, commonLabels,
// commonAnnotations, externalURL, version, groupKey, truncatedAlerts; map
// keys sorted; <, >, & escaped as \u003c..; a trailing newline). `alerts`
// are truncated to max_alerts (0 = all) first; `receiver` is the receiver
// name quoted as Go's regexp.QuoteMeta (upstream template.Data does so); an
// alert not resolved at ctx.now has endsAt = Go's zero time.
std::string BuildWebhookMessage(const pipeline::NotifyContext& ctx,
                                const std::vector<model::Alert>& alerts,
                                const std::string& external_url,
                                uint64_t max_alerts);

// The webhook Notifier. 2xx: success; 5xx and 429: retryable error, with
// the answer's Retry-After (delay-seconds) as NotifyResult::retry_after
// (upstream Alertmanager sets no RetryCodes for webhooks and gives up on
// 429; the durable outbox retries it as the notifications issue asks);
// any other status: permanent; both errors read "unexpected status code
// <n>: <url>". A transport error (connection refused, timeout): retryable.
class WebhookNotifier final : public pipeline::Notifier {
 public:
  // `config` and `sender` must outlive the notifier. `user_agent` e.g.
  // "Alertmanager/0.27.0"-like "tocsin/<version>".
  WebhookNotifier(std::shared_ptr<const WebhookConfig> config,
                  WebhookSender& sender, std::string external_url,
                  std::string user_agent)
      : config_(std::move(config)),
        sender_(sender),
        external_url_(std::move(external_url)),
        user_agent_(std::move(user_agent)) {}
  pipeline::NotifyResult Notify(const pipeline::NotifyContext& ctx,
                                const pipeline::Alerts& alerts) override;

 private:
  std::shared_ptr<const WebhookConfig> config_;
  WebhookSender& sender_;
  const std::string external_url_;
  const std::string user_agent_;
};

// The pipeline factory for "webhook" entries. The IntegrationConfig must be
// a WebhookConfig (InvalidArgument otherwise). With url_file the URL is
// read from the file at each send (trimmed, as upstream); an unreadable
// file is a permanent failure of that send.
// `sender` must outlive every notifier made.
pipeline::NotifierFactory MakeWebhookNotifierFactory(WebhookSender& sender,
                                                     std::string external_url,
                                                     std::string user_agent);

}  // namespace tocsin::notify::webhook

#endif  // TOCSIN_NOTIFY_WEBHOOK_WEBHOOK_NOTIFIER_H_
