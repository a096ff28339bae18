#include "notify/pushover/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::pushover {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParsePushoverConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "user_key", "user_key_file", "token",
       "token_file", "title", "message", "url", "url_title", "device", "sound",
       "priority", "retry", "expire", "ttl", "html", "monospace"}));
  auto c = std::make_shared<PushoverConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->user_key, r.Secret("user_key"));
  ASSIGN_OR_RETURN(c->user_key_file, r.String("user_key_file"));
  ASSIGN_OR_RETURN(c->token, r.Secret("token"));
  ASSIGN_OR_RETURN(c->token_file, r.String("token_file"));
  ASSIGN_OR_RETURN(c->title, r.String("title", c->title));
  ASSIGN_OR_RETURN(c->message, r.String("message", c->message));
  ASSIGN_OR_RETURN(c->url, r.String("url", c->url));
  ASSIGN_OR_RETURN(c->url_title, r.String("url_title"));
  ASSIGN_OR_RETURN(c->device, r.String("device"));
  ASSIGN_OR_RETURN(c->sound, r.String("sound"));
  ASSIGN_OR_RETURN(c->priority, r.String("priority", c->priority));
  ASSIGN_OR_RETURN(c->retry, r.GoDuration("retry", c->retry));
  ASSIGN_OR_RETURN(c->expire, r.GoDuration("expire", c->expire));
  ASSIGN_OR_RETURN(c->ttl, r.GoDuration("ttl", c->ttl));
  ASSIGN_OR_RETURN(c->html, r.Bool("html", false));
  ASSIGN_OR_RETURN(c->monospace, r.Bool("monospace", false));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "user_key", !c->user_key.empty(), "user_key_file",
      !c->user_key_file.empty(), channel_config::PairRule::kExactlyOne));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "token", !c->token.empty(), "token_file", !c->token_file.empty(),
      channel_config::PairRule::kExactlyOne));
  if (c->html && c->monospace) {
    return r.Error("at most one of monospace & html must be configured");
  }
  c->http_config = http ? *http : global.http_config;
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node PushoverConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Secret("user_key", user_key)
      .String("user_key_file", user_key_file)
      .Secret("token", token)
      .String("token_file", token_file)
      .String("title", title)
      .String("message", message)
      .String("url", url)
      .String("url_title", url_title)
      .String("device", device)
      .String("sound", sound)
      .String("priority", priority);
  if (retry.count() != 0) {
    b.Always("retry", channel_config::FormatGoDuration(retry));
  }
  if (expire.count() != 0) {
    b.Always("expire", channel_config::FormatGoDuration(expire));
  }
  if (ttl.count() != 0) b.Always("ttl", channel_config::FormatGoDuration(ttl));
  b.OmitFalse("html", html).OmitFalse("monospace", monospace);
  return b.Build();
}

}  // namespace tocsin::notify::pushover
