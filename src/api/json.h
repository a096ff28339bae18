#ifndef TOCSIN_API_JSON_H_
#define TOCSIN_API_JSON_H_

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"
#include "net/http_types.h"

namespace tocsin::api {

// Parses a request body as JSON. Errors: InvalidArgument with the parser's
// message (no exception escapes).
Result<boost::json::value> ParseJson(std::string_view text);

// Serializes compactly (Go's encoding/json layout: no spaces).
std::string ToJson(const boost::json::value& v);

// A response with `Content-Type: application/json` and `v` as its body.
net::HttpResponse JsonResponse(int status, const boost::json::value& v);

// The HTTP status for a Status code, mapped once for the whole API:
// InvalidArgument/FailedPrecondition/OutOfRange 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, AlreadyExists/Aborted 409,
// ResourceExhausted 429, Unimplemented 501, Unavailable 503,
// DeadlineExceeded 504, anything else 500. OK maps to 200.
int HttpStatusFor(const Status& status);

// An error response as Alertmanager's API v2 writes it: the message as a
// JSON string body with application/json, status from HttpStatusFor.
// ResourceExhausted adds `Retry-After: <retry_after_seconds>`.
net::HttpResponse ErrorResponse(const Status& status,
                                int retry_after_seconds = 1);

}  // namespace tocsin::api

#endif  // TOCSIN_API_JSON_H_
