#ifndef TOCSIN_BENCH_ALERT_LOAD_HTTP_CONNECTION_H_
#define TOCSIN_BENCH_ALERT_LOAD_HTTP_CONNECTION_H_

// A reusable libcurl easy handle: consecutive requests to the same server
// share one keep-alive TCP connection. curl_global_init must have run.

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tocsin::bench {

struct HttpResult {
  long status = 0;
  std::string body;
};

// Not thread-safe: one connection per thread.
class HttpConnection {
 public:
  explicit HttpConnection(std::chrono::milliseconds timeout);
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;
  ~HttpConnection();

  // POSTs `body` as application/json (no "Expect: 100-continue"). Any HTTP
  // status is a successful Result; transport failures and timeouts are
  // Unavailable with curl's message.
  Result<HttpResult> PostJson(const std::string& url, std::string_view body);
  // GETs `url`; errors as PostJson.
  Result<HttpResult> Get(const std::string& url);

 private:
  Result<HttpResult> Perform(const std::string& url);

  void* curl_;     // CURL*
  void* headers_;  // curl_slist*
  std::chrono::milliseconds timeout_;
  std::string response_;
};

}  // namespace tocsin::bench

#endif  // TOCSIN_BENCH_ALERT_LOAD_HTTP_CONNECTION_H_
