#include "server/web_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "metrics/registry.h"
#include "net/http_client.h"
#include "server/web.h"

#ifndef TOCSIN_WEB_CONFIG_TESTDATA
#error "TOCSIN_WEB_CONFIG_TESTDATA must point at src/server/testdata/web_config"
#endif
#ifndef TOCSIN_NET_TLS_TESTDATA
#error "TOCSIN_NET_TLS_TESTDATA must point at src/net/tls_testdata"
#endif

namespace tocsin::server {
namespace {

namespace fs = std::filesystem;

// Password "s3cret" and "hunter2", bcrypt cost 4.
constexpr char kAliceHash[] =
    "$2b$04$8WIkOZxsCMvuSoIinSEpleB8NT0OISMqSNNerVNYw5xtSGh/oVB5K";
constexpr char kBobHash[] =
    "$2b$04$qNwSpj/t0UbmQfm8tleo/Oez01tNSKg7nVqGqIBwbrKd2fU0iEvYS";

std::string Tls(const std::string& name) {
  return std::string(TOCSIN_NET_TLS_TESTDATA) + "/" + name;
}

std::string Basic(const std::string& user_pass) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < user_pass.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(user_pass[i]) << 16) |
                 (static_cast<unsigned char>(user_pass[i + 1]) << 8) |
                 static_cast<unsigned char>(user_pass[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  size_t rest = user_pass.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned char>(user_pass[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(user_pass[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return "Basic " + out;
}

// A scratch directory removed at the end of each test.
class WebConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (fs::temp_directory_path() / "tocsin-webcfg-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Writes `yaml` to <dir>/web.yml and loads it.
  Result<WebConfig> Load(const std::string& yaml) {
    std::ofstream(Path()) << yaml;
    return LoadWebConfigFile(Path());
  }
  std::string Path() const { return (dir_ / "web.yml").string(); }
  // The error message of loading `yaml`, or "ok".
  std::string LoadError(const std::string& yaml) {
    auto c = Load(yaml);
    if (c.ok()) return "ok";
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
    return c.status().message();
  }
  // A tls_server_config with the test server certificate plus `extra`
  // (indented lines).
  std::string TlsYaml(const std::string& extra) const {
    return "tls_server_config:\n  cert_file: " + Tls("server.crt") +
           "\n  key_file: " + Tls("server.key") + "\n" + extra;
  }

  fs::path dir_;
};

TEST_F(WebConfigTest, EmptyFileMeansPlainHttpWithoutAuth) {
  auto c = Load("");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->tls.has_value());
  EXPECT_TRUE(c->headers.empty());
  EXPECT_TRUE(c->http2);
  EXPECT_TRUE(c->basic_auth_users.empty());
  // TLS fields that do not enable TLS on their own.
  c = Load(
      "tls_server_config:\n  min_version: TLS13\nhttp_server_config: {}\n"
      "basic_auth_users: {}\n");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->tls.has_value());
}

TEST_F(WebConfigTest, GoodFileWithRelativePaths) {
  auto c =
      LoadWebConfigFile(std::string(TOCSIN_WEB_CONFIG_TESTDATA) + "/good.yml");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->tls.has_value());
  const net::TlsServerOptions& t = *c->tls;
  EXPECT_NE(t.cert_pem.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_NE(t.key_pem.find("PRIVATE KEY"), std::string::npos);
  EXPECT_NE(t.client_ca_pem.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_EQ(t.client_auth, net::ClientAuthType::kVerifyClientCertIfGiven);
  EXPECT_EQ(t.min_version, net::TlsVersion::kTls12);
  EXPECT_EQ(t.max_version, net::TlsVersion::kTls13);
  EXPECT_EQ(t.cipher_suites, (std::vector<std::string>{
                                 "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                                 "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"}));
  EXPECT_FALSE(t.prefer_server_cipher_suites);
  EXPECT_EQ(t.curve_preferences, (std::vector<std::string>{"P-256", "X25519"}));
  EXPECT_FALSE(c->http2);
  // The blank Content-Security-Policy is dropped.
  EXPECT_EQ(c->headers,
            (std::vector<std::pair<std::string, std::string>>{
                {"X-Frame-Options", "deny"},
                {"Strict-Transport-Security", "max-age=31536000"}}));
  ASSERT_EQ(c->basic_auth_users.size(), 2u);
  EXPECT_EQ(c->basic_auth_users.at("alice"), kAliceHash);
}

TEST_F(WebConfigTest, InlineCertificateKeyAndCa) {
  auto read = [](const std::string& name) {
    std::ifstream in(Tls(name));
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  auto indent = [](const std::string& pem) {
    std::string out;
    for (char ch : pem) {
      out += ch;
      if (ch == '\n') out += "    ";
    }
    return out;
  };
  std::string yaml = "tls_server_config:\n  cert: |\n    " +
                     indent(read("server.crt")) + "\n  key: |\n    " +
                     indent(read("server.key")) + "\n  client_ca: |\n    " +
                     indent(read("ca.crt")) +
                     "\n  client_auth_type: RequireClientCert\n";
  auto c = Load(yaml);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(c->tls.has_value());
  EXPECT_EQ(c->tls->client_auth, net::ClientAuthType::kRequireAnyClientCert);
  EXPECT_NE(c->tls->client_ca_pem.find("BEGIN CERTIFICATE"), std::string::npos);
}

TEST_F(WebConfigTest, EveryClientAuthType) {
  const std::pair<const char*, net::ClientAuthType> cases[] = {
      {"NoClientCert", net::ClientAuthType::kNoClientCert},
      {"RequestClientCert", net::ClientAuthType::kRequestClientCert},
      {"RequireAnyClientCert", net::ClientAuthType::kRequireAnyClientCert},
      {"VerifyClientCertIfGiven",
       net::ClientAuthType::kVerifyClientCertIfGiven},
      {"RequireAndVerifyClientCert",
       net::ClientAuthType::kRequireAndVerifyClientCert},
  };
  for (const auto& [name, want] : cases) {
    auto c = Load(TlsYaml(std::string("  client_auth_type: ") + name + "\n"));
    ASSERT_TRUE(c.ok()) << name << ": " << c.status();
    EXPECT_EQ(c->tls->client_auth, want) << name;
  }
}

TEST_F(WebConfigTest, BadFiles) {
  const std::string p = Path();
  EXPECT_EQ(LoadError("- a\n"), p + ": cannot unmarshal !!seq into web.Config");
  EXPECT_EQ(LoadError("foo: 1\n"),
            p + ": foo: field foo not found in type web.Config");
  EXPECT_EQ(LoadError("rate_limit:\n  burst: 1\n"),
            p + ": rate_limit: rate limiting is not supported by tocsin");
  EXPECT_EQ(LoadError("tls_server_config:\n  certfile: x\n"),
            p + ": tls_server_config.certfile: field certfile not found in "
                "type web.TLSConfig");
  EXPECT_EQ(LoadError("http_server_config:\n  http3: true\n"),
            p + ": http_server_config.http3: field http3 not found in type "
                "web.HTTPConfig");
  EXPECT_EQ(LoadError("http_server_config:\n  http2: maybe\n"),
            p + ": http_server_config.http2: cannot unmarshal !!str `maybe` "
                "into bool");
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: [a]\n"),
            p + ": tls_server_config.cert_file: cannot unmarshal !!seq into "
                "string");
  EXPECT_EQ(LoadError("a: [\n").rfind(p + ": yaml: line ", 0), 0u);
}

TEST_F(WebConfigTest, MissingFile) {
  std::string missing = (dir_ / "nope.yml").string();
  auto c = LoadWebConfigFile(missing);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            missing + ": open " + missing + ": No such file or directory");
  std::string dir = dir_.string();
  c = LoadWebConfigFile(dir);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), dir + ": read " + dir + ": Is a directory");
}

TEST_F(WebConfigTest, BadTls) {
  const std::string p = Path();
  const std::string f = p + ": tls_server_config";
  EXPECT_EQ(LoadError("tls_server_config:\n  key_file: k\n"),
            f + ": missing one of cert or cert_file");
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: c\n"),
            f + ": missing one of key or key_file");
  EXPECT_EQ(LoadError("tls_server_config:\n  client_auth_type: "
                      "RequireAndVerifyClientCert\n"),
            f + ": missing one of cert or cert_file");
  // Presence is checked before any file is read.
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: /nonexistent/c\n"),
            f + ": missing one of key or key_file");
  // A relative name resolves against the web config's directory.
  std::string missing = (dir_ / "missing.crt").string();
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: missing.crt\n"
                      "  key_file: " +
                      Tls("server.key") + "\n"),
            f + ".cert_file: failed to read cert_file (" + missing +
                "): open " + missing + ": No such file or directory");
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: " + Tls("server.crt") +
                      "\n  key_file: /nonexistent/k\n"),
            f + ".key_file: failed to read key_file (/nonexistent/k): open "
                "/nonexistent/k: No such file or directory");
  EXPECT_EQ(LoadError(TlsYaml("  client_auth_type: RequireAndVerify\n")),
            f + ".client_auth_type: invalid ClientAuth: RequireAndVerify");
  EXPECT_EQ(LoadError(TlsYaml("  min_version: TLS14\n")),
            f + ".min_version: unknown TLS version: TLS14");
  EXPECT_EQ(LoadError(TlsYaml("  max_version: 1.2\n")),
            f + ".max_version: unknown TLS version: 1.2");
  EXPECT_EQ(LoadError(TlsYaml("  min_version: TLS13\n  max_version: TLS12\n")),
            f + ".min_version: min_version is greater than max_version");
  EXPECT_EQ(LoadError(TlsYaml("  cipher_suites: [TLS_AES_128_GCM_SHA256, "
                              "TLS_RSA_WITH_RC4_128_SHA]\n")),
            f + ".cipher_suites[1]: unknown cipher: TLS_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(LoadError(TlsYaml("  curve_preferences: [P-256]\n")),
            f + ".curve_preferences[0]: unknown curve: P-256");
  EXPECT_EQ(LoadError(TlsYaml("  client_ca_file: " + Tls("ca.crt") + "\n")),
            f + ".client_ca_file: client CA's have been configured without a "
                "Client Auth Policy");
  EXPECT_EQ(LoadError(TlsYaml("  client_auth_type: VerifyClientCertIfGiven\n"
                              "  client_allowed_sans: [a]\n")),
            f + ".client_allowed_sans: client_allowed_sans requires "
                "client_auth_type to be one of RequireAnyClientCert or "
                "RequireAndVerifyClientCert");
  EXPECT_EQ(LoadError(TlsYaml("  client_auth_type: RequireAndVerifyClientCert"
                              "\n  client_ca: nothing\n")),
            f + ".client_ca: no certificate found");
  // Unusable material: a CA as the key file, a mismatched key.
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: " + Tls("server.crt") +
                      "\n  key_file: " + Tls("ca.crt") + "\n")
                .rfind(f + ".key_file: failed to load X509KeyPair: key: ", 0),
            0u);
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: " + Tls("server.key") +
                      "\n  key_file: " + Tls("server.key") + "\n")
                .rfind(f + ".cert_file: failed to load X509KeyPair: "
                           "certificate: ",
                       0),
            0u);
  EXPECT_EQ(LoadError("tls_server_config:\n  cert_file: " + Tls("server.crt") +
                      "\n  key_file: " + Tls("client.key") + "\n"),
            f + ": failed to load X509KeyPair: private key does not match "
                "public key");
}

