#include "server/web_config.h"

#include <crypt.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <initializer_list>

namespace tocsin::server {

namespace {

// A bcrypt hash of a random password, checked for unknown users so that a
// failed login costs the same whether or not the user exists.
constexpr std::string_view kDummyHash =
    "$2b$10$VwakUA9w2Iml8rJo.f/Nfehv67rEEIE1nQ0Yd81fLu81hHSKWZLqq";

// The header names exporter-toolkit lets a web config set, and the values
// each accepts (empty: any value).
struct AllowedHeader {
  std::string_view name;
  std::vector<std::string_view> values;
};
const std::vector<AllowedHeader>& AllowedHeaders() {
  static const std::vector<AllowedHeader> kAllowed = {
      {"Strict-Transport-Security", {}},
      {"X-Content-Type-Options", {"nosniff"}},
      {"X-Frame-Options", {"deny", "sameorigin"}},
      {"X-XSS-Protection", {}},
      {"Content-Security-Policy", {}},
  };
  return kAllowed;
}

// The cipher suite names Go's tls.CipherSuites() returns (plus the RSA
// key-exchange suites older Go versions listed there), i.e. the names a
// web config may use.
constexpr std::string_view kGoCipherSuites[] = {
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
};

constexpr std::pair<std::string_view, net::TlsVersion> kTlsVersions[] = {
    {"TLS10", net::TlsVersion::kTls10},
    {"TLS11", net::TlsVersion::kTls11},
    {"TLS12", net::TlsVersion::kTls12},
    {"TLS13", net::TlsVersion::kTls13},
};

// Go's curve names -> OpenSSL group names.
constexpr std::pair<std::string_view, std::string_view> kCurves[] = {
    {"CurveP256", "P-256"},
    {"CurveP384", "P-384"},
    {"CurveP521", "P-521"},
    {"X25519", "X25519"},
};

constexpr std::pair<std::string_view, net::ClientAuthType> kClientAuthTypes[] =
    {
        {"", net::ClientAuthType::kNoClientCert},
        {"NoClientCert", net::ClientAuthType::kNoClientCert},
        {"RequestClientCert", net::ClientAuthType::kRequestClientCert},
        {"RequireAnyClientCert", net::ClientAuthType::kRequireAnyClientCert},
        // exporter-toolkit keeps this old name working.
        {"RequireClientCert", net::ClientAuthType::kRequireAnyClientCert},
        {"VerifyClientCertIfGiven",
         net::ClientAuthType::kVerifyClientCertIfGiven},
        {"RequireAndVerifyClientCert",
         net::ClientAuthType::kRequireAndVerifyClientCert},
};

// The value named `name` in a table of (name, value) rows; null if absent.
template <typename T, size_t N>
const T* FindByName(const std::pair<std::string_view, T> (&table)[N],
                    std::string_view name) {
  for (const auto& [n, v] : table) {
    if (n == name) return &v;
  }
  return nullptr;
}

// The whole content of the file at `path`; nullopt with *error set to
// "open <path>: <reason>" or "read <path>: <reason>" (a directory fails
// with "Is a directory").
std::optional<std::string> ReadWholeFile(const std::string& path,
                                         std::string* error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "open " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = "read " + path + ": " + std::strerror(errno);
      close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

std::string Join(std::string_view parent, std::string_view child) {
  if (parent.empty()) return std::string(child);
  return std::string(parent) + "." + std::string(child);
}

std::string KindName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "!!map";
    case YAML::NodeType::Sequence:
      return "!!seq";
    default:
      return "!!str";
  }
}

// Parses one web config; every error names the file and the field.
class Parser {
 public:
  explicit Parser(const std::string& path)
      : path_(path), dir_(std::filesystem::path(path).parent_path()) {}

  Status Error(std::string_view field, std::string_view message) const {
    std::string m = path_ + ": ";
    if (!field.empty()) m += std::string(field) + ": ";
    m += message;
    return InvalidArgumentError(m);
  }

  Result<WebConfig> Parse(const YAML::Node& root) {
    WebConfig out;
    if (!root || root.IsNull()) return out;
    RETURN_IF_ERROR(CheckFields(root, "",
                                {"tls_server_config", "http_server_config",
                                 "basic_auth_users", "rate_limit"},
                                "web.Config"));
    if (root["rate_limit"]) {
      return Error("rate_limit", "rate limiting is not supported by tocsin");
    }
    RETURN_IF_ERROR(ParseHttp(root["http_server_config"], &out));
    RETURN_IF_ERROR(ParseUsers(root["basic_auth_users"], &out));
    RETURN_IF_ERROR(ParseTls(root["tls_server_config"], &out));
    return out;
  }

