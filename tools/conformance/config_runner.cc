// alertmanager-config: loads every file named in expected.yaml with the
// built-in channel registry and compares with the upstream outcome.
//
// Case ids (one report entry each):
//   <file>                 (e.g. conf.good.yml) the file loads (valid: true) or
//   is refused
//                          (valid: false) with the expected error;
//   <file>/check/<i>       the i-th natural-language check of the file,
//                          coded below as an assertion on the typed config.
//
// Error comparison: our errors are "<file>:<line>: <field.path>: <message>".
// `error: X` passes when the message equals X or ends with ": X" (the
// Alertmanager text after our position prefix); `error_contains: X` passes
// when X is a substring of the message. `error_go` is informational.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/global.h"
#include "config/http_config.h"
#include "config/integration.h"
#include "config/secret.h"
#include "notify/email/config.h"
#include "notify/mattermost/config.h"
#include "notify/opsgenie/config.h"
#include "notify/rocketchat/config.h"
#include "notify/slack/config.h"
#include "notify/telegram/config.h"
#include "notify/victorops/config.h"
#include "notify/wechat/config.h"
#include "report.h"
#include "server/builtin_channels.h"

namespace tocsin::conformance {
namespace {

namespace fs = std::filesystem;
using config::Config;

// ---- value rendering, so checks read the same whatever the field type ----

std::string Str(const std::string& s) { return s; }
std::string Str(const char* s) { return s; }
std::string Str(const config::Secret& s) { return s.value(); }
std::string Str(const std::optional<config::Secret>& s) {
  return s ? s->value() : "";
}
std::string Str(const std::optional<config::Url>& u) {
  return u ? u->text : "";
}
std::string Str(const config::HostPort& h) { return h.ToString(); }
std::string Str(bool b) { return b ? "true" : "false"; }

// Accumulates mismatches of one check; empty = pass.
class Expect {
 public:
  template <typename A, typename B>
  Expect& Eq(const std::string& what, const A& got, const B& want) {
    std::string g = Str(got), w = Str(want);
    if (g != w) {
      Add(what + ": got \"" + g + "\", want \"" + w + "\"");
    }
    return *this;
  }
  Expect& True(const std::string& what, bool cond) {
    if (!cond) Add(what + " is false");
    return *this;
  }
  void Add(const std::string& s) {
    if (!detail_.empty()) detail_ += "; ";
    detail_ += s;
  }
  std::string detail() const { return detail_; }

