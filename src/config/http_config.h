#ifndef TOCSIN_CONFIG_HTTP_CONFIG_H_
#define TOCSIN_CONFIG_HTTP_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/parse_context.h"
#include "config/secret.h"

namespace tocsin::config {

// An absolute http(s) URL as Alertmanager's config.URL accepts it: Go's
// url.Parse, then the scheme must be "http" or "https" and the host
// non-empty. `text` is the URL as written (after any normalisation the
// parser documents, e.g. a trailing '/' appended to the path).
struct Url {
  std::string text;
  std::string scheme;
  std::string host;  // "host" or "host:port"
  std::string path;  // "" or starting with '/'
  friend bool operator==(const Url&, const Url&) = default;
};

// Parses an Alertmanager URL. Errors (InvalidArgument, bare message):
//   `unsupported scheme "<s>" for URL`, `missing host for URL`,
//   `parse "<s>": <reason>` for text Go's url.Parse refuses.
Result<Url> ParseHttpUrl(std::string_view s);

// Returns `u` with "/" appended to its path unless it already ends in '/'
// (Alertmanager does so for opsgenie, wechat and victorops API URLs).
Url WithTrailingSlash(const Url& u);

// Prometheus common config.TLSConfig.
struct TlsConfig {
  std::string ca;
  std::string ca_file;
  std::string ca_ref;
  std::string cert;
  std::string cert_file;
  std::string cert_ref;
  Secret key;
  std::string key_file;
  std::string key_ref;
  std::string server_name;
  bool insecure_skip_verify = false;
  // "" (unset), "TLS10", "TLS11", "TLS12" or "TLS13".
  std::string min_version;
  std::string max_version;
  std::vector<std::string> next_protos;
};

// Prometheus common config.BasicAuth.
struct BasicAuth {
  std::string username;
  std::string username_file;
  std::string username_ref;
  Secret password;
  std::string password_file;
  std::string password_ref;
};

// Prometheus common config.Authorization. After parsing, `type` is never
// empty ("Bearer" by default).
struct Authorization {
  std::string type;
  Secret credentials;
  std::string credentials_file;
  std::string credentials_ref;
};

// Prometheus common config.ProxyConfig (inlined into HTTP client and OAuth2
// configs).
struct ProxyConfig {
  // Any text Go's url.Parse accepts (no scheme check); empty when unset.
  std::optional<std::string> proxy_url;
  std::string no_proxy;
  bool proxy_from_environment = false;
  // Header name -> values (each a secret), in YAML order.
  std::vector<std::pair<std::string, std::vector<Secret>>> proxy_connect_header;
};

// Prometheus common config.OAuth2.
struct OAuth2 {
  std::string client_id;
  Secret client_secret;
  std::string client_secret_file;
  std::string client_secret_ref;
  std::vector<std::string> scopes;
  std::string token_url;
  std::vector<std::pair<std::string, std::string>> endpoint_params;
  TlsConfig tls_config;
  ProxyConfig proxy;
};

// One entry of `http_headers`: values sent as-is, secret values, and files
// whose content is sent.
struct HttpHeader {
  std::vector<std::string> values;
  std::vector<Secret> secrets;
  std::vector<std::string> files;
};

// Prometheus common config.HTTPClientConfig. Default-constructed equals
// DefaultHTTPClientConfig (follow_redirects and enable_http2 true).
// After parsing, a legacy bearer_token / bearer_token_file has been moved
// into `authorization` (type "Bearer") exactly as Validate() does upstream,
// so bearer_token and bearer_token_file are always empty.
struct HttpClientConfig {
  std::optional<BasicAuth> basic_auth;
  std::optional<Authorization> authorization;
  std::optional<OAuth2> oauth2;
  Secret bearer_token;
  std::string bearer_token_file;
  TlsConfig tls_config;
  bool follow_redirects = true;
  bool enable_http2 = true;
  ProxyConfig proxy;
  std::vector<std::pair<std::string, HttpHeader>> http_headers;
};

// Parses `node` (a map, or null/undefined for the defaults) as an HTTP
// client config. `field_path` names the node in errors, e.g.
// "global.http_config". Unknown keys are refused ("field <k> not found in
// type config.plain"); validation messages are Prometheus' own, e.g.
// "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must
// be configured". Errors are InvalidArgument in NodeError's shape.
Result<HttpClientConfig> ParseHttpClientConfig(const YAML::Node& node,
                                               std::string_view field_path,
                                               const ParseContext& ctx);

// Parses a TLS config node (null/undefined -> defaults), validating as
// Prometheus' TLSConfig.Validate does ("at most one of ca, ca_file & ca_ref
// must be configured", "unknown TLS version: X", ...).
Result<TlsConfig> ParseTlsConfig(const YAML::Node& node,
                                 std::string_view field_path,
                                 const ParseContext& ctx);

// Prints as Prometheus marshals: secrets as "<secret>", omitempty fields
// left out, follow_redirects / enable_http2 always present. The output parses
// back to an equal config (secrets aside).
YAML::Node HttpClientConfigToYaml(const HttpClientConfig& c);
YAML::Node TlsConfigToYaml(const TlsConfig& c);
// Whether every field of `c` has its zero value (yaml.v2's omitempty test for
// the struct): such a tls_config is not printed.
bool TlsConfigIsZero(const TlsConfig& c);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_HTTP_CONFIG_H_
