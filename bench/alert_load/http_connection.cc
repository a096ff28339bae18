#include "alert_load/http_connection.h"

#include <curl/curl.h>

namespace tocsin::bench {
namespace {

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

HttpConnection::HttpConnection(std::chrono::milliseconds timeout)
    : curl_(curl_easy_init()), headers_(nullptr), timeout_(timeout) {
  curl_slist* h = nullptr;
  h = curl_slist_append(h, "Content-Type: application/json");
  h = curl_slist_append(h, "Expect:");
  headers_ = h;
}

HttpConnection::~HttpConnection() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
  curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

Result<HttpResult> HttpConnection::PostJson(const std::string& url,
                                            std::string_view body) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(headers_));
  return Perform(url);
}

Result<HttpResult> HttpConnection::Get(const std::string& url) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  return Perform(url);
}

Result<HttpResult> HttpConnection::Perform(const std::string& url) {
  CURL* c = static_cast<CURL*>(curl_);
  response_.clear();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response_);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return UnavailableError(url + ": " + curl_easy_strerror(rc));
  }
  HttpResult r;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  r.body = std::move(response_);
  response_ = std::string();
  return r;
}

}  // namespace tocsin::bench