 private:
  std::string detail_;
};

// The j-th `key` entry of receiver i, downcast to the channel type; sets an
// error in `e` and returns nullptr when absent or of another type.
template <typename T>
const T* Get(const Config& c, size_t i, std::string_view key, size_t j,
             Expect& e) {
  std::string where = "receivers[" + std::to_string(i) + "]." +
                      std::string(key) + "[" + std::to_string(j) + "]";
  if (i >= c.receivers.size()) {
    e.Add(where + ": no such receiver");
    return nullptr;
  }
  const auto& list = c.receivers[i].Configs(key);
  if (j >= list.size()) {
    e.Add(where + ": no such entry");
    return nullptr;
  }
  const T* t = dynamic_cast<const T*>(list[j].get());
  if (t == nullptr) e.Add(where + ": not of the expected channel type");
  return t;
}

using Loader = std::function<Result<std::shared_ptr<const Config>>(
    const std::string& file)>;
// One coded check: returns "" on pass, else what differs.
using Check = std::function<std::string(const Config&, const Loader&)>;

// A check on the j-th `key` entry of receiver i, typed as T. Each part is
// called as part(entry, e, c) in order and records its mismatches in e; when
// the entry is missing or of another type, Get's error is the result.
template <typename T, typename... Parts>
Check On(size_t i, std::string key, size_t j, Parts... parts) {
  return [=](const Config& c, const Loader&) {
    Expect e;
    if (const T* x = Get<T>(c, i, key, j, e)) (parts(*x, e, c), ...);
    return e.detail();
  };
}

// Parts for On: the entry's `field` equals `want`,
template <typename T, typename M, typename W>
auto Is(const char* name, M T::*field, W want) {
  return
      [=](const T& x, Expect& e, const Config&) { e.Eq(name, x.*field, want); };
}
// the entry's `field` equals the global setting `g`,
template <typename T, typename M, typename G>
auto IsGlobal(const char* name, M T::*field, G config::GlobalConfig::*g) {
  return [=](const T& x, Expect& e, const Config& c) {
    e.Eq(name, x.*field, Str(c.global.*g));
  };
}
// the global setting `g` equals `want`.
template <typename G, typename W>
auto Global(std::string name, G config::GlobalConfig::*g, W want) {
  return [=](const auto&, Expect& e, const Config& c) {
    e.Eq(name, c.global.*g, want);
  };
}

// The checks of a "<channel>-default-<setting>" file: receiver 0's entry
// takes the global setting `global` (whose value is `global_want`), receiver
// 1's entry sets `field` to `override_want`.
template <typename T, typename M, typename G>
std::vector<Check> DefaultAndOverride(const char* key, const char* name,
                                      M T::*field, const char* global,
                                      G config::GlobalConfig::*g,
                                      const char* global_want,
                                      const char* override_want) {
  return {On<T>(0, key, 0, IsGlobal(name, field, g),
                Global("global " + std::string(global), g, global_want)),
          On<T>(1, key, 0, Is(name, field, override_want))};
}

std::string PrintedHidesSecrets(const Config& c) {
  std::string yaml = config::ToYamlString(c);
  std::string json = config::ToJsonString(c);
  Expect e;
  for (const char* secret : {"mysecret", "multiline"}) {
    if (yaml.find(secret) != std::string::npos) {
      e.Add(std::string("YAML output shows ") + secret);
    }
    if (json.find(secret) != std::string::npos) {
      e.Add(std::string("JSON output shows ") + secret);
    }
  }
  if (yaml.find("<secret>") == std::string::npos) {
    e.Add("YAML output has no <secret>");
  }
  if (json.find("<secret>") == std::string::npos) {
    e.Add("JSON output has no <secret>");
  }
  return e.detail();
}

// Every check of expected.yaml, by file, in its order there.
std::map<std::string, std::vector<Check>> Checks() {
  std::map<std::string, std::vector<Check>> m;

  m["conf.good.yml"] = {
      [](const Config& c, const Loader&) {
        return Expect()
            .Eq("global.smtp_hello", c.global.smtp_hello,
                std::string("host.example.org"))
            .detail();
      },
      [](const Config& c, const Loader&) { return PrintedHidesSecrets(c); },
      [](const Config& c, const Loader&) {
        Expect e;
        std::string yaml = config::ToYamlString(c);
        std::string json = config::ToJsonString(c);
        if (json.empty() || json[0] != '{')
          e.Add("JSON output is not an object");
        config::IntegrationRegistry registry;
        server::RegisterBuiltinChannels(registry);
        auto again = config::Load(yaml, registry, {}, "printed.yml");
        if (!again.ok()) {
          e.Add("YAML output does not load: " + again.status().message());
        } else if (config::ToYamlString(**again) != yaml) {
          e.Add("YAML output loads to a different config");
        }
        return e.detail();
      },
  };

  m["conf.empty-fields.yml"] = {
      [](const Config& c, const Loader&) {
        const config::GlobalConfig& g = c.global;
        Expect e;
        e.True("resolve_timeout == 5m",
               g.resolve_timeout == std::chrono::minutes(5));
        e.Eq("smtp_require_tls", g.smtp_require_tls, true);
        e.Eq("http_config.follow_redirects", g.http_config.follow_redirects,
             true);
        e.Eq("http_config.enable_http2", g.http_config.enable_http2, true);
        e.Eq("pagerduty_url", g.pagerduty_url,
             std::string("https://events.pagerduty.com/v2/enqueue"));
        e.Eq("opsgenie_api_url", g.opsgenie_api_url,
             std::string("https://api.opsgenie.com/"));
        e.Eq("wechat_api_url", g.wechat_api_url,
             std::string("https://qyapi.weixin.qq.com/cgi-bin/"));
        e.Eq("victorops_api_url", g.victorops_api_url,
             std::string(
                 "https://alert.victorops.com/integrations/generic/20131114/"
                 "alert/"));
        e.Eq("telegram_api_url", g.telegram_api_url,
             std::string("https://api.telegram.org"));
        e.Eq("webex_api_url", g.webex_api_url,
             std::string("https://webexapis.com/v1/messages"));
        e.Eq("rocketchat_api_url", g.rocketchat_api_url,
             std::string("https://open.rocket.chat/"));
        e.Eq("slack_app_url", g.slack_app_url,
             std::string("https://slack.com/api/chat.postMessage"));
        return e.detail();
      },
      On<notify::email::EmailConfig>(
          0, "email_configs", 0,
          Is("from", &notify::email::EmailConfig::from,
             "alertmanager@example.org"),
          Is("smarthost", &notify::email::EmailConfig::smarthost,
             "localhost:25"),
          Is("require_tls", &notify::email::EmailConfig::require_tls, true),
          Is("html", &notify::email::EmailConfig::html,
             "{{ template \"email.default.html\" . }}")),
      [](const Config& c, const Loader&) {
        Expect e;
        if (c.route == nullptr || c.route->routes.empty()) {
          e.Add("route.routes[0] missing");
          return e.detail();
        }
        const config::Route& r = *c.route->routes[0];
        if (r.match_re.size() != 1) {
          e.Add("route.routes[0].match_re has " +
                std::to_string(r.match_re.size()) + " entries, want 1");
          return e.detail();
        }
        e.Eq("match_re name", r.match_re[0].name, std::string("service"));
        e.Eq("match_re text", r.match_re[0].original,
             std::string("^(foo1|foo2|baz)$"));
        // Compiled as Alertmanager does: ^(?:<text>)$.
        auto m =
            model::Matcher::Create(model::MatchType::kRegexMatch,
                                   r.match_re[0].name, r.match_re[0].original);
        if (!m.ok()) {
          e.Add("match_re does not compile: " + m.status().message());
          return e.detail();
        }
        e.True("matches foo1", m->Matches("foo1"));
        e.True("matches baz", m->Matches("baz"));
        e.True("does not match foo1x", !m->Matches("foo1x"));
        e.True("does not match xbaz", !m->Matches("xbaz"));
        return e.detail();
      },
      [](const Config& c, const Loader& load) {
        Expect e;
        auto good = load("conf.good.yml");
        if (!good.ok()) {
          e.Add("conf.good.yml does not load: " + good.status().message());
          return e.detail();
        }
        auto again = load("conf.empty-fields.yml");
        if (!again.ok()) {
          e.Add("reload failed: " + again.status().message());
          return e.detail();
        }
        const config::GlobalConfig& g = (*again)->global;
        // conf.good.yml sets these; conf.empty-fields.yml leaves them empty.
        e.Eq("smtp_auth_username", g.smtp_auth_username, std::string());
        e.Eq("smtp_auth_password", g.smtp_auth_password, std::string());
        e.Eq("smtp_hello", g.smtp_hello, std::string());
        e.True("http_config.proxy_url unset",
               !g.http_config.proxy.proxy_url.has_value());
        if (config::ToYamlString(**again) != config::ToYamlString(c)) {
          e.Add("config loaded after conf.good.yml prints differently");
        }
        return e.detail();
      },
  };

  m["conf.group-by-all.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        e.Eq("route.group_by_all", c.route->group_by_all, true);
        e.True("route.group_by empty", c.route->group_by.empty());
        return e.detail();
      },
  };

