#include "net/http_client.h"

#include <curl/curl.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <memory>
#include <mutex>
#include <vector>

namespace tocsin::net {

namespace {

struct Transfer {
  HttpClientResponse response;
  size_t max_body = 0;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->response.body.size() + len > t->max_body) {
    t->too_large = true;
    return 0;  // Aborts the transfer with CURLE_WRITE_ERROR.
  }
  t->response.body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  std::string_view line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (line.substr(0, 5) == "HTTP/") {
    // A new response starts (after a redirect or 100 Continue).
    t->response.headers = Headers();
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  t->response.headers.Add(name, value);
  return len;
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

struct HttpClient::Pool {
  explicit Pool(size_t max) : max_idle(max) {}
  ~Pool() {
    for (CURL* c : idle) curl_easy_cleanup(c);
  }

  // A reset handle: from the pool (keeping its connection cache) or new.
  std::unique_ptr<CURL, EasyDeleter> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!idle.empty()) {
        CURL* c = idle.back();
        idle.pop_back();
        curl_easy_reset(c);
        return std::unique_ptr<CURL, EasyDeleter>(c);
      }
    }
    return std::unique_ptr<CURL, EasyDeleter>(curl_easy_init());
  }

  void Release(std::unique_ptr<CURL, EasyDeleter> c) {
    std::lock_guard<std::mutex> lock(mu);
    if (idle.size() < max_idle) idle.push_back(c.release());
  }

  const size_t max_idle;
  std::mutex mu;
  std::vector<CURL*> idle;  // GUARDED_BY(mu)
};

HttpClient::HttpClient(HttpClientOptions options)
    : pool_(std::make_unique<Pool>(options.max_idle_handles)) {
  // curl_global_init is not thread-safe in every libcurl build; do it once.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpClient::~HttpClient() = default;

Result<HttpClientResponse> HttpClient::Do(
    const HttpClientRequest& request) const {
  const std::string what = request.method + " " + request.url;
  std::unique_ptr<CURL, EasyDeleter> curl = pool_->Acquire();
  if (!curl) return InternalError(what + ": curl_easy_init failed");
  CURL* c = curl.get();
  Transfer transfer;
  transfer.max_body = request.max_response_bytes;
  char errbuf[CURL_ERROR_SIZE] = {0};

  // server_name: ask curl for https://<server_name>:<port>/... (so SNI and
  // verification use it) while CONNECT_TO sends it to the real host.
  std::string url = request.url;
  std::string original_host_header;
  std::unique_ptr<curl_slist, ListDeleter> connect_to;
  if (!request.server_name.empty()) {
    auto parsed = boost::urls::parse_uri(request.url);
    if (!parsed) {
      return InvalidArgumentError(what + ": malformed URL");
    }
    boost::urls::url u = *parsed;
    if (u.scheme() == "https" && u.host() != request.server_name) {
      std::string port = u.has_port() ? std::string(u.port()) : "443";
      std::string host = std::string(u.encoded_host_and_port());
      original_host_header = "Host: " + host;
      std::string target_host = std::string(u.encoded_host());
      u.set_host(request.server_name);
      url = std::string(u.buffer());
      std::string rule =
          request.server_name + ":" + port + ":" + target_host + ":" + port;
      connect_to.reset(curl_slist_append(nullptr, rule.c_str()));
      curl_easy_setopt(c, CURLOPT_CONNECT_TO, connect_to.get());
    }
  }
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION,
                   request.follow_redirects ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(c, CURLOPT_PROXY, request.proxy_url.c_str());
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip etc.

  if (request.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (!request.body.empty() || request.method == "POST" ||
      request.method == "PUT" || request.method == "PATCH") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }

  std::unique_ptr<curl_slist, ListDeleter> headers;
  bool has_expect = false;
  bool has_content_type = false;
  for (const auto& [name, value] : request.headers.entries()) {
    if (EqualsIgnoreCase(name, "Expect")) has_expect = true;
    if (EqualsIgnoreCase(name, "Content-Type")) has_content_type = true;
    std::string line = name + (value.empty() ? ";" : ": " + value);
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  if (!original_host_header.empty() && !request.headers.Has("Host")) {
    headers.reset(
        curl_slist_append(headers.release(), original_host_header.c_str()));
  }
  // curl adds "Expect: 100-continue" to large bodies and a form content
  // type to POSTs; Go's client does neither.
  if (!has_expect) {
    headers.reset(curl_slist_append(headers.release(), "Expect:"));
  }
  if (!has_content_type) {
    headers.reset(curl_slist_append(headers.release(), "Content-Type:"));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  if (!request.ca_file.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, request.ca_file.c_str());
  }
  if (!request.cert_file.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLCERT, request.cert_file.c_str());
  }
  if (!request.key_file.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLKEY, request.key_file.c_str());
  }
  if (request.insecure_skip_verify) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }

  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    std::string msg = what + ": " + detail;
    if (transfer.too_large) {
      return ResourceExhaustedError(what + ": response body larger than " +
                                    std::to_string(request.max_response_bytes) +
                                    " bytes");
    }
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        return DeadlineExceededError(msg);
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CACERT_BADFILE:
        return InvalidArgumentError(msg);
      default:
        return UnavailableError(msg);
    }
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  transfer.response.status = static_cast<int>(status);
  // The handle points at this call's buffers and lists; reset them before
  // it is reused (Acquire resets too).
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_CONNECT_TO, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  pool_->Release(std::move(curl));
  return std::move(transfer.response);
}

}  // namespace tocsin::net