TEST_F(WebConfigTest, BadHeadersAndUsers) {
  const std::string p = Path();
  EXPECT_EQ(LoadError("http_server_config:\n  headers:\n    Server: x\n"),
            p + ": http_server_config.headers.Server: HTTP header \"Server\" "
                "can not be configured");
  EXPECT_EQ(
      LoadError("http_server_config:\n  headers:\n    X-Frame-Options: DENY\n"),
      p + ": http_server_config.headers.X-Frame-Options: invalid value for "
          "X-Frame-Options. Expected one of: [\"deny\" \"sameorigin\"], but "
          "got: \"DENY\"");
  EXPECT_EQ(LoadError("http_server_config:\n  headers:\n"
                      "    X-Content-Type-Options: sniff\n"),
            p + ": http_server_config.headers.X-Content-Type-Options: invalid "
                "value for X-Content-Type-Options. Expected one of: "
                "[\"nosniff\"], but got: \"sniff\"");
  const std::string bad_hash =
      ": invalid bcrypt hash (want \"$2b$\", \"$2y$\" or \"$2a$\", a cost "
      "04..31 and 53 characters of salt and hash, as `htpasswd -nBC 10 "
      "\"\"` prints)";
  EXPECT_EQ(LoadError("basic_auth_users:\n  alice: s3cret\n"),
            p + ": basic_auth_users.alice" + bad_hash);
  EXPECT_EQ(LoadError("basic_auth_users:\n  carol:\n"),
            p + ": basic_auth_users.carol" + bad_hash);
  EXPECT_EQ(LoadError("basic_auth_users: [a]\n"),
            p + ": basic_auth_users: cannot unmarshal !!seq into "
                "map[string]config.Secret");
}

