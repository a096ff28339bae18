#ifndef TOCSIN_CONFIG_SECRET_H_
#define TOCSIN_CONFIG_SECRET_H_

#include <string>
#include <string_view>
#include <utility>

namespace tocsin::config {

// The text printed in place of every secret when a config is shown
// (Alertmanager's `<secret>`).
inline constexpr std::string_view kSecretToken = "<secret>";

// A configuration string that must never be shown: passwords, tokens, API
// keys, secret URLs. The value is reachable only through value(); printing
// helpers (ToYaml, Redacted) yield "<secret>" for a non-empty value and ""
// for an empty one, as Alertmanager's Secret marshals. Immutable value type.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The real value, for the code that sends a notification.
  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }
  // "<secret>" when set, "" when empty.
  std::string Redacted() const {
    return value_.empty() ? std::string() : std::string(kSecretToken);
  }

  friend bool operator==(const Secret& a, const Secret& b) {
    return a.value_ == b.value_;
  }

 private:
  std::string value_;
};

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_SECRET_H_
