#include "notify/incidentio/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::incidentio {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseIncidentioConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "url", "url_file", "alert_source_token",
       "alert_source_token_file", "max_alerts", "timeout"}));
  auto c = std::make_shared<IncidentioConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->url, r.Url("url", false));
  ASSIGN_OR_RETURN(c->url_file, r.String("url_file"));
  ASSIGN_OR_RETURN(c->alert_source_token, r.Secret("alert_source_token"));
  ASSIGN_OR_RETURN(c->alert_source_token_file,
                   r.String("alert_source_token_file"));
  ASSIGN_OR_RETURN(c->max_alerts, r.Uint("max_alerts", 0));
  ASSIGN_OR_RETURN(c->timeout,
                   r.GoDuration("timeout", std::chrono::nanoseconds(0)));
  // IncidentioConfig.Validate, which sees only the entry's own http_config.
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "url", c->url.has_value(), "url_file", !c->url_file.empty(),
      channel_config::PairRule::kExactlyOne));
  bool has_token =
      !c->alert_source_token.empty() || !c->alert_source_token_file.empty();
  if (!c->alert_source_token.empty() && !c->alert_source_token_file.empty()) {
    return r.Error(
        "at most one of alert_source_token & alert_source_token_file must be "
        "configured");
  }
  if (http && http->authorization && has_token) {
    return r.Error(
        "cannot specify alert_source_token or alert_source_token_file when "
        "using http_config.authorization");
  }
  if (http && !http->authorization && !has_token) {
    return r.Error(
        "at least one of alert_source_token, alert_source_token_file or "
        "http_config.authorization must be configured");
  }
  c->http_config = http ? *http : global.http_config;
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node IncidentioConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("url", url, false)
      .Always("url_file", url_file)
      .Secret("alert_source_token", alert_source_token)
      .String("alert_source_token_file", alert_source_token_file)
      .Node("max_alerts", YAML::Node(max_alerts))
      .Always("timeout", channel_config::FormatGoDuration(timeout));
  return b.Build();
}

}  // namespace tocsin::notify::incidentio
