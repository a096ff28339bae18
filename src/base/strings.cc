#include "base/strings.h"

#include <cstdint>
#include <cstdio>

namespace tocsin {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if invalid.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* rune) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *rune = c;
    return 1;
  }
  size_t len;
  uint32_t r;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    len = 2, r = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, r = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, r = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0;
  *rune = r;
  return len;
}

}  // namespace

std::vector<std::string> StrSplit(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string StrJoin(const std::vector<std::string>& parts,
                    std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::string_view TrimSpace(std::string_view s) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    uint32_t r;
    size_t n = DecodeUtf8(s, i, &r);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  char buf[16];
  size_t i = 0;
  while (i < s.size()) {
    uint32_t r;
    size_t n = DecodeUtf8(s, i, &r);
    if (n == 0) {
      std::snprintf(buf, sizeof(buf), "\\x%02x",
                    static_cast<unsigned char>(s[i]));
      out += buf;
      ++i;
      continue;
    }
    switch (r) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (r < 0x20 || r == 0x7F) {
          std::snprintf(buf, sizeof(buf), "\\x%02x", r);
          out += buf;
        } else if (r >= 0x80 && r < 0xA0) {
          std::snprintf(buf, sizeof(buf), "\\u%04x", r);
          out += buf;
        } else {
          out.append(s.substr(i, n));
        }
    }
    i += n;
  }
  out += "\"";
  return out;
}

}  // namespace tocsin