  using Email = notify::email::EmailConfig;
  using Mattermost = notify::mattermost::MattermostConfig;
  using OpsGenie = notify::opsgenie::OpsGenieConfig;
  using Rocketchat = notify::rocketchat::RocketchatConfig;
  using Slack = notify::slack::SlackConfig;
  using Telegram = notify::telegram::TelegramConfig;
  using VictorOps = notify::victorops::VictorOpsConfig;
  using Wechat = notify::wechat::WechatConfig;
  using G = config::GlobalConfig;

  m["conf.http-config.good.yml"] = {
      [](const Config& c, const Loader&) {
        return Expect()
            .Eq("global.http_config.follow_redirects",
                c.global.http_config.follow_redirects, false)
            .detail();
      },
      On<Slack>(0, "slack_configs", 0,
                [](const Slack& s, Expect& e, const Config&) {
                  e.Eq("http_config.follow_redirects",
                       s.http_config.follow_redirects, true);
                }),
  };

  m["conf.mattermost-default-webhook-url.yml"] = {
      On<Mattermost>(0, "mattermost_configs", 0,
                     IsGlobal("webhook_url", &Mattermost::webhook_url,
                              &G::mattermost_webhook_url)),
      On<Mattermost>(1, "mattermost_configs", 0,
                     Is("webhook_url", &Mattermost::webhook_url,
                        "https://fakemattermost.example.com/hooks/"
                        "xxxxxxxxxxxxxxxxxxxxxxxxxx")),
  };

  m["conf.mattermost-default-webhook-url-file.yml"] = DefaultAndOverride(
      "mattermost_configs", "webhook_url_file", &Mattermost::webhook_url_file,
      "mattermost_webhook_url_file", &G::mattermost_webhook_url_file,
      "/global_file", "/override_file");

