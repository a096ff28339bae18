#include "net/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>

#include "net/http_client.h"

namespace tocsin::net {
namespace {

// Echoes the request as "METHOD path q=<query a> h=<X-Test> body=<body>".
HttpResponse Echo(const HttpRequest& r) {
  HttpResponse res = HttpResponse::Text(
      200, r.method + " " + r.path +
               " q=" + std::string(r.QueryParam("a").value_or("-")) +
               " h=" + std::string(r.headers.Get("x-test").value_or("-")) +
               " body=" + r.body);
  res.headers.Set("X-Reply", "yes");
  if (r.path == "/status/418") res.status = 418;
  return res;
}

std::unique_ptr<HttpServer> StartServer(HttpHandler h,
                                        HttpServerOptions o = {}) {
  o.listen_address = "127.0.0.1:0";
  auto s = HttpServer::Start(o, std::move(h));
  EXPECT_TRUE(s.ok()) << s.status();
  return std::move(s).value();
}

std::string Url(const HttpServer& s, const std::string& target) {
  return "http://127.0.0.1:" + std::to_string(s.LocalPort()) + target;
}

// Sends raw bytes on a fresh connection and reads until the peer closes
// (bounded by a 10 s receive timeout).
std::string RawExchange(int port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return "connect failed";
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n =
        send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

TEST(SplitHostPortTest, Forms) {
  std::string host;
  int port = -1;
  ASSERT_TRUE(SplitHostPort(":9093", &host, &port).ok());
  EXPECT_EQ(host, "");
  EXPECT_EQ(port, 9093);
  ASSERT_TRUE(SplitHostPort("[::1]:80", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 80);
  ASSERT_TRUE(SplitHostPort("localhost:0", &host, &port).ok());
  EXPECT_EQ(host, "localhost");
  EXPECT_EQ(SplitHostPort("9093", &host, &port).message(),
            "address 9093: missing port in address");
  EXPECT_EQ(SplitHostPort("a:b:1", &host, &port).message(),
            "address a:b:1: too many colons in address");
  EXPECT_EQ(SplitHostPort("a:99999", &host, &port).message(),
            "address a:99999: invalid port");
}

TEST(HttpServerTest, ServesRequestsToTheClient) {
  auto server = StartServer(Echo);
  ASSERT_NE(server, nullptr);
  EXPECT_GT(server->LocalPort(), 0);
  HttpClient client;

  HttpClientRequest get;
  get.url = Url(*server, "/hello?a=x%20y");
  get.headers.Set("X-Test", "v1");
  auto r = client.Do(get);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "GET /hello q=x y h=v1 body=");
  EXPECT_EQ(r->headers.Get("x-reply"), "yes");
  EXPECT_EQ(r->headers.Get("content-type"), "text/plain; charset=utf-8");

  HttpClientRequest post;
  post.method = "POST";
  post.url = Url(*server, "/status/418");
  post.body = "payload";
  post.headers.Set("Content-Type", "application/json");
  r = client.Do(post);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 418);
  EXPECT_EQ(r->body, "POST /status/418 q=- h=- body=payload");
  server->Stop();
}

TEST(HttpServerTest, HeadSendsLengthWithoutBody) {
  auto server = StartServer(Echo);
  std::string out =
      RawExchange(server->LocalPort(),
                  "HEAD /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Content-Length: 21\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n") << out;
}

TEST(HttpServerTest, PipelinedKeepAliveRequestsAnsweredInOrder) {
  auto server = StartServer(Echo);
  std::string out = RawExchange(
      server->LocalPort(),
      "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
      "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
      "GET /three HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  size_t one = out.find("GET /one q=- h=- body=");
  size_t two = out.find("POST /two q=- h=- body=abc");
  size_t three = out.find("GET /three q=- h=- body=");
  ASSERT_NE(one, std::string::npos) << out;
  ASSERT_NE(two, std::string::npos) << out;
  ASSERT_NE(three, std::string::npos) << out;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
}

TEST(HttpServerTest, ExpectContinueIsAnswered) {
  auto server = StartServer(Echo);
  std::string out =
      RawExchange(server->LocalPort(),
                  "POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                  "Content-Length: 2\r\nConnection: close\r\n\r\nhi");
  EXPECT_EQ(out.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 0),
            0u)
      << out;
  EXPECT_NE(out.find("POST /e q=- h=- body=hi"), std::string::npos) << out;
}

TEST(HttpServerTest, BodyTooLargeIs413) {
  HttpServerOptions o;
  o.max_body_bytes = 10;
  std::atomic<int> calls{0};
  auto server = StartServer(
      [&](const HttpRequest& r) {
        ++calls;
        return Echo(r);
      },
      o);
  HttpClient client;
  HttpClientRequest post;
  post.method = "POST";
  post.url = Url(*server, "/big");
  post.body = std::string(11, 'x');
  auto r = client.Do(post);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, "http: request body too large\n");
  post.body = std::string(10, 'x');
  r = client.Do(post);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(calls.load(), 1);
}

TEST(HttpServerTest, MalformedRequestIs400) {
  auto server = StartServer(Echo);
  std::string out = RawExchange(server->LocalPort(), "NOT A REQUEST\r\n\r\n");
  EXPECT_EQ(out.substr(0, 24), "HTTP/1.1 400 Bad Request") << out;
}

TEST(HttpServerTest, HandlerExceptionIs500) {
  auto server = StartServer([](const HttpRequest&) -> HttpResponse {
    throw std::runtime_error("boom");
  });
  HttpClient client;
  HttpClientRequest get;
  get.url = Url(*server, "/");
  auto r = client.Do(get);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "internal error: boom\n");
}

TEST(HttpServerTest, StopLetsInFlightRequestFinish) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto server = StartServer([&](const HttpRequest& r) {
    entered.set_value();
    released.wait();
    return HttpResponse::Text(200, "done");
  });
  HttpClient client;
  HttpClientRequest get;
  get.url = Url(*server, "/slow");
  auto pending = std::async(std::launch::async, [&] { return client.Do(get); });
  ASSERT_EQ(entered.get_future().wait_for(std::chrono::seconds(10)),
            std::future_status::ready);
  auto stopped = std::async(std::launch::async, [&] { server->Stop(); });
  release.set_value();
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(10)),
            std::future_status::ready);
  auto r = pending.get();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "done");
  // Nothing listens any more.
  auto after = client.Do(get);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), StatusCode::kUnavailable);
}

