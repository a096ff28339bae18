#include "config/global.h"

#include <utility>

namespace tocsin::config {
namespace {

constexpr std::string_view kPath = "global";

Result<Secret> GetSecretField(const ParseContext& ctx, const YAML::Node& node,
                              std::string_view key) {
  ASSIGN_OR_RETURN(std::string v, GetString(ctx, node, kPath, key));
  return Secret(std::move(v));
}

// Reads an optional URL field; absent leaves `*out` unchanged (the default).
// `secret` accepts "<secret>" as an empty URL, as SecretURL does.
Status GetUrlField(const ParseContext& ctx, const YAML::Node& node,
                   std::string_view key, bool secret, std::optional<Url>* out) {
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined()) return Status::Ok();
  if (v.IsNull()) {
    // yaml.v2 decodes null into a nil *URL, dropping the default.
    out->reset();
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(std::string s, GetString(ctx, node, kPath, key));
  if (secret && s == kSecretToken) {
    *out = Url{};
    return Status::Ok();
  }
  Result<Url> u = ParseHttpUrl(s);
  if (!u.ok()) {
    return NodeError(ctx, v, JoinPath(kPath, key), u.status().message());
  }
  *out = std::move(u).value();
  return Status::Ok();
}

void PutUrl(YAML::Node& out, std::string_view key, const std::optional<Url>& u,
            bool secret) {
  if (!u.has_value()) return;
  out[std::string(key)] = secret ? std::string(kSecretToken) : u->text;
}

void PutString(YAML::Node& out, std::string_view key, const std::string& v) {
  if (!v.empty()) out[std::string(key)] = v;
}

void PutSecret(YAML::Node& out, std::string_view key, const Secret& v) {
  if (!v.empty()) out[std::string(key)] = v.Redacted();
}

}  // namespace

std::string HostPort::ToString() const {
  if (empty()) return "";
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + port;
  return host + ":" + port;
}

Result<HostPort> ParseHostPort(std::string_view s) {
  HostPort hp;
  if (s.empty()) return hp;
  std::string str(s);
  auto err = [&](std::string_view why) {
    return InvalidArgumentError("address " + str + ": " + std::string(why));
  };
  // Mirrors Go's net.SplitHostPort.
  size_t i = str.rfind(':');
  if (i == std::string::npos) return err("missing port in address");
  if (str[0] == '[') {
    size_t end = str.find(']');
    if (end == std::string::npos) return err("missing ']' in address");
    if (end + 1 == str.size()) return err("missing port in address");
    if (end + 1 != i) {
      if (str[end + 1] == ':') return err("too many colons in address");
      return err("missing port in address");
    }
    hp.host = str.substr(1, end - 1);
    if (hp.host.find_first_of("[]") != std::string::npos) {
      return err("unexpected '[' in address");
    }
  } else {
    hp.host = str.substr(0, i);
    if (hp.host.find(':') != std::string::npos) {
      return err("too many colons in address");
    }
    if (hp.host.find_first_of("[]") != std::string::npos) {
      return err(hp.host.find('[') != std::string::npos
                     ? "unexpected '[' in address"
                     : "unexpected ']' in address");
    }
  }
  hp.port = str.substr(i + 1);
  if (hp.port.find_first_of("[]") != std::string::npos) {
    return err("unexpected ']' in address");
  }
  if (hp.port.empty()) {
    return InvalidArgumentError("address \"" + str +
                                "\": port cannot be empty");
  }
  return hp;
}

Result<GlobalConfig> ParseGlobal(const YAML::Node& node,
                                 const ParseContext& ctx) {
  GlobalConfig g;
  if (!node.IsDefined() || node.IsNull()) return g;
  RETURN_IF_ERROR(CheckKnownFields(ctx, node, kPath,
                                   {"resolve_timeout",
                                    "http_config",
                                    "jira_api_url",
                                    "smtp_from",
                                    "smtp_hello",
                                    "smtp_smarthost",
                                    "smtp_auth_username",
                                    "smtp_auth_password",
                                    "smtp_auth_password_file",
                                    "smtp_auth_secret",
                                    "smtp_auth_secret_file",
                                    "smtp_auth_identity",
                                    "smtp_require_tls",
                                    "smtp_tls_config",
                                    "smtp_force_implicit_tls",
                                    "slack_api_url",
                                    "slack_api_url_file",
                                    "slack_app_token",
                                    "slack_app_token_file",
                                    "slack_app_url",
                                    "pagerduty_url",
                                    "opsgenie_api_url",
                                    "opsgenie_api_key",
                                    "opsgenie_api_key_file",
                                    "wechat_api_url",
                                    "wechat_api_secret",
                                    "wechat_api_secret_file",
                                    "wechat_api_corp_id",
                                    "victorops_api_url",
                                    "victorops_api_key",
                                    "victorops_api_key_file",
                                    "telegram_api_url",
                                    "telegram_bot_token",
                                    "telegram_bot_token_file",
                                    "webex_api_url",
                                    "rocketchat_api_url",
                                    "rocketchat_token",
                                    "rocketchat_token_file",
                                    "rocketchat_token_id",
                                    "rocketchat_token_id_file",
                                    "mattermost_webhook_url",
                                    "mattermost_webhook_url_file"},
                                   "config.plain"));

  // An explicit null zeroes a field (yaml.v2), absent keeps the default.
  auto is_null = [&node](const char* key) {
    YAML::Node v = node[key];
    return v.IsDefined() && v.IsNull();
  };
  YAML::Node rt = node["resolve_timeout"];
  if (is_null("resolve_timeout")) g.resolve_timeout = Duration(0);
  if (rt.IsDefined() && !rt.IsNull()) {
    ASSIGN_OR_RETURN(std::string s,
                     GetString(ctx, node, kPath, "resolve_timeout"));
    Result<Duration> d = ParseDuration(s);
    if (!d.ok()) {
      return NodeError(ctx, rt, JoinPath(kPath, "resolve_timeout"),
                       d.status().message());
    }
    g.resolve_timeout = *d;
  }
  ASSIGN_OR_RETURN(g.http_config,
                   ParseHttpClientConfig(node["http_config"],
                                         JoinPath(kPath, "http_config"), ctx));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "jira_api_url", false, &g.jira_api_url));
  ASSIGN_OR_RETURN(g.smtp_from, GetString(ctx, node, kPath, "smtp_from"));
  ASSIGN_OR_RETURN(g.smtp_hello,
                   GetString(ctx, node, kPath, "smtp_hello",
                             is_null("smtp_hello") ? "" : g.smtp_hello));
  {
    ASSIGN_OR_RETURN(std::string s,
                     GetString(ctx, node, kPath, "smtp_smarthost"));
    Result<HostPort> hp = ParseHostPort(s);
    if (!hp.ok()) {
      return NodeError(ctx, node["smtp_smarthost"],
                       JoinPath(kPath, "smtp_smarthost"),
                       hp.status().message());
    }
    g.smtp_smarthost = *hp;
  }
  ASSIGN_OR_RETURN(g.smtp_auth_username,
                   GetString(ctx, node, kPath, "smtp_auth_username"));
  ASSIGN_OR_RETURN(g.smtp_auth_password,
                   GetSecretField(ctx, node, "smtp_auth_password"));
  ASSIGN_OR_RETURN(g.smtp_auth_password_file,
                   GetString(ctx, node, kPath, "smtp_auth_password_file"));
  ASSIGN_OR_RETURN(g.smtp_auth_secret,
                   GetSecretField(ctx, node, "smtp_auth_secret"));
  ASSIGN_OR_RETURN(g.smtp_auth_secret_file,
                   GetString(ctx, node, kPath, "smtp_auth_secret_file"));
  ASSIGN_OR_RETURN(g.smtp_auth_identity,
                   GetString(ctx, node, kPath, "smtp_auth_identity"));
  ASSIGN_OR_RETURN(g.smtp_require_tls,
                   GetBool(ctx, node, kPath, "smtp_require_tls",
                           !is_null("smtp_require_tls")));
  ASSIGN_OR_RETURN(g.smtp_tls_config,
                   ParseTlsConfig(node["smtp_tls_config"],
                                  JoinPath(kPath, "smtp_tls_config"), ctx));
  {
    YAML::Node v = node["smtp_force_implicit_tls"];
    if (v.IsDefined() && !v.IsNull()) {
      ASSIGN_OR_RETURN(
          bool b, GetBool(ctx, node, kPath, "smtp_force_implicit_tls", false));
      g.smtp_force_implicit_tls = b;
    }
  }
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "slack_api_url", true, &g.slack_api_url));
  ASSIGN_OR_RETURN(g.slack_api_url_file,
                   GetString(ctx, node, kPath, "slack_api_url_file"));
  ASSIGN_OR_RETURN(g.slack_app_token,
                   GetSecretField(ctx, node, "slack_app_token"));
  ASSIGN_OR_RETURN(g.slack_app_token_file,
                   GetString(ctx, node, kPath, "slack_app_token_file"));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "slack_app_url", false, &g.slack_app_url));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "pagerduty_url", false, &g.pagerduty_url));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "opsgenie_api_url", false, &g.opsgenie_api_url));
  ASSIGN_OR_RETURN(g.opsgenie_api_key,
                   GetSecretField(ctx, node, "opsgenie_api_key"));
  ASSIGN_OR_RETURN(g.opsgenie_api_key_file,
                   GetString(ctx, node, kPath, "opsgenie_api_key_file"));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "wechat_api_url", false, &g.wechat_api_url));
  ASSIGN_OR_RETURN(g.wechat_api_secret,
                   GetSecretField(ctx, node, "wechat_api_secret"));
  ASSIGN_OR_RETURN(g.wechat_api_secret_file,
                   GetString(ctx, node, kPath, "wechat_api_secret_file"));
  ASSIGN_OR_RETURN(g.wechat_api_corp_id,
                   GetString(ctx, node, kPath, "wechat_api_corp_id"));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "victorops_api_url", false, &g.victorops_api_url));
  ASSIGN_OR_RETURN(g.victorops_api_key,
                   GetSecretField(ctx, node, "victorops_api_key"));
  ASSIGN_OR_RETURN(g.victorops_api_key_file,
                   GetString(ctx, node, kPath, "victorops_api_key_file"));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "telegram_api_url", false, &g.telegram_api_url));
  ASSIGN_OR_RETURN(g.telegram_bot_token,
                   GetSecretField(ctx, node, "telegram_bot_token"));
  ASSIGN_OR_RETURN(g.telegram_bot_token_file,
                   GetString(ctx, node, kPath, "telegram_bot_token_file"));
  RETURN_IF_ERROR(
      GetUrlField(ctx, node, "webex_api_url", false, &g.webex_api_url));
  RETURN_IF_ERROR(GetUrlField(ctx, node, "rocketchat_api_url", false,
                              &g.rocketchat_api_url));
  if (node["rocketchat_token"].IsDefined() &&
      !node["rocketchat_token"].IsNull()) {
    ASSIGN_OR_RETURN(g.rocketchat_token,
                     GetSecretField(ctx, node, "rocketchat_token"));
  }
  ASSIGN_OR_RETURN(g.rocketchat_token_file,
                   GetString(ctx, node, kPath, "rocketchat_token_file"));
  if (node["rocketchat_token_id"].IsDefined() &&
      !node["rocketchat_token_id"].IsNull()) {
    ASSIGN_OR_RETURN(g.rocketchat_token_id,
                     GetSecretField(ctx, node, "rocketchat_token_id"));
  }
  ASSIGN_OR_RETURN(g.rocketchat_token_id_file,
                   GetString(ctx, node, kPath, "rocketchat_token_id_file"));
  RETURN_IF_ERROR(GetUrlField(ctx, node, "mattermost_webhook_url", true,
                              &g.mattermost_webhook_url));
  ASSIGN_OR_RETURN(g.mattermost_webhook_url_file,
                   GetString(ctx, node, kPath, "mattermost_webhook_url_file"));

  // Global checks of Config.UnmarshalYAML, in upstream's order.
  auto fail = [&](std::string_view msg) {
    return NodeError(ctx, node, kPath, msg);
  };
  if (!g.slack_app_token.empty() && !g.slack_app_token_file.empty()) {
    return fail(
        "at most one of slack_app_token & slack_app_token_file must be "
        "configured");
  }
  if (g.slack_api_url.has_value() && !g.slack_api_url_file.empty()) {
    return fail(
        "at most one of slack_api_url & slack_api_url_file must be "
        "configured");
  }
  if ((!g.slack_app_token.empty() || !g.slack_app_token_file.empty()) &&
      (g.slack_api_url.has_value() || !g.slack_api_url_file.empty())) {
    // Upstream tolerates slack_api_url equal to slack_app_url (the old
    // bot-token workaround).
    std::string api = g.slack_api_url ? g.slack_api_url->text : "";
    std::string app = g.slack_app_url ? g.slack_app_url->text : "";
    if (api != app) {
      return fail(
          "at most one of slack_app_token/slack_app_token_file & "
          "slack_api_url/slack_api_url_file must be configured");
    }
  }
  if (!g.opsgenie_api_key.empty() && !g.opsgenie_api_key_file.empty()) {
    return fail(
        "at most one of opsgenie_api_key & opsgenie_api_key_file must be "
        "configured");
  }
  if (!g.victorops_api_key.empty() && !g.victorops_api_key_file.empty()) {
    return fail(
        "at most one of victorops_api_key & victorops_api_key_file must be "
        "configured");
  }
  if (!g.telegram_bot_token.empty() && !g.telegram_bot_token_file.empty()) {
    return fail(
        "at most one of telegram_bot_token & telegram_bot_token_file must be "
        "configured");
  }
  if (!g.smtp_auth_password.empty() && !g.smtp_auth_password_file.empty()) {
    return fail(
        "at most one of smtp_auth_password & smtp_auth_password_file must be "
        "configured");
  }
  if (g.rocketchat_token.has_value() && !g.rocketchat_token_file.empty()) {
    return fail(
        "at most one of rocketchat_token & rocketchat_token_file must be "
        "configured");
  }
  if (g.rocketchat_token_id.has_value() &&
      !g.rocketchat_token_id_file.empty()) {
    return fail(
        "at most one of rocketchat_token_id & rocketchat_token_id_file must "
        "be configured");
  }
  if (!g.smtp_auth_secret.empty() && !g.smtp_auth_secret_file.empty()) {
    return fail(
        "at most one of smtp_auth_secret & smtp_auth_secret_file must be "
        "configured");
  }
  if (!g.wechat_api_secret.empty() && !g.wechat_api_secret_file.empty()) {
    return fail(
        "at most one of wechat_api_secret & wechat_api_secret_file must be "
        "configured");
  }
  if (g.mattermost_webhook_url.has_value() &&
      !g.mattermost_webhook_url_file.empty()) {
    return fail(
        "at most one of mattermost_webhook_url & mattermost_webhook_url_file "
        "must be configured");
  }
  return g;
}

