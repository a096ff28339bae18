#include "server/log.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace tocsin::server {

namespace {

std::string_view LevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

std::string Rfc3339Millis(runtime::WallTime t) {
  int64_t ms = runtime::ToUnixMillis(t);
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

// logfmt quoting: bare when the value has no space, quote, '=' or control
// character; otherwise a JSON-style quoted string.
std::string LogfmtValue(std::string_view v) {
  bool bare = !v.empty();
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' ||
        static_cast<unsigned char>(c) < 0x20) {
      bare = false;
      break;
    }
  }
  if (bare) return std::string(v);
  return boost::json::serialize(boost::json::string(v));
}

std::string JsonString(std::string_view v) {
  return boost::json::serialize(boost::json::string(v));
}

}  // namespace

Result<LogLevel> ParseLogLevel(std::string_view s) {
  if (s == "debug") return LogLevel::kDebug;
  if (s == "info") return LogLevel::kInfo;
  if (s == "warn") return LogLevel::kWarn;
  if (s == "error") return LogLevel::kError;
  return InvalidArgumentError("unrecognized log level \"" + std::string(s) +
                              "\" (one of: debug, info, warn, error)");
}

Result<LogFormat> ParseLogFormat(std::string_view s) {
  if (s == "logfmt") return LogFormat::kLogfmt;
  if (s == "json") return LogFormat::kJson;
  return InvalidArgumentError("unrecognized log format \"" + std::string(s) +
                              "\" (one of: logfmt, json)");
}

void Logger::Log(LogLevel level, std::string_view msg, Fields fields) {
  if (level < level_) return;
  std::string line;
  std::string time = Rfc3339Millis(clock_.Now());
  if (format_ == LogFormat::kLogfmt) {
    line = "time=" + time + " level=" + std::string(LevelName(level)) +
           " msg=" + LogfmtValue(msg);
    for (const auto& [k, v] : fields) {
      line += " ";
      line += k;
      line += "=" + LogfmtValue(v);
    }
  } else {
    line = "{\"time\":" + JsonString(time) +
           ",\"level\":" + JsonString(LevelName(level)) +
           ",\"msg\":" + JsonString(msg);
    for (const auto& [k, v] : fields) {
      line += "," + JsonString(k) + ":" + JsonString(v);
    }
    line += "}";
  }
  line += "\n";
  std::lock_guard<std::mutex> lock(mu_);
  out_ << line << std::flush;
}

}  // namespace tocsin::server