  m["conf.opsgenie-default-apikey.yml"] = DefaultAndOverride(
      "opsgenie_configs", "api_key", &OpsGenie::api_key, "opsgenie_api_key",
      &G::opsgenie_api_key, "asd132", "qwe456");

  m["conf.opsgenie-default-apikey-file.yml"] = {
      On<OpsGenie>(0, "opsgenie_configs", 0,
                   Is("api_key_file", &OpsGenie::api_key_file, "/global_file"),
                   Is("api_key", &OpsGenie::api_key, "")),
      On<OpsGenie>(
          1, "opsgenie_configs", 0,
          Is("api_key_file", &OpsGenie::api_key_file, "/override_file")),
  };

  auto token = [](size_t i, const char* tok, const char* id) {
    return On<Rocketchat>(i, "rocketchat_configs", 0,
                          Is("token", &Rocketchat::token, tok),
                          Is("token_id", &Rocketchat::token_id, id));
  };
  m["conf.rocketchat-default-token.yml"] = {
      token(0, "token123", "id123"),
      token(1, "token456", "id456"),
  };

  auto token_file = [](size_t i, const char* file, const char* id_file) {
    return On<Rocketchat>(
        i, "rocketchat_configs", 0,
        Is("token_file", &Rocketchat::token_file, file),
        Is("token_id_file", &Rocketchat::token_id_file, id_file));
  };
  m["conf.rocketchat-default-token-file.yml"] = {
      token_file(0, "/global_file", "/etc/alertmanager/rocketchat_token_id"),
      token_file(1, "/override_file", "/override_file"),
  };

  auto slack = [](size_t j, auto... parts) {
    return On<Slack>(0, "slack_configs", j, parts...);
  };
  m["conf.slack-default-api-url-file.yml"] = {
      slack(0, Is("api_url_file", &Slack::api_url_file, "/global_file"),
            Is("api_url", &Slack::api_url, "")),
      slack(1, Is("api_url_file", &Slack::api_url_file, "/override_file"),
            Is("api_url", &Slack::api_url, "")),
      slack(2, Is("api_url", &Slack::api_url, "http://mysecret.example.com/"),
            Is("api_url_file", &Slack::api_url_file, "")),
  };

