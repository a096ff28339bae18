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
      [](const Config& c, const Loader&) {
        Expect e;
        auto* ec = Get<notify::email::EmailConfig>(c, 0, "email_configs", 0, e);
        if (ec == nullptr) return e.detail();
        e.Eq("from", ec->from, std::string("alertmanager@example.org"));
        e.Eq("smarthost", ec->smarthost, std::string("localhost:25"));
        e.Eq("require_tls", ec->require_tls, true);
        e.Eq("html", ec->html,
             std::string("{{ template \"email.default.html\" . }}"));
        return e.detail();
      },
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

  m["conf.http-config.good.yml"] = {
      [](const Config& c, const Loader&) {
        return Expect()
            .Eq("global.http_config.follow_redirects",
                c.global.http_config.follow_redirects, false)
            .detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 0, e);
        if (s != nullptr) {
          e.Eq("http_config.follow_redirects", s->http_config.follow_redirects,
               true);
        }
        return e.detail();
      },
  };

  m["conf.mattermost-default-webhook-url.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* mm = Get<notify::mattermost::MattermostConfig>(
            c, 0, "mattermost_configs", 0, e);
        if (mm != nullptr) {
          e.Eq("webhook_url", mm->webhook_url,
               Str(c.global.mattermost_webhook_url));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* mm = Get<notify::mattermost::MattermostConfig>(
            c, 1, "mattermost_configs", 0, e);
        if (mm != nullptr) {
          e.Eq("webhook_url", mm->webhook_url,
               std::string("https://fakemattermost.example.com/hooks/"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxx"));
        }
        return e.detail();
      },
  };

  m["conf.mattermost-default-webhook-url-file.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* mm = Get<notify::mattermost::MattermostConfig>(
            c, 0, "mattermost_configs", 0, e);
        if (mm != nullptr) {
          e.Eq("webhook_url_file", mm->webhook_url_file,
               c.global.mattermost_webhook_url_file);
          e.Eq("global mattermost_webhook_url_file",
               c.global.mattermost_webhook_url_file,
               std::string("/global_file"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* mm = Get<notify::mattermost::MattermostConfig>(
            c, 1, "mattermost_configs", 0, e);
        if (mm != nullptr) {
          e.Eq("webhook_url_file", mm->webhook_url_file,
               std::string("/override_file"));
        }
        return e.detail();
      },
  };

  m["conf.opsgenie-default-apikey.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* o = Get<notify::opsgenie::OpsGenieConfig>(
            c, 0, "opsgenie_configs", 0, e);
        if (o != nullptr) {
          e.Eq("api_key", o->api_key, Str(c.global.opsgenie_api_key));
          e.Eq("global opsgenie_api_key", c.global.opsgenie_api_key,
               std::string("asd132"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* o = Get<notify::opsgenie::OpsGenieConfig>(
            c, 1, "opsgenie_configs", 0, e);
        if (o != nullptr) e.Eq("api_key", o->api_key, std::string("qwe456"));
        return e.detail();
      },
  };

  m["conf.opsgenie-default-apikey-file.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* o = Get<notify::opsgenie::OpsGenieConfig>(
            c, 0, "opsgenie_configs", 0, e);
        if (o != nullptr) {
          e.Eq("api_key_file", o->api_key_file, std::string("/global_file"));
          e.Eq("api_key", o->api_key, std::string());
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* o = Get<notify::opsgenie::OpsGenieConfig>(
            c, 1, "opsgenie_configs", 0, e);
        if (o != nullptr) {
          e.Eq("api_key_file", o->api_key_file, std::string("/override_file"));
        }
        return e.detail();
      },
  };

  m["conf.rocketchat-default-token.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* r = Get<notify::rocketchat::RocketchatConfig>(
            c, 0, "rocketchat_configs", 0, e);
        if (r != nullptr) {
          e.Eq("token", r->token, std::string("token123"));
          e.Eq("token_id", r->token_id, std::string("id123"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* r = Get<notify::rocketchat::RocketchatConfig>(
            c, 1, "rocketchat_configs", 0, e);
        if (r != nullptr) {
          e.Eq("token", r->token, std::string("token456"));
          e.Eq("token_id", r->token_id, std::string("id456"));
        }
        return e.detail();
      },
  };

  m["conf.rocketchat-default-token-file.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* r = Get<notify::rocketchat::RocketchatConfig>(
            c, 0, "rocketchat_configs", 0, e);
        if (r != nullptr) {
          e.Eq("token_file", r->token_file, std::string("/global_file"));
          e.Eq("token_id_file", r->token_id_file,
               std::string("/etc/alertmanager/rocketchat_token_id"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* r = Get<notify::rocketchat::RocketchatConfig>(
            c, 1, "rocketchat_configs", 0, e);
        if (r != nullptr) {
          e.Eq("token_file", r->token_file, std::string("/override_file"));
          e.Eq("token_id_file", r->token_id_file,
               std::string("/override_file"));
        }
        return e.detail();
      },
  };

  m["conf.slack-default-api-url-file.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 0, e);
        if (s != nullptr) {
          e.Eq("api_url_file", s->api_url_file, std::string("/global_file"));
          e.Eq("api_url", s->api_url, std::string());
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 1, e);
        if (s != nullptr) {
          e.Eq("api_url_file", s->api_url_file, std::string("/override_file"));
          e.Eq("api_url", s->api_url, std::string());
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 2, e);
        if (s != nullptr) {
          e.Eq("api_url", s->api_url,
               std::string("http://mysecret.example.com/"));
          e.Eq("api_url_file", s->api_url_file, std::string());
        }
        return e.detail();
      },
  };

  auto bearer = [](const config::HttpClientConfig& h, Expect& e,
                   const std::string& token) {
    if (!h.authorization.has_value()) {
      e.Add("http_config.authorization unset");
      return;
    }
    e.Eq("authorization.type", h.authorization->type, std::string("Bearer"));
    e.Eq("authorization.credentials", h.authorization->credentials, token);
  };
  m["conf.slack-default-app-token.yml"] = {
      [bearer](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 0, e);
        if (s != nullptr) {
          e.Eq("app_token", s->app_token, Str(c.global.slack_app_token));
          e.Eq("global slack_app_token", c.global.slack_app_token,
               std::string("xoxb-1234-abcdefgh"));
          e.Eq("api_url", s->api_url, Str(c.global.slack_app_url));
          bearer(s->http_config, e, "xoxb-1234-abcdefgh");
        }
        return e.detail();
      },
      [bearer](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 1, e);
        if (s != nullptr) {
          e.Eq("app_token", s->app_token, std::string("xoxb-1234-xxxxxx"));
          bearer(s->http_config, e, "xoxb-1234-xxxxxx");
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 2, e);
        if (s != nullptr) {
          e.Eq("app_url", s->app_url,
               std::string("http://api.fakeslack.example/"));
        }
        return e.detail();
      },
      [bearer](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 3, e);
        if (s != nullptr) {
          e.Eq("app_token", s->app_token, std::string());
          bearer(s->http_config, e, "xoxb-my-bot-token");
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* s = Get<notify::slack::SlackConfig>(c, 0, "slack_configs", 4, e);
        if (s != nullptr) {
          e.Eq("api_url", s->api_url,
               std::string("https://hooks.slack.com/services/T00000000/"
                           "B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"));
          e.Eq("api_url_file", s->api_url_file, std::string());
        }
        return e.detail();
      },
  };

  m["conf.smtp-no-username-or-password.yml"] = {};
  m["conf.sns-topic-arn.yml"] = {};

  auto email = [](size_t j, const char* pw, const char* pw_file,
                  const char* secret, const char* secret_file,
                  bool check_secret, bool check_password) -> Check {
    return [=](const Config& c, const Loader&) {
      Expect e;
      auto* ec = Get<notify::email::EmailConfig>(c, 0, "email_configs", j, e);
      if (ec == nullptr) return e.detail();
      if (check_password) {
        e.Eq("auth_password", ec->auth_password, std::string(pw));
        e.Eq("auth_password_file", ec->auth_password_file,
             std::string(pw_file));
      }
      if (check_secret) {
        e.Eq("auth_secret", ec->auth_secret, std::string(secret));
        e.Eq("auth_secret_file", ec->auth_secret_file,
             std::string(secret_file));
      }
      return e.detail();
    };
  };
  m["conf.smtp-password-global-and-local.yml"] = {
      email(0, "", "/tmp/globaluserpassword", "", "", false, true),
      email(1, "", "/tmp/localuser1password", "", "", false, true),
      email(2, "mysecret", "", "", "", false, true),
      email(3, "", "", "myprecious", "", true, false),
      email(4, "", "", "", "/tmp/localuser4secret", true, false),
  };

  m["conf.telegram-default-bot-token.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* t = Get<notify::telegram::TelegramConfig>(
            c, 0, "telegram_configs", 0, e);
        if (t != nullptr) {
          e.Eq("bot_token", t->bot_token, Str(c.global.telegram_bot_token));
          e.Eq("global telegram_bot_token", c.global.telegram_bot_token,
               std::string("asd132"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* t = Get<notify::telegram::TelegramConfig>(
            c, 1, "telegram_configs", 0, e);
        if (t != nullptr)
          e.Eq("bot_token", t->bot_token, std::string("qwe456"));
        return e.detail();
      },
  };

  m["conf.telegram-default-bot-token-file.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* t = Get<notify::telegram::TelegramConfig>(
            c, 0, "telegram_configs", 0, e);
        if (t != nullptr) {
          e.Eq("bot_token_file", t->bot_token_file,
               c.global.telegram_bot_token_file);
          e.Eq("global telegram_bot_token_file",
               c.global.telegram_bot_token_file, std::string("/global_file"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* t = Get<notify::telegram::TelegramConfig>(
            c, 1, "telegram_configs", 0, e);
        if (t != nullptr) {
          e.Eq("bot_token_file", t->bot_token_file,
               std::string("/override_file"));
        }
        return e.detail();
      },
  };

  m["conf.victorops-default-apikey.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* v = Get<notify::victorops::VictorOpsConfig>(
            c, 0, "victorops_configs", 0, e);
        if (v != nullptr) {
          e.Eq("api_key", v->api_key, Str(c.global.victorops_api_key));
          e.Eq("global victorops_api_key", c.global.victorops_api_key,
               std::string("asd132"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* v = Get<notify::victorops::VictorOpsConfig>(
            c, 1, "victorops_configs", 0, e);
        if (v != nullptr) e.Eq("api_key", v->api_key, std::string("qwe456"));
        return e.detail();
      },
  };

  m["conf.victorops-default-apikey-file.yml"] = {
      [](const Config& c, const Loader&) {
        Expect e;
        auto* v = Get<notify::victorops::VictorOpsConfig>(
            c, 0, "victorops_configs", 0, e);
        if (v != nullptr) {
          e.Eq("api_key_file", v->api_key_file,
               c.global.victorops_api_key_file);
          e.Eq("global victorops_api_key_file", c.global.victorops_api_key_file,
               std::string("/global_file"));
        }
        return e.detail();
      },
      [](const Config& c, const Loader&) {
        Expect e;
        auto* v = Get<notify::victorops::VictorOpsConfig>(
            c, 1, "victorops_configs", 0, e);
        if (v != nullptr) {
          e.Eq("api_key_file", v->api_key_file, std::string("/override_file"));
        }
        return e.detail();
      },
  };

  auto wechat = [](size_t j, const char* secret,
                   const char* secret_file) -> Check {
    return [=](const Config& c, const Loader&) {
      Expect e;
      auto* w = Get<notify::wechat::WechatConfig>(c, 0, "wechat_configs", j, e);
      if (w != nullptr) {
        e.Eq("api_secret", w->api_secret, std::string(secret));
        e.Eq("api_secret_file", w->api_secret_file, std::string(secret_file));
      }
      return e.detail();
    };
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
