#include "notify/webhook/webhook_notifier.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace tocsin::notify::webhook {
namespace {

// Go's encoding/json string encoding with HTML escaping (json.Encoder's
// default): invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Decode one UTF-8 sequence; on error emit U+FFFD and skip one byte.
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool valid =
        len != 0 && i + len <= s.size() && IsValidUtf8(s.substr(i, len));
    if (!valid) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    std::string_view seq = s.substr(i, len);
    if (seq == "\xE2\x80\xA8") {
      out += "\\u2028";
    } else if (seq == "\xE2\x80\xA9") {
      out += "\\u2029";
    } else {
      out.append(seq);
    }
    i += len;
  }
  out.push_back('"');
}

// A Go map[string]string as JSON (keys sorted; Labels are sorted already).
void AppendKv(std::string& out, const model::Labels& kv) {
  out.push_back('{');
  bool first = true;
  for (const model::Label& l : kv) {
    if (!first) out.push_back(',');
    first = false;
    AppendJsonString(out, l.name);
    out.push_back(':');
    AppendJsonString(out, l.value);
  }
  out.push_back('}');
}

// Labels present with the same value in every label set.
model::Labels Common(const std::vector<const model::Labels*>& sets) {
  if (sets.empty()) return model::Labels();
  std::vector<model::Label> common;
  for (const model::Label& l : *sets[0]) {
    bool everywhere = true;
    for (size_t i = 1; i < sets.size() && everywhere; ++i) {
      everywhere = sets[i]->Has(l.name) && sets[i]->Get(l.name) == l.value;
    }
    if (everywhere) common.push_back(l);
  }
  return model::Labels(std::move(common));
}

