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
  // used (Alertmanager's compat fallback, which logs the disagreement).
  kFallback,
  // --enable-feature=utf8-strict-mode: only the UTF-8 `matchers` grammar.
  kUtf8Strict,
  // --enable-feature=classic-mode: only the classic pkg/labels parser.
  kClassic,
};

// Parses a list of matchers such as `{foo="bar", baz=~"x.*"}` or
// `foo=bar,baz!=qux` (Alertmanager compat.Matchers). Errors are
// InvalidArgument with the chosen parser's message text.
Result<Matchers> ParseMatchers(std::string_view input, MatcherParserMode mode);

// Parses exactly one matcher such as `foo="bar"` (compat.Matcher).
Result<Matcher> ParseMatcher(std::string_view input, MatcherParserMode mode);

// The two parsers on their own (for tests and the conformance runner).
Result<Matchers> ParseMatchersClassic(std::string_view input);
Result<Matchers> ParseMatchersUtf8(std::string_view input);
Result<Matcher> ParseMatcherUtf8(std::string_view input);

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_MATCHER_PARSE_H_
