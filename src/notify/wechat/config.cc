#include "notify/wechat/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::wechat {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseWechatConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown({"send_resolved", "http_config", "api_secret",
                                "api_secret_file", "corp_id", "message",
                                "api_url", "to_user", "to_party", "to_tag",
                                "agent_id", "message_type"}));
  auto c = std::make_shared<WechatConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", false));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_secret, r.Secret("api_secret"));
  ASSIGN_OR_RETURN(c->api_secret_file, r.String("api_secret_file"));
  ASSIGN_OR_RETURN(c->corp_id, r.String("corp_id"));
  ASSIGN_OR_RETURN(c->message, r.String("message", c->message));
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", false));
  ASSIGN_OR_RETURN(c->to_user, r.String("to_user", c->to_user));
  ASSIGN_OR_RETURN(c->to_party, r.String("to_party", c->to_party));
  ASSIGN_OR_RETURN(c->to_tag, r.String("to_tag", c->to_tag));
  ASSIGN_OR_RETURN(c->agent_id, r.String("agent_id", c->agent_id));
  ASSIGN_OR_RETURN(c->message_type, r.String("message_type"));
  if (c->message_type.empty()) c->message_type = "text";
  if (c->message_type != "text" && c->message_type != "markdown") {
    return r.Error("weChat message type \"" + c->message_type +
                   "\" does not match valid options ^(text|markdown)$");
  }
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "api_secret", !c->api_secret.empty(), "api_secret_file",
      !c->api_secret_file.empty(), channel_config::PairRule::kAtMostOne));
  c->http_config = http ? *http : global.http_config;
  if (!c->api_url) c->api_url = global.wechat_api_url;
  if (!c->api_url) return r.Error("no global Wechat URL set");
  if (c->api_secret.empty() && c->api_secret_file.empty()) {
    if (global.wechat_api_secret.empty() &&
        global.wechat_api_secret_file.empty()) {
      return r.Error(
          "no global Wechat Api Secret set either inline or in a file");
    }
    c->api_secret = global.wechat_api_secret;
    c->api_secret_file = global.wechat_api_secret_file;
  }
  if (c->corp_id.empty()) c->corp_id = global.wechat_api_corp_id;
  if (c->corp_id.empty()) return r.Error("no global Wechat CorpID set");
  c->api_url = config::WithTrailingSlash(*c->api_url);
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node WechatConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Secret("api_secret", api_secret)
      .String("api_secret_file", api_secret_file)
      .String("corp_id", corp_id)
      .String("message", message)
      .Url("api_url", api_url, false)
      .String("to_user", to_user)
      .String("to_party", to_party)
      .String("to_tag", to_tag)
      .String("agent_id", agent_id)
      .String("message_type", message_type);
  return b.Build();
}

}  // namespace tocsin::notify::wechat
