#include "template/internal/utf8.h"

namespace tocsin::tmpl::internal {

size_t DecodeRune(std::string_view s, size_t i, char32_t* rune) {
  if (i >= s.size()) {
    *rune = 0xFFFD;
    return 0;
  }
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) {
    *rune = c;
    return 1;
  }
  size_t n = c >= 0xF0 && c <= 0xF4  ? 4
             : c >= 0xE0             ? 3
             : c >= 0xC2 && c < 0xE0 ? 2
                                     : 0;
  if (n == 0 || i + n > s.size()) {
    *rune = 0xFFFD;
    return 1;
  }
  char32_t r = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) {
      *rune = 0xFFFD;
      return 1;
    }
    r = (r << 6) | (b(k) & 0x3F);
  }
  bool overlong = (n == 3 && r < 0x800) || (n == 4 && r < 0x10000);
  if (overlong || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    *rune = 0xFFFD;
    return 1;
  }
  *rune = r;
  return n;
}

void AppendRune(std::string& out, char32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
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
int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> UnquoteDouble(std::string_view q) {
  if (q.size() < 2 || q.front() != '"' || q.back() != '"') return std::nullopt;
  std::string_view s = q.substr(1, q.size() - 2);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"' || c == '\n') return std::nullopt;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    char e = s[i];
    switch (e) {
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + n >= s.size()) return std::nullopt;
        uint32_t v = 0;
        for (size_t k = 1; k <= n; ++k) {
          int h = Hex(s[i + k]);
          if (h < 0) return std::nullopt;
          v = v * 16 + static_cast<uint32_t>(h);
        }
        i += n;
        if (e == 'x') {
          out.push_back(static_cast<char>(v));
        } else {
          if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            return std::nullopt;
          }
          AppendRune(out, v);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          if (i + 2 >= s.size()) return std::nullopt;
          uint32_t v = 0;
          for (size_t k = 0; k < 3; ++k) {
            char d = s[i + k];
            if (d < '0' || d > '7') return std::nullopt;
            v = v * 8 + static_cast<uint32_t>(d - '0');
          }
          if (v > 255) return std::nullopt;
          out.push_back(static_cast<char>(v));
          i += 2;
          break;
        }
        return std::nullopt;
    }
  }
  return out;
}

}  // namespace tocsin::tmpl::internal
