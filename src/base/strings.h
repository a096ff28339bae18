#ifndef TOCSIN_BASE_STRINGS_H_
#define TOCSIN_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace tocsin {

// Splits on every occurrence of `sep`; "" gives {""}.
std::vector<std::string> StrSplit(std::string_view s, char sep);
// Joins with `sep` between elements.
std::string StrJoin(const std::vector<std::string>& parts,
                    std::string_view sep);
// Strips ASCII whitespace (space, \t, \n, \r, \f, \v) from both ends.
std::string_view TrimSpace(std::string_view s);
// True if `s` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Go's strconv.Quote: double-quoted with Go escapes; non-printable and
// invalid UTF-8 bytes escaped as Go does for the common cases.
std::string GoQuote(std::string_view s);

}  // namespace tocsin

#endif  // TOCSIN_BASE_STRINGS_H_