std::string Base64Encode(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// Go's regexp.QuoteMeta: upstream template.Data sets Receiver to the quoted
// receiver name.
std::string QuoteMeta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string TrimSpace(std::string s) {
  const char* ws = " \t\r\n\v\f";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string FormatGoTime(model::Time t) {
  if (model::IsZeroTime(t)) return "0001-01-01T00:00:00Z";
  auto ns = t.time_since_epoch().count();
  int64_t secs = ns / 1000000000;
  int64_t frac = ns % 1000000000;
  if (frac < 0) {
    frac += 1000000000;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  std::string out = buf;
  if (frac != 0) {
    char f[16];
    std::snprintf(f, sizeof(f), ".%09lld", static_cast<long long>(frac));
    std::string fs = f;
    while (fs.back() == '0') fs.pop_back();
    out += fs;
  }
  out += "Z";
  return out;
}

std::string BuildWebhookMessage(const pipeline::NotifyContext& ctx,
                                const std::vector<model::Alert>& all,
                                const std::string& external_url,
                                uint64_t max_alerts) {
  size_t n = all.size();
  uint64_t truncated = 0;
  if (max_alerts != 0 && n > max_alerts) {
    truncated = n - max_alerts;
    n = max_alerts;
  }
  bool any_firing = false;
  std::vector<const model::Labels*> labels, annotations;
  for (size_t i = 0; i < n; ++i) {
    if (!all[i].Resolved(ctx.now)) any_firing = true;
    labels.push_back(&all[i].labels);
    annotations.push_back(&all[i].annotations);
  }
  std::string out;
  out.reserve(256 + n * 256);
  out += "{\"receiver\":";
  AppendJsonString(out, QuoteMeta(ctx.receiver_name));
  out += ",\"status\":";
  out += any_firing ? "\"firing\"" : "\"resolved\"";
  out += ",\"alerts\":[";
  for (size_t i = 0; i < n; ++i) {
    const model::Alert& a = all[i];
    bool resolved = a.Resolved(ctx.now);
    if (i > 0) out.push_back(',');
    out += "{\"status\":";
    out += resolved ? "\"resolved\"" : "\"firing\"";
    out += ",\"labels\":";
    AppendKv(out, a.labels);
    out += ",\"annotations\":";
    AppendKv(out, a.annotations);
    out += ",\"startsAt\":\"";
    out += FormatGoTime(a.starts_at);
    out += "\",\"endsAt\":\"";
    out += FormatGoTime(resolved ? a.ends_at : model::kZeroTime);
    out += "\",\"generatorURL\":";
    AppendJsonString(out, a.generator_url);
    out += ",\"fingerprint\":\"";
    out += a.fingerprint().ToString();
    out += "\"}";
  }
  out += "],\"groupLabels\":";
  AppendKv(out, ctx.group_labels);
  out += ",\"commonLabels\":";
  AppendKv(out, Common(labels));
  out += ",\"commonAnnotations\":";
  AppendKv(out, Common(annotations));
  out += ",\"externalURL\":";
  AppendJsonString(out, external_url);
  out += ",\"version\":\"4\",\"groupKey\":";
  AppendJsonString(out, ctx.group_key);
  out += ",\"truncatedAlerts\":";
  out += std::to_string(truncated);
  out += "}\n";
  return out;
}

pipeline::NotifyResult WebhookNotifier::Notify(
    const pipeline::NotifyContext& ctx, const pipeline::Alerts& alerts) {
  WebhookRequest req;
  if (!config_->url_file.empty()) {
    std::ifstream in(config_->url_file);
    if (!in) {
      return pipeline::NotifyResult::Permanent(UnavailableError(
          "unable to read the webhook URL file " + config_->url_file));
    }
    std::stringstream ss;
    ss << in.rdbuf();
    req.url = TrimSpace(ss.str());
  } else {
    req.url = config_->url.value();
  }
  req.body =
      BuildWebhookMessage(ctx, alerts, external_url_, config_->max_alerts);
  req.headers = {{"Content-Type", "application/json"},
                 {"User-Agent", user_agent_}};
  req.http_config = &config_->http_config;
  req.timeout = config_->timeout;
  Result<WebhookResponse> resp = sender_.Send(req);
  if (!resp.ok()) {
    return pipeline::NotifyResult::Retryable(resp.status());
  }
  int code = resp->status;
  if (code / 100 == 2) return pipeline::NotifyResult::Ok();
  const bool retry = code / 100 == 5 || code == 429;
  Status err(code == 429       ? StatusCode::kResourceExhausted
             : code / 100 == 5 ? StatusCode::kUnavailable
                               : StatusCode::kFailedPrecondition,
             "unexpected status code " + std::to_string(code) + ": " + req.url);
  if (!retry) return pipeline::NotifyResult::Permanent(err);
  return pipeline::NotifyResult::RetryAfter(err,
                                            ParseRetryAfter(resp->retry_after));
}

std::chrono::nanoseconds ParseRetryAfter(std::string_view value) {
  const std::string v = TrimSpace(std::string(value));
  int64_t seconds = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() ||
      seconds <= 0) {
    return std::chrono::nanoseconds(0);
  }
  // At most a day: a larger value is a misconfigured receiver.
  return std::chrono::seconds(std::min<int64_t>(seconds, 86400));
}

Result<int> NetWebhookSender::Post(const WebhookRequest& request) {
  ASSIGN_OR_RETURN(WebhookResponse resp, Send(request));
  return resp.status;
}

Result<WebhookResponse> NetWebhookSender::Send(const WebhookRequest& request) {
  net::HttpClientRequest r;
  r.method = "POST";
  r.url = request.url;
  r.body = request.body;
  for (const auto& [k, v] : request.headers) r.headers.Add(k, v);
  if (request.timeout.count() > 0) {
    r.timeout =
        std::chrono::duration_cast<std::chrono::milliseconds>(request.timeout);
  }
  if (const config::HttpClientConfig* hc = request.http_config) {
    // Secrets from files are read per request, as Prometheus' client does.
    auto value_or_file = [](const std::string& value,
                            const std::string& file) -> Result<std::string> {
      if (file.empty()) return value;
      std::ifstream in(file);
      if (!in) return UnavailableError("unable to read " + file);
      std::stringstream ss;
      ss << in.rdbuf();
      return TrimSpace(ss.str());
    };
    if (hc->basic_auth) {
      const config::BasicAuth& ba = *hc->basic_auth;
      ASSIGN_OR_RETURN(std::string user,
                       value_or_file(ba.username, ba.username_file));
      ASSIGN_OR_RETURN(std::string pass,
                       value_or_file(ba.password.value(), ba.password_file));
      r.headers.Set("Authorization",
                    "Basic " + Base64Encode(user + ":" + pass));
    } else if (hc->authorization) {
      const config::Authorization& au = *hc->authorization;
      ASSIGN_OR_RETURN(std::string cred, value_or_file(au.credentials.value(),
                                                       au.credentials_file));
      std::string type = au.type.empty() ? "Bearer" : au.type;
      r.headers.Set("Authorization", type + " " + cred);
    } else if (!hc->bearer_token.empty() || !hc->bearer_token_file.empty()) {
      ASSIGN_OR_RETURN(std::string tok, value_or_file(hc->bearer_token.value(),
                                                      hc->bearer_token_file));
      r.headers.Set("Authorization", "Bearer " + tok);
    }
    for (const auto& [name, h] : hc->http_headers) {
      for (const std::string& v : h.values) r.headers.Add(name, v);
      for (const config::Secret& v : h.secrets) r.headers.Add(name, v.value());
      for (const std::string& f : h.files) {
        ASSIGN_OR_RETURN(std::string v, value_or_file("", f));
        r.headers.Add(name, v);
      }
    }
    r.ca_file = hc->tls_config.ca_file;
    r.cert_file = hc->tls_config.cert_file;
    r.key_file = hc->tls_config.key_file;
    r.server_name = hc->tls_config.server_name;
    r.insecure_skip_verify = hc->tls_config.insecure_skip_verify;
    if (hc->proxy.proxy_url) r.proxy_url = *hc->proxy.proxy_url;
    r.follow_redirects = hc->follow_redirects;
  }
  ASSIGN_OR_RETURN(net::HttpClientResponse resp, client_.Do(r));
  return WebhookResponse{
      resp.status, std::string(resp.headers.Get("Retry-After").value_or(""))};
}

pipeline::NotifierFactory MakeWebhookNotifierFactory(WebhookSender& sender,
                                                     std::string external_url,
                                                     std::string user_agent) {
  return [&sender, external_url, user_agent](
             const config::IntegrationConfig& cfg, const nflog::ReceiverKey&)
             -> Result<std::shared_ptr<pipeline::Notifier>> {
    const auto* wc = dynamic_cast<const WebhookConfig*>(&cfg);
    if (wc == nullptr) {
      return InvalidArgumentError("webhook factory given a " +
                                  std::string(cfg.Kind()) + " config");
    }
    // Copy so the notifier owns its config independently of the Config.
    auto owned = std::make_shared<const WebhookConfig>(*wc);
    return std::shared_ptr<pipeline::Notifier>(
        std::make_shared<WebhookNotifier>(std::move(owned), sender,
                                          external_url, user_agent));
  };
}

}  // namespace tocsin::notify::webhook
