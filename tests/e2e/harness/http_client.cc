#include "e2e/harness/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

namespace tocsin::e2e {
namespace {

void EnsureCurlInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

size_t AppendBody(char* data, size_t size, size_t nmemb, void* userp) {
  static_cast<std::string*>(userp)->append(data, size * nmemb);
  return size * nmemb;
}

struct ReadState {
  std::string_view data;
  size_t pos = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t nitems, void* userp) {
  auto* st = static_cast<ReadState*>(userp);
  size_t n = std::min(size * nitems, st->data.size() - st->pos);
  std::memcpy(buffer, st->data.data() + st->pos, n);
  st->pos += n;
  return n;
}

Status CurlError(const std::string& what, CURLcode code, const char* errbuf) {
  std::string msg = what + ": " + curl_easy_strerror(code);
  if (errbuf[0] != '\0') msg += std::string(" (") + errbuf + ")";
  return UnavailableError(msg);
}

}  // namespace

Result<HttpResponse> HttpRequest(std::string_view method,
                                 const std::string& url, std::string_view body,
                                 std::string_view content_type,
                                 std::chrono::milliseconds timeout) {
  EnsureCurlInit();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return InternalError("curl_easy_init failed");
  char errbuf[CURL_ERROR_SIZE] = {0};
  HttpResponse resp;
  std::string method_s(method);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp.body);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  if (!content_type.empty()) {
    std::string h = "Content-Type: " + std::string(content_type);
    headers.reset(curl_slist_append(nullptr, h.c_str()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  }
  if (method_s == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    if (method_s == "HEAD") {
      curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method_s.c_str());
      // Never NULL: libcurl would then read the body from stdin.
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(body.size()));
    }
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return CurlError(method_s + " " + url, rc, errbuf);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
  char* ct = nullptr;
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
  if (ct != nullptr) resp.content_type = ct;
  return resp;
}

Result<HttpResponse> HttpGet(const std::string& url,
                             std::chrono::milliseconds timeout) {
  return HttpRequest("GET", url, {}, {}, timeout);
}

Result<HttpResponse> HttpPostJson(const std::string& url, std::string_view json,
                                  std::chrono::milliseconds timeout) {
  return HttpRequest("POST", url, json, "application/json", timeout);
}

Status SendMail(const std::string& smtp_url, const std::string& from,
                const std::vector<std::string>& to, std::string_view message,
                std::chrono::milliseconds timeout) {
  EnsureCurlInit();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return InternalError("curl_easy_init failed");
  CURL* c = curl.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* raw_rcpts = nullptr;
  for (const auto& r : to) {
    std::string addr = "<" + r + ">";
    raw_rcpts = curl_slist_append(raw_rcpts, addr.c_str());
  }
  std::unique_ptr<curl_slist, SlistDeleter> rcpts(raw_rcpts);
  ReadState st{message, 0};
  std::string from_addr = "<" + from + ">";
  curl_easy_setopt(c, CURLOPT_URL, smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_addr.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(c, CURLOPT_READDATA, &st);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return CurlError("SMTP " + smtp_url, rc, errbuf);
  return Status::Ok();
}

}  // namespace tocsin::e2e
