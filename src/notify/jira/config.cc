#include "notify/jira/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::jira {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

namespace {

// A JiraFieldConfig: a plain scalar is the template; a map is
// {template, enable_update}. Absent keeps `out` (the default); null clears
// it, as yaml.v2 zeroes a struct decoded from null.
Status ParseField(const EntryReader& r, std::string_view key,
                  JiraFieldConfig* out) {
  if (r.IsNull(key)) {
    *out = JiraFieldConfig{};
    return Status::Ok();
  }
  if (!r.Has(key)) return Status::Ok();
  YAML::Node n = r.Child(key);
  if (n.IsScalar()) {
    *out = JiraFieldConfig{n.Scalar(), std::nullopt};
    return Status::Ok();
  }
  EntryReader f(r.ctx(), n, r.ChildPath(key));
  RETURN_IF_ERROR(f.CheckKnown({"template", "enable_update"}));
  JiraFieldConfig c;
  ASSIGN_OR_RETURN(c.template_text, f.String("template"));
  ASSIGN_OR_RETURN(c.enable_update, f.OptionalBool("enable_update"));
  *out = std::move(c);
  return Status::Ok();
}

// A JiraLabelsConfig: a list of strings, or {values, enable_update}.
Status ParseLabels(const EntryReader& r, JiraLabelsConfig* out) {
  if (!r.Has("labels")) return Status::Ok();
  YAML::Node n = r.Child("labels");
  if (n.IsSequence()) {
    ASSIGN_OR_RETURN(out->values, r.StringList("labels"));
    return Status::Ok();
  }
  EntryReader l(r.ctx(), n, r.ChildPath("labels"));
  RETURN_IF_ERROR(l.CheckKnown({"values", "enable_update"}));
  ASSIGN_OR_RETURN(out->values, l.StringList("values"));
  ASSIGN_OR_RETURN(out->enable_update, l.OptionalBool("enable_update"));
  return Status::Ok();
}

YAML::Node FieldToYaml(const JiraFieldConfig& f) {
  YamlBuilder b;
  b.String("template", f.template_text);
  if (f.enable_update) b.Bool("enable_update", *f.enable_update);
  return b.Build();
}

}  // namespace

Result<std::shared_ptr<const config::IntegrationConfig>> ParseJiraConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(
      r.CheckKnown({"send_resolved", "http_config", "api_url", "api_type",
                    "project", "summary", "description", "labels", "priority",
                    "issue_type", "reopen_transition", "resolve_transition",
                    "wont_fix_resolution", "reopen_duration", "fields"}));
  auto c = std::make_shared<JiraConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", false));
  ASSIGN_OR_RETURN(c->api_type, r.String("api_type", c->api_type));
  ASSIGN_OR_RETURN(c->project, r.String("project"));
  RETURN_IF_ERROR(ParseField(r, "summary", &c->summary));
  RETURN_IF_ERROR(ParseField(r, "description", &c->description));
  RETURN_IF_ERROR(ParseLabels(r, &c->labels));
  ASSIGN_OR_RETURN(c->priority, r.String("priority", c->priority));
  ASSIGN_OR_RETURN(c->issue_type, r.String("issue_type"));
  ASSIGN_OR_RETURN(c->reopen_transition, r.String("reopen_transition"));
  ASSIGN_OR_RETURN(c->resolve_transition, r.String("resolve_transition"));
  ASSIGN_OR_RETURN(c->wont_fix_resolution, r.String("wont_fix_resolution"));
  ASSIGN_OR_RETURN(auto reopen, r.PromDuration("reopen_duration"));
  if (reopen) c->reopen_duration = *reopen;
  if (r.Has("fields")) {
    YAML::Node f = r.Child("fields");
    if (!f.IsMap()) {
      return config::NodeError(
          ctx, f, r.ChildPath("fields"),
          std::string("cannot unmarshal ") +
              (f.IsSequence() ? "!!seq" : "!!str `" + f.Scalar() + "`") +
              " into map[string]interface {}");
    }
    c->fields = YAML::Clone(f);
  }
  // JiraConfig.UnmarshalYAML.
  if (c->project.empty()) return r.Error("missing project in jira_config");
  if (c->issue_type.empty()) {
    return r.Error("missing issue_type in jira_config");
  }
  if (c->api_type != "auto" && c->api_type != "cloud" &&
      c->api_type != "datacenter") {
    return r.Error(
        "unknown api_type on jira_config, must be auto, cloud or datacenter");
  }
  // Config.UnmarshalYAML's global fallbacks.
  c->http_config = http ? *http : global.http_config;
  if (!c->api_url) c->api_url = global.jira_api_url;
  if (!c->api_url) return r.Error("no global Jira Cloud URL set");
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node JiraConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("api_url", api_url, false)
      .String("api_type", api_type)
      .String("project", project);
  if (!summary.template_text.empty() || summary.enable_update) {
    b.Node("summary", FieldToYaml(summary));
  }
  if (!description.template_text.empty() || description.enable_update) {
    b.Node("description", FieldToYaml(description));
  }
  if (!labels.values.empty() || labels.enable_update) {
    YamlBuilder lb;
    lb.StringList("values", labels.values);
    if (labels.enable_update) lb.Bool("enable_update", *labels.enable_update);
    b.Node("labels", lb.Build());
  }
  b.String("priority", priority)
      .String("issue_type", issue_type)
      .String("reopen_transition", reopen_transition)
      .String("resolve_transition", resolve_transition)
      .String("wont_fix_resolution", wont_fix_resolution);
  if (reopen_duration.count() != 0) {
    b.Always("reopen_duration", FormatDuration(reopen_duration));
  }
  if (fields.IsDefined() && fields.IsMap() && fields.size() > 0) {
    b.Node("fields", fields);
  }
  return b.Build();
}

}  // namespace tocsin::notify::jira
