#ifndef TOCSIN_TEMPLATE_INTERNAL_UTF8_H_
#define TOCSIN_TEMPLATE_INTERNAL_UTF8_H_

// UTF-8 and Go literal helpers for the template engine.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::tmpl::internal {

// utf8.DecodeRuneInString(s[i:]): the rune and its width; an invalid
// sequence gives (U+FFFD, 1), i >= size gives width 0.
size_t DecodeRune(std::string_view s, size_t i, char32_t* rune);
// utf8.AppendRune (invalid runes become U+FFFD).
void AppendRune(std::string& out, char32_t r);
// unicode.IsSpace.
bool IsGoSpace(char32_t r);
// strconv.Unquote of a double-quoted literal (with its quotes); nullopt on
// a syntax error.
std::optional<std::string> UnquoteDouble(std::string_view quoted);

}  // namespace tocsin::tmpl::internal

#endif  // TOCSIN_TEMPLATE_INTERNAL_UTF8_H_