 private:
  Status CheckFields(const YAML::Node& node, std::string_view field,
                     std::initializer_list<std::string_view> known,
                     std::string_view go_type) const {
    if (!node || node.IsNull()) return Status::Ok();
    if (!node.IsMap()) {
      return Error(field, "cannot unmarshal " + KindName(node) + " into " +
                              std::string(go_type));
    }
    for (const auto& kv : node) {
      std::string key = kv.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        return Error(Join(field, key), "field " + key + " not found in type " +
                                           std::string(go_type));
      }
    }
    return Status::Ok();
  }

  Result<std::string> String(const YAML::Node& node,
                             std::string_view field) const {
    if (!node || node.IsNull()) return std::string();
    if (!node.IsScalar()) {
      return Error(field,
                   "cannot unmarshal " + KindName(node) + " into string");
    }
    return node.Scalar();
  }

  Result<bool> Bool(const YAML::Node& node, std::string_view field,
                    bool fallback) const {
    if (!node || node.IsNull()) return fallback;
    bool v = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v)) {
      return Error(field, "cannot unmarshal " + KindName(node) +
                              (node.IsScalar() ? " `" + node.Scalar() + "`"
                                               : std::string()) +
                              " into bool");
    }
    return v;
  }

  Result<std::vector<std::string>> StringList(const YAML::Node& node,
                                              std::string_view field) const {
    std::vector<std::string> out;
    if (!node || node.IsNull()) return out;
    if (!node.IsSequence()) {
      return Error(field,
                   "cannot unmarshal " + KindName(node) + " into []string");
    }
    for (size_t i = 0; i < node.size(); ++i) {
      ASSIGN_OR_RETURN(
          std::string s,
          String(node[i], std::string(field) + "[" + std::to_string(i) + "]"));
      out.push_back(std::move(s));
    }
    return out;
  }

  // exporter-toolkit's JoinDir: relative names resolve against the web
  // config's directory.
  std::string Resolve(const std::string& p) const {
    if (p.empty() || std::filesystem::path(p).is_absolute() || dir_.empty()) {
      return p;
    }
    return (dir_ / p).string();
  }

  Result<std::string> ReadNamedFile(std::string_view field,
                                    std::string_view key,
                                    const std::string& file) const {
    std::string error;
    std::optional<std::string> data = ReadWholeFile(file, &error);
    if (!data) {
      return Error(field, "failed to read " + std::string(key) + " (" + file +
                              "): " + error);
    }
    return *data;
  }

  Status ParseHttp(const YAML::Node& node, WebConfig* out) const {
    const std::string f = "http_server_config";
    RETURN_IF_ERROR(
        CheckFields(node, f, {"http2", "headers"}, "web.HTTPConfig"));
    if (!node || node.IsNull()) return Status::Ok();
    ASSIGN_OR_RETURN(out->http2, Bool(node["http2"], Join(f, "http2"), true));
    const YAML::Node headers = node["headers"];
    const std::string hf = Join(f, "headers");
    if (!headers || headers.IsNull()) return Status::Ok();
    if (!headers.IsMap()) {
      return Error(hf, "cannot unmarshal " + KindName(headers) +
                           " into map[string]string");
    }
    for (const auto& kv : headers) {
      std::string name = kv.first.Scalar();
      std::string field = Join(hf, name);
      ASSIGN_OR_RETURN(std::string value, String(kv.second, field));
      const auto& allowed = AllowedHeaders();
      auto it =
          std::find_if(allowed.begin(), allowed.end(),
                       [&](const AllowedHeader& a) { return a.name == name; });
      if (it == allowed.end()) {
        return Error(field,
                     "HTTP header \"" + name + "\" can not be configured");
      }
      if (!it->values.empty() && std::find(it->values.begin(), it->values.end(),
                                           value) == it->values.end()) {
        std::string list;
        for (std::string_view v : it->values) {
          list += (list.empty() ? "\"" : " \"") + std::string(v) + "\"";
        }
        return Error(field, "invalid value for " + name +
                                ". Expected one of: [" + list +
                                "], but got: \"" + value + "\"");
      }
      if (!value.empty()) out->headers.emplace_back(name, value);
    }
    return Status::Ok();
  }

  Status ParseUsers(const YAML::Node& node, WebConfig* out) const {
    const std::string f = "basic_auth_users";
    if (!node || node.IsNull()) return Status::Ok();
    if (!node.IsMap()) {
      return Error(f, "cannot unmarshal " + KindName(node) +
                          " into map[string]config.Secret");
    }
    for (const auto& kv : node) {
      std::string user = kv.first.Scalar();
      std::string field = Join(f, user);
      ASSIGN_OR_RETURN(std::string hash, String(kv.second, field));
      if (!IsValidBcryptHash(hash)) {
        return Error(field,
                     "invalid bcrypt hash (want \"$2b$\", \"$2y$\" or "
                     "\"$2a$\", a cost 04..31 and 53 characters of salt and "
                     "hash, as `htpasswd -nBC 10 \"\"` prints)");
      }
      out->basic_auth_users[user] = hash;
    }
    return Status::Ok();
  }

  // PEM text from `<name>_file` (read, resolved against the config's
  // directory) or else the inline `<name>`; sets *field to the one used.
  Result<std::string> Pem(const YAML::Node& node, std::string_view name,
                          std::string* field) const {
    const std::string f = "tls_server_config";
    const std::string file_key = std::string(name) + "_file";
    ASSIGN_OR_RETURN(std::string file,
                     String(node[file_key], Join(f, file_key)));
    ASSIGN_OR_RETURN(std::string text,
                     String(node[std::string(name)], Join(f, name)));
    if (file.empty()) {
      *field = Join(f, name);
      return text;
    }
    *field = Join(f, file_key);
    return ReadNamedFile(*field, file_key, Resolve(file));
  }

  Status ParseTls(const YAML::Node& node, WebConfig* out) const {
    const std::string f = "tls_server_config";
    RETURN_IF_ERROR(
        CheckFields(node, f,
                    {"cert", "key", "client_ca", "cert_file", "key_file",
                     "client_auth_type", "client_ca_file", "cipher_suites",
                     "curve_preferences", "min_version", "max_version",
                     "prefer_server_cipher_suites", "client_allowed_sans"},
                    "web.TLSConfig"));
    if (!node || node.IsNull()) return Status::Ok();

    // Decoding errors come first, as in Go's strict unmarshal.
    for (const char* key : {"cert", "cert_file", "key", "key_file", "client_ca",
                            "client_ca_file"}) {
      RETURN_IF_ERROR(String(node[key], Join(f, key)).status());
    }
    net::TlsServerOptions tls;
    for (auto [key, dst] : {std::pair{"min_version", &tls.min_version},
                            std::pair{"max_version", &tls.max_version}}) {
      ASSIGN_OR_RETURN(std::string v, String(node[key], Join(f, key)));
      if (v.empty()) continue;
      const net::TlsVersion* found = FindByName(kTlsVersions, v);
      if (found == nullptr) {
        return Error(Join(f, key), "unknown TLS version: " + v);
      }
      *dst = *found;
    }
    ASSIGN_OR_RETURN(tls.cipher_suites, StringList(node["cipher_suites"],
                                                   Join(f, "cipher_suites")));
    for (size_t i = 0; i < tls.cipher_suites.size(); ++i) {
      const std::string& name = tls.cipher_suites[i];
      if (std::find(std::begin(kGoCipherSuites), std::end(kGoCipherSuites),
                    name) == std::end(kGoCipherSuites)) {
        return Error(Join(f, "cipher_suites[" + std::to_string(i) + "]"),
                     "unknown cipher: " + name);
      }
    }
    ASSIGN_OR_RETURN(
        std::vector<std::string> curves,
        StringList(node["curve_preferences"], Join(f, "curve_preferences")));
    for (size_t i = 0; i < curves.size(); ++i) {
      const std::string_view* group = FindByName(kCurves, curves[i]);
      if (group == nullptr) {
        return Error(Join(f, "curve_preferences[" + std::to_string(i) + "]"),
                     "unknown curve: " + curves[i]);
      }
      tls.curve_preferences.emplace_back(*group);
    }
    ASSIGN_OR_RETURN(tls.prefer_server_cipher_suites,
                     Bool(node["prefer_server_cipher_suites"],
                          Join(f, "prefer_server_cipher_suites"), true));
    ASSIGN_OR_RETURN(tls.client_allowed_sans,
                     StringList(node["client_allowed_sans"],
                                Join(f, "client_allowed_sans")));
    ASSIGN_OR_RETURN(
        std::string client_auth,
        String(node["client_auth_type"], Join(f, "client_auth_type")));

    // exporter-toolkit's TLSConfig.IsEnabled, then validateTLSPaths.
    auto given = [&](const char* key) {
      const YAML::Node v = node[key];
      return v && v.IsScalar() && !v.Scalar().empty();
    };
    bool has_cert = given("cert") || given("cert_file");
    bool has_key = given("key") || given("key_file");
    bool has_ca = given("client_ca") || given("client_ca_file");
    if (!has_cert && !has_key && !has_ca && client_auth.empty()) {
      return Status::Ok();
    }
    if (!has_cert) return Error(f, "missing one of cert or cert_file");
    if (!has_key) return Error(f, "missing one of key or key_file");

    std::string cert_field, key_field, ca_field;
    ASSIGN_OR_RETURN(tls.cert_pem, Pem(node, "cert", &cert_field));
    ASSIGN_OR_RETURN(tls.key_pem, Pem(node, "key", &key_field));
    ASSIGN_OR_RETURN(tls.client_ca_pem, Pem(node, "client_ca", &ca_field));

    const net::ClientAuthType* auth = FindByName(kClientAuthTypes, client_auth);
    if (auth == nullptr) {
      return Error(Join(f, "client_auth_type"),
                   "invalid ClientAuth: " + client_auth);
    }
    tls.client_auth = *auth;
    if (!tls.client_ca_pem.empty() &&
        tls.client_auth == net::ClientAuthType::kNoClientCert) {
      return Error(ca_field,
                   "client CA's have been configured without a Client Auth "
                   "Policy");
    }
    if (node["client_allowed_sans"] && !node["client_allowed_sans"].IsNull() &&
        tls.client_auth != net::ClientAuthType::kRequireAnyClientCert &&
        tls.client_auth != net::ClientAuthType::kRequireAndVerifyClientCert) {
      return Error(Join(f, "client_allowed_sans"),
                   "client_allowed_sans requires client_auth_type to be one "
                   "of RequireAnyClientCert or RequireAndVerifyClientCert");
    }

    Status s = net::CheckTlsServerOptions(tls);
    if (!s.ok()) {
      const std::string& m = s.message();
      std::string field = f;
      if (m.rfind("failed to load X509KeyPair: certificate", 0) == 0) {
        field = cert_field;
      } else if (m.rfind("failed to load X509KeyPair: key", 0) == 0) {
        field = key_field;
      } else if (m.rfind("client_ca:", 0) == 0) {
        return Error(ca_field, m.substr(std::strlen("client_ca: ")));
      } else if (m.rfind("min_version", 0) == 0) {
        field = Join(f, "min_version");
      } else if (m.rfind("unknown cipher", 0) == 0 ||
                 m.rfind("cipher_suites", 0) == 0) {
        field = Join(f, "cipher_suites");
      }
      return Error(field, m);
    }
    out->tls = std::move(tls);
    return Status::Ok();
  }

  std::string path_;
  std::filesystem::path dir_;
};

