#ifndef TOCSIN_MODEL_INTERNAL_GO_TEXT_H_
#define TOCSIN_MODEL_INTERNAL_GO_TEXT_H_

// Go text primitives the matcher parsers need to behave byte-for-byte like
// Alertmanager's: rune decoding, unicode.IsSpace, strconv.Unquote.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::model::internal {

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

}  // namespace tocsin::model::internal

#endif  // TOCSIN_MODEL_INTERNAL_GO_TEXT_H_
