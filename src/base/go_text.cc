#include "base/go_text.h"

namespace tocsin::gotext {

size_t DecodeRune(std::string_view s, size_t i, char32_t* rune) {
  if (i >= s.size()) {
    *rune = kRuneError;
    return 0;
  }
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *rune = c;
    return 1;
  }
  size_t len;
  char32_t r;
  char32_t min;
  if ((c & 0xE0) == 0xC0) {
    len = 2, r = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, r = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, r = c & 0x07, min = 0x10000;
  } else {
    *rune = kRuneError;
    return 1;
  }
  if (i + len > s.size()) {
    *rune = kRuneError;
    return 1;
  }
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      *rune = kRuneError;
      return 1;
    }
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    *rune = kRuneError;
    return 1;
  }
  *rune = r;
  return len;
}

void AppendRune(std::string& out, char32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = kRuneError;
  if (r < 0x80) {
    out.push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (r >> 6)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (r >> 12)));
    out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (r >> 18)));
    out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
}

bool IsGoSpace(char32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

namespace {

int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One step of Go's strconv.UnquoteChar with quote '"' on s[*i:]; appends the
// decoded text to `out`. False on a syntax error.
bool UnquoteChar(std::string_view s, size_t* i, std::string& out) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  if (c == '"') return false;
  if (c >= 0x80) {
    char32_t r;
    size_t n = DecodeRune(s, *i, &r);
    AppendRune(out, r);  // Invalid bytes become U+FFFD, as in Go.
    *i += n;
    return true;
  }
  if (c != '\\') {
    out.push_back(static_cast<char>(c));
    ++*i;
    return true;
  }
  if (*i + 1 >= s.size()) return false;
  char e = s[*i + 1];
  *i += 2;
  switch (e) {
    case 'a':
      out.push_back('\a');
      return true;
    case 'b':
      out.push_back('\b');
      return true;
    case 'f':
      out.push_back('\f');
      return true;
    case 'n':
      out.push_back('\n');
      return true;
    case 'r':
      out.push_back('\r');
      return true;
    case 't':
      out.push_back('\t');
      return true;
    case 'v':
      out.push_back('\v');
      return true;
    case '\\':
      out.push_back('\\');
      return true;
    case '"':
      out.push_back('"');
      return true;
    case 'x':
    case 'u':
    case 'U': {
      size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (*i + n > s.size()) return false;
      char32_t v = 0;
      for (size_t j = 0; j < n; ++j) {
        int x = Unhex(s[*i + j]);
        if (x < 0) return false;
        v = (v << 4) | static_cast<char32_t>(x);
      }
      *i += n;
      if (e == 'x') {
        out.push_back(static_cast<char>(v));  // A raw byte, maybe not UTF-8.
        return true;
      }
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
      AppendRune(out, v);
      return true;
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      char32_t v = static_cast<char32_t>(e - '0');
      if (*i + 2 > s.size()) return false;
      for (size_t j = 0; j < 2; ++j) {
        int x = s[*i + j] - '0';
        if (x < 0 || x > 7) return false;
        v = (v << 3) | static_cast<char32_t>(x);
      }
      *i += 2;
      if (v > 255) return false;
      out.push_back(static_cast<char>(v));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

std::optional<std::string> GoUnquoteDouble(std::string_view in) {
  if (in.size() < 2 || in.front() != '"' || in.back() != '"') {
    return std::nullopt;
  }
  std::string out;
  out.reserve(in.size());
  size_t i = 1;
  const size_t end = in.size() - 1;
  while (i < end) {
    if (in[i] == '\n') return std::nullopt;
    if (!UnquoteChar(in.substr(0, end), &i, out)) return std::nullopt;
  }
  return out;
}

}  // namespace tocsin::gotext
