#include "net/tls.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "net/http_client.h"
#include "net/http_server.h"

#ifndef TOCSIN_NET_TLS_TESTDATA
#error "TOCSIN_NET_TLS_TESTDATA must point at src/net/tls_testdata"
#endif

namespace tocsin::net {
namespace {

std::string DataPath(const std::string& name) {
  return std::string(TOCSIN_NET_TLS_TESTDATA) + "/" + name;
}

std::string ReadData(const std::string& name) {
  std::ifstream in(DataPath(name));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TlsServerOptions ServerTls() {
  TlsServerOptions o;
  o.cert_pem = ReadData("server.crt");
  o.key_pem = ReadData("server.key");
  return o;
}

HttpResponse Hello(const HttpRequest& r) {
  return HttpResponse::Text(200, "hello " + r.path);
}

std::unique_ptr<HttpServer> StartTls(TlsServerOptions tls) {
  HttpServerOptions o;
  o.listen_address = "127.0.0.1:0";
  o.tls = std::move(tls);
  o.request_timeout = std::chrono::seconds(10);
  auto s = HttpServer::Start(o, Hello);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(s).value() : nullptr;
}

// GET https://127.0.0.1:<port>/x trusting ca.crt, optionally presenting
// the client certificate `client` ("client" or "rogue"; "" for none).
Result<HttpClientResponse> Get(const HttpServer& s, const std::string& client,
                               const std::string& host = "127.0.0.1") {
  HttpClient http(HttpClientOptions{0});
  HttpClientRequest req;
  req.url = "https://" + host + ":" + std::to_string(s.LocalPort()) + "/x";
  req.ca_file = DataPath("ca.crt");
  if (!client.empty()) {
    req.cert_file = DataPath(client + ".crt");
    req.key_file = DataPath(client + ".key");
  }
  req.timeout = std::chrono::seconds(10);
  return http.Do(req);
}

TEST(CheckTlsServerOptionsTest, AcceptsAGoodPair) {
  EXPECT_TRUE(CheckTlsServerOptions(ServerTls()).ok());
}

TEST(CheckTlsServerOptionsTest, RejectsBadMaterial) {
  TlsServerOptions o = ServerTls();
  o.cert_pem = "not a certificate";
  Status s = CheckTlsServerOptions(o);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("failed to load X509KeyPair: certificate: ", 0),
            0u)
      << s;

  o = ServerTls();
  o.key_pem = "garbage";
  s = CheckTlsServerOptions(o);
  EXPECT_EQ(s.message().rfind("failed to load X509KeyPair: key: ", 0), 0u) << s;

  o = ServerTls();
  o.key_pem = ReadData("client.key");  // Valid key, wrong certificate.
  s = CheckTlsServerOptions(o);
  EXPECT_EQ(s.message(),
            "failed to load X509KeyPair: private key does not match public "
            "key")
      << s;

  o = ServerTls();
  o.client_ca_pem = "no pem here";
  o.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  EXPECT_EQ(CheckTlsServerOptions(o).message(),
            "client_ca: no certificate found");

  o = ServerTls();
  o.cipher_suites = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_NOPE"};
  EXPECT_EQ(CheckTlsServerOptions(o).message(), "unknown cipher: TLS_NOPE");

  o = ServerTls();
  o.min_version = TlsVersion::kTls13;
  o.max_version = TlsVersion::kTls12;
  EXPECT_EQ(CheckTlsServerOptions(o).message(),
            "min_version is greater than max_version");
}

TEST(TlsServerTest, ServesHttps) {
  auto server = StartTls(ServerTls());
  ASSERT_NE(server, nullptr);
  auto res = Get(*server, "");
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello /x");
  // The certificate names localhost too.
  res = Get(*server, "", "localhost");
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200);

  // Plain HTTP to the TLS port gets no HTTP answer.
  HttpClient http(HttpClientOptions{0});
  HttpClientRequest plain;
  plain.url = "http://127.0.0.1:" + std::to_string(server->LocalPort()) + "/x";
  plain.timeout = std::chrono::seconds(10);
  auto p = http.Do(plain);
  EXPECT_FALSE(p.ok() && p->status == 200);
}

TEST(TlsServerTest, UntrustedServerCertificateIsRefusedByTheClient) {
  TlsServerOptions o = ServerTls();
  o.cert_pem = ReadData("rogue.crt");
  o.key_pem = ReadData("rogue.key");
  auto server = StartTls(o);
  ASSERT_NE(server, nullptr);
  auto res = Get(*server, "");
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kUnavailable);
}

TEST(TlsServerTest, RequireAndVerifyClientCert) {
  TlsServerOptions o = ServerTls();
  o.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  o.client_ca_pem = ReadData("ca.crt");
  auto server = StartTls(o);
  ASSERT_NE(server, nullptr);
  auto res = Get(*server, "client");
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(Get(*server, "").ok());
  EXPECT_FALSE(Get(*server, "rogue").ok());
}

