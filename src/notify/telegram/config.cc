#include "notify/telegram/config.h"

#include "notify/channel_config/util.h"

namespace tocsin::notify::telegram {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

Result<std::shared_ptr<const config::IntegrationConfig>> ParseTelegramConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "http_config", "api_url", "bot_token", "bot_token_file",
       "chat_id", "chat_id_file", "message_thread_id", "message",
       "disable_notifications", "parse_mode", "timeout"}));
  auto c = std::make_shared<TelegramConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", true));
  ASSIGN_OR_RETURN(auto http, r.HttpConfig());
  ASSIGN_OR_RETURN(c->api_url, r.Url("api_url", false));
  ASSIGN_OR_RETURN(c->bot_token, r.Secret("bot_token"));
  ASSIGN_OR_RETURN(c->bot_token_file, r.String("bot_token_file"));
  ASSIGN_OR_RETURN(c->chat_id, r.Int("chat_id", 0));
  ASSIGN_OR_RETURN(c->chat_id_file, r.String("chat_id_file"));
  ASSIGN_OR_RETURN(c->message_thread_id, r.Int("message_thread_id", 0));
  ASSIGN_OR_RETURN(c->message, r.String("message", c->message));
  ASSIGN_OR_RETURN(c->disable_notifications,
                   r.Bool("disable_notifications", false));
  ASSIGN_OR_RETURN(c->parse_mode, r.String("parse_mode", c->parse_mode));
  ASSIGN_OR_RETURN(c->timeout,
                   r.GoDuration("timeout", std::chrono::nanoseconds(0)));
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "bot_token", !c->bot_token.empty(), "bot_token_file",
      !c->bot_token_file.empty(), channel_config::PairRule::kAtMostOne));
  if (c->chat_id == 0 && c->chat_id_file.empty()) {
    return r.Error("missing chat_id or chat_id_file on telegram_config");
  }
  RETURN_IF_ERROR(channel_config::CheckExclusivePair(
      r, "chat_id", c->chat_id != 0, "chat_id_file", !c->chat_id_file.empty(),
      channel_config::PairRule::kAtMostOne));
  if (!c->parse_mode.empty() && c->parse_mode != "Markdown" &&
      c->parse_mode != "MarkdownV2" && c->parse_mode != "HTML") {
    return r.Error(
        "unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, "
        "HTML or empty string");
  }
  c->http_config = http ? *http : global.http_config;
  if (!c->api_url) c->api_url = global.telegram_api_url;
  if (c->bot_token.empty() && c->bot_token_file.empty()) {
    if (global.telegram_bot_token.empty() &&
        global.telegram_bot_token_file.empty()) {
      return r.Error("missing bot_token or bot_token_file on telegram_config");
    }
    c->bot_token = global.telegram_bot_token;
    c->bot_token_file = global.telegram_bot_token_file;
  }
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node TelegramConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved).Http(http_config);
  if (api_url) {
    b.Always("api_url", api_url->text);
  } else {
    b.Node("api_url", YAML::Node(YAML::NodeType::Null));
  }
  b.Secret("bot_token", bot_token).String("bot_token_file", bot_token_file);
  if (chat_id != 0) b.Node("chat_id", YAML::Node(chat_id));
  b.String("chat_id_file", chat_id_file);
  if (message_thread_id != 0) {
    b.Node("message_thread_id", YAML::Node(message_thread_id));
  }
  b.String("message", message)
      .OmitFalse("disable_notifications", disable_notifications)
      .String("parse_mode", parse_mode)
      .Always("timeout", channel_config::FormatGoDuration(timeout));
  return b.Build();
}

}  // namespace tocsin::notify::telegram
