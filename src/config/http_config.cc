#include "config/http_config.h"

#include <algorithm>
#include <cctype>

namespace tocsin::config {
namespace {

bool IsSchemeChar(char c, bool first) {
  if (std::isalpha(static_cast<unsigned char>(c))) return true;
  if (first) return false;
  return std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' ||
         c == '.';
}

// The subset of Go's url.Parse that config URLs need: control characters
// refused, scheme split off (lower-cased), authority and path separated.
Status GoUrlParse(std::string_view s, Url* out) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return InvalidArgumentError(
          "parse \"" + std::string(s) +
          "\": net/url: invalid control character in URL");
    }
  }
  std::string_view rest = s;
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  out->scheme.clear();
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (c == ':') {
      if (i == 0) {
        return InvalidArgumentError("parse \"" + std::string(s) +
                                    "\": missing protocol scheme");
      }
      out->scheme = std::string(rest.substr(0, i));
      std::transform(out->scheme.begin(), out->scheme.end(),
                     out->scheme.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      rest = rest.substr(i + 1);
      break;
    }
    if (!IsSchemeChar(c, i == 0)) break;
  }
  size_t q = rest.find('?');
  if (q != std::string_view::npos) rest = rest.substr(0, q);
  out->host.clear();
  out->path.clear();
  if (rest.substr(0, 2) == "//") {
    rest = rest.substr(2);
    size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos) authority = authority.substr(at + 1);
    out->host = std::string(authority);
    rest = slash == std::string_view::npos ? std::string_view()
                                           : rest.substr(slash);
    // Go refuses a non-numeric port.
    size_t colon = out->host.rfind(':');
    size_t bracket = out->host.rfind(']');
    if (colon != std::string::npos &&
        (bracket == std::string::npos || colon > bracket)) {
      std::string port = out->host.substr(colon + 1);
      for (char c : port) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
          return InvalidArgumentError("parse \"" + std::string(s) +
                                      "\": invalid port \":" + port +
                                      "\" after host");
        }
      }
    }
  }
  out->path = std::string(rest);
  out->text = std::string(s);
  return Status::Ok();
}

bool NonEmptyCountAbove1(bool a, bool b, bool c) {
  return (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0) > 1;
}

Result<Secret> GetSecret(const ParseContext& ctx, const YAML::Node& node,
                         std::string_view path, std::string_view key) {
  ASSIGN_OR_RETURN(std::string v, GetString(ctx, node, path, key));
  return Secret(std::move(v));
}

Status ParseProxyInto(const ParseContext& ctx, const YAML::Node& node,
                      std::string_view path, ProxyConfig* p) {
  YAML::Node u = node["proxy_url"];
  if (u.IsDefined() && !u.IsNull()) {
    ASSIGN_OR_RETURN(std::string s, GetString(ctx, node, path, "proxy_url"));
    Url parsed;
    Status st = GoUrlParse(s, &parsed);
    if (!st.ok()) {
      return NodeError(ctx, u, JoinPath(path, "proxy_url"), st.message());
    }
    p->proxy_url = s;
  }
  ASSIGN_OR_RETURN(p->no_proxy, GetString(ctx, node, path, "no_proxy"));
  ASSIGN_OR_RETURN(p->proxy_from_environment,
                   GetBool(ctx, node, path, "proxy_from_environment", false));
  YAML::Node h = node["proxy_connect_header"];
  if (h.IsDefined() && !h.IsNull()) {
    std::string hp = JoinPath(path, "proxy_connect_header");
    if (!h.IsMap()) {
      return NodeError(ctx, h, hp,
                       "cannot unmarshal !!seq into config.ProxyHeader");
    }
    for (const auto& kv : h) {
      ASSIGN_OR_RETURN(std::vector<std::string> values,
                       GetStringList(ctx, h, hp, kv.first.Scalar()));
      std::vector<Secret> secrets;
      for (auto& v : values) secrets.emplace_back(std::move(v));
      p->proxy_connect_header.emplace_back(kv.first.Scalar(),
                                           std::move(secrets));
    }
  }
  return Status::Ok();
}

