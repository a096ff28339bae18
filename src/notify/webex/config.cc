#include "notify/webex/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::webex {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseWebexConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "api_url", "message", "room_id"}));
  auto c = std::make_shared<WebexConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", false));
  ASSIGN_OR_RETURN(c->message, r.String("message", c->message));
  ASSIGN_OR_RETURN(c->room_id, r.String("room_id"));
  // WebexConfig.Validate.
  if (c->room_id.empty()) return r.Error("missing room_id on webex_config");
  if (!http || !http->authorization) {
    return r.Error("missing webex_configs.http_config.authorization");
  }
  // Config.UnmarshalYAML's global fallbacks.
  c->http_config = *http;
  if (!c->api_url) c->api_url = global.webex_api_url;
  if (!c->api_url) return r.Error("no global Webex URL set");
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node WebexConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("api_url", api_url, false)
      .String("message", message)
      .Always("room_id", room_id);
  return b.Build();
}

}  // namespace tocsin::notify::webex
