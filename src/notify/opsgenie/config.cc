#include "notify/opsgenie/config.h"

#include <algorithm>
#include <cctype>

#include "notify/channel_config/util.h"

namespace tocsin::notify::opsgenie {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseOpsGenieConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "api_key", "api_key_file", "api_url",
       "message", "description", "source", "details", "entity", "responders",
       "actions", "tags", "note", "priority", "update_alerts"}));
  auto c = std::make_shared<OpsGenieConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_key, r.Secret("api_key"));
  ASSIGN_OR_RETURN(c->api_key_file, r.String("api_key_file"));
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", false));
  ASSIGN_OR_RETURN(c->message, r.String("message", c->message));
  ASSIGN_OR_RETURN(c->description, r.String("description", c->description));
  ASSIGN_OR_RETURN(c->source, r.String("source", c->source));
  ASSIGN_OR_RETURN(c->details, r.StringMap("details"));
  ASSIGN_OR_RETURN(c->entity, r.String("entity"));
  YAML::Node resp = r.Child("responders");
  if (resp.IsDefined() && !resp.IsNull()) {
    std::string path = r.ChildPath("responders");
    if (!resp.IsSequence()) {
      return config::NodeError(
          ctx, resp, path,
          "cannot unmarshal !!map into []config.OpsGenieConfigResponder");
    }
    for (size_t i = 0; i < resp.size(); ++i) {
      YAML::Node n = resp[i];
      EntryReader rr(ctx, n, config::IndexPath(path, i));
      RETURN_IF_ERROR(rr.CheckKnown({"id", "name", "username", "type"}));
      OpsGenieResponder o;
      ASSIGN_OR_RETURN(o.id, rr.String("id"));
      ASSIGN_OR_RETURN(o.name, rr.String("name"));
      ASSIGN_OR_RETURN(o.username, rr.String("username"));
      ASSIGN_OR_RETURN(o.type, rr.String("type"));
      c->responders.push_back(std::move(o));
    }
  }
  ASSIGN_OR_RETURN(c->actions, r.String("actions"));
  ASSIGN_OR_RETURN(c->tags, r.String("tags"));
  ASSIGN_OR_RETURN(c->note, r.String("note"));
  ASSIGN_OR_RETURN(c->priority, r.String("priority"));
  ASSIGN_OR_RETURN(c->update_alerts, r.Bool("update_alerts", false));

  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "api_key", !c->api_key.empty(), "api_key_file",
      !c->api_key_file.empty(), channel_config::PairRule::kAtMostOne));
  for (const OpsGenieResponder& o : c->responders) {
    // Go prints the responder struct with %v: {id name username type}.
    std::string lowered = o.type;
    bool templated = o.type.find("{{") != std::string::npos;
    if (!templated) {
      std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
    }
    auto shown = [&](const std::string& type) {
      return "{" + o.id + " " + o.name + " " + o.username + " " + type + "}";
    };
    if (o.id.empty() && o.username.empty() && o.name.empty()) {
      return r.Error("opsGenieConfig responder " + shown(o.type) +
                     " has to have at least one of id, username or name "
                     "specified");
    }
    if (!templated && lowered != "team" && lowered != "teams" &&
        lowered != "user" && lowered != "escalation" && lowered != "schedule") {
      return r.Error("opsGenieConfig responder " + shown(lowered) +
                     " type does not match valid options "
                     "^(team|teams|user|escalation|schedule)$");
    }
  }

  c->http_config = http ? *http : global.http_config;
  if (!c->api_url) c->api_url = global.opsgenie_api_url;
  if (!c->api_url) return r.Error("no global OpsGenie URL set");
  c->api_url = config::WithTrailingSlash(*c->api_url);
  if (c->api_key.empty()) c->api_key = global.opsgenie_api_key;
  if (c->api_key_file.empty()) c->api_key_file = global.opsgenie_api_key_file;
  if (c->api_key.empty() && c->api_key_file.empty()) {
    return r.Error("no global OpsGenie API Key set either inline or in a file");
  }
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node OpsGenieConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Secret("api_key", api_key)
      .String("api_key_file", api_key_file)
      .Url("api_url", api_url, false)
      .String("message", message)
      .String("description", description)
      .String("source", source)
      .StringMap("details", details)
      .String("entity", entity);
  if (!responders.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const OpsGenieResponder& o : responders) {
      YamlBuilder rb;
      rb.String("id", o.id)
          .String("name", o.name)
          .String("username", o.username)
          .String("type", o.type);
      list.push_back(rb.Build());
    }
    b.Node("responders", list);
  }
  b.String("actions", actions)
      .String("tags", tags)
      .String("note", note)
      .String("priority", priority)
      .OmitFalse("update_alerts", update_alerts);
  return b.Build();
}

}  // namespace tocsin::notify::opsgenie