TEST(BcryptTest, ValidHashes) {
  EXPECT_TRUE(IsValidBcryptHash(kAliceHash));
  EXPECT_TRUE(IsValidBcryptHash(
      "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"));
  EXPECT_TRUE(IsValidBcryptHash(
      "$2a$31$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"));
  EXPECT_FALSE(IsValidBcryptHash(""));
  EXPECT_FALSE(IsValidBcryptHash(  // Cost 03.
      "$2y$03$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"));
  EXPECT_FALSE(IsValidBcryptHash(  // Cost 32.
      "$2y$32$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"));
  EXPECT_FALSE(IsValidBcryptHash(  // One character short.
      "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7z"));
  EXPECT_FALSE(IsValidBcryptHash(  // '+' is not in bcrypt's alphabet.
      "$2y$10$X0h1gDsPszWURQaxFh+zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"));
  EXPECT_FALSE(IsValidBcryptHash(  // SHA-512 crypt.
      "$6$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zGabcdefgh"));
}

TEST(BcryptTest, Matches) {
  EXPECT_TRUE(BcryptMatches(kAliceHash, "s3cret"));
  EXPECT_FALSE(BcryptMatches(kAliceHash, "s3cret "));
  EXPECT_FALSE(BcryptMatches(kAliceHash, ""));
  EXPECT_TRUE(BcryptMatches(kBobHash, "hunter2"));
  // $2y$ and $2b$ are the same algorithm.
  std::string y = kBobHash;
  y[2] = 'y';
  EXPECT_TRUE(BcryptMatches(y, "hunter2"));
  EXPECT_FALSE(BcryptMatches(y, "hunter3"));
  EXPECT_FALSE(BcryptMatches("not a hash", "hunter2"));
  EXPECT_FALSE(BcryptMatches(kBobHash, std::string("hunter2\0x", 9)));
}

