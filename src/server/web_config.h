#ifndef TOCSIN_SERVER_WEB_CONFIG_H_
#define TOCSIN_SERVER_WEB_CONFIG_H_

// The --web.config.file format of Prometheus' exporter-toolkit (TLS, basic
// authentication, extra response headers), as Alertmanager reads it. See
// docs/web-config.md.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/http_server.h"
#include "net/http_types.h"
#include "net/tls.h"

namespace tocsin::server {

// A loaded, validated web configuration. Plain data; certificate and key
// files are already read into PEM text, so later file changes are not seen
// (exporter-toolkit re-reads them per connection).
struct WebConfig {
  // Set when tls_server_config enables TLS (any of cert, cert_file, key,
  // key_file, client_ca, client_ca_file, client_auth_type is set); the
  // listener then speaks HTTPS only.
  std::optional<net::TlsServerOptions> tls;
  // http_server_config.headers in file order (only the security headers
  // exporter-toolkit allows; blank values dropped), added to every
  // response that does not set them itself.
  std::vector<std::pair<std::string, std::string>> headers;
  // http_server_config.http2 (default true). Accepted and ignored: tocsin
  // serves HTTP/1.1 only.
  bool http2 = true;
  // basic_auth_users: user name -> bcrypt hash ("$2a$", "$2b$" or "$2y$",
  // cost 04..31). Empty: no authentication.
  std::map<std::string, std::string> basic_auth_users;
};

// Reads and validates the file at `path`. Relative cert_file, key_file and
// client_ca_file resolve against the file's directory. Every error is
// InvalidArgument with the message "<path>: <field>: <message>" (the field
// is a dotted path such as "tls_server_config.client_auth_type"; it is
// omitted for whole-file problems), e.g.
//   unreadable or malformed file, a non-map where a map belongs,
//   an unknown field ("field <key> not found in type web.TLSConfig"),
//   rate_limit (not supported), an unreadable cert/key/CA file,
//   "missing one of cert or cert_file", "invalid ClientAuth: <v>",
//   "unknown TLS version: <v>", "unknown cipher: <v>", "unknown curve: <v>",
//   client CAs without a client auth policy, a certificate or key OpenSSL
//   cannot use or that do not match, a header that cannot be configured
//   or has a disallowed value, an invalid bcrypt hash.
// The message never contains a password hash or key material.
Result<WebConfig> LoadWebConfigFile(const std::string& path);

// As LoadWebConfigFile for YAML text already read; `path` prefixes errors
// and its directory resolves relative file names.
Result<WebConfig> ParseWebConfig(std::string_view yaml,
                                 const std::string& path);

// True if `hash` is a bcrypt hash this build can verify: "$2a$", "$2b$",
// "$2x$" or "$2y$", a two-digit cost 04..31, "$", then 53 characters of
// bcrypt's base64 alphabet.
bool IsValidBcryptHash(std::string_view hash);

// True if `password` matches bcrypt `hash` (libxcrypt's crypt_r; constant
// time comparison). False for an invalid hash. Takes ~2^cost * 0.07 ms / 2^10
// of CPU (cost 10: ~70 ms). Thread-safe.
bool BcryptMatches(std::string_view hash, std::string_view password);

// Decodes an "Authorization: Basic <base64(user:password)>" value as Go's
// http.Request.BasicAuth does (scheme case-insensitive, standard padded
// base64, split at the first ':'). nullopt when it is not one.
std::optional<std::pair<std::string, std::string>> ParseBasicAuth(
    std::string_view authorization);

// Checks user/password pairs against basic_auth_users, remembering
// successful checks so that a client repeating its credentials pays for
// bcrypt once. Failures are never cached. Thread-safe; bcrypt runs one at
// a time (as exporter-toolkit does) to bound CPU use.
class BasicAuthenticator {
 public:
  // `users`: user -> bcrypt hash (validated by the caller). At most
  // `cache_capacity` successes are remembered; when full, the cache is
  // emptied before adding (simple and bounded).
  explicit BasicAuthenticator(std::map<std::string, std::string> users,
                              size_t cache_capacity = 256);

  // True if `user` exists and `password` matches its hash. An unknown user
  // still costs one bcrypt run, so timing does not reveal user names.
  bool Check(std::string_view user, std::string_view password) const;

  // Successes currently remembered (for tests).
  size_t CachedForTest() const;

 private:
  const std::map<std::string, std::string> users_;
  const size_t cache_capacity_;
  mutable std::mutex bcrypt_mu_;  // Serializes bcrypt runs.
  mutable std::mutex cache_mu_;
  // Keys: user NUL hash NUL sha256(password).
  mutable std::unordered_set<std::string> cache_;  // GUARDED_BY(cache_mu_)
};

// Wraps `inner` with what `config` asks of every request, in
// exporter-toolkit's order: the configured headers are added to the
// response (unless the response sets them); with basic_auth_users, a
// request without valid credentials gets 401 "Unauthorized\n" with
// `WWW-Authenticate: Basic` and never reaches `inner` (every path,
// /-/healthy included). The returned handler is thread-safe if `inner` is.
net::HttpHandler ApplyWebConfig(const WebConfig& config,
                                net::HttpHandler inner);

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_WEB_CONFIG_H_
