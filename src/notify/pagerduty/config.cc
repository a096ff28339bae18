#include "notify/pagerduty/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::pagerduty {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParsePagerdutyConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "service_key", "service_key_file",
       "routing_key", "routing_key_file", "url", "client", "client_url",
       "description", "details", "images", "links", "source", "severity",
       "class", "component", "group", "timeout"}));
  auto c = std::make_shared<PagerdutyConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->service_key, r.Secret("service_key"));
  ASSIGN_OR_RETURN(c->service_key_file, r.String("service_key_file"));
  ASSIGN_OR_RETURN(c->routing_key, r.Secret("routing_key"));
  ASSIGN_OR_RETURN(c->routing_key_file, r.String("routing_key_file"));
  ASSIGN_OR_RETURN(c->url, r.Url("url", false));
  ASSIGN_OR_RETURN(c->client, r.String("client", c->client));
  ASSIGN_OR_RETURN(c->client_url, r.String("client_url", c->client_url));
  ASSIGN_OR_RETURN(c->description, r.String("description", c->description));
  YAML::Node details = r.Child("details");
  if (details.IsDefined() && !details.IsNull()) {
    if (!details.IsMap()) {
      return config::NodeError(ctx, details, r.ChildPath("details"),
                               "cannot unmarshal !!seq into "
                               "map[string]interface {}");
    }
    for (const auto& kv : details) {
      c->details.emplace_back(kv.first.Scalar(), YAML::Clone(kv.second));
    }
  }
  for (const auto& [name, tmpl] :
       std::initializer_list<std::pair<const char*, const char*>>{
           {"firing", "{{ .Alerts.Firing | toJson }}"},
           {"resolved", "{{ .Alerts.Resolved | toJson }}"},
           {"num_firing", "{{ .Alerts.Firing | len }}"},
           {"num_resolved", "{{ .Alerts.Resolved | len }}"}}) {
    bool present = false;
    for (const auto& d : c->details) present |= d.first == name;
    if (!present) c->details.emplace_back(name, YAML::Node(tmpl));
  }
  auto list = [&](std::string_view key) -> Result<YAML::Node> {
    YAML::Node l = r.Child(key);
    if (l.IsDefined() && !l.IsNull() && !l.IsSequence()) {
      return config::NodeError(ctx, l, r.ChildPath(key),
                               "cannot unmarshal !!map into a list");
    }
    return l;
  };
  ASSIGN_OR_RETURN(YAML::Node images, list("images"));
  for (size_t i = 0;
       images.IsDefined() && images.IsSequence() && i < images.size(); ++i) {
    YAML::Node n = images[i];
    EntryReader ir(ctx, n, config::IndexPath(r.ChildPath("images"), i));
    RETURN_IF_ERROR(ir.CheckKnown({"src", "alt", "href"}));
    PagerdutyImage img;
    ASSIGN_OR_RETURN(img.src, ir.String("src"));
    ASSIGN_OR_RETURN(img.alt, ir.String("alt"));
    ASSIGN_OR_RETURN(img.href, ir.String("href"));
    c->images.push_back(std::move(img));
  }
  ASSIGN_OR_RETURN(YAML::Node links, list("links"));
  for (size_t i = 0;
       links.IsDefined() && links.IsSequence() && i < links.size(); ++i) {
    YAML::Node n = links[i];
    EntryReader lr(ctx, n, config::IndexPath(r.ChildPath("links"), i));
    RETURN_IF_ERROR(lr.CheckKnown({"href", "text"}));
    PagerdutyLink link;
    ASSIGN_OR_RETURN(link.href, lr.String("href"));
    ASSIGN_OR_RETURN(link.text, lr.String("text"));
    c->links.push_back(std::move(link));
  }
  ASSIGN_OR_RETURN(c->source, r.String("source"));
  ASSIGN_OR_RETURN(c->severity, r.String("severity"));
  ASSIGN_OR_RETURN(c->class_, r.String("class"));
  ASSIGN_OR_RETURN(c->component, r.String("component"));
  ASSIGN_OR_RETURN(c->group, r.String("group"));
  ASSIGN_OR_RETURN(c->timeout,
                   r.GoDuration("timeout", std::chrono::nanoseconds(0)));
  if (c->routing_key.empty() && c->service_key.empty() &&
      c->routing_key_file.empty() && c->service_key_file.empty()) {
    return r.Error("missing service or routing key in PagerDuty config");
  }
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "routing_key", !c->routing_key.empty(), "routing_key_file",
      !c->routing_key_file.empty(), channel_config::PairRule::kAtMostOne));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "service_key", !c->service_key.empty(), "service_key_file",
      !c->service_key_file.empty(), channel_config::PairRule::kAtMostOne));
  if (c->source.empty()) c->source = c->client;
  c->http_config = http ? *http : global.http_config;
  if (!c->url) c->url = global.pagerduty_url;
  if (!c->url) return r.Error("no global PagerDuty URL set");
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node PagerdutyConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Secret("service_key", service_key)
      .String("service_key_file", service_key_file)
      .Secret("routing_key", routing_key)
      .String("routing_key_file", routing_key_file)
      .Url("url", url, false)
      .String("client", client)
      .String("client_url", client_url)
      .String("description", description);
  YAML::Node d(YAML::NodeType::Map);
  for (const auto& [k, v] : details) d[k] = v;
  b.Node("details", d);
  if (!images.empty()) {
    YAML::Node l(YAML::NodeType::Sequence);
    for (const auto& i : images) {
      YamlBuilder ib;
      ib.String("src", i.src).String("alt", i.alt).String("href", i.href);
      l.push_back(ib.Build());
    }
    b.Node("images", l);
  }
  if (!links.empty()) {
    YAML::Node l(YAML::NodeType::Sequence);
    for (const auto& i : links) {
      YamlBuilder lb;
      lb.String("href", i.href).String("text", i.text);
      l.push_back(lb.Build());
    }
    b.Node("links", l);
  }
  b.String("source", source)
      .String("severity", severity)
      .String("class", class_)
      .String("component", component)
      .String("group", group)
      .Always("timeout", channel_config::FormatGoDuration(timeout));
  return b.Build();
}

}  // namespace tocsin::notify::pagerduty
