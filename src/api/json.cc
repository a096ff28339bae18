#include "api/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tocsin::api {

Result<boost::json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return InvalidArgumentError("invalid JSON: " + ec.message());
  return v;
}

std::string ToJson(const boost::json::value& v) {
  return boost::json::serialize(v);
}

net::HttpResponse JsonResponse(int status, const boost::json::value& v) {
  return net::HttpResponse::Json(status, ToJson(v));
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kOutOfRange:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kAborted:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnimplemented:
      return 501;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

net::HttpResponse ErrorResponse(const Status& status, int retry_after_seconds) {
  net::HttpResponse res = JsonResponse(HttpStatusFor(status),
                                       boost::json::string(status.message()));
  if (status.code() == StatusCode::kResourceExhausted) {
    res.headers.Set("Retry-After", std::to_string(retry_after_seconds));
  }
  return res;
}

}  // namespace tocsin::api
