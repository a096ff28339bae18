#include "notify/rocketchat/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::rocketchat {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseRocketchatConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(
      r.CheckKnown({"send_resolved", "http_config",  "api_url",    "token_id",
                    "token_id_file", "token",        "token_file", "channel",
                    "color",         "title",        "title_link", "text",
                    "fields",        "short_fields", "emoji",      "icon_url",
                    "image_url",     "thumb_url",    "link_names", "actions"}));
  auto c = std::make_shared<RocketchatConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", false));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", false));
  ASSIGN_OR_RETURN(c->token_id, r.OptionalSecret("token_id"));
  ASSIGN_OR_RETURN(c->token_id_file, r.String("token_id_file"));
  ASSIGN_OR_RETURN(c->token, r.OptionalSecret("token"));
  ASSIGN_OR_RETURN(c->token_file, r.String("token_file"));
  ASSIGN_OR_RETURN(c->channel, r.String("channel"));
  ASSIGN_OR_RETURN(c->color, r.String("color", c->color));
  ASSIGN_OR_RETURN(c->title, r.String("title", c->title));
  ASSIGN_OR_RETURN(c->title_link, r.String("title_link", c->title_link));
  ASSIGN_OR_RETURN(c->text, r.String("text", c->text));
  if (r.Has("fields")) c->fields = YAML::Clone(node["fields"]);
  ASSIGN_OR_RETURN(c->short_fields, r.Bool("short_fields", false));
  ASSIGN_OR_RETURN(c->emoji, r.String("emoji", c->emoji));
  ASSIGN_OR_RETURN(c->icon_url, r.String("icon_url", c->icon_url));
  ASSIGN_OR_RETURN(c->image_url, r.String("image_url"));
  ASSIGN_OR_RETURN(c->thumb_url, r.String("thumb_url"));
  ASSIGN_OR_RETURN(c->link_names, r.Bool("link_names", false));
  if (r.Has("actions")) c->actions = YAML::Clone(node["actions"]);
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "token", c->token.has_value(), "token_file", !c->token_file.empty(),
      channel_config::PairRule::kAtMostOne));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "token_id", c->token_id.has_value(), "token_id_file",
      !c->token_id_file.empty(), channel_config::PairRule::kAtMostOne));
  c->http_config = http ? *http : global.http_config;
  if (!c->api_url) c->api_url = global.rocketchat_api_url;
  if (!c->token_id) c->token_id = global.rocketchat_token_id;
  if (c->token_id_file.empty()) {
    c->token_id_file = global.rocketchat_token_id_file;
  }
  if (!c->token_id && c->token_id_file.empty()) {
    return r.Error(
        "no global Rocketchat TokenID set either inline or in a file");
  }
  if (!c->token) c->token = global.rocketchat_token;
  if (c->token_file.empty()) c->token_file = global.rocketchat_token_file;
  if (!c->token && c->token_file.empty()) {
    return r.Error("no global Rocketchat Token set either inline or in a file");
  }
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node RocketchatConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("api_url", api_url, false)
      .OptionalSecret("token_id", token_id)
      .String("token_id_file", token_id_file)
      .OptionalSecret("token", token)
      .String("token_file", token_file)
      .String("channel", channel)
      .String("color", color)
      .String("title", title)
      .String("title_link", title_link)
      .String("text", text);
  if (fields.IsDefined()) b.Node("fields", fields);
  b.Bool("short_fields", short_fields)
      .String("emoji", emoji)
      .String("icon_url", icon_url)
      .String("image_url", image_url)
      .String("thumb_url", thumb_url)
      .Bool("link_names", link_names);
  if (actions.IsDefined()) b.Node("actions", actions);
  return b.Build();
}

}  // namespace tocsin::notify::rocketchat
