#include "notify/msteams/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::msteams {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseMSTeamsConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(
      r.CheckKnown({"send_resolved", "http_config", "webhook_url",
                    "webhook_url_file", "title", "summary", "text"}));
  auto c = std::make_shared<MSTeamsConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->webhook_url, r.Url("webhook_url", true));
  ASSIGN_OR_RETURN(c->webhook_url_file, r.String("webhook_url_file"));
  ASSIGN_OR_RETURN(c->title, r.String("title", c->title));
  ASSIGN_OR_RETURN(c->summary, r.String("summary", c->summary));
  ASSIGN_OR_RETURN(c->text, r.String("text", c->text));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "webhook_url", c->webhook_url.has_value(), "webhook_url_file",
      !c->webhook_url_file.empty(), channel_config::PairRule::kExactlyOne));
  c->http_config = http ? *http : global.http_config;
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node MSTeamsConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("webhook_url", webhook_url, true)
      .String("webhook_url_file", webhook_url_file)
      .String("title", title)
      .String("summary", summary)
      .String("text", text);
  return b.Build();
}

}  // namespace tocsin::notify::msteams
