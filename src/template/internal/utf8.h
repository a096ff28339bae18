#ifndef TOCSIN_TEMPLATE_INTERNAL_UTF8_H_
#define TOCSIN_TEMPLATE_INTERNAL_UTF8_H_

// The template engine's UTF-8 and Go literal helpers: base/go_text.h's, under
// the names the engine uses.

#include <optional>
#include <string>
#include <string_view>

#include "base/go_text.h"

namespace tocsin::tmpl::internal {

using gotext::AppendRune;
using gotext::DecodeRune;
using gotext::IsGoSpace;

// strconv.Unquote of a double-quoted literal (with its quotes); nullopt on
// a syntax error.
inline std::optional<std::string> UnquoteDouble(std::string_view quoted) {
  return gotext::GoUnquoteDouble(quoted);
}

}  // namespace tocsin::tmpl::internal

#endif  // TOCSIN_TEMPLATE_INTERNAL_UTF8_H_
