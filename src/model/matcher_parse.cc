#include "model/matcher_parse.h"

#include <string>
#include <vector>

#include "base/strings.h"
#include "model/internal/go_text.h"
#include "model/internal/utf8_parser.h"

namespace tocsin::model {
namespace {

// Go regexp's \s: [\t\n\f\r ].
bool IsRegexpSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool IsClassicNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == ':';
}

bool IsClassicNameChar(char c) {
  return IsClassicNameStart(c) || (c >= '0' && c <= '9');
}

// Go's strings.TrimSpace (unicode.IsSpace at both ends). `s` is valid UTF-8
// here (ParseMatchersClassic rewrote invalid bytes).
std::string TrimGoSpace(const std::string& s) {
  size_t first = s.size();
  size_t last = 0;  // One past the last non-space rune.
  size_t i = 0;
  while (i < s.size()) {
    char32_t r;
    size_t n = internal::DecodeRune(s, i, &r);
    if (!internal::IsGoSpace(r)) {
      if (first == s.size()) first = i;
      last = i + n;
    }
    i += n;
  }
  if (first == s.size()) return "";
  return s.substr(first, last - first);
}

bool StartsWith(std::string_view s, char c) {
  return !s.empty() && s.front() == c;
}
bool EndsWith(std::string_view s, char c) {
  return !s.empty() && s.back() == c;
}

Status BraceError(std::string_view input) {
  return InvalidArgumentError("unexpected open or close brace: " +
                              std::string(input));
}

}  // namespace

Result<Matcher> ParseMatcherClassic(std::string_view s) {
  // Upstream matches
  // ^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$ with Go's
  // regexp; the equivalent scan follows.
  auto bad_format = [&] {
    return InvalidArgumentError("bad matcher format: " + std::string(s));
  };
  size_t i = 0;
  while (i < s.size() && IsRegexpSpace(s[i])) ++i;
  if (i >= s.size() || !IsClassicNameStart(s[i])) return bad_format();
  size_t name_start = i;
  while (i < s.size() && IsClassicNameChar(s[i])) ++i;
  std::string name(s.substr(name_start, i - name_start));
  while (i < s.size() && IsRegexpSpace(s[i])) ++i;
  MatchType type;
  std::string_view rest = s.substr(i);
  if (rest.substr(0, 2) == "=~") {
    type = MatchType::kRegexMatch;
    i += 2;
  } else if (rest.substr(0, 1) == "=") {
    type = MatchType::kEqual;
    i += 1;
  } else if (rest.substr(0, 2) == "!=") {
    type = MatchType::kNotEqual;
    i += 2;
  } else if (rest.substr(0, 2) == "!~") {
    type = MatchType::kRegexNoMatch;
    i += 2;
  } else {
    return bad_format();
  }
  while (i < s.size() && IsRegexpSpace(s[i])) ++i;
  size_t end = s.size();
  while (end > i && IsRegexpSpace(s[end - 1])) --end;
  const std::string_view matched_value = s.substr(i, end - i);

  std::string_view raw = matched_value;
  bool expect_trailing_quote = false;
  if (StartsWith(raw, '"')) {
    raw.remove_prefix(1);
    expect_trailing_quote = true;
  }
  if (!IsValidUtf8(raw)) {
    return InvalidArgumentError("matcher value not valid UTF-8: " +
                                std::string(matched_value));
  }
  auto unescaped_quote = [&] {
    return InvalidArgumentError(
        "matcher value contains unescaped double quote: " +
        std::string(matched_value));
  };
  // Unescape: \n, \" and \\ are escapes; any other backslash is literal.
  std::string value;
  value.reserve(raw.size());
  bool escaped = false;
  for (size_t k = 0; k < raw.size(); ++k) {
    char c = raw[k];  // Escapes are ASCII; other bytes are copied as is.
    if (escaped) {
      escaped = false;
      if (c == 'n') {
        value.push_back('\n');
      } else if (c == '"' || c == '\\') {
        value.push_back(c);
      } else {
        value.push_back('\\');
        value.push_back(c);
      }
      continue;
    }
    if (c == '\\') {
      if (k + 1 < raw.size()) {
        escaped = true;
        continue;
      }
      value.push_back('\\');  // A trailing backslash is literal.
    } else if (c == '"') {
      if (!expect_trailing_quote || k + 1 < raw.size()) {
        return unescaped_quote();
      }
      expect_trailing_quote = false;
    } else {
      value.push_back(c);
    }
  }
  if (expect_trailing_quote) return unescaped_quote();
  return Matcher::Create(type, std::move(name), std::move(value));
}