TEST(ParseBasicAuthTest, GoSemantics) {
  auto c = ParseBasicAuth(Basic("alice:s3cret"));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->first, "alice");
  EXPECT_EQ(c->second, "s3cret");
  // The scheme is case-insensitive; the password keeps further colons.
  c = ParseBasicAuth("bAsIc " + Basic("a:b:c").substr(6));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->first, "a");
  EXPECT_EQ(c->second, "b:c");
  c = ParseBasicAuth(Basic(":"));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->first, "");
  EXPECT_EQ(c->second, "");
  EXPECT_FALSE(ParseBasicAuth(Basic("nocolon")).has_value());
  EXPECT_FALSE(ParseBasicAuth("Bearer abc").has_value());
  EXPECT_FALSE(ParseBasicAuth("Basic").has_value());
  c = ParseBasicAuth("Basic YWxpY2U6czNjcmV0");  // No padding needed.
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->second, "s3cret");
  EXPECT_FALSE(ParseBasicAuth("Basic YWxpY2U6czNjcmV").has_value());
  EXPECT_FALSE(ParseBasicAuth("Basic YW=pY2U6").has_value());
  EXPECT_FALSE(ParseBasicAuth("Basic  " + Basic("a:b").substr(6)).has_value());
}

TEST(BasicAuthenticatorTest, ChecksAndCachesSuccesses) {
  BasicAuthenticator auth({{"alice", kAliceHash}, {"bob", kBobHash}}, 2);
  EXPECT_TRUE(auth.Check("alice", "s3cret"));
  EXPECT_EQ(auth.CachedForTest(), 1u);
  EXPECT_TRUE(auth.Check("alice", "s3cret"));  // From the cache.
  EXPECT_EQ(auth.CachedForTest(), 1u);
  EXPECT_FALSE(auth.Check("alice", "hunter2"));
  EXPECT_FALSE(auth.Check("bob", "s3cret"));
  EXPECT_FALSE(auth.Check("carol", "s3cret"));  // Unknown user.
  EXPECT_FALSE(auth.Check("Alice", "s3cret"));  // Names are case-sensitive.
  EXPECT_EQ(auth.CachedForTest(), 1u);          // Failures are not cached.
  EXPECT_TRUE(auth.Check("bob", "hunter2"));
  EXPECT_EQ(auth.CachedForTest(), 2u);
  // Full: the cache restarts, so it never holds more than its capacity.
  BasicAuthenticator one({{"alice", kAliceHash}, {"bob", kBobHash}}, 1);
  EXPECT_TRUE(one.Check("alice", "s3cret"));
  EXPECT_TRUE(one.Check("bob", "hunter2"));
  EXPECT_EQ(one.CachedForTest(), 1u);
  EXPECT_TRUE(one.Check("alice", "s3cret"));
}