Status ValidateProxy(const ParseContext& ctx, const YAML::Node& node,
                     std::string_view path, const ProxyConfig& p) {
  bool has_url = p.proxy_url.has_value() && !p.proxy_url->empty();
  if (!p.proxy_connect_header.empty() && !p.proxy_from_environment &&
      !has_url) {
    return NodeError(ctx, node, path,
                     "if proxy_connect_header is configured, proxy_url or "
                     "proxy_from_environment must also be configured");
  }
  if (p.proxy_from_environment && has_url) {
    return NodeError(ctx, node, path,
                     "if proxy_from_environment is configured, proxy_url must "
                     "not be configured");
  }
  if (p.proxy_from_environment && !p.no_proxy.empty()) {
    return NodeError(ctx, node, path,
                     "if proxy_from_environment is configured, no_proxy must "
                     "not be configured");
  }
  if (!p.proxy_url.has_value() && !p.no_proxy.empty()) {
    return NodeError(ctx, node, path,
                     "if no_proxy is configured, proxy_url must also be "
                     "configured");
  }
  return Status::Ok();
}

void ProxyToYaml(const ProxyConfig& p, YAML::Node& out) {
  if (p.proxy_url.has_value()) out["proxy_url"] = *p.proxy_url;
  if (!p.no_proxy.empty()) out["no_proxy"] = p.no_proxy;
  if (p.proxy_from_environment) out["proxy_from_environment"] = true;
  if (!p.proxy_connect_header.empty()) {
    YAML::Node h(YAML::NodeType::Map);
    for (const auto& [name, values] : p.proxy_connect_header) {
      YAML::Node seq(YAML::NodeType::Sequence);
      for (const Secret& s : values) seq.push_back(s.Redacted());
      h[name] = seq;
    }
    out["proxy_connect_header"] = h;
  }
}

Result<std::string> ParseTlsVersion(const ParseContext& ctx,
                                    const YAML::Node& node,
                                    std::string_view path,
                                    std::string_view key) {
  ASSIGN_OR_RETURN(std::string v, GetString(ctx, node, path, key));
  if (!node[std::string(key)].IsDefined() || node[std::string(key)].IsNull()) {
    return std::string();
  }
  if (v != "TLS10" && v != "TLS11" && v != "TLS12" && v != "TLS13") {
    return NodeError(ctx, node[std::string(key)], JoinPath(path, key),
                     "unknown TLS version: " + v);
  }
  return v;
}

}  // namespace

Result<Url> ParseHttpUrl(std::string_view s) {
  Url u;
  RETURN_IF_ERROR(GoUrlParse(s, &u));
  if (u.scheme != "http" && u.scheme != "https") {
    return InvalidArgumentError("unsupported scheme \"" + u.scheme +
                                "\" for URL");
  }
  if (u.host.empty()) return InvalidArgumentError("missing host for URL");
  return u;
}

Url WithTrailingSlash(const Url& u) {
  if (!u.path.empty() && u.path.back() == '/') return u;
  Url out = u;
  // The slash goes at the end of the path, before any query or fragment.
  size_t scheme_end = out.text.find("//");
  size_t from = scheme_end == std::string::npos ? 0 : scheme_end + 2;
  size_t end = out.text.find_first_of("?#", from);
  out.text.insert(end == std::string::npos ? out.text.size() : end, "/");
  out.path += "/";
  return out;
}

