#ifndef TOCSIN_PROMQL_PARSER_H_
#define TOCSIN_PROMQL_PARSER_H_

#include <string_view>

#include "base/result.h"
#include "promql/ast.h"

namespace tocsin::promql {

// Parses and type-checks a PromQL expression as Prometheus' parser.ParseExpr
// does. Errors are InvalidArgument with Prometheus' text
// "<line>:<col>: parse error: <what>" (col is the 1-based byte column).
Result<ExprPtr> ParseExpr(std::string_view input);

// Parses a duration as the PromQL lexer accepts it ("5m", "1h30m", "90s";
// a bare number of seconds when `allow_number`). Milliseconds.
Result<int64_t> ParsePromDuration(std::string_view s, bool allow_number);

// Decodes a Go string literal ("...", '...' with Go escapes, `...` raw).
// std::nullopt on bad syntax.
std::optional<std::string> UnquoteGoString(std::string_view quoted);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_H_
