#include "notify/email/config.h"

#include <cctype>

#include "notify/channel_config/util.h"

namespace tocsin::notify::email {

using channel_config::EntryReader;
using channel_config::YamlBuilder;

std::string CanonicalMimeHeaderKey(std::string_view key) {
  // Go leaves keys with a space or invalid byte unchanged.
  for (char c : key) {
    bool token =
        std::isalnum(static_cast<unsigned char>(c)) ||
        std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!token) return std::string(key);
  }
  std::string out(key);
  bool upper = true;
  for (char& c : out) {
    c = upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
              : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = c == '-';
  }
  return out;
}

Result<std::shared_ptr<const config::IntegrationConfig>> ParseEmailConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx) {
  EntryReader r(ctx, node, field_path);
  RETURN_IF_ERROR(r.CheckKnown(
      {"send_resolved", "to", "from", "hello", "smarthost", "auth_username",
       "auth_password", "auth_password_file", "auth_secret", "auth_secret_file",
       "auth_identity", "headers", "html", "text", "require_tls", "tls_config",
       "force_implicit_tls", "threading"}));
  auto c = std::make_shared<EmailConfig>();
  ASSIGN_OR_RETURN(c->send_resolved, r.Bool("send_resolved", false));
  ASSIGN_OR_RETURN(c->to, r.String("to"));
  ASSIGN_OR_RETURN(c->from, r.String("from"));
  ASSIGN_OR_RETURN(c->hello, r.String("hello"));
  {
    ASSIGN_OR_RETURN(std::string s, r.String("smarthost"));
    Result<config::HostPort> hp = config::ParseHostPort(s);
    if (!hp.ok()) {
      return config::NodeError(ctx, node["smarthost"], r.ChildPath("smarthost"),
                               hp.status().message());
    }
    c->smarthost = *hp;
  }
  ASSIGN_OR_RETURN(c->auth_username, r.String("auth_username"));
  ASSIGN_OR_RETURN(c->auth_password, r.Secret("auth_password"));
  ASSIGN_OR_RETURN(c->auth_password_file, r.String("auth_password_file"));
  ASSIGN_OR_RETURN(c->auth_secret, r.Secret("auth_secret"));
  ASSIGN_OR_RETURN(c->auth_secret_file, r.String("auth_secret_file"));
  ASSIGN_OR_RETURN(c->auth_identity, r.String("auth_identity"));
  ASSIGN_OR_RETURN(auto headers, r.StringMap("headers"));
  ASSIGN_OR_RETURN(c->html, r.String("html", std::string(kDefaultHtml)));
  ASSIGN_OR_RETURN(c->text, r.String("text"));
  ASSIGN_OR_RETURN(std::optional<bool> require_tls,
                   r.OptionalBool("require_tls"));
  std::optional<config::TlsConfig> tls;
  if (r.Has("tls_config")) {
    ASSIGN_OR_RETURN(tls,
                     config::ParseTlsConfig(node["tls_config"],
                                            r.ChildPath("tls_config"), ctx));
  }
  ASSIGN_OR_RETURN(c->force_implicit_tls, r.OptionalBool("force_implicit_tls"));
  if (r.Has("threading")) {
    YAML::Node t = node["threading"];
    EntryReader tr(ctx, t, r.ChildPath("threading"));
    RETURN_IF_ERROR(tr.CheckKnown({"enabled", "thread_by_date"}));
    ASSIGN_OR_RETURN(c->threading.enabled, tr.Bool("enabled", false));
    ASSIGN_OR_RETURN(c->threading.thread_by_date, tr.String("thread_by_date"));
  }

  for (auto& [k, v] : headers) {
    std::string canonical = CanonicalMimeHeaderKey(k);
    for (const auto& [seen, unused] : c->headers) {
      if (seen == canonical) {
        return r.Error("duplicate header \"" + canonical +
                       "\" in email config");
      }
    }
    c->headers.emplace_back(std::move(canonical), std::move(v));
  }
  if (c->to.empty()) return r.Error("missing to address in email config");
  if (c->threading.enabled) {
    for (const auto& [k, unused] : c->headers) {
      if (k == "References") {
        return r.Error(
            "conflicting configuration: threading.enabled conflicts with "
            "custom References header");
      }
    }
    for (const auto& [k, unused] : c->headers) {
      if (k == "In-Reply-To") {
        return r.Error(
            "conflicting configuration: threading.enabled conflicts with "
            "custom In-Reply-To header");
      }
    }
    if (c->threading.thread_by_date != "none" &&
        c->threading.thread_by_date != "daily") {
      return r.Error(
          "threading.thread_by_date must be either 'none' or 'daily'");
    }
  }

  // Global fallbacks (Config.UnmarshalYAML).
  c->tls_config = tls ? *tls : global.smtp_tls_config;
  if (c->smarthost.empty()) c->smarthost = global.smtp_smarthost;
  if (c->smarthost.empty()) return r.Error("no global SMTP smarthost set");
  if (c->from.empty()) c->from = global.smtp_from;
  if (c->from.empty()) return r.Error("no global SMTP from set");
  if (c->hello.empty()) c->hello = global.smtp_hello;
  if (c->auth_username.empty()) c->auth_username = global.smtp_auth_username;
  if (c->auth_password.empty() && c->auth_password_file.empty()) {
    c->auth_password = global.smtp_auth_password;
    c->auth_password_file = global.smtp_auth_password_file;
  }
  // The secret pair is inherited as a whole, like the password pair
  // (upstream PR #5448): a local auth_secret keeps auth_secret_file empty.
  if (c->auth_secret.empty() && c->auth_secret_file.empty()) {
    c->auth_secret = global.smtp_auth_secret;
    c->auth_secret_file = global.smtp_auth_secret_file;
  }
  if (c->auth_identity.empty()) c->auth_identity = global.smtp_auth_identity;
  c->require_tls = require_tls.value_or(global.smtp_require_tls);
  if (!c->force_implicit_tls) {
    c->force_implicit_tls = global.smtp_force_implicit_tls;
  }
  return std::shared_ptr<const config::IntegrationConfig>(std::move(c));
}

YAML::Node EmailConfig::ToYaml() const {
  YamlBuilder b;
  b.Bool("send_resolved", send_resolved)
      .String("to", to)
      .String("from", from)
      .String("hello", hello)
      .String("smarthost", smarthost.ToString())
      .String("auth_username", auth_username)
      .Secret("auth_password", auth_password)
      .String("auth_password_file", auth_password_file)
      .Secret("auth_secret", auth_secret)
      .String("auth_secret_file", auth_secret_file)
      .String("auth_identity", auth_identity)
      .StringMap("headers", headers)
      .String("html", html)
      .String("text", text)
      .Bool("require_tls", require_tls)
      .Node("tls_config", config::TlsConfigToYaml(tls_config));
  if (force_implicit_tls) b.Bool("force_implicit_tls", *force_implicit_tls);
  if (threading.enabled || !threading.thread_by_date.empty()) {
    YamlBuilder t;
    t.OmitFalse("enabled", threading.enabled)
        .String("thread_by_date", threading.thread_by_date);
    b.Node("threading", t.Build());
  }
  return b.Build();
}

}  // namespace tocsin::notify::email
