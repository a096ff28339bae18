#include "notify/channel_config/util.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tocsin::notify::channel_config {

Status EntryReader::CheckKnown(
    std::initializer_list<std::string_view> known) const {
  if (!node_.IsMap()) {
    return config::CheckKnownFields(ctx_, node_, path_, known, "config.plain");
  }
  return config::CheckKnownFields(ctx_, node_, path_, known, "config.plain");
}

Status CheckExclusivePair(const EntryReader& r, std::string_view a, bool has_a,
                          std::string_view b, bool has_b, PairRule rule) {
  if (rule == PairRule::kExactlyOne && !has_a && !has_b) {
    return r.Error("one of " + std::string(a) + " or " + std::string(b) +
                   " must be configured");
  }
  if (has_a && has_b) {
    return r.Error("at most one of " + std::string(a) + " & " + std::string(b) +
                   " must be configured");
  }
  return Status::Ok();
}

bool EntryReader::Has(std::string_view key) const {
  YAML::Node v = node_[std::string(key)];
  return v.IsDefined() && !v.IsNull();
}

bool EntryReader::IsNull(std::string_view key) const {
  YAML::Node v = node_[std::string(key)];
  return v.IsDefined() && v.IsNull();
}

Result<std::string> EntryReader::String(std::string_view key,
                                        std::string fallback) const {
  if (IsNull(key)) return std::string();
  return config::GetString(ctx_, node_, path_, key, std::move(fallback));
}

Result<bool> EntryReader::Bool(std::string_view key, bool fallback) const {
  if (IsNull(key)) return false;
  return config::GetBool(ctx_, node_, path_, key, fallback);
}

Result<std::optional<bool>> EntryReader::OptionalBool(
    std::string_view key) const {
  if (!Has(key)) return std::optional<bool>();
  ASSIGN_OR_RETURN(bool b, Bool(key, false));
  return std::optional<bool>(b);
}

Result<int64_t> EntryReader::Int(std::string_view key, int64_t fallback) const {
  if (IsNull(key)) return int64_t{0};
  return config::GetInt(ctx_, node_, path_, key, fallback);
}

Result<uint64_t> EntryReader::Uint(std::string_view key,
                                   uint64_t fallback) const {
  if (IsNull(key)) return uint64_t{0};
  if (!Has(key)) return fallback;
  YAML::Node v = node_[std::string(key)];
  if (v.IsScalar() && !v.Scalar().empty() && v.Scalar()[0] == '-') {
    return config::NodeError(
        ctx_, v, ChildPath(key),
        "cannot unmarshal !!int `" + v.Scalar() + "` into uint64");
  }
  ASSIGN_OR_RETURN(int64_t i, Int(key, 0));
  return static_cast<uint64_t>(i);
}

Result<config::Secret> EntryReader::Secret(std::string_view key) const {
  ASSIGN_OR_RETURN(std::string s, String(key));
  return config::Secret(std::move(s));
}

Result<std::optional<config::Secret>> EntryReader::OptionalSecret(
    std::string_view key) const {
  if (!Has(key)) return std::optional<config::Secret>();
  ASSIGN_OR_RETURN(config::Secret s, Secret(key));
  return std::optional<config::Secret>(std::move(s));
}

Result<std::vector<std::string>> EntryReader::StringList(
    std::string_view key) const {
  return config::GetStringList(ctx_, node_, path_, key);
}

Result<std::vector<std::pair<std::string, std::string>>> EntryReader::StringMap(
    std::string_view key) const {
  return config::GetStringMap(ctx_, node_, path_, key);
}

Result<std::optional<config::Url>> EntryReader::Url(std::string_view key,
                                                    bool secret) const {
  if (!Has(key)) return std::optional<config::Url>();
  ASSIGN_OR_RETURN(std::string s, String(key));
  if (secret && s == config::kSecretToken) {
    return std::optional<config::Url>(config::Url{});
  }
  Result<config::Url> u = config::ParseHttpUrl(s);
  if (!u.ok()) {
    return config::NodeError(ctx_, node_[std::string(key)], ChildPath(key),
                             u.status().message());
  }
  return std::optional<config::Url>(std::move(u).value());
}

