#ifndef TOCSIN_MODEL_MATCHER_H_
#define TOCSIN_MODEL_MATCHER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/labels.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace tocsin::model {

enum class MatchType {
  kEqual,         // =
  kNotEqual,      // !=
  kRegexMatch,    // =~  (RE2, fully anchored: ^(?:value)$)
  kRegexNoMatch,  // !~
};

// "=", "!=", "=~", "!~".
std::string_view MatchTypeString(MatchType type);
// Inverse of MatchTypeString; std::nullopt for any other text.
std::optional<MatchType> ParseMatchType(std::string_view op);

// One label matcher (Alertmanager's labels.Matcher). Immutable and cheap to
// copy: the compiled regex is shared between copies. Thread-safe for
// concurrent use (RE2 is).
class Matcher {
 public:
  // Builds a matcher. For the regex types the value is compiled once as
  // `^(?:value)$` with Go's regexp flags (Perl classes, `.` not matching
  // newline). Fails with InvalidArgument when the regex does not compile; the
  // message has Go's shape "error parsing regexp: <what>: `<where>`", with
  // the code text Go uses for RE2's error code (the `<where>` part is RE2's
  // and may differ from Go's in rare cases). Name and value are not
  // validated here (any bytes).
  static Result<Matcher> Create(MatchType type, std::string name,
                                std::string value);

  MatchType type() const { return type_; }
  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }
  bool is_regex() const {
    return type_ == MatchType::kRegexMatch || type_ == MatchType::kRegexNoMatch;
  }

  // Whether a label value satisfies the matcher (absent label = ""). A
  // regex sees the value as UTF-8: on a value with invalid UTF-8 `.` does
  // not match the bad bytes (Go would see U+FFFD there); label values are
  // validated as UTF-8 at the API boundary, so this does not arise there.
  bool Matches(std::string_view label_value) const;

  // Alertmanager's Matcher.String(): when the name contains a space or one
  // of {}!=~,\"'` it prints Go-quoted name, operator, Go-quoted value
  // ("foo bar"="baz"); otherwise name, operator and the value in double
  // quotes with only \ " and newline escaped (foo="tab<TAB>stop").
  std::string ToString() const;

  // Same type, name and value.
  friend bool operator==(const Matcher& a, const Matcher& b) {
    return a.type_ == b.type_ && a.name_ == b.name_ && a.value_ == b.value_;
  }

 private:
  Matcher(MatchType type, std::string name, std::string value,
          std::shared_ptr<const re2::RE2> re)
      : type_(type),
        name_(std::move(name)),
        value_(std::move(value)),
        re_(std::move(re)) {}

  MatchType type_;
  std::string name_;
  std::string value_;
  std::shared_ptr<const re2::RE2> re_;  // Set for the regex types only.
};

using Matchers = std::vector<Matcher>;

// True when every matcher matches the labels (absent label = ""). True for
// no matchers.
bool MatchesAll(const Matchers& matchers, const Labels& labels);

// Alertmanager's Matchers.String(): `{a="b",c=~"d"}` (no spaces).
std::string MatchersToString(const Matchers& matchers);

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_MATCHER_H_