bool IsBcryptBase64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '/';
}

std::string Sha256(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) !=
      1) {
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(md), len);
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard base64 with padding (Go's base64.StdEncoding). nullopt if
// malformed.
std::optional<std::string> DecodeBase64(std::string_view in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = in[i + static_cast<size_t>(j)];
      if (c == '=') {
        // Padding only in the last quantum's last two places.
        if (i + 4 != in.size() || j < 2) return std::nullopt;
        ++pad;
        v[j] = 0;
        continue;
      }
      if (pad > 0) return std::nullopt;
      v[j] = Base64Value(c);
      if (v[j] < 0) return std::nullopt;
    }
    unsigned n = (static_cast<unsigned>(v[0]) << 18) |
                 (static_cast<unsigned>(v[1]) << 12) |
                 (static_cast<unsigned>(v[2]) << 6) |
                 static_cast<unsigned>(v[3]);
    out.push_back(static_cast<char>((n >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
  }
  return out;
}

}  // namespace

Result<WebConfig> ParseWebConfig(std::string_view yaml,
                                 const std::string& path) {
  Parser parser(path);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return parser.Error(
        "", "yaml: line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  try {
    return parser.Parse(root);
  } catch (const YAML::Exception& e) {
    return parser.Error("", e.what());
  }
}

Result<WebConfig> LoadWebConfigFile(const std::string& path) {
  std::string error;
  std::optional<std::string> data = ReadWholeFile(path, &error);
  if (!data) return InvalidArgumentError(path + ": " + error);
  return ParseWebConfig(*data, path);
}

bool IsValidBcryptHash(std::string_view hash) {
  // "$2b$10$" + 53 characters.
  if (hash.size() != 60 || hash.substr(0, 2) != "$2" || hash[3] != '$' ||
      hash[6] != '$') {
    return false;
  }
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'x' && hash[2] != 'y') {
    return false;
  }
  if (hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9') {
    return false;
  }
  int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < 4 || cost > 31) return false;
  return std::all_of(hash.begin() + 7, hash.end(), IsBcryptBase64);
}

