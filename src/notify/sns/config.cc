#include "notify/sns/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::sns {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseSnsConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(
      r.CheckKnown({"send_resolved", "http_config", "api_url", "sigv4",
                    "topic_arn", "phone_number", "target_arn", "subject",
                    "message", "attributes", "use_aws_http_client"}));
  auto c = std::make_shared<SnsConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_url, r.String("api_url"));
  if (r.Has("sigv4")) {
    YAML::Node s = node["sigv4"];
    EntryReader sr(ctx, s, r.ChildPath("sigv4"));
    RETURN_IF_ERROR(
        sr.CheckKnown({"region", "access_key", "secret_key", "profile",
                       "role_arn", "external_id", "use_fips_sts_endpoint"}));
    ASSIGN_OR_RETURN(c->sigv4.region, sr.String("region"));
    ASSIGN_OR_RETURN(c->sigv4.access_key, sr.String("access_key"));
    ASSIGN_OR_RETURN(c->sigv4.secret_key, sr.Secret("secret_key"));
    ASSIGN_OR_RETURN(c->sigv4.profile, sr.String("profile"));
    ASSIGN_OR_RETURN(c->sigv4.role_arn, sr.String("role_arn"));
    ASSIGN_OR_RETURN(c->sigv4.external_id, sr.String("external_id"));
    ASSIGN_OR_RETURN(c->sigv4.use_fips_sts_endpoint,
                     sr.Bool("use_fips_sts_endpoint", false));
    if ((c->sigv4.access_key.empty()) != (c->sigv4.secret_key.empty())) {
      return sr.Error(
          "must provide a AWS SigV4 Access key and Secret Key if credentials "
          "are specified in the SigV4 config");
    }
  }
  ASSIGN_OR_RETURN(c->topic_arn, r.String("topic_arn"));
  ASSIGN_OR_RETURN(c->phone_number, r.String("phone_number"));
  ASSIGN_OR_RETURN(c->target_arn, r.String("target_arn"));
  ASSIGN_OR_RETURN(c->subject, r.String("subject", c->subject));
  ASSIGN_OR_RETURN(c->message, r.String("message", c->message));
  ASSIGN_OR_RETURN(c->attributes, r.StringMap("attributes"));
  ASSIGN_OR_RETURN(c->use_aws_http_client,
                   r.Bool("use_aws_http_client", false));
  // Upstream's check is a chained boolean inequality; it also lets all
  // three be set at once.
  bool t = c->target_arn.empty();
  bool p = c->topic_arn.empty();
  bool n = c->phone_number.empty();
  if ((t != p) != n) {
    return r.Error(
        "must provide either a Target ARN, Topic ARN, or Phone Number for SNS "
        "config");
  }
  c->http_config = http ? *http : global.http_config;
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node SnsConfig::ToYaml() const {
  YamlBuilder sig;
  sig.String("region", sigv4.region)
      .String("access_key", sigv4.access_key)
      .Secret("secret_key", sigv4.secret_key)
      .String("profile", sigv4.profile)
      .String("role_arn", sigv4.role_arn)
      .String("external_id", sigv4.external_id)
      .OmitFalse("use_fips_sts_endpoint", sigv4.use_fips_sts_endpoint);
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .String("api_url", api_url)
      .Node("sigv4", sig.Build())
      .String("topic_arn", topic_arn)
      .String("phone_number", phone_number)
      .String("target_arn", target_arn)
      .String("subject", subject)
      .String("message", message)
      .StringMap("attributes", attributes)
      .OmitFalse("use_aws_http_client", use_aws_http_client);
  return b.Build();
}

}  // namespace tocsin::notify::sns
