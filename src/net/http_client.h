#ifndef TOCSIN_NET_HTTP_CLIENT_H_
#define TOCSIN_NET_HTTP_CLIENT_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "base/result.h"
#include "net/http_types.h"

namespace tocsin::net {

struct HttpClientRequest {
  std::string method = "GET";
  // Absolute http:// or https:// URL.
  std::string url;
  Headers headers;
  std::string body;
  // Whole-exchange deadline (connect, send, receive). Default 30s.
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
  // Follow 3xx redirects (at most 10), as Go's http.Client does by default.
  bool follow_redirects = true;
  // TLS: CA bundle (empty: system default), client certificate and key
  // (PEM files), and whether to skip server certificate verification.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // SNI and certificate verification name (tls_config.server_name) for
  // https URLs; empty: the URL's host. The connection still goes to the
  // URL's host and port, and the Host header stays the URL's.
  std::string server_name;
  bool insecure_skip_verify = false;
  // Proxy URL (empty: none; the environment is ignored).
  std::string proxy_url;
  // Response bodies larger than this fail with ResourceExhausted.
  size_t max_response_bytes = 64 << 20;
};

struct HttpClientResponse {
  int status = 0;
  Headers headers;  // Of the final response (after redirects).
  std::string body;
};

struct HttpClientOptions {
  // Idle curl handles kept for reuse. A reused handle keeps its open
  // keep-alive connections, so repeated requests to one host skip the TCP
  // (and TLS) handshake. 0 disables reuse.
  size_t max_idle_handles = 16;
};

// A synchronous HTTP client over libcurl. Each Do() runs on its own curl easy
// handle (taken from a small pool), so one HttpClient may be used from many
// threads at once. Any HTTP status (including 4xx/5xx) is a successful
// Result; deciding whether to retry on a status is the caller's job.
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs the request. Errors:
  //   InvalidArgument   malformed or unsupported URL, bad TLS file options;
  //   DeadlineExceeded  `timeout` passed;
  //   Unavailable       DNS failure, connection refused/reset, TLS
  //                     handshake or verification failure, any other
  //                     transport error (retryable);
  //   ResourceExhausted the response body exceeded max_response_bytes.
  // Messages name the method and URL and curl's explanation.
  Result<HttpClientResponse> Do(const HttpClientRequest& request) const;

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

}  // namespace tocsin::net

#endif  // TOCSIN_NET_HTTP_CLIENT_H_
