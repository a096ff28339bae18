#ifndef TOCSIN_BASE_GO_TEXT_H_
#define TOCSIN_BASE_GO_TEXT_H_

// Go text primitives for code that must behave byte-for-byte like Go (the
// matcher parsers, the template engine): rune decoding, unicode.IsSpace,
// strconv.Unquote.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::gotext {

inline constexpr char32_t kRuneError = 0xFFFD;

// Go's utf8.DecodeRuneInString on s[i:]: the rune and its width. An invalid
// or truncated sequence gives (kRuneError, 1); i >= s.size() gives width 0.
size_t DecodeRune(std::string_view s, size_t i, char32_t* rune);

// Appends the UTF-8 encoding of `r` (Go's utf8.AppendRune; invalid runes
// become U+FFFD).
void AppendRune(std::string& out, char32_t r);

// Go's unicode.IsSpace.
bool IsGoSpace(char32_t r);

// Go's strconv.Unquote restricted to a double-quoted literal: `quoted`
// must start and end with '"'. std::nullopt where Go returns ErrSyntax.
std::optional<std::string> GoUnquoteDouble(std::string_view quoted);

}  // namespace tocsin::gotext

#endif  // TOCSIN_BASE_GO_TEXT_H_
