#ifndef TOCSIN_BASE_STATUS_H_
#define TOCSIN_BASE_STATUS_H_

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace tocsin {

// Closed set of error codes with abseil's canonical names. Each code says
// what the caller should do next.
enum class StatusCode {
  kOk = 0,
  // The operation was cancelled by its caller.
  kCancelled,
  // An unclassified failure; treat as permanent.
  kUnknown,
  // The input is malformed; fix the input, do not retry.
  kInvalidArgument,
  // The deadline passed; retry with backoff.
  kDeadlineExceeded,
  // The named entity does not exist (HTTP 404).
  kNotFound,
  // The entity to create exists already.
  kAlreadyExists,
  // The caller may not do this; do not retry.
  kPermissionDenied,
  // A quota or bounded queue is full; retry after a delay (HTTP 429).
  kResourceExhausted,
  // The system is not in the state the operation needs; fix the state first.
  kFailedPrecondition,
  // A concurrency conflict; retry at a higher level.
  kAborted,
  // A value lies outside its valid range.
  kOutOfRange,
  // Not implemented by this build or backend.
  kUnimplemented,
  // An invariant broke; a bug.
  kInternal,
  // A dependency is temporarily unreachable; retry with backoff.
  kUnavailable,
  // Unrecoverable data loss or corruption.
  kDataLoss,
  // The caller is not authenticated.
  kUnauthenticated,
};

// Returns the canonical upper-case name, e.g. "INVALID_ARGUMENT".
std::string_view StatusCodeName(StatusCode code);

// A success or an error code with a message. Cheap to copy when OK (no
// allocation); an error holds its message on the heap.
class [[nodiscard]] Status {
 public:
  Status() = default;  // OK.
  Status(StatusCode code, std::string_view message);

  static Status Ok() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  // The message without the code; empty when OK.
  const std::string& message() const;

  // "OK" or "INVALID_ARGUMENT: message".
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message". OK stays OK.
  Status WithPrefix(std::string_view prefix) const;

  bool IsNotFound() const { return code() == StatusCode::kNotFound; }
  bool IsInvalidArgument() const {
    return code() == StatusCode::kInvalidArgument;
  }

  friend bool operator==(const Status& a, const Status& b) {
    return a.code() == b.code() && a.message() == b.message();
  }

 private:
  struct Rep {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const Rep> rep_;
};

std::ostream& operator<<(std::ostream& os, const Status& s);

Status InvalidArgumentError(std::string_view message);
Status NotFoundError(std::string_view message);
Status AlreadyExistsError(std::string_view message);
Status FailedPreconditionError(std::string_view message);
Status InternalError(std::string_view message);
Status UnavailableError(std::string_view message);
Status UnimplementedError(std::string_view message);
Status ResourceExhaustedError(std::string_view message);
Status DeadlineExceededError(std::string_view message);
Status PermissionDeniedError(std::string_view message);
Status OutOfRangeError(std::string_view message);
Status UnauthenticatedError(std::string_view message);
Status DataLossError(std::string_view message);

}  // namespace tocsin

#define TOCSIN_STATUS_CONCAT_INNER_(a, b) a##b
#define TOCSIN_STATUS_CONCAT_(a, b) TOCSIN_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Status); returns it from the enclosing function if not
// OK.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::tocsin::Status _tocsin_status = (expr);        \
    if (!_tocsin_status.ok()) return _tocsin_status; \
  } while (0)

#endif  // TOCSIN_BASE_STATUS_H_