TEST(TlsServerTest, VerifyClientCertIfGiven) {
  TlsServerOptions o = ServerTls();
  o.client_auth = ClientAuthType::kVerifyClientCertIfGiven;
  o.client_ca_pem = ReadData("ca.crt");
  auto server = StartTls(o);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Get(*server, "").ok());
  EXPECT_TRUE(Get(*server, "client").ok());
  EXPECT_FALSE(Get(*server, "rogue").ok());
}

TEST(TlsServerTest, RequireAnyClientCertDoesNotVerify) {
  TlsServerOptions o = ServerTls();
  o.client_auth = ClientAuthType::kRequireAnyClientCert;
  auto server = StartTls(o);
  ASSERT_NE(server, nullptr);
  EXPECT_FALSE(Get(*server, "").ok());
  EXPECT_TRUE(Get(*server, "rogue").ok());
  EXPECT_TRUE(Get(*server, "client").ok());
}

TEST(TlsServerTest, RequestClientCertAcceptsAnything) {
  TlsServerOptions o = ServerTls();
  o.client_auth = ClientAuthType::kRequestClientCert;
  auto server = StartTls(o);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Get(*server, "").ok());
  EXPECT_TRUE(Get(*server, "rogue").ok());
}

TEST(TlsServerTest, ClientAllowedSans) {
  TlsServerOptions o = ServerTls();
  o.client_auth = ClientAuthType::kRequireAndVerifyClientCert;
  o.client_ca_pem = ReadData("ca.crt");
  o.client_allowed_sans = {"nope", "spiffe://example/client"};
  auto server = StartTls(o);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Get(*server, "client").ok());
  for (const char* san : {"ops@example.com", "10.0.0.1", "client.example"}) {
    o.client_allowed_sans = {san};
    auto s2 = StartTls(o);
    ASSERT_NE(s2, nullptr);
    EXPECT_TRUE(Get(*s2, "client").ok()) << san;
  }
  o.client_allowed_sans = {"other.example"};
  auto s3 = StartTls(o);
  ASSERT_NE(s3, nullptr);
  auto res = Get(*s3, "client");
  EXPECT_FALSE(res.ok());
}

TEST(TlsServerTest, CipherSuitesAndVersions) {
  TlsServerOptions o = ServerTls();
  o.max_version = TlsVersion::kTls12;
  o.cipher_suites = {"TLS_AES_128_GCM_SHA256",  // TLS 1.3: ignored.
                     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"};
  o.curve_preferences = {"P-256", "X25519"};
  auto server = StartTls(o);
  ASSERT_NE(server, nullptr);
  auto res = Get(*server, "");
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200);

  // Only an RSA suite: the ECDSA certificate cannot be used with it.
  o.cipher_suites = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
  auto rsa_only = StartTls(o);
  ASSERT_NE(rsa_only, nullptr);
  EXPECT_FALSE(Get(*rsa_only, "").ok());
}

TEST(TlsServerTest, KeepAliveThenStop) {
  auto server = StartTls(ServerTls());
  ASSERT_NE(server, nullptr);
  HttpClient http(HttpClientOptions{1});  // Reuses one connection.
  HttpClientRequest req;
  req.url = "https://127.0.0.1:" + std::to_string(server->LocalPort()) + "/a";
  req.ca_file = DataPath("ca.crt");
  req.timeout = std::chrono::seconds(10);
  for (int i = 0; i < 3; ++i) {
    auto res = http.Do(req);
    ASSERT_TRUE(res.ok()) << res.status();
    EXPECT_EQ(res->body, "hello /a");
  }
  server->Stop();  // Closes the idle TLS connection and returns.
  EXPECT_FALSE(http.Do(req).ok());
}

TEST(TlsServerTest, SilentClientIsClosedAfterRequestTimeout) {
  HttpServerOptions o;
  o.listen_address = "127.0.0.1:0";
  o.tls = ServerTls();
  o.request_timeout = std::chrono::milliseconds(200);
  auto server = HttpServer::Start(o, Hello);
  ASSERT_TRUE(server.ok()) << server.status();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>((*server)->LocalPort()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};  // Bounds the wait if the server never closes.
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  char buf[16];
  // No ClientHello is sent: the server gives up on the handshake.
  EXPECT_EQ(recv(fd, buf, sizeof(buf), 0), 0);
  close(fd);
}

TEST(TlsServerTest, StartRejectsBadOptions) {
  HttpServerOptions o;
  o.tls = ServerTls();
  o.tls->key_pem = "";
  auto s = HttpServer::Start(o, Hello);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tocsin::net