Result<std::chrono::nanoseconds> EntryReader::GoDuration(
    std::string_view key, std::chrono::nanoseconds fallback) const {
  if (IsNull(key)) return std::chrono::nanoseconds(0);
  if (!Has(key)) return fallback;
  YAML::Node v = node_[std::string(key)];
  ASSIGN_OR_RETURN(std::string s, String(key));
  // yaml.v2 decodes a plain integer into a Duration as nanoseconds.
  bool digits = !s.empty();
  for (char c : s) digits &= (c >= '0' && c <= '9');
  if (digits && s.size() < 19) return std::chrono::nanoseconds(std::stoll(s));
  Result<std::chrono::nanoseconds> d = ParseGoDuration(s);
  if (!d.ok()) {
    return config::NodeError(ctx_, v, ChildPath(key), d.status().message());
  }
  return *d;
}

Result<std::optional<Duration>> EntryReader::PromDuration(
    std::string_view key) const {
  if (!Has(key)) return std::optional<Duration>();
  ASSIGN_OR_RETURN(std::string s, String(key));
  Result<Duration> d = ParseDuration(s);
  if (!d.ok()) {
    return config::NodeError(ctx_, node_[std::string(key)], ChildPath(key),
                             d.status().message());
  }
  return std::optional<Duration>(*d);
}

Result<std::optional<config::HttpClientConfig>> EntryReader::HttpConfig()
    const {
  if (!Has("http_config")) return std::optional<config::HttpClientConfig>();
  ASSIGN_OR_RETURN(config::HttpClientConfig c,
                   config::ParseHttpClientConfig(
                       node_["http_config"], ChildPath("http_config"), ctx_));
  return std::optional<config::HttpClientConfig>(std::move(c));
}

Result<std::chrono::nanoseconds> ParseGoDuration(std::string_view s) {
  const std::string orig(s);
  auto invalid = [&]() {
    return InvalidArgumentError("time: invalid duration \"" + orig + "\"");
  };
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return invalid();
  long double total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) return invalid();
    size_t i = 0;
    std::string number;
    bool any_digit = false;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
      if (s[i] != '.') any_digit = true;
      number += s[i];
      ++i;
    }
    if (!any_digit || std::count(number.begin(), number.end(), '.') > 1) {
      return invalid();
    }
    size_t j = i;
    while (j < s.size() && !(s[j] == '.' || (s[j] >= '0' && s[j] <= '9'))) {
      ++j;
    }
    std::string unit(s.substr(i, j - i));
    if (unit.empty()) {
      return InvalidArgumentError("time: missing unit in duration \"" + orig +
                                  "\"");
    }
    long double mult;
    if (unit == "ns") {
      mult = 1;
    } else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {
      mult = 1e3;
    } else if (unit == "ms") {
      mult = 1e6;
    } else if (unit == "s") {
      mult = 1e9;
    } else if (unit == "m") {
      mult = 60e9;
    } else if (unit == "h") {
      mult = 3600e9;
    } else {
      return InvalidArgumentError("time: unknown unit \"" + unit +
                                  "\" in duration \"" + orig + "\"");
    }
    total += std::stold(number) * mult;
    s.remove_prefix(j);
  }
  if (total > static_cast<long double>(std::numeric_limits<int64_t>::max())) {
    return invalid();
  }
  int64_t ns = static_cast<int64_t>(std::llround(total));
  return std::chrono::nanoseconds(neg ? -ns : ns);
}

std::string FormatGoDuration(std::chrono::nanoseconds d) {
  int64_t ns = d.count();
  if (ns == 0) return "0s";
  std::string sign = ns < 0 ? "-" : "";
  uint64_t u =
      ns < 0 ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
  auto frac = [](uint64_t v, uint64_t unit) {
    // v / unit with trailing zeros of the fraction trimmed.
    std::string out = std::to_string(v / unit);
    uint64_t rem = v % unit;
    if (rem != 0) {
      std::string f = std::to_string(rem);
      std::string digits(std::to_string(unit).size() - 1 - f.size(), '0');
      digits += f;
      while (!digits.empty() && digits.back() == '0') digits.pop_back();
      out += "." + digits;
    }
    return out;
  };
  if (u < 1000) return sign + std::to_string(u) + "ns";
  if (u < 1000000) return sign + frac(u, 1000) + "\xC2\xB5s";
  if (u < 1000000000) return sign + frac(u, 1000000) + "ms";
  uint64_t hours = u / 3600000000000ULL;
  uint64_t rest = u % 3600000000000ULL;
  uint64_t minutes = rest / 60000000000ULL;
  rest %= 60000000000ULL;
  std::string out = sign;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
  out += frac(rest, 1000000000) + "s";
  return out;
}

}  // namespace tocsin::notify::channel_config