bool BcryptMatches(std::string_view hash, std::string_view password) {
  if (!IsValidBcryptHash(hash)) return false;
  if (password.find('\0') != std::string_view::npos) return false;
  auto data = std::make_unique<crypt_data>();
  std::string phrase(password);
  std::string setting(hash);
  const char* out = crypt_rn(phrase.c_str(), setting.c_str(), data.get(),
                             static_cast<int>(sizeof(crypt_data)));
  bool ok = out != nullptr && std::strlen(out) == hash.size() &&
            CRYPTO_memcmp(out, hash.data(), hash.size()) == 0;
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  return ok;
}

std::optional<std::pair<std::string, std::string>> ParseBasicAuth(
    std::string_view authorization) {
  constexpr std::string_view kPrefix = "Basic ";
  if (authorization.size() < kPrefix.size() ||
      !net::EqualsIgnoreCase(authorization.substr(0, kPrefix.size()),
                             kPrefix)) {
    return std::nullopt;
  }
  std::optional<std::string> decoded =
      DecodeBase64(authorization.substr(kPrefix.size()));
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

BasicAuthenticator::BasicAuthenticator(std::map<std::string, std::string> users,
                                       size_t cache_capacity)
    : users_(std::move(users)), cache_capacity_(cache_capacity) {}

bool BasicAuthenticator::Check(std::string_view user,
                               std::string_view password) const {
  auto it = users_.find(std::string(user));
  bool known = it != users_.end();
  std::string_view hash = known ? std::string_view(it->second) : kDummyHash;
  std::string key = std::string(user);
  key += '\0';
  key += hash;
  key += '\0';
  key += Sha256(password);
  if (known) {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (cache_.count(key) > 0) return true;
  }
  bool ok;
  {
    std::lock_guard<std::mutex> lock(bcrypt_mu_);
    ok = BcryptMatches(hash, password);
  }
  if (!known || !ok) return false;
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (cache_capacity_ == 0) return true;
  if (cache_.size() >= cache_capacity_) cache_.clear();
  cache_.insert(std::move(key));
  return true;
}

size_t BasicAuthenticator::CachedForTest() const {
  std::lock_guard<std::mutex> lock(cache_mu_);
  return cache_.size();
}

net::HttpHandler ApplyWebConfig(const WebConfig& config,
                                net::HttpHandler inner) {
  std::shared_ptr<const BasicAuthenticator> auth;
  if (!config.basic_auth_users.empty()) {
    auth = std::make_shared<const BasicAuthenticator>(config.basic_auth_users);
  }
  return [auth, headers = config.headers,
          inner = std::move(inner)](const net::HttpRequest& req) {
    bool allowed = auth == nullptr;
    if (!allowed) {
      if (auto value = req.headers.Get("Authorization")) {
        if (auto creds = ParseBasicAuth(*value)) {
          allowed = auth->Check(creds->first, creds->second);
        }
      }
    }
    net::HttpResponse res;
    if (allowed) {
      res = inner(req);
    } else {
      res = net::HttpResponse::Text(401, "Unauthorized\n");
      res.headers.Set("WWW-Authenticate", "Basic");
      res.headers.Set("X-Content-Type-Options", "nosniff");
    }
    for (const auto& [name, value] : headers) {
      if (!res.headers.Has(name)) res.headers.Set(name, value);
    }
    return res;
  };
}

}  // namespace tocsin::server
