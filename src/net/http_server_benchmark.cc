// Round trips against a local HttpServer: through HttpClient (a new
// connection per request, as curl easy handles are not reused) and over one
// keep-alive connection with raw sockets (server cost only).
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "net/http_client.h"
#include "net/http_server.h"

namespace tocsin::net {
namespace {

std::unique_ptr<HttpServer> StartOk() {
  HttpServerOptions o;
  o.listen_address = "127.0.0.1:0";
  auto s = HttpServer::Start(
      o, [](const HttpRequest&) { return HttpResponse::Text(200, "OK"); });
  if (!s.ok()) std::abort();
  return std::move(s).value();
}

void BM_ClientRoundTrip(benchmark::State& state) {
  auto server = StartOk();
  HttpClient client;
  HttpClientRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(server->LocalPort()) + "/x";
  for (auto _ : state) {
    auto r = client.Do(req);
    if (!r.ok() || r->status != 200) state.SkipWithError("request failed");
  }
}
BENCHMARK(BM_ClientRoundTrip)->UseRealTime();

void BM_KeepAliveRoundTrip(benchmark::State& state) {
  auto server = StartOk();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server->LocalPort()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    state.SkipWithError("connect failed");
    return;
  }
  const std::string request = "GET /x HTTP/1.1\r\nHost: b\r\n\r\n";
  // The whole response ends with the 2-byte body "OK".
  char buf[1024];
  for (auto _ : state) {
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) break;
    std::string got;
    for (;;) {
      ssize_t n = recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) {
        state.SkipWithError("connection closed");
        break;
      }
      got.append(buf, static_cast<size_t>(n));
      if (got.size() >= 4 && got.compare(got.size() - 4, 4, "\r\nOK") == 0) {
        break;
      }
    }
  }
  close(fd);
}
BENCHMARK(BM_KeepAliveRoundTrip)->UseRealTime();

}  // namespace
}  // namespace tocsin::net