Result<TlsConfig> ParseTlsConfig(const YAML::Node& node, std::string_view path,
                                 const ParseContext& ctx) {
  TlsConfig c;
  if (!node.IsDefined() || node.IsNull()) return c;
  RETURN_IF_ERROR(CheckKnownFields(
      ctx, node, path,
      {"ca", "cert", "key", "ca_file", "cert_file", "key_file", "ca_ref",
       "cert_ref", "key_ref", "server_name", "insecure_skip_verify",
       "min_version", "max_version", "next_protos"},
      "config.plain"));
  ASSIGN_OR_RETURN(c.ca, GetString(ctx, node, path, "ca"));
  ASSIGN_OR_RETURN(c.cert, GetString(ctx, node, path, "cert"));
  ASSIGN_OR_RETURN(c.key, GetSecret(ctx, node, path, "key"));
  ASSIGN_OR_RETURN(c.ca_file, GetString(ctx, node, path, "ca_file"));
  ASSIGN_OR_RETURN(c.cert_file, GetString(ctx, node, path, "cert_file"));
  ASSIGN_OR_RETURN(c.key_file, GetString(ctx, node, path, "key_file"));
  ASSIGN_OR_RETURN(c.ca_ref, GetString(ctx, node, path, "ca_ref"));
  ASSIGN_OR_RETURN(c.cert_ref, GetString(ctx, node, path, "cert_ref"));
  ASSIGN_OR_RETURN(c.key_ref, GetString(ctx, node, path, "key_ref"));
  ASSIGN_OR_RETURN(c.server_name, GetString(ctx, node, path, "server_name"));
  ASSIGN_OR_RETURN(c.insecure_skip_verify,
                   GetBool(ctx, node, path, "insecure_skip_verify", false));
  ASSIGN_OR_RETURN(c.min_version,
                   ParseTlsVersion(ctx, node, path, "min_version"));
  ASSIGN_OR_RETURN(c.max_version,
                   ParseTlsVersion(ctx, node, path, "max_version"));
  ASSIGN_OR_RETURN(c.next_protos,
                   GetStringList(ctx, node, path, "next_protos"));
  if (NonEmptyCountAbove1(!c.ca.empty(), !c.ca_file.empty(),
                          !c.ca_ref.empty())) {
    return NodeError(ctx, node, path,
                     "at most one of ca, ca_file & ca_ref must be configured");
  }
  if (NonEmptyCountAbove1(!c.cert.empty(), !c.cert_file.empty(),
                          !c.cert_ref.empty())) {
    return NodeError(
        ctx, node, path,
        "at most one of cert, cert_file & cert_ref must be configured");
  }
  if (NonEmptyCountAbove1(!c.key.empty(), !c.key_file.empty(),
                          !c.key_ref.empty())) {
    return NodeError(ctx, node, path,
                     "at most one of key and key_file must be configured");
  }
  bool client_cert =
      !c.cert.empty() || !c.cert_file.empty() || !c.cert_ref.empty();
  bool client_key = !c.key.empty() || !c.key_file.empty() || !c.key_ref.empty();
  if (client_cert && !client_key) {
    return NodeError(ctx, node, path,
                     "exactly one of key or key_file must be configured when a "
                     "client certificate is configured");
  }
  if (client_key && !client_cert) {
    return NodeError(ctx, node, path,
                     "exactly one of cert or cert_file must be configured when "
                     "a client key is configured");
  }
  return c;
}