// Connects to 127.0.0.1:port; -1 on failure. Receives time out after 10 s.
int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Reads one response of a known total size, or until close; returns it.
std::string ReadSome(int fd, size_t want) {
  std::string out;
  char buf[4096];
  while (out.size() < want) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

TEST(HttpServerTest, IncompleteRequestClosedAfterTimeout) {
  HttpServerOptions o;
  o.request_timeout = std::chrono::milliseconds(100);
  auto server = StartServer(Echo, o);
  int fd = Connect(server->LocalPort());
  ASSERT_GE(fd, 0);
  std::string partial = "GET /x HTTP/1.1\r\nHost:";
  ASSERT_EQ(send(fd, partial.data(), partial.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(partial.size()));
  char c;
  // The server closes the connection (recv returns 0) well before the
  // 10 s receive timeout, which would return -1.
  EXPECT_EQ(recv(fd, &c, 1, 0), 0);
  close(fd);
}

TEST(HttpServerTest, ConnectionsBeyondTheLimitAreClosed) {
  HttpServerOptions o;
  o.max_connections = 1;
  auto server = StartServer(Echo, o);
  int a = Connect(server->LocalPort());
  ASSERT_GE(a, 0);
  std::string req = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_GT(send(a, req.data(), req.size(), MSG_NOSIGNAL), 0);
  std::string first = ReadSome(a, 1);  // `a` is now a registered session.
  EXPECT_EQ(first.substr(0, 15), "HTTP/1.1 200 OK");
  int b = Connect(server->LocalPort());
  ASSERT_GE(b, 0);
  send(b, req.data(), req.size(), MSG_NOSIGNAL);
  EXPECT_EQ(ReadSome(b, 1), "");
  close(b);
  close(a);
}

TEST(HttpServerTest, AddressInUseIsUnavailable) {
  auto first = StartServer(Echo);
  HttpServerOptions o;
  o.listen_address = "127.0.0.1:" + std::to_string(first->LocalPort());
  auto second = HttpServer::Start(o, Echo);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(second.status().message(),
            "listen tcp " + o.listen_address + ": Address already in use");
}

TEST(HttpClientTest, TimeoutIsDeadlineExceeded) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto server = StartServer([&](const HttpRequest&) {
    released.wait();
    return HttpResponse::Text(200, "late");
  });
  HttpClient client;
  HttpClientRequest get;
  get.url = Url(*server, "/");
  get.timeout = std::chrono::milliseconds(100);
  auto r = client.Do(get);
  release.set_value();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
}

TEST(HttpClientTest, ReusesKeepAliveConnections) {
  auto server = StartServer([](const HttpRequest& r) {
    return HttpResponse::Text(200, r.remote_address);
  });
  HttpClient client;
  HttpClientRequest get;
  get.url = Url(*server, "/");
  auto a = client.Do(get);
  auto b = client.Do(get);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->body.empty());
  EXPECT_EQ(a->body, b->body);  // Same client port: one connection.

  HttpClient no_reuse(HttpClientOptions{0});
  auto c = no_reuse.Do(get);
  auto d = no_reuse.Do(get);
  ASSERT_TRUE(c.ok() && d.ok());
  EXPECT_NE(c->body, d->body);
}

TEST(HttpClientTest, ServerNameConnectsToTheUrlHost) {
  auto server = StartServer(Echo);
  HttpClient client;
  HttpClientRequest get;
  // Plain http ignores server_name.
  get.url = Url(*server, "/plain");
  get.server_name = "example.invalid";
  auto r = client.Do(get);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  // https: the connection goes to 127.0.0.1 (no DNS lookup of the server
  // name); the TLS handshake then fails against this plain-HTTP server.
  get.url = "https://127.0.0.1:" + std::to_string(server->LocalPort()) + "/";
  r = client.Do(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message().find("resolve"), std::string::npos)
      << r.status();
}

TEST(HttpClientTest, BadUrlIsInvalidArgument) {
  HttpClient client;
  HttpClientRequest get;
  get.url = "ftp://example.com/";
  auto r = client.Do(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tocsin::net
