#include "notify/mattermost/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::mattermost {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseMattermostConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "webhook_url", "webhook_url_file",
       "channel",       "username",    "text",        "fallback",
       "color",         "pretext",     "author_name", "author_link",
       "author_icon",   "title",       "title_link",  "fields",
       "thumb_url",     "footer",      "footer_icon", "image_url",
       "icon_url",      "icon_emoji",  "attachments", "type",
       "props",         "priority"}));
  auto c = std::make_shared<MattermostConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->webhook_url, r.Url("webhook_url", true));
  ASSIGN_OR_RETURN(c->webhook_url_file, r.String("webhook_url_file"));
  ASSIGN_OR_RETURN(c->channel, r.String("channel"));
  ASSIGN_OR_RETURN(c->username, r.String("username", c->username));
  ASSIGN_OR_RETURN(c->text, r.String("text", c->text));
  ASSIGN_OR_RETURN(c->fallback, r.String("fallback", c->fallback));
  ASSIGN_OR_RETURN(c->color, r.String("color", c->color));
  ASSIGN_OR_RETURN(c->pretext, r.String("pretext"));
  ASSIGN_OR_RETURN(c->author_name, r.String("author_name"));
  ASSIGN_OR_RETURN(c->author_link, r.String("author_link"));
  ASSIGN_OR_RETURN(c->author_icon, r.String("author_icon"));
  ASSIGN_OR_RETURN(c->title, r.String("title", c->title));
  ASSIGN_OR_RETURN(c->title_link, r.String("title_link", c->title_link));
  ASSIGN_OR_RETURN(c->thumb_url, r.String("thumb_url"));
  ASSIGN_OR_RETURN(c->footer, r.String("footer"));
  ASSIGN_OR_RETURN(c->footer_icon, r.String("footer_icon"));
  ASSIGN_OR_RETURN(c->image_url, r.String("image_url"));
  ASSIGN_OR_RETURN(c->icon_url, r.String("icon_url"));
  ASSIGN_OR_RETURN(c->icon_emoji, r.String("icon_emoji"));
  ASSIGN_OR_RETURN(c->type, r.String("type"));
  if (r.Has("fields")) c->fields = YAML::Clone(node["fields"]);
  if (r.Has("attachments")) c->attachments = YAML::Clone(node["attachments"]);
  if (r.Has("props")) c->props = YAML::Clone(node["props"]);
  if (r.Has("priority")) c->priority = YAML::Clone(node["priority"]);
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "webhook_url", c->webhook_url.has_value(), "webhook_url_file",
      !c->webhook_url_file.empty(), channel_config::PairRule::kAtMostOne));
  c->http_config = http ? *http : global.http_config;
  if (!c->webhook_url && c->webhook_url_file.empty()) {
    if (!global.mattermost_webhook_url &&
        global.mattermost_webhook_url_file.empty()) {
      return r.Error(
          "missing webhook_url or webhook_url_file on mattermost_config");
    }
    c->webhook_url = global.mattermost_webhook_url;
    c->webhook_url_file = global.mattermost_webhook_url_file;
  }
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node MattermostConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("webhook_url", webhook_url, true)
      .String("webhook_url_file", webhook_url_file)
      .String("channel", channel)
      .String("username", username)
      .String("text", text)
      .String("fallback", fallback)
      .String("color", color)
      .String("pretext", pretext)
      .String("author_name", author_name)
      .String("author_link", author_link)
      .String("author_icon", author_icon)
      .String("title", title)
      .String("title_link", title_link);
  if (fields.IsDefined()) b.Node("fields", fields);
  b.String("thumb_url", thumb_url)
      .String("footer", footer)
      .String("footer_icon", footer_icon)
      .String("image_url", image_url)
      .String("icon_url", icon_url)
      .String("icon_emoji", icon_emoji);
  if (attachments.IsDefined()) b.Node("attachments", attachments);
  b.String("type", type);
  if (props.IsDefined()) b.Node("props", props);
  if (priority.IsDefined()) b.Node("priority", priority);
  return b.Build();
}

}  // namespace tocsin::notify::mattermost
