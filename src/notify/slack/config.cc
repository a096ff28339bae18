#include "notify/slack/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::slack {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

namespace {

Status ParseFields(const EntryReader& r, std::vector<SlackField>* out) {
  YAML::Node list = r.Child("fields");
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  std::string path = r.ChildPath("fields");
  if (!list.IsSequence()) {
    return config::NodeError(
        r.ctx(), list, path,
        "cannot unmarshal !!map into []*config.SlackField");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    YAML::Node n = list[i];
    EntryReader f(r.ctx(), n, config::IndexPath(path, i));
    RETURN_IF_ERROR(f.CheckKnown({"title", "value", "short"}));
    SlackField sf;
    ASSIGN_OR_RETURN(sf.title, f.String("title"));
    ASSIGN_OR_RETURN(sf.value, f.String("value"));
    ASSIGN_OR_RETURN(sf.is_short, f.OptionalBool("short"));
    if (sf.title.empty()) {
      return f.Error("missing title in Slack field configuration");
    }
    if (sf.value.empty()) {
      return f.Error("missing value in Slack field configuration");
    }
    out->push_back(std::move(sf));
  }
  return Status::Ok();
}

Status ParseActions(const EntryReader& r, std::vector<SlackAction>* out) {
  YAML::Node list = r.Child("actions");
  if (!list.IsDefined() || list.IsNull()) return Status::Ok();
  std::string path = r.ChildPath("actions");
  if (!list.IsSequence()) {
    return config::NodeError(
        r.ctx(), list, path,
        "cannot unmarshal !!map into []*config.SlackAction");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    YAML::Node n = list[i];
    EntryReader a(r.ctx(), n, config::IndexPath(path, i));
    RETURN_IF_ERROR(a.CheckKnown(
        {"type", "text", "url", "style", "name", "value", "confirm"}));
    SlackAction sa;
    ASSIGN_OR_RETURN(sa.type, a.String("type"));
    ASSIGN_OR_RETURN(sa.text, a.String("text"));
    ASSIGN_OR_RETURN(sa.url, a.String("url"));
    ASSIGN_OR_RETURN(sa.style, a.String("style"));
    ASSIGN_OR_RETURN(sa.name, a.String("name"));
    ASSIGN_OR_RETURN(sa.value, a.String("value"));
    if (a.Has("confirm")) {
      YAML::Node cn = n["confirm"];
      EntryReader c(r.ctx(), cn, a.ChildPath("confirm"));
      RETURN_IF_ERROR(
          c.CheckKnown({"text", "title", "ok_text", "dismiss_text"}));
      SlackConfirmationField cf;
      ASSIGN_OR_RETURN(cf.text, c.String("text"));
      ASSIGN_OR_RETURN(cf.title, c.String("title"));
      ASSIGN_OR_RETURN(cf.ok_text, c.String("ok_text"));
      ASSIGN_OR_RETURN(cf.dismiss_text, c.String("dismiss_text"));
      if (cf.text.empty()) {
        return c.Error("missing text in Slack confirmation configuration");
      }
      sa.confirm = std::move(cf);
    }
    if (sa.type.empty()) {
      return a.Error("missing type in Slack action configuration");
    }
    if (sa.text.empty()) {
      return a.Error("missing text in Slack action configuration");
    }
    if (!sa.url.empty()) {
      sa.name.clear();
      sa.value.clear();
      sa.confirm.reset();
    } else if (sa.name.empty()) {
      return a.Error("missing name or url in Slack action configuration");
    }
    out->push_back(std::move(sa));
  }
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const config::IntegrationConfig>> ParseSlackConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config",    "api_url",      "api_url_file",
       "app_token",     "app_token_file", "app_url",      "channel",
       "username",      "color",          "title",        "title_link",
       "pretext",       "text",           "message_text", "fields",
       "short_fields",  "footer",         "fallback",     "callback_id",
       "icon_emoji",    "icon_url",       "image_url",    "thumb_url",
       "link_names",    "mrkdwn_in",      "actions",      "update_message",
       "timeout"}));
  auto c = std::make_shared<SlackConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", false));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", true));
  ASSIGN_OR_RETURN(c->api_url_file, r.String("api_url_file"));
  ASSIGN_OR_RETURN(c->app_token, r.Secret("app_token"));
  ASSIGN_OR_RETURN(c->app_token_file, r.String("app_token_file"));
  ASSIGN_OR_RETURN(c->app_url, r.Url("app_url", false));
  ASSIGN_OR_RETURN(c->channel, r.String("channel"));
  ASSIGN_OR_RETURN(c->username, r.String("username", c->username));
  ASSIGN_OR_RETURN(c->color, r.String("color", c->color));
  ASSIGN_OR_RETURN(c->title, r.String("title", c->title));
  ASSIGN_OR_RETURN(c->title_link, r.String("title_link", c->title_link));
  ASSIGN_OR_RETURN(c->pretext, r.String("pretext", c->pretext));
  ASSIGN_OR_RETURN(c->text, r.String("text", c->text));
  ASSIGN_OR_RETURN(c->message_text, r.String("message_text"));
  RETURN_IF_ERROR(ParseFields(r, &c->fields));
  ASSIGN_OR_RETURN(c->short_fields, r.Bool("short_fields", false));
  ASSIGN_OR_RETURN(c->footer, r.String("footer", c->footer));
  ASSIGN_OR_RETURN(c->fallback, r.String("fallback", c->fallback));
  ASSIGN_OR_RETURN(c->callback_id, r.String("callback_id", c->callback_id));
  ASSIGN_OR_RETURN(c->icon_emoji, r.String("icon_emoji", c->icon_emoji));
  ASSIGN_OR_RETURN(c->icon_url, r.String("icon_url", c->icon_url));
  ASSIGN_OR_RETURN(c->image_url, r.String("image_url"));
  ASSIGN_OR_RETURN(c->thumb_url, r.String("thumb_url"));
  ASSIGN_OR_RETURN(c->link_names, r.Bool("link_names", false));
  ASSIGN_OR_RETURN(c->mrkdwn_in, r.StringList("mrkdwn_in"));
  RETURN_IF_ERROR(ParseActions(r, &c->actions));
  ASSIGN_OR_RETURN(c->update_message, r.Bool("update_message", false));
  ASSIGN_OR_RETURN(c->timeout,
                   r.GoDuration("timeout", std::chrono::nanoseconds(0)));

  bool has_url = c->api_url.has_value() || !c->api_url_file.empty();
  bool has_token = !c->app_token.empty() || !c->app_token_file.empty();
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "api_url", c->api_url.has_value(), "api_url_file",
      !c->api_url_file.empty(), channel_config::PairRule::kAtMostOne));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "app_token", !c->app_token.empty(), "app_token_file",
      !c->app_token_file.empty(), channel_config::PairRule::kAtMostOne));
  if (has_url && has_token) {
    return r.Error(
        "at most one of api_url/api_url_file & app_token/app_token_file must "
        "be configured");
  }
  const std::string kUpdateError =
      "update_message can only be used with bot tokens. api_url must be set "
      "to https://slack.com/api/chat.postMessage";
  if (c->update_message && c->api_url && c->api_url->text != kPostMessageUrl) {
    return r.Error(kUpdateError);
  }

  // Global fallbacks (Config.UnmarshalYAML).
  if (!c->app_url) c->app_url = global.slack_app_url;
  if (!c->app_url) return r.Error("no global Slack App URL set");
  bool local_auth = http && http->authorization.has_value();
  if (!has_token && !local_auth && !c->api_url) {
    c->app_token = global.slack_app_token;
    c->app_token_file = global.slack_app_token_file;
  }
  if (!c->api_url && c->api_url_file.empty()) {
    c->api_url = global.slack_api_url;
    c->api_url_file = global.slack_api_url_file;
  }
  has_token = !c->app_token.empty() || !c->app_token_file.empty();
  if (!c->api_url && c->api_url_file.empty() && !has_token) {
    return r.Error(
        "no Slack API URL nor App token set either inline or in a file");
  }
  c->http_config = http ? *http : global.http_config;
  if (has_token) {
    if (c->http_config.authorization) {
      return r.Error(
          "http authorization can't be set when using Slack App tokens");
    }
    c->http_config.authorization =
        config::Authorization{"Bearer", c->app_token, c->app_token_file, ""};
    c->api_url = c->app_url;
  }
  if (c->update_message && !has_token && c->api_url &&
      c->api_url->text != kPostMessageUrl) {
    return r.Error(kUpdateError);
  }
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node SlackConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .Http(http_config)
      .Url("api_url", api_url, true)
      .String("api_url_file", api_url_file)
      .Secret("app_token", app_token)
      .String("app_token_file", app_token_file)
      .Url("app_url", app_url, false)
      .String("channel", channel)
      .String("username", username)
      .String("color", color)
      .String("title", title)
      .String("title_link", title_link)
      .String("pretext", pretext)
      .String("text", text)
      .String("message_text", message_text);
  if (!fields.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const SlackField& f : fields) {
      YamlBuilder fb;
      fb.String("title", f.title).String("value", f.value);
      if (f.is_short) fb.Bool("short", *f.is_short);
      list.push_back(fb.Build());
    }
    b.Node("fields", list);
  }
  b.Bool("short_fields", short_fields)
      .String("footer", footer)
      .String("fallback", fallback)
      .String("callback_id", callback_id)
      .String("icon_emoji", icon_emoji)
      .String("icon_url", icon_url)
      .String("image_url", image_url)
      .String("thumb_url", thumb_url)
      .Bool("link_names", link_names)
      .StringList("mrkdwn_in", mrkdwn_in);
  if (!actions.empty()) {
    YAML::Node list(YAML::NodeType::Sequence);
    for (const SlackAction& a : actions) {
      YamlBuilder ab;
      ab.String("type", a.type)
          .String("text", a.text)
          .String("url", a.url)
          .String("style", a.style)
          .String("name", a.name)
          .String("value", a.value);
      if (a.confirm) {
        YamlBuilder cb;
        cb.String("text", a.confirm->text)
            .String("title", a.confirm->title)
            .String("ok_text", a.confirm->ok_text)
            .String("dismiss_text", a.confirm->dismiss_text);
        ab.Node("confirm", cb.Build());
      }
      list.push_back(ab.Build());
    }
    b.Node("actions", list);
  }
  b.Bool("update_message", update_message)
      .Always("timeout", channel_config::FormatGoDuration(timeout));
  return b.Build();
}

}  // namespace tocsin::notify::slack
