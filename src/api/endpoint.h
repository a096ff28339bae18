#ifndef TOCSIN_API_ENDPOINT_H_
#define TOCSIN_API_ENDPOINT_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_types.h"

namespace tocsin::api {

// The HTTP methods endpoints are declared with. HEAD is not declared: every
// GET endpoint answers HEAD with the GET response minus its body.
enum class Method {
  kGet,
  kPost,
  kPut,
  kDelete,
  kPatch,
};

// "GET", "POST", ...
std::string_view MethodName(Method m);
// Parses an upper-case method name; nullopt for HEAD, OPTIONS and unknowns.
std::optional<Method> ParseMethod(std::string_view name);

// Path parameters captured from a pattern: {"id", "..."} for
// "/api/v2/silence/{id}", percent-decoded.
using PathParams = std::vector<std::pair<std::string, std::string>>;

// What a handler sees: the HTTP request and the captured path parameters.
// Does not own the request; valid only during the handler call.
struct ApiRequest {
  const net::HttpRequest& http;
  PathParams params;

  // The captured parameter `name`; nullopt if the pattern has none.
  std::optional<std::string_view> Param(std::string_view name) const;
};

// Maps a request to a response. Must be thread-safe (handlers run on the
// server's I/O threads concurrently); must not throw (the server turns an
// exception into a 500, but that is a bug).
using Handler = std::function<net::HttpResponse(const ApiRequest&)>;

// One row of the endpoint table.
struct Endpoint {
  Method method = Method::kGet;
  // Exact path ("/metrics") or pattern with whole-segment parameters
  // ("/api/v2/silence/{id}"); relative to the route prefix.
  std::string path;
  Handler handler;
  // True if the endpoint changes state (POST an alert, delete a silence);
  // used for docs, auditing and read-only modes.
  bool mutates_state = false;
  // One line for docs and the endpoint listing.
  std::string help;
};

}  // namespace tocsin::api

#endif  // TOCSIN_API_ENDPOINT_H_