  // The entry's http_config.authorization is Bearer <token>.
  auto bearer = [](const char* tok) {
    return [=](const Slack& s, Expect& e, const Config&) {
      const config::HttpClientConfig& h = s.http_config;
      if (!h.authorization.has_value()) {
        e.Add("http_config.authorization unset");
        return;
      }
      e.Eq("authorization.type", h.authorization->type, std::string("Bearer"));
      e.Eq("authorization.credentials", h.authorization->credentials,
           std::string(tok));
    };
  };
  m["conf.slack-default-app-token.yml"] = {
      slack(0, IsGlobal("app_token", &Slack::app_token, &G::slack_app_token),
            Global("global slack_app_token", &G::slack_app_token,
                   "xoxb-1234-abcdefgh"),
            IsGlobal("api_url", &Slack::api_url, &G::slack_app_url),
            bearer("xoxb-1234-abcdefgh")),
      slack(1, Is("app_token", &Slack::app_token, "xoxb-1234-xxxxxx"),
            bearer("xoxb-1234-xxxxxx")),
      slack(2, Is("app_url", &Slack::app_url, "http://api.fakeslack.example/")),
      slack(3, Is("app_token", &Slack::app_token, ""),
            bearer("xoxb-my-bot-token")),
      slack(4,
            Is("api_url", &Slack::api_url,
               "https://hooks.slack.com/services/T00000000/"
               "B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
            Is("api_url_file", &Slack::api_url_file, "")),
  };

  m["conf.smtp-no-username-or-password.yml"] = {};
  m["conf.sns-topic-arn.yml"] = {};

  auto email = [](size_t j, auto... parts) {
    return On<Email>(0, "email_configs", j, parts...);
  };
  auto password = [](const char* pw, const char* pw_file) {
    return [=](const Email& x, Expect& e, const Config&) {
      e.Eq("auth_password", x.auth_password, pw);
      e.Eq("auth_password_file", x.auth_password_file, pw_file);
    };
  };
  auto secret = [](const char* s, const char* s_file) {
    return [=](const Email& x, Expect& e, const Config&) {
      e.Eq("auth_secret", x.auth_secret, s);
      e.Eq("auth_secret_file", x.auth_secret_file, s_file);
    };
  };
  m["conf.smtp-password-global-and-local.yml"] = {
      email(0, password("", "/tmp/globaluserpassword")),
      email(1, password("", "/tmp/localuser1password")),
      email(2, password("mysecret", "")),
      email(3, secret("myprecious", "")),
      email(4, secret("", "/tmp/localuser4secret")),
  };

  m["conf.telegram-default-bot-token.yml"] = DefaultAndOverride(
      "telegram_configs", "bot_token", &Telegram::bot_token,
      "telegram_bot_token", &G::telegram_bot_token, "asd132", "qwe456");

  m["conf.telegram-default-bot-token-file.yml"] = DefaultAndOverride(
      "telegram_configs", "bot_token_file", &Telegram::bot_token_file,
      "telegram_bot_token_file", &G::telegram_bot_token_file, "/global_file",
      "/override_file");

  m["conf.victorops-default-apikey.yml"] = DefaultAndOverride(
      "victorops_configs", "api_key", &VictorOps::api_key, "victorops_api_key",
      &G::victorops_api_key, "asd132", "qwe456");

  m["conf.victorops-default-apikey-file.yml"] = DefaultAndOverride(
      "victorops_configs", "api_key_file", &VictorOps::api_key_file,
      "victorops_api_key_file", &G::victorops_api_key_file, "/global_file",
      "/override_file");

  auto wechat = [](size_t j, const char* sec, const char* sec_file) {
    return On<Wechat>(
        0, "wechat_configs", j, Is("api_secret", &Wechat::api_secret, sec),
        Is("api_secret_file", &Wechat::api_secret_file, sec_file));
  };
  m["conf.wechat-default-api-secret-file.yml"] = {
      wechat(0, "", "/global_file"),
      wechat(1, "", "/override_file"),
      wechat(2, "my_inline_secret", ""),
  };
  return m;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Status RunConfig(const fs::path& dir, Report& report) {
  YAML::Node expected;
  try {
    expected = YAML::LoadFile((dir / "expected.yaml").string());
  } catch (const YAML::Exception& e) {
    return InvalidArgumentError("expected.yaml: " + std::string(e.what()));
  }
  YAML::Node files = expected["files"];
  if (!files.IsMap()) {
    return InvalidArgumentError("expected.yaml: no `files` map");
  }

  config::IntegrationRegistry registry;
  server::RegisterBuiltinChannels(registry);
  Loader load = [&](const std::string& file) {
    return config::LoadFile((dir / "testdata" / file).string(), registry);
  };
  const std::map<std::string, std::vector<Check>> checks = Checks();

  for (const auto& kv : files) {
    const std::string file = kv.first.as<std::string>();
    const YAML::Node want = kv.second;
    // File names already read "conf.<name>.yml": they are the case ids.
    const std::string case_id = file;
    Result<std::shared_ptr<const Config>> got = load(file);
    bool want_valid = want["valid"] && want["valid"].as<bool>();

    std::string detail;
    if (want_valid) {
      if (!got.ok()) detail = "refused: " + got.status().message();
    } else if (got.ok()) {
      detail = "loaded, but upstream refuses it";
    } else {
      const std::string& msg = got.status().message();
      if (want["error"]) {
        std::string e = want["error"].as<std::string>();
        if (msg != e && !EndsWith(msg, ": " + e)) {
          detail = "error \"" + msg + "\" does not end with \"" + e + "\"";
        }
      } else if (want["error_contains"]) {
        std::string e = want["error_contains"].as<std::string>();
        if (msg.find(e) == std::string::npos) {
          detail = "error \"" + msg + "\" does not contain \"" + e + "\"";
        }
      }
    }
    report.Check(file, case_id, detail);

    // The natural-language checks, one case each.
    YAML::Node listed = want["checks"];
    size_t n = (listed.IsDefined() && listed.IsSequence()) ? listed.size() : 0;
    auto it = checks.find(file);
    for (size_t i = 0; i < n; ++i) {
      std::string check_id = case_id + "/check/" + std::to_string(i);
      if (it == checks.end() || i >= it->second.size()) {
        report.Fail(file, check_id,
                    "check not coded: " + listed[i].as<std::string>());
        continue;
      }
      if (!got.ok()) {
        report.Fail(file, check_id,
                    "config did not load: " + got.status().message());
        continue;
      }
      report.Check(file, check_id, it->second[i](**got, load));
    }
    if (it != checks.end() && it->second.size() > n) {
      report.Fail(file, case_id + "/check/extra",
                  "more checks coded than expected.yaml lists");
    }
  }
  return Status::Ok();
}

}  // namespace tocsin::conformance
