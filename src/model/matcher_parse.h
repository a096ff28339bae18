#ifndef TOCSIN_MODEL_MATCHER_PARSE_H_
#define TOCSIN_MODEL_MATCHER_PARSE_H_

#include <string_view>

#include "base/result.h"
#include "model/matcher.h"

namespace tocsin::model {

// Which of Alertmanager's two matcher parsers reads matcher text, as chosen
// by --enable-feature.
enum class MatcherParserMode {
  // Default: the UTF-8 parser first; if it fails and the classic parser
  // succeeds, or both succeed with different results, the classic result is
  // used (Alertmanager's compat fallback, which logs the disagreement). When
  // both fail, the classic parser's error is returned.
  kFallback,
  // --enable-feature=utf8-strict-mode: only the UTF-8 `matchers` grammar.
  kUtf8Strict,
  // --enable-feature=classic-mode: only the classic pkg/labels parser.
  kClassic,
};

// Parses a list of matchers such as `{foo="bar", baz=~"x.*"}` or
// `foo=bar,baz!=qux` (Alertmanager compat.Matchers). Zero matchers ("" or
// "{}") is a success with an empty list. Errors are InvalidArgument with the
// chosen parser's exact message text (see the functions below).
Result<Matchers> ParseMatchers(std::string_view input, MatcherParserMode mode);

// Parses exactly one matcher such as `foo="bar"` (compat.Matcher). In the
// UTF-8 and fallback modes an input that starts with '{' or ends with '}' is
// refused with "unexpected open or close brace: <input>"; the UTF-8 parser
// refuses zero matchers with "no matchers" and several with
// "expected 1 matcher, found <n>".
Result<Matcher> ParseMatcher(std::string_view input, MatcherParserMode mode);

// Alertmanager's compat.IsValidLabelName: the classic rule in kClassic mode,
// the UTF-8 rule otherwise.
bool IsValidLabelName(std::string_view name, MatcherParserMode mode);

// The parsers on their own (for tests and the conformance runner).
//
// Classic (pkg/labels ParseMatchers): optional leading '{' and trailing '}'
// trimmed, split on commas outside double quotes, each part parsed by
// ParseMatcherClassic. Errors: "bad matcher format: <part>",
// "matcher value contains unescaped double quote: <raw value>",
// "matcher value not valid UTF-8: <raw value>", Go-shaped regexp errors.
Result<Matchers> ParseMatchersClassic(std::string_view input);
Result<Matcher> ParseMatcherClassic(std::string_view input);
// UTF-8 (matcher/parse): errors carry rune column positions, e.g.
// "0:8: end of input: expected close brace".
Result<Matchers> ParseMatchersUtf8(std::string_view input);
Result<Matcher> ParseMatcherUtf8(std::string_view input);

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_MATCHER_PARSE_H_