Result<Matchers> ParseMatchersClassic(std::string_view input) {
  std::string_view s = input;
  if (StartsWith(s, '{')) s.remove_prefix(1);
  if (EndsWith(s, '}')) s.remove_suffix(1);

  // Split on commas outside double quotes; a quote preceded by an odd run
  // of backslashes does not count. Runes are re-encoded as Go's range loop
  // does, so invalid bytes become U+FFFD.
  std::vector<std::string> tokens;
  std::string token;
  bool inside_quotes = false;
  bool escaped = false;
  size_t i = 0;
  while (i < s.size()) {
    char32_t r;
    i += internal::DecodeRune(s, i, &r);
    if (r == ',') {
      if (!inside_quotes) {
        tokens.push_back(std::move(token));
        token.clear();
        continue;
      }
    } else if (r == '"') {
      if (!escaped) {
        inside_quotes = !inside_quotes;
      } else {
        escaped = false;
      }
    } else if (r == '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    internal::AppendRune(token, r);
  }
  std::string last = TrimGoSpace(token);
  if (!last.empty()) tokens.push_back(std::move(last));

  Matchers out;
  out.reserve(tokens.size());
  for (const std::string& t : tokens) {
    ASSIGN_OR_RETURN(Matcher m, ParseMatcherClassic(t));
    out.push_back(std::move(m));
  }
  return out;
}

Result<Matchers> ParseMatchersUtf8(std::string_view input) {
  return internal::ParseUtf8Matchers(input);
}

Result<Matcher> ParseMatcherUtf8(std::string_view input) {
  ASSIGN_OR_RETURN(Matchers ms, internal::ParseUtf8Matchers(input));
  if (ms.size() == 1) return std::move(ms[0]);
  if (ms.empty()) return InvalidArgumentError("no matchers");
  return InvalidArgumentError("expected 1 matcher, found " +
                              std::to_string(ms.size()));
}

Result<Matchers> ParseMatchers(std::string_view input, MatcherParserMode mode) {
  switch (mode) {
    case MatcherParserMode::kClassic:
      return ParseMatchersClassic(input);
    case MatcherParserMode::kUtf8Strict:
      return ParseMatchersUtf8(input);
    case MatcherParserMode::kFallback:
      break;
  }
  Result<Matchers> utf8 = ParseMatchersUtf8(input);
  Result<Matchers> classic = ParseMatchersClassic(input);
  if (!utf8.ok()) return classic;  // Classic result, or its error.
  if (classic.ok() && *utf8 != *classic) return classic;  // Disagreement.
  return utf8;
}

Result<Matcher> ParseMatcher(std::string_view input, MatcherParserMode mode) {
  if (mode == MatcherParserMode::kClassic) return ParseMatcherClassic(input);
  if (StartsWith(input, '{') || EndsWith(input, '}')) return BraceError(input);
  if (mode == MatcherParserMode::kUtf8Strict) return ParseMatcherUtf8(input);
  Result<Matcher> utf8 = ParseMatcherUtf8(input);
  Result<Matcher> classic = ParseMatcherClassic(input);
  if (!utf8.ok()) return classic;
  if (classic.ok() && !(*utf8 == *classic)) return classic;
  return utf8;
}

bool IsValidLabelName(std::string_view name, MatcherParserMode mode) {
  return mode == MatcherParserMode::kClassic ? IsValidLabelNameClassic(name)
                                             : IsValidLabelNameUtf8(name);
}

}  // namespace tocsin::model
