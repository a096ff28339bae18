#include "notify/discord/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::discord {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseDiscordConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown({"send_resolved", "http_config", "webhook_url",
                                "webhook_url_file", "content", "title",
                                "message", "username", "avatar_url"}));
  auto c = std::make_shared<DiscordConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->webhook_url, r.Url("webhook_url", true));
  ASSIGN_OR_RETURN(c->webhook_url_file, r.String("webhook_url_file"));
  ASSIGN_OR_RETURN(c->content, r.String("content"));
  ASSIGN_OR_RETURN(c->title, r.String("title", c->title));
  ASSIGN_OR_RETURN(c->message, r.String("message", c->message));
  ASSIGN_OR_RETURN(c->username, r.String("username"));
  ASSIGN_OR_RETURN(c->avatar_url, r.String("avatar_url"));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "webhook_url", c->webhook_url.has_value(), "webhook_url_file",
      !c->webhook_url_file.empty(), channel_config::PairRule::kExactlyOne));
  c->http_config = http ? *http : global.http_config;
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node DiscordConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("webhook_url", webhook_url, true)
      .String("webhook_url_file", webhook_url_file)
      .String("content", content)
      .String("title", title)
      .String("message", message)
      .String("username", username)
      .String("avatar_url", avatar_url);
  return b.Build();
}

}  // namespace tocsin::notify::discord