YAML::Node GlobalToYaml(const GlobalConfig& g) {
  YAML::Node out(YAML::NodeType::Map);
  out["resolve_timeout"] = FormatDuration(g.resolve_timeout);
  out["http_config"] = HttpClientConfigToYaml(g.http_config);
  PutUrl(out, "jira_api_url", g.jira_api_url, false);
  PutString(out, "smtp_from", g.smtp_from);
  PutString(out, "smtp_hello", g.smtp_hello);
  PutString(out, "smtp_smarthost", g.smtp_smarthost.ToString());
  PutString(out, "smtp_auth_username", g.smtp_auth_username);
  PutSecret(out, "smtp_auth_password", g.smtp_auth_password);
  PutString(out, "smtp_auth_password_file", g.smtp_auth_password_file);
  PutSecret(out, "smtp_auth_secret", g.smtp_auth_secret);
  PutString(out, "smtp_auth_secret_file", g.smtp_auth_secret_file);
  PutString(out, "smtp_auth_identity", g.smtp_auth_identity);
  out["smtp_require_tls"] = g.smtp_require_tls;
  // Omitted when zero, as yaml.v2's omitempty on a struct: older clients
  // that parse config.original (amtool 0.25) do not know the key.
  if (!TlsConfigIsZero(g.smtp_tls_config)) {
    out["smtp_tls_config"] = TlsConfigToYaml(g.smtp_tls_config);
  }
  if (g.smtp_force_implicit_tls.has_value()) {
    out["smtp_force_implicit_tls"] = *g.smtp_force_implicit_tls;
  }
  PutUrl(out, "slack_api_url", g.slack_api_url, true);
  PutString(out, "slack_api_url_file", g.slack_api_url_file);
  PutSecret(out, "slack_app_token", g.slack_app_token);
  PutString(out, "slack_app_token_file", g.slack_app_token_file);
  // slack_app_url and rocketchat_api_url are left out at their defaults so
  // that clients older than these keys (amtool 0.25, which parses
  // config.original strictly) still read the printed config; it loads back
  // to the same defaults.
  const GlobalConfig defaults;
  if (g.slack_app_url != defaults.slack_app_url) {
    PutUrl(out, "slack_app_url", g.slack_app_url, false);
  }
  PutUrl(out, "pagerduty_url", g.pagerduty_url, false);
  PutUrl(out, "opsgenie_api_url", g.opsgenie_api_url, false);
  PutSecret(out, "opsgenie_api_key", g.opsgenie_api_key);
  PutString(out, "opsgenie_api_key_file", g.opsgenie_api_key_file);
  PutUrl(out, "wechat_api_url", g.wechat_api_url, false);
  PutSecret(out, "wechat_api_secret", g.wechat_api_secret);
  PutString(out, "wechat_api_secret_file", g.wechat_api_secret_file);
  PutString(out, "wechat_api_corp_id", g.wechat_api_corp_id);
  PutUrl(out, "victorops_api_url", g.victorops_api_url, false);
  PutSecret(out, "victorops_api_key", g.victorops_api_key);
  PutString(out, "victorops_api_key_file", g.victorops_api_key_file);
  PutUrl(out, "telegram_api_url", g.telegram_api_url, false);
  PutSecret(out, "telegram_bot_token", g.telegram_bot_token);
  PutString(out, "telegram_bot_token_file", g.telegram_bot_token_file);
  PutUrl(out, "webex_api_url", g.webex_api_url, false);
  if (g.rocketchat_api_url != defaults.rocketchat_api_url) {
    PutUrl(out, "rocketchat_api_url", g.rocketchat_api_url, false);
  }
  if (g.rocketchat_token) {
    out["rocketchat_token"] = std::string(kSecretToken);
  }
  PutString(out, "rocketchat_token_file", g.rocketchat_token_file);
  if (g.rocketchat_token_id) {
    out["rocketchat_token_id"] = std::string(kSecretToken);
  }
  PutString(out, "rocketchat_token_id_file", g.rocketchat_token_id_file);
  PutUrl(out, "mattermost_webhook_url", g.mattermost_webhook_url, true);
  PutString(out, "mattermost_webhook_url_file", g.mattermost_webhook_url_file);
  return out;
}

}  // namespace tocsin::config