Result<HttpClientConfig> ParseHttpClientConfig(const YAML::Node& node,
                                               std::string_view path,
                                               const ParseContext& ctx) {
  HttpClientConfig c;
  if (!node.IsDefined() || node.IsNull()) return c;
  RETURN_IF_ERROR(CheckKnownFields(
      ctx, node, path,
      {"basic_auth", "authorization", "oauth2", "bearer_token",
       "bearer_token_file", "tls_config", "follow_redirects", "enable_http2",
       "proxy_url", "no_proxy", "proxy_from_environment",
       "proxy_connect_header", "http_headers"},
      "config.plain"));

  YAML::Node ba = node["basic_auth"];
  if (ba.IsDefined() && !ba.IsNull()) {
    std::string p = JoinPath(path, "basic_auth");
    RETURN_IF_ERROR(
        CheckKnownFields(ctx, ba, p,
                         {"username", "username_file", "username_ref",
                          "password", "password_file", "password_ref"},
                         "config.plain"));
    BasicAuth b;
    ASSIGN_OR_RETURN(b.username, GetString(ctx, ba, p, "username"));
    ASSIGN_OR_RETURN(b.username_file, GetString(ctx, ba, p, "username_file"));
    ASSIGN_OR_RETURN(b.username_ref, GetString(ctx, ba, p, "username_ref"));
    ASSIGN_OR_RETURN(b.password, GetSecret(ctx, ba, p, "password"));
    ASSIGN_OR_RETURN(b.password_file, GetString(ctx, ba, p, "password_file"));
    ASSIGN_OR_RETURN(b.password_ref, GetString(ctx, ba, p, "password_ref"));
    c.basic_auth = std::move(b);
  }
  YAML::Node au = node["authorization"];
  if (au.IsDefined() && !au.IsNull()) {
    std::string p = JoinPath(path, "authorization");
    RETURN_IF_ERROR(CheckKnownFields(
        ctx, au, p,
        {"type", "credentials", "credentials_file", "credentials_ref"},
        "config.Authorization"));
    Authorization a;
    ASSIGN_OR_RETURN(a.type, GetString(ctx, au, p, "type"));
    ASSIGN_OR_RETURN(a.credentials, GetSecret(ctx, au, p, "credentials"));
    ASSIGN_OR_RETURN(a.credentials_file,
                     GetString(ctx, au, p, "credentials_file"));
    ASSIGN_OR_RETURN(a.credentials_ref,
                     GetString(ctx, au, p, "credentials_ref"));
    c.authorization = std::move(a);
  }
  YAML::Node oa = node["oauth2"];
  if (oa.IsDefined() && !oa.IsNull()) {
    std::string p = JoinPath(path, "oauth2");
    RETURN_IF_ERROR(CheckKnownFields(
        ctx, oa, p,
        {"client_id", "client_secret", "client_secret_file",
         "client_secret_ref", "scopes", "token_url", "endpoint_params",
         "tls_config", "proxy_url", "no_proxy", "proxy_from_environment",
         "proxy_connect_header"},
        "config.plain"));
    OAuth2 o;
    ASSIGN_OR_RETURN(o.client_id, GetString(ctx, oa, p, "client_id"));
    ASSIGN_OR_RETURN(o.client_secret, GetSecret(ctx, oa, p, "client_secret"));
    ASSIGN_OR_RETURN(o.client_secret_file,
                     GetString(ctx, oa, p, "client_secret_file"));
    ASSIGN_OR_RETURN(o.client_secret_ref,
                     GetString(ctx, oa, p, "client_secret_ref"));
    ASSIGN_OR_RETURN(o.scopes, GetStringList(ctx, oa, p, "scopes"));
    ASSIGN_OR_RETURN(o.token_url, GetString(ctx, oa, p, "token_url"));
    ASSIGN_OR_RETURN(o.endpoint_params,
                     GetStringMap(ctx, oa, p, "endpoint_params"));
    ASSIGN_OR_RETURN(
        o.tls_config,
        ParseTlsConfig(oa["tls_config"], JoinPath(p, "tls_config"), ctx));
    RETURN_IF_ERROR(ParseProxyInto(ctx, oa, p, &o.proxy));
    RETURN_IF_ERROR(ValidateProxy(ctx, oa, p, o.proxy));
    c.oauth2 = std::move(o);
  }
  ASSIGN_OR_RETURN(c.bearer_token, GetSecret(ctx, node, path, "bearer_token"));
  ASSIGN_OR_RETURN(c.bearer_token_file,
                   GetString(ctx, node, path, "bearer_token_file"));
  ASSIGN_OR_RETURN(
      c.tls_config,
      ParseTlsConfig(node["tls_config"], JoinPath(path, "tls_config"), ctx));
  ASSIGN_OR_RETURN(c.follow_redirects,
                   GetBool(ctx, node, path, "follow_redirects", true));
  ASSIGN_OR_RETURN(c.enable_http2,
                   GetBool(ctx, node, path, "enable_http2", true));
  RETURN_IF_ERROR(ParseProxyInto(ctx, node, path, &c.proxy));
  YAML::Node hh = node["http_headers"];
  if (hh.IsDefined() && !hh.IsNull()) {
    std::string p = JoinPath(path, "http_headers");
    if (!hh.IsMap()) {
      return NodeError(ctx, hh, p,
                       "cannot unmarshal !!seq into config.Headers");
    }
    for (const auto& kv : hh) {
      std::string name = kv.first.Scalar();
      std::string hp = JoinPath(p, name);
      RETURN_IF_ERROR(CheckKnownFields(
          ctx, kv.second, hp, {"values", "secrets", "files"}, "config.Header"));
      HttpHeader h;
      if (kv.second.IsMap()) {
        ASSIGN_OR_RETURN(h.values, GetStringList(ctx, kv.second, hp, "values"));
        ASSIGN_OR_RETURN(std::vector<std::string> secrets,
                         GetStringList(ctx, kv.second, hp, "secrets"));
        for (auto& s : secrets) h.secrets.emplace_back(std::move(s));
        ASSIGN_OR_RETURN(h.files, GetStringList(ctx, kv.second, hp, "files"));
      }
      c.http_headers.emplace_back(name, std::move(h));
    }
  }

  // HTTPClientConfig.Validate, in upstream's order.
  bool bt = !c.bearer_token.empty();
  bool btf = !c.bearer_token_file.empty();
  if (bt && btf) {
    return NodeError(ctx, node, path,
                     "at most one of bearer_token & bearer_token_file must be "
                     "configured");
  }
  if ((c.basic_auth || c.oauth2) && (bt || btf)) {
    return NodeError(ctx, node, path,
                     "at most one of basic_auth, oauth2, bearer_token & "
                     "bearer_token_file must be configured");
  }
  if (c.basic_auth &&
      NonEmptyCountAbove1(!c.basic_auth->username.empty(),
                          !c.basic_auth->username_file.empty(),
                          !c.basic_auth->username_ref.empty())) {
    return NodeError(ctx, node, path,
                     "at most one of basic_auth username, username_file & "
                     "username_ref must be configured");
  }
  if (c.basic_auth &&
      NonEmptyCountAbove1(!c.basic_auth->password.empty(),
                          !c.basic_auth->password_file.empty(),
                          !c.basic_auth->password_ref.empty())) {
    return NodeError(ctx, node, path,
                     "at most one of basic_auth password, password_file & "
                     "password_ref must be configured");
  }
  if (c.authorization) {
    if (bt || btf) {
      return NodeError(ctx, node, path,
                       "authorization is not compatible with bearer_token & "
                       "bearer_token_file");
    }
    if (NonEmptyCountAbove1(!c.authorization->credentials.empty(),
                            !c.authorization->credentials_file.empty(),
                            !c.authorization->credentials_ref.empty())) {
      return NodeError(ctx, node, path,
                       "at most one of authorization credentials & "
                       "credentials_file must be configured");
    }
    std::string& t = c.authorization->type;
    size_t b = t.find_first_not_of(" \t\r\n\v\f");
    size_t e = t.find_last_not_of(" \t\r\n\v\f");
    t = b == std::string::npos ? "" : t.substr(b, e - b + 1);
    if (t.empty()) t = "Bearer";
    std::string lower = t;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    if (lower == "basic") {
      return NodeError(ctx, node, path,
                       "authorization type cannot be set to \"basic\", use "
                       "\"basic_auth\" instead");
    }
    if (c.basic_auth || c.oauth2) {
      return NodeError(ctx, node, path,
                       "at most one of basic_auth, oauth2 & authorization must "
                       "be configured");
    }
  } else {
    if (bt) {
      c.authorization = Authorization{"Bearer", c.bearer_token, "", ""};
      c.bearer_token = Secret();
    }
    if (btf) {
      c.authorization =
          Authorization{"Bearer", Secret(), c.bearer_token_file, ""};
      c.bearer_token_file.clear();
    }
  }
  if (c.oauth2) {
    if (c.basic_auth) {
      return NodeError(ctx, node, path,
                       "at most one of basic_auth, oauth2 & authorization must "
                       "be configured");
    }
    if (c.oauth2->client_id.empty()) {
      return NodeError(ctx, node, path, "oauth2 client_id must be configured");
    }
    if (c.oauth2->token_url.empty()) {
      return NodeError(ctx, node, path, "oauth2 token_url must be configured");
    }
    if (NonEmptyCountAbove1(!c.oauth2->client_secret.empty(),
                            !c.oauth2->client_secret_file.empty(),
                            !c.oauth2->client_secret_ref.empty())) {
      return NodeError(ctx, node, path,
                       "at most one of oauth2 client_secret, "
                       "client_secret_file & client_secret_ref must be "
                       "configured");
    }
  }
  RETURN_IF_ERROR(ValidateProxy(ctx, node, path, c.proxy));
  return c;
}

