#ifndef TOCSIN_NET_HTTP_SERVER_H_
#define TOCSIN_NET_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/status.h"
#include "net/http_types.h"
#include "net/tls.h"

namespace tocsin::net {

// Maps a request to a response. Runs on one of the server's I/O threads,
// possibly concurrently with other requests; it must be thread-safe and
// should not block for long (the pool is small).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  // "host:port" to listen on. An empty host (":9093") listens on every
  // interface (IPv6 and IPv4 when available); port 0 picks a free port.
  // "[::1]:9093" for IPv6 literals.
  std::string listen_address = "127.0.0.1:0";
  // I/O threads running sessions and handlers. Default 2.
  int threads = 2;
  // Open connections beyond this are closed right after accept.
  size_t max_connections = 1024;
  // Largest accepted request body; larger requests get 413 and the
  // connection is closed. Default 16 MiB.
  size_t max_body_bytes = 16 << 20;
  // Largest accepted request header block; larger gets 431. Default 1 MiB.
  size_t max_header_bytes = 1 << 20;
  // Bytes of further pipelined requests buffered per connection while one
  // is being answered (requests are answered one at a time, in order).
  // A request that does not fit closes the connection. Default 1 MiB.
  size_t max_pipeline_bytes = 1 << 20;
  // Time allowed to receive one complete request (and the idle time
  // between keep-alive requests); the connection is closed when it passes.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(60);
  // How long Stop() waits for in-flight requests before closing every
  // connection.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(5);
  // When set, the listener speaks HTTPS only (HTTP/1.1 over TLS; no ALPN,
  // so clients never negotiate HTTP/2). A connection whose handshake fails
  // or does not finish within request_timeout is closed. Unset: plain HTTP.
  std::optional<TlsServerOptions> tls;
};

// An HTTP/1.1 server (Boost.Beast) with keep-alive, answering every
// request through one HttpHandler.
//
// Errors answered by the server itself (the handler is not called):
// malformed request 400, header too large 431, body too large 413; each
// closes the connection.
// Thread safety: LocalPort/Stop may be called from any thread except an I/O
// thread (i.e. not from inside the handler).
class HttpServer {
 public:
  // Binds and starts serving. Errors: InvalidArgument for a malformed
  // listen address or unusable TLS options (as CheckTlsServerOptions
  // reports them), Unavailable if the address cannot be bound (in use,
  // unknown host), with the OS message.
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options,
                                                   HttpHandler handler);
  // Stops (see Stop).
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the real one when 0 was asked for).
  int LocalPort() const;

  // Graceful stop: stops accepting, lets in-flight requests finish and
  // their responses be written (up to shutdown_grace), closes idle
  // keep-alive connections, then joins the I/O threads. Idempotent.
  void Stop();

  // Implementation detail, named here only so http_server.cc's connection
  // class can refer to it.
  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// Splits "host:port" (host may be empty or a bracketed IPv6 literal).
// Errors: InvalidArgument naming the address.
Status SplitHostPort(std::string_view address, std::string* host, int* port);

}  // namespace tocsin::net

#endif  // TOCSIN_NET_HTTP_SERVER_H_
