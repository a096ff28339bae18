#ifndef TOCSIN_TESTS_E2E_HARNESS_HTTP_CLIENT_H_
#define TOCSIN_TESTS_E2E_HARNESS_HTTP_CLIENT_H_

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace tocsin::e2e {

// A response as the server sent it; any HTTP status (4xx/5xx too) is a
// successful Result.
struct HttpResponse {
  long status = 0;
  std::string body;
  std::string content_type;
};

// Minimal blocking libcurl client for tests. Every call is bounded by
// `timeout` (connect + transfer). Transport failures (refused, timeout, bad
// URL) are Unavailable with curl's message. Thread-compatible: each call
// uses its own curl handle.
Result<HttpResponse> HttpRequest(
    std::string_view method, const std::string& url, std::string_view body = {},
    std::string_view content_type = {},
    std::chrono::milliseconds timeout = std::chrono::seconds(10));
Result<HttpResponse> HttpGet(
    const std::string& url,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));
Result<HttpResponse> HttpPostJson(
    const std::string& url, std::string_view json,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Sends one RFC 5322 message (headers + body, CRLF or LF line ends) over
// plain SMTP, e.g. smtp_url = "smtp://127.0.0.1:2525". Fails (Unavailable,
// curl's message) when the server refuses or is unreachable.
Status SendMail(const std::string& smtp_url, const std::string& from,
                const std::vector<std::string>& to, std::string_view message,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace tocsin::e2e

#endif  // TOCSIN_TESTS_E2E_HARNESS_HTTP_CLIENT_H_