bool TlsConfigIsZero(const TlsConfig& c) {
  return !c.insecure_skip_verify && TlsConfigToYaml(c).size() == 1;
}

YAML::Node TlsConfigToYaml(const TlsConfig& c) {
  YAML::Node out(YAML::NodeType::Map);
  if (!c.ca.empty()) out["ca"] = c.ca;
  if (!c.cert.empty()) out["cert"] = c.cert;
  if (!c.key.empty()) out["key"] = c.key.Redacted();
  if (!c.ca_file.empty()) out["ca_file"] = c.ca_file;
  if (!c.cert_file.empty()) out["cert_file"] = c.cert_file;
  if (!c.key_file.empty()) out["key_file"] = c.key_file;
  if (!c.ca_ref.empty()) out["ca_ref"] = c.ca_ref;
  if (!c.cert_ref.empty()) out["cert_ref"] = c.cert_ref;
  if (!c.key_ref.empty()) out["key_ref"] = c.key_ref;
  if (!c.server_name.empty()) out["server_name"] = c.server_name;
  out["insecure_skip_verify"] = c.insecure_skip_verify;
  if (!c.min_version.empty()) out["min_version"] = c.min_version;
  if (!c.max_version.empty()) out["max_version"] = c.max_version;
  if (!c.next_protos.empty()) out["next_protos"] = c.next_protos;
  return out;
}

