#ifndef TOCSIN_SERVER_LOG_H_
#define TOCSIN_SERVER_LOG_H_

#include <initializer_list>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "runtime/clock.h"

namespace tocsin::server {

// --log.level values, least to most severe.
enum class LogLevel {
  kDebug,
  kInfo,
  kWarn,
  kError,
};

// --log.format values.
enum class LogFormat {
  kLogfmt,  // time=... level=info msg="..." key=value
  kJson,    // {"time":"...","level":"info","msg":"...","key":"value"}
};

// Parse the flag values ("debug", "info", "warn", "error"; "logfmt",
// "json"). Errors: InvalidArgument naming the value and the allowed ones.
Result<LogLevel> ParseLogLevel(std::string_view s);
Result<LogFormat> ParseLogFormat(std::string_view s);

// A small structured logger for the composition root: one line per record
// with the wall time (RFC 3339, milliseconds, UTC), level, message and
// key/value pairs. Records below the level are dropped. `out` and `clock`
// must outlive the logger. Thread-safe (a mutex serializes lines).
class Logger {
 public:
  using Fields =
      std::initializer_list<std::pair<std::string_view, std::string>>;

  Logger(std::ostream& out, const runtime::Clock& clock, LogLevel level,
         LogFormat format)
      : out_(out), clock_(clock), level_(level), format_(format) {}

  void Log(LogLevel level, std::string_view msg, Fields fields = {});
  void Debug(std::string_view msg, Fields f = {}) {
    Log(LogLevel::kDebug, msg, f);
  }
  void Info(std::string_view msg, Fields f = {}) {
    Log(LogLevel::kInfo, msg, f);
  }
  void Warn(std::string_view msg, Fields f = {}) {
    Log(LogLevel::kWarn, msg, f);
  }
  void Error(std::string_view msg, Fields f = {}) {
    Log(LogLevel::kError, msg, f);
  }

 private:
  std::ostream& out_;
  const runtime::Clock& clock_;
  const LogLevel level_;
  const LogFormat format_;
  std::mutex mu_;
};

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_LOG_H_
