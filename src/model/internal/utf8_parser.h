#ifndef TOCSIN_MODEL_INTERNAL_UTF8_PARSER_H_
#define TOCSIN_MODEL_INTERNAL_UTF8_PARSER_H_

// The UTF-8 matchers grammar of Alertmanager's matcher/parse package: a
// lexer that emits tokens with rune-column positions and a small state
// machine over them. Error texts are upstream's, byte for byte.

#include <string_view>

#include "base/result.h"
#include "model/matcher.h"

namespace tocsin::model::internal {

// Zero or more matchers (parse.Matchers).
Result<Matchers> ParseUtf8Matchers(std::string_view input);

}  // namespace tocsin::model::internal

#endif  // TOCSIN_MODEL_INTERNAL_UTF8_PARSER_H_
