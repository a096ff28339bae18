#include "model/matcher.h"

#include <re2/re2.h>

#include "base/strings.h"
#include "model/internal/go_text.h"

namespace tocsin::model {
namespace {

// Go's regexp/syntax ErrorCode text for RE2's error code (RE2 is the C++
// original of Go's regexp; the codes map one to one).
std::string_view GoRegexpErrorText(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "regexp/syntax: internal error";
  }
}

bool IsReservedRune(char32_t r) {
  if (internal::IsGoSpace(r)) return true;
  switch (r) {
    case '{':
    case '}':
    case '!':
    case '=':
    case '~':
    case ',':
    case '\\':
    case '"':
    case '\'':
    case '`':
      return true;
    default:
      return false;
  }
}

bool ContainsReserved(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t r;
    i += internal::DecodeRune(s, i, &r);
    if (IsReservedRune(r)) return true;
  }
  return false;
}

// OpenMetrics escaping: only backslash, newline and double quote.
std::string OpenMetricsEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string_view MatchTypeString(MatchType type) {
  switch (type) {
    case MatchType::kEqual:
      return "=";
    case MatchType::kNotEqual:
      return "!=";
    case MatchType::kRegexMatch:
      return "=~";
    case MatchType::kRegexNoMatch:
      return "!~";
  }
  return "=";
}

std::optional<MatchType> ParseMatchType(std::string_view op) {
  if (op == "=") return MatchType::kEqual;
  if (op == "!=") return MatchType::kNotEqual;
  if (op == "=~") return MatchType::kRegexMatch;
  if (op == "!~") return MatchType::kRegexNoMatch;
  return std::nullopt;
}

Result<Matcher> Matcher::Create(MatchType type, std::string name,
                                std::string value) {
  std::shared_ptr<const RE2> re;
  if (type == MatchType::kRegexMatch || type == MatchType::kRegexNoMatch) {
    RE2::Options opts;
    opts.set_log_errors(false);
    auto compiled = std::make_shared<const RE2>("^(?:" + value + ")$", opts);
    if (!compiled->ok()) {
      std::string msg = "error parsing regexp: ";
      msg += GoRegexpErrorText(compiled->error_code());
      msg += ": `";
      msg += compiled->error_arg();
      msg += "`";
      return InvalidArgumentError(msg);
    }
    re = std::move(compiled);
  }
  return Matcher(type, std::move(name), std::move(value), std::move(re));
}

bool Matcher::Matches(std::string_view label_value) const {
  switch (type_) {
    case MatchType::kEqual:
      return label_value == value_;
    case MatchType::kNotEqual:
      return label_value != value_;
    case MatchType::kRegexMatch:
      return RE2::FullMatch(label_value, *re_);
    case MatchType::kRegexNoMatch:
      return !RE2::FullMatch(label_value, *re_);
  }
  return false;
}

std::string Matcher::ToString() const {
  std::string out;
  if (ContainsReserved(name_)) {
    out = GoQuote(name_);
    out += MatchTypeString(type_);
    out += GoQuote(value_);
    return out;
  }
  out = name_;
  out += MatchTypeString(type_);
  out += '"';
  out += OpenMetricsEscape(value_);
  out += '"';
  return out;
}

bool MatchesAll(const Matchers& matchers, const Labels& labels) {
  for (const Matcher& m : matchers) {
    if (!m.Matches(labels.Get(m.name()))) return false;
  }
  return true;
}

std::string MatchersToString(const Matchers& matchers) {
  std::string out = "{";
  for (size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) out += ',';
    out += matchers[i].ToString();
  }
  out += '}';
  return out;
}

}  // namespace tocsin::model
