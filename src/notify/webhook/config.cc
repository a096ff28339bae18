#include "notify/webhook/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::webhook {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseWebhookConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(
      r.CheckKnown({"send_resolved", "http_config", "url", "url_file",
                    "max_alerts", "timeout", "payload"}));
  auto c = std::make_shared<WebhookConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  c->http_config = http ? *http : global.http_config;
  ASSIGN_OR_RETURN(c->url, r.Secret("url"));
  const std::string& url = c->url.value();
  if (!url.empty() && url != config::kSecretToken &&
      url.find("{{") == std::string::npos) {
    Result<config::Url> u = config::ParseHttpUrl(url);
    if (!u.ok()) {
      return config::NodeError(ctx, node["url"], r.ChildPath("url"),
                               "invalid URL: " + u.status().message());
    }
  }
  ASSIGN_OR_RETURN(c->url_file, r.String("url_file"));
  ASSIGN_OR_RETURN(c->max_alerts, r.Uint("max_alerts", 0));
  ASSIGN_OR_RETURN(c->timeout,
                   r.GoDuration("timeout", std::chrono::nanoseconds(0)));
  if (r.Has("payload")) c->payload = YAML::Clone(node["payload"]);
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "url", !c->url.empty(), "url_file", !c->url_file.empty(),
      channel_config::PairRule::kExactlyOne));
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node WebhookConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Secret("url", url)
      .Always("url_file", url_file)
      .Node("max_alerts", YAML::Node(max_alerts))
      .Always("timeout", channel_config::FormatGoDuration(timeout));
  if (payload.IsDefined() && !payload.IsNull()) b.Node("payload", payload);
  return b.Build();
}

}  // namespace tocsin::notify::webhook
