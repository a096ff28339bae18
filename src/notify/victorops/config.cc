#include "notify/victorops/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::victorops {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseVictorOpsConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "api_key", "api_key_file", "api_url",
       "routing_key", "message_type", "state_message", "entity_display_name",
       "monitoring_tool", "custom_fields"}));
  auto c = std::make_shared<VictorOpsConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_key, r.Secret("api_key"));
  ASSIGN_OR_RETURN(c->api_key_file, r.String("api_key_file"));
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", false));
  ASSIGN_OR_RETURN(c->routing_key, r.String("routing_key"));
  ASSIGN_OR_RETURN(c->message_type, r.String("message_type", c->message_type));
  ASSIGN_OR_RETURN(c->state_message,
                   r.String("state_message", c->state_message));
  ASSIGN_OR_RETURN(c->entity_display_name,
                   r.String("entity_display_name", c->entity_display_name));
  ASSIGN_OR_RETURN(c->monitoring_tool,
                   r.String("monitoring_tool", c->monitoring_tool));
  ASSIGN_OR_RETURN(c->custom_fields, r.StringMap("custom_fields"));
  if (c->routing_key.empty()) {
    return r.Error("missing Routing key in VictorOps config");
  }
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "api_key", !c->api_key.empty(), "api_key_file",
      !c->api_key_file.empty(), channel_config::PairRule::kAtMostOne));
  for (const char* reserved :
       {"routing_key", "message_type", "state_message", "entity_display_name",
        "monitoring_tool", "entity_id", "entity_state"}) {
    for (const auto& [k, unused] : c->custom_fields) {
      if (k == reserved) {
        return r.Error("victorOps config contains custom field " + k +
                       " which cannot be used as it conflicts with the "
                       "fixed/static fields");
      }
    }
  }
  c->http_config = http ? *http : global.http_config;
  if (!c->api_url) c->api_url = global.victorops_api_url;
  if (!c->api_url) return r.Error("no global VictorOps URL set");
  c->api_url = config::WithTrailingSlash(*c->api_url);
  if (c->api_key.empty()) c->api_key = global.victorops_api_key;
  if (c->api_key_file.empty()) c->api_key_file = global.victorops_api_key_file;
  if (c->api_key.empty() && c->api_key_file.empty()) {
    return r.Error("no global VictorOps API Key set");
  }
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node VictorOpsConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Secret("api_key", api_key)
      .String("api_key_file", api_key_file)
      .Always("api_url", api_url ? api_url->text : "")
      .Always("routing_key", routing_key)
      .Always("message_type", message_type)
      .Always("state_message", state_message)
      .Always("entity_display_name", entity_display_name)
      .Always("monitoring_tool", monitoring_tool)
      .StringMap("custom_fields", custom_fields);
  return b.Build();
}

}  // namespace tocsin::notify::victorops
