#include "base/status.h"

namespace tocsin {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kCancelled:
      return "CANCELLED";
    case StatusCode::kUnknown:
      return "UNKNOWN";
    case StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case StatusCode::kNotFound:
      return "NOT_FOUND";
    case StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case StatusCode::kAborted:
      return "ABORTED";
    case StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case StatusCode::kInternal:
      return "INTERNAL";
    case StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case StatusCode::kDataLoss:
      return "DATA_LOSS";
    case StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
  }
  return "UNKNOWN";
}

Status::Status(StatusCode code, std::string_view message) {
  if (code != StatusCode::kOk) {
    rep_ = std::make_shared<const Rep>(Rep{code, std::string(message)});
  }
}

const std::string& Status::message() const {
  static const std::string* const kEmpty = new std::string();
  return rep_ ? rep_->message : *kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code()));
  out += ": ";
  out += message();
  return out;
}

Status Status::WithPrefix(std::string_view prefix) const {
  if (ok()) return *this;
  std::string msg(prefix);
  msg += ": ";
  msg += message();
  return Status(code(), msg);
}

std::ostream& operator<<(std::ostream& os, const Status& s) {
  return os << s.ToString();
}

#define TOCSIN_DEFINE_ERROR_(Name, Code)      \
  Status Name(std::string_view message) {     \
    return Status(StatusCode::Code, message); \
  }
TOCSIN_DEFINE_ERROR_(InvalidArgumentError, kInvalidArgument)
TOCSIN_DEFINE_ERROR_(NotFoundError, kNotFound)
TOCSIN_DEFINE_ERROR_(AlreadyExistsError, kAlreadyExists)
TOCSIN_DEFINE_ERROR_(FailedPreconditionError, kFailedPrecondition)
TOCSIN_DEFINE_ERROR_(InternalError, kInternal)
TOCSIN_DEFINE_ERROR_(UnavailableError, kUnavailable)
TOCSIN_DEFINE_ERROR_(UnimplementedError, kUnimplemented)
TOCSIN_DEFINE_ERROR_(ResourceExhaustedError, kResourceExhausted)
TOCSIN_DEFINE_ERROR_(DeadlineExceededError, kDeadlineExceeded)
TOCSIN_DEFINE_ERROR_(PermissionDeniedError, kPermissionDenied)
TOCSIN_DEFINE_ERROR_(OutOfRangeError, kOutOfRange)
TOCSIN_DEFINE_ERROR_(UnauthenticatedError, kUnauthenticated)
TOCSIN_DEFINE_ERROR_(DataLossError, kDataLoss)
#undef TOCSIN_DEFINE_ERROR_

}  // namespace tocsin
