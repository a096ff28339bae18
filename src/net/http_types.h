#ifndef TOCSIN_NET_HTTP_TYPES_H_
#define TOCSIN_NET_HTTP_TYPES_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::net {

// HTTP header fields in arrival / insertion order, with case-insensitive
// name lookup (ASCII). Repeated names are kept as separate entries.
class Headers {
 public:
  // The first value for `name`; nullopt if absent.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Every value for `name`, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // Replaces every entry named `name` with one entry.
  void Set(std::string_view name, std::string_view value);
  // Appends an entry, keeping existing ones.
  void Add(std::string_view name, std::string_view value);
  // Removes every entry named `name`.
  void Remove(std::string_view name);

  const std::vector<std::pair<std::string, std::string>>& entries() const {
    return entries_;
  }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// True if `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// One decoded name=value pair of a query string.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Decodes a query string like Go's url.ParseQuery: pairs split on '&',
// names and values percent-decoded with '+' as space; a pair without '='
// has an empty value; empty pairs are skipped; a malformed escape keeps
// the pair's raw text (Go drops it and reports an error).
QueryParams ParseQuery(std::string_view query);

// Percent-decodes `s` ('+' stays '+' unless `plus_is_space`). Returns
// nullopt for a malformed escape (a '%' not followed by two hex digits).
std::optional<std::string> PercentDecode(std::string_view s,
                                         bool plus_is_space);

// A parsed HTTP request as handlers see it. Plain data; no socket.
struct HttpRequest {
  std::string method;  // "GET", "POST", ... as received (upper case).
  std::string target;  // Request target as received, e.g. "/a/b?x=1".
  std::string path;    // Target before '?', not percent-decoded.
  QueryParams query;   // Decoded query parameters in order.
  Headers headers;
  std::string body;
  std::string remote_address;  // "ip:port" of the peer; empty in tests.

  // The first value of query parameter `name`; nullopt if absent.
  std::optional<std::string_view> QueryParam(std::string_view name) const;
  // Every value of query parameter `name`, in order.
  std::vector<std::string_view> QueryParamAll(std::string_view name) const;

  // Builds a request from method and target (path and query split and
  // decoded), for tests and internal callers.
  static HttpRequest Make(std::string method, std::string target,
                          std::string body = "");
};

// A response as handlers produce it. The server adds Content-Length (and
// Date); for HEAD requests it sends the headers and Content-Length of the
// body without the body.
struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;

  // A response with `Content-Type: text/plain; charset=utf-8`.
  static HttpResponse Text(int status, std::string body);
  // A response with `Content-Type: application/json`.
  static HttpResponse Json(int status, std::string body);
};

// The standard reason phrase for a status code ("Not Found"); "" if
// unknown.
std::string_view StatusReason(int status);

}  // namespace tocsin::net

#endif  // TOCSIN_NET_HTTP_TYPES_H_