net::HttpResponse Ok(const net::HttpRequest& r) {
  net::HttpResponse res = net::HttpResponse::Text(200, "ok " + r.path);
  if (r.path == "/own") res.headers.Set("X-Frame-Options", "sameorigin");
  return res;
}

TEST(ApplyWebConfigTest, AuthAndHeaders) {
  WebConfig config;
  config.basic_auth_users = {{"alice", kAliceHash}};
  config.headers = {{"X-Frame-Options", "deny"},
                    {"Strict-Transport-Security", "max-age=1"}};
  net::HttpHandler h = ApplyWebConfig(config, Ok);

  net::HttpRequest req = net::HttpRequest::Make("GET", "/-/healthy");
  net::HttpResponse res = h(req);
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.body, "Unauthorized\n");
  EXPECT_EQ(res.headers.Get("WWW-Authenticate").value_or(""), "Basic");
  EXPECT_EQ(res.headers.Get("X-Content-Type-Options").value_or(""), "nosniff");
  EXPECT_EQ(res.headers.Get("X-Frame-Options").value_or(""), "deny");

  req.headers.Set("Authorization", Basic("alice:wrong"));
  EXPECT_EQ(h(req).status, 401);
  req.headers.Set("Authorization", "Basic !!!");
  EXPECT_EQ(h(req).status, 401);

  req.headers.Set("Authorization", Basic("alice:s3cret"));
  res = h(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "ok /-/healthy");
  EXPECT_EQ(res.headers.Get("X-Frame-Options").value_or(""), "deny");
  EXPECT_EQ(res.headers.Get("Strict-Transport-Security").value_or(""),
            "max-age=1");
  EXPECT_FALSE(res.headers.Has("WWW-Authenticate"));

  // A header the handler sets itself wins.
  req = net::HttpRequest::Make("GET", "/own");
  req.headers.Set("Authorization", Basic("alice:s3cret"));
  EXPECT_EQ(h(req).headers.Get("X-Frame-Options").value_or(""), "sameorigin");

  // Without users, nothing is asked.
  WebConfig open;
  EXPECT_EQ(ApplyWebConfig(open, Ok)(net::HttpRequest::Make("GET", "/")).status,
            200);
}

// StartWeb with a web config: HTTPS with basic auth, checked with libcurl.
TEST(StartWebTest, HttpsWithBasicAuth) {
  auto config =
      LoadWebConfigFile(std::string(TOCSIN_WEB_CONFIG_TESTDATA) + "/good.yml");
  ASSERT_TRUE(config.ok()) << config.status();
  metrics::Registry registry;
  WebOptions options;
  options.listen_address = "127.0.0.1:0";
  options.route_prefix = "/";
  options.ready = [] { return true; };
  options.web_config = *config;
  auto server = StartWeb(options, BuildEndpoints(options, registry), registry);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string base =
      "://127.0.0.1:" + std::to_string((*server)->LocalPort());

  net::HttpClient client(net::HttpClientOptions{0});
  auto get = [&](const std::string& path, const std::string& user_pass,
                 const std::string& cert = "") {
    net::HttpClientRequest req;
    req.url = "https" + base + path;
    req.ca_file = Tls("ca.crt");
    if (!cert.empty()) {
      req.cert_file = Tls(cert + ".crt");
      req.key_file = Tls(cert + ".key");
    }
    if (!user_pass.empty()) req.headers.Set("Authorization", Basic(user_pass));
    req.timeout = std::chrono::seconds(10);
    return client.Do(req);
  };

  auto res = get("/-/healthy", "");
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->body, "Unauthorized\n");
  EXPECT_EQ(res->headers.Get("WWW-Authenticate").value_or(""), "Basic");
  EXPECT_EQ(res->headers.Get("X-Frame-Options").value_or(""), "deny");

  res = get("/-/healthy", "alice:wrong");
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 401);

  res = get("/-/healthy", "alice:s3cret");
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "OK");
  EXPECT_EQ(res->headers.Get("Strict-Transport-Security").value_or(""),
            "max-age=31536000");

  res = get("/metrics", "bob:hunter2", "client");  // Verified client cert.
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200);

  // VerifyClientCertIfGiven: an untrusted client certificate fails the
  // handshake.
  EXPECT_FALSE(get("/-/healthy", "alice:s3cret", "rogue").ok());

  // Plain HTTP is not served.
  net::HttpClientRequest plain;
  plain.url = "http" + base + "/-/healthy";
  plain.timeout = std::chrono::seconds(10);
  auto p = client.Do(plain);
  EXPECT_FALSE(p.ok() && p->status == 200);
}

}  // namespace
}  // namespace tocsin::server