YAML::Node HttpClientConfigToYaml(const HttpClientConfig& c) {
  YAML::Node out(YAML::NodeType::Map);
  if (c.basic_auth) {
    YAML::Node b(YAML::NodeType::Map);
    b["username"] = c.basic_auth->username;
    if (!c.basic_auth->username_file.empty())
      b["username_file"] = c.basic_auth->username_file;
    if (!c.basic_auth->username_ref.empty())
      b["username_ref"] = c.basic_auth->username_ref;
    if (!c.basic_auth->password.empty())
      b["password"] = c.basic_auth->password.Redacted();
    if (!c.basic_auth->password_file.empty())
      b["password_file"] = c.basic_auth->password_file;
    if (!c.basic_auth->password_ref.empty())
      b["password_ref"] = c.basic_auth->password_ref;
    out["basic_auth"] = b;
  }
  if (c.authorization) {
    YAML::Node a(YAML::NodeType::Map);
    if (!c.authorization->type.empty()) a["type"] = c.authorization->type;
    if (!c.authorization->credentials.empty())
      a["credentials"] = c.authorization->credentials.Redacted();
    if (!c.authorization->credentials_file.empty())
      a["credentials_file"] = c.authorization->credentials_file;
    if (!c.authorization->credentials_ref.empty())
      a["credentials_ref"] = c.authorization->credentials_ref;
    out["authorization"] = a;
  }
  if (c.oauth2) {
    YAML::Node o(YAML::NodeType::Map);
    o["client_id"] = c.oauth2->client_id;
    if (!c.oauth2->client_secret.empty())
      o["client_secret"] = c.oauth2->client_secret.Redacted();
    if (!c.oauth2->client_secret_file.empty())
      o["client_secret_file"] = c.oauth2->client_secret_file;
    if (!c.oauth2->client_secret_ref.empty())
      o["client_secret_ref"] = c.oauth2->client_secret_ref;
    if (!c.oauth2->scopes.empty()) o["scopes"] = c.oauth2->scopes;
    o["token_url"] = c.oauth2->token_url;
    if (!c.oauth2->endpoint_params.empty()) {
      YAML::Node ep(YAML::NodeType::Map);
      for (const auto& [k, v] : c.oauth2->endpoint_params) ep[k] = v;
      o["endpoint_params"] = ep;
    }
    if (!TlsConfigIsZero(c.oauth2->tls_config)) {
      o["tls_config"] = TlsConfigToYaml(c.oauth2->tls_config);
    }
    ProxyToYaml(c.oauth2->proxy, o);
    out["oauth2"] = o;
  }
  if (!c.bearer_token.empty()) out["bearer_token"] = c.bearer_token.Redacted();
  if (!c.bearer_token_file.empty())
    out["bearer_token_file"] = c.bearer_token_file;
  // yaml.v2 omitempty: a zero TLS config is not printed.
  if (!TlsConfigIsZero(c.tls_config)) {
    out["tls_config"] = TlsConfigToYaml(c.tls_config);
  }
  out["follow_redirects"] = c.follow_redirects;
  out["enable_http2"] = c.enable_http2;
  ProxyToYaml(c.proxy, out);
  if (!c.http_headers.empty()) {
    YAML::Node hh(YAML::NodeType::Map);
    for (const auto& [name, h] : c.http_headers) {
      YAML::Node e(YAML::NodeType::Map);
      if (!h.values.empty()) e["values"] = h.values;
      if (!h.secrets.empty()) {
        YAML::Node s(YAML::NodeType::Sequence);
        for (const Secret& v : h.secrets) s.push_back(v.Redacted());
        e["secrets"] = s;
      }
      if (!h.files.empty()) e["files"] = h.files;
      hh[name] = e;
    }
    out["http_headers"] = hh;
  }
  return out;
}

}  // namespace tocsin::config
