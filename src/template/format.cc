#include "template/format.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "base/strings.h"
#include "template/internal/utf8.h"

namespace tocsin::tmpl {
namespace {

// Decimal digits of |v| (no leading zeros, trailing zeros removed) and the
// decimal point position: v = 0.d1d2d3... * 10^dp. `sig` significant
// digits, or the shortest round-trip digits when sig < 0. v != 0.
void Digits(double v, int sig, std::string* digits, int* dp) {
  char buf[64];
  std::to_chars_result r =
      sig < 0 ? std::to_chars(buf, buf + sizeof(buf), std::fabs(v),
                              std::chars_format::scientific)
              : std::to_chars(buf, buf + sizeof(buf), std::fabs(v),
                              std::chars_format::scientific, sig - 1);
  std::string_view s(buf, r.ptr - buf);
  size_t e = s.find('e');
  digits->clear();
  for (char c : s.substr(0, e)) {
    if (c != '.') digits->push_back(c);
  }
  while (digits->size() > 1 && digits->back() == '0') digits->pop_back();
  *dp = std::atoi(std::string(s.substr(e + 1)).c_str()) + 1;
}

std::string ExpString(int exp) {
  std::string out = exp < 0 ? "e-" : "e+";
  int a = std::abs(exp);
  if (a < 10) out.push_back('0');
  out += std::to_string(a);
  return out;
}

std::string FmtE(const std::string& d, int dp, int prec) {
  std::string out(1, d[0]);
  if (prec > 0) {
    out.push_back('.');
    for (int i = 1; i <= prec; ++i) {
      out.push_back(i < static_cast<int>(d.size()) ? d[i] : '0');
    }
  }
  int exp = d == "0" ? 0 : dp - 1;
  return out + ExpString(exp);
}

std::string FmtF(const std::string& d, int dp, int prec) {
  std::string out;
  if (dp > 0) {
    for (int i = 0; i < dp; ++i) {
      out.push_back(i < static_cast<int>(d.size()) ? d[i] : '0');
    }
  } else {
    out = "0";
  }
  if (prec > 0) {
    out.push_back('.');
    for (int i = 0; i < prec; ++i) {
      int j = dp + i;
      out.push_back(j >= 0 && j < static_cast<int>(d.size()) ? d[j] : '0');
    }
  }
  return out;
}

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                             "Thursday", "Friday", "Saturday"};

struct Civil {
  int64_t year;
  int month;  // 1-12
  int day;
  int hour, minute, second;
  int weekday;  // 0 = Sunday
  int yday;     // 1-366
};

Civil ToCivil(const TimeValue& t) {
  int64_t s = t.unix_seconds + t.offset_seconds;
  int64_t days = s / 86400;
  int64_t rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  std::chrono::sys_days sd{std::chrono::days(days)};
  std::chrono::year_month_day ymd(sd);
  Civil c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  c.weekday = static_cast<int>(std::chrono::weekday(sd).c_encoding());
  std::chrono::sys_days jan1{ymd.year() / std::chrono::January / 1};
  c.yday = static_cast<int>((sd - jan1).count()) + 1;
  return c;
}

std::string Pad(int64_t v, int width, char fill = '0') {
  std::string s = std::to_string(v < 0 ? -v : v);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), fill);
  return v < 0 ? "-" + s : s;
}

std::string Zone(int offset, bool colon, bool seconds, bool hours_only,
                 bool z) {
  if (z && offset == 0) return "Z";
  std::string out = offset < 0 ? "-" : "+";
  int a = std::abs(offset);
  out += Pad(a / 3600, 2);
  if (hours_only) return out;
  if (colon) out += ":";
  out += Pad(a / 60 % 60, 2);
  if (seconds) {
    if (colon) out += ":";
    out += Pad(a % 60, 2);
  }
  return out;
}

std::string FracDigits(int64_t v, int prec) {
  // The last `prec` decimal digits of v, trailing zeros removed.
  std::string s = Pad(v, prec);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}

bool StartsWith(std::string_view s, size_t i, std::string_view p) {
  return s.substr(i, p.size()) == p;
}

std::string TypeOf(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return "<nil>";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kInt:
      return "int";
    case Value::Kind::kFloat:
      return "float64";
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kTime:
      return "time.Time";
    case Value::Kind::kDuration:
      return "time.Duration";
    default:
      return v.TypeName();
  }
}

std::string BadVerb(char verb, const Value& v) {
  if (v.is_nil()) return std::string("%!") + verb + "(<nil>)";
  return std::string("%!") + verb + "(" + TypeOf(v) + "=" + GoSprint(v) + ")";
}

size_t RuneCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

struct Spec {
  bool minus = false, plus = false, sharp = false, zero = false, space = false;
  int width = -1;
  int prec = -1;
};

std::string PadTo(std::string s, const Spec& sp, bool numeric) {
  if (sp.width < 0) return s;
  size_t n = RuneCount(s);
  if (n >= static_cast<size_t>(sp.width)) return s;
  size_t fill = sp.width - n;
  if (sp.minus) return s + std::string(fill, ' ');
  if (sp.zero && numeric) {
    size_t at = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    s.insert(at, std::string(fill, '0'));
    return s;
  }
  return std::string(fill, ' ') + s;
}

std::string FormatInt(int64_t v, int base, bool upper, const Spec& sp) {
  uint64_t a = v < 0 ? -static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  char buf[80];
  auto r = std::to_chars(buf, buf + sizeof(buf), a, base);
  std::string digits(buf, r.ptr);
  if (upper) {
    for (char& c : digits) c = static_cast<char>(std::toupper(c));
  }
  if (sp.prec >= 0) {
    while (static_cast<int>(digits.size()) < sp.prec) digits.insert(0, "0");
  }
  std::string prefix;
  if (sp.sharp) {
    if (base == 16) prefix = upper ? "0X" : "0x";
    if (base == 8) prefix = "0";
    if (base == 2) prefix = "0b";
  }
  std::string sign = v < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  return PadTo(sign + prefix + digits, sp, true);
}

std::string FormatOne(char verb, const Spec& sp, const Value& v) {
  using K = Value::Kind;
  switch (verb) {
    case 'v':
      if (v.kind() == K::kString) return PadTo(v.as_string(), sp, false);
      if (v.kind() == K::kInt) return FormatInt(v.as_int(), 10, false, sp);
      if (v.kind() == K::kFloat) {
        std::string s = FormatFloat(v.as_float(), 'g', sp.prec);
        if (sp.plus && v.as_float() >= 0) s = "+" + s;
        return PadTo(s, sp, true);
      }
      return PadTo(v.is_nil() ? "<nil>" : GoSprint(v), sp, false);
    case 's':
      if (v.kind() == K::kString) {
        std::string s = v.as_string();
        if (sp.prec >= 0) {
          size_t i = 0;
          int runes = 0;
          while (i < s.size() && runes < sp.prec) {
            ++i;
            while (i < s.size() &&
                   (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
              ++i;
            }
            ++runes;
          }
          s.resize(i);
        }
        return PadTo(s, sp, false);
      }
      if (v.kind() == K::kTime || v.kind() == K::kDuration ||
          v.kind() == K::kList || v.kind() == K::kMap) {
        return PadTo(GoSprint(v), sp, false);
      }
      return BadVerb(verb, v);
    case 'q':
      if (v.kind() == K::kString) {
        return PadTo(GoQuoteString(v.as_string()), sp, false);
      }
      if (v.kind() == K::kInt) {
        std::string s = "'";
        internal::AppendRune(s, static_cast<char32_t>(v.as_int()));
        return PadTo(s + "'", sp, false);
      }
      return BadVerb(verb, v);
    case 'd':
      if (v.kind() == K::kInt || v.kind() == K::kDuration) {
        return FormatInt(v.as_int(), 10, false, sp);
      }
      return BadVerb(verb, v);
    case 'x':
    case 'X':
      if (v.kind() == K::kInt)
        return FormatInt(v.as_int(), 16, verb == 'X', sp);
      if (v.kind() == K::kString) {
        static const char* kHex = "0123456789abcdef";
        static const char* kHexU = "0123456789ABCDEF";
        std::string out;
        for (unsigned char c : v.as_string()) {
          out.push_back((verb == 'X' ? kHexU : kHex)[c >> 4]);
          out.push_back((verb == 'X' ? kHexU : kHex)[c & 15]);
        }
        return PadTo(out, sp, false);
      }
      return BadVerb(verb, v);
    case 'o':
      if (v.kind() == K::kInt) return FormatInt(v.as_int(), 8, false, sp);
      return BadVerb(verb, v);
    case 'b':
      if (v.kind() == K::kInt) return FormatInt(v.as_int(), 2, false, sp);
      return BadVerb(verb, v);
    case 'c':
      if (v.kind() == K::kInt) {
        std::string s;
        internal::AppendRune(s, static_cast<char32_t>(v.as_int()));
        return PadTo(s, sp, false);
      }
      return BadVerb(verb, v);
    case 't':
      if (v.kind() == K::kBool) {
        return PadTo(v.as_bool() ? "true" : "false", sp, false);
      }
      return BadVerb(verb, v);
    case 'T':
      return PadTo(TypeOf(v), sp, false);
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (v.kind() != K::kFloat) return BadVerb(verb, v);
      char f = static_cast<char>(std::tolower(verb));
      if (f == 'f' || f == 'e') {
        f = f == 'f' ? 'f' : 'e';
      }
      int prec = sp.prec;
      if (prec < 0 && f != 'g') prec = 6;
      std::string s = FormatFloat(v.as_float(), f, prec);
      if (verb == 'E' || verb == 'G') {
        for (char& c : s) c = static_cast<char>(std::toupper(c));
      }
      if (sp.plus && s[0] != '-') s = "+" + s;
      if (sp.space && s[0] != '-' && s[0] != '+') s = " " + s;
      return PadTo(s, sp, true);
    }
    default:
      return BadVerb(verb, v);
  }
}

}  // namespace

std::string FormatFloat(double v, char fmt, int prec) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::string sign = std::signbit(v) ? "-" : "";
  if (fmt == 'f' && prec >= 0) {
    char buf[400];
    auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed,
                           prec);
    return std::string(buf, r.ptr);
  }
  std::string d;
  int dp = 0;
  if (v == 0) {
    d = "0";
    dp = 1;
  } else if (fmt == 'e' && prec >= 0) {
    Digits(v, prec + 1, &d, &dp);
  } else if (fmt == 'g' && prec >= 0) {
    Digits(v, prec == 0 ? 1 : prec, &d, &dp);
  } else {
    Digits(v, -1, &d, &dp);
  }
  int nd = d == "0" ? 0 : static_cast<int>(d.size());
  if (v == 0) dp = 0;
  switch (fmt) {
    case 'e':
      return sign + FmtE(d, dp, prec < 0 ? std::max(nd - 1, 0) : prec);
    case 'f':
      return sign + FmtF(d, dp, std::max(nd - dp, 0));
    default: {
      int eprec = prec;
      if (eprec > nd && nd >= dp) eprec = nd;
      if (prec < 0) eprec = 6;
      int exp = dp - 1;
      if (v != 0 && (exp < -4 || exp >= eprec)) {
        return sign + FmtE(d, dp, std::max(nd - 1, 0));
      }
      return sign + FmtF(d, dp, std::max(nd - dp, 0));
    }
  }
}

std::string FormatTime(const TimeValue& t, std::string_view layout) {
  Civil c = ToCivil(t);
  std::string out;
  size_t i = 0;
  while (i < layout.size()) {
    char ch = layout[i];
    auto take = [&](std::string_view tok) {
      if (StartsWith(layout, i, tok)) {
        i += tok.size();
        return true;
      }
      return false;
    };
    int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
    switch (ch) {
      case 'J':
        if (take("January")) {
          out += kMonths[c.month - 1];
          continue;
        }
        if (take("Jan")) {
          out += std::string(kMonths[c.month - 1]).substr(0, 3);
          continue;
        }
        break;
      case 'M':
        if (take("Monday")) {
          out += kDays[c.weekday];
          continue;
        }
        if (take("Mon")) {
          out += std::string(kDays[c.weekday]).substr(0, 3);
          continue;
        }
        if (take("MST")) {
          out += t.zone;
          continue;
        }
        break;
      case '0':
        if (take("002")) {
          out += Pad(c.yday, 3);
          continue;
        }
        if (take("01")) {
          out += Pad(c.month, 2);
          continue;
        }
        if (take("02")) {
          out += Pad(c.day, 2);
          continue;
        }
        if (take("03")) {
          out += Pad(h12, 2);
          continue;
        }
        if (take("04")) {
          out += Pad(c.minute, 2);
          continue;
        }
        if (take("05")) {
          out += Pad(c.second, 2);
          continue;
        }
        if (take("06")) {
          out += Pad(((c.year % 100) + 100) % 100, 2);
          continue;
        }
        break;
      case '1':
        if (take("15")) {
          out += Pad(c.hour, 2);
          continue;
        }
        if (take("1")) {
          out += std::to_string(c.month);
          continue;
        }
        break;
      case '2':
        if (take("2006")) {
          out += Pad(c.year, 4);
          continue;
        }
        if (take("2")) {
          out += std::to_string(c.day);
          continue;
        }
        break;
      case '_':
        if (take("__2")) {
          out += Pad(c.yday, 3, ' ');
          continue;
        }
        if (take("_2")) {
          out += Pad(c.day, 2, ' ');
          continue;
        }
        break;
      case '3':
        ++i;
        out += std::to_string(h12);
        continue;
      case '4':
        ++i;
        out += std::to_string(c.minute);
        continue;
      case '5':
        ++i;
        out += std::to_string(c.second);
        continue;
      case 'P':
        if (take("PM")) {
          out += c.hour >= 12 ? "PM" : "AM";
          continue;
        }
        break;
      case 'p':
        if (take("pm")) {
          out += c.hour >= 12 ? "pm" : "am";
          continue;
        }
        break;
      case '-':
      case 'Z': {
        bool z = ch == 'Z';
        std::string_view rest = layout.substr(i + 1);
        if (rest.starts_with("070000")) {
          i += 7;
          out += Zone(t.offset_seconds, false, true, false, z);
          continue;
        }
        if (rest.starts_with("07:00:00")) {
          i += 9;
          out += Zone(t.offset_seconds, true, true, false, z);
          continue;
        }
        if (rest.starts_with("0700")) {
          i += 5;
          out += Zone(t.offset_seconds, false, false, false, z);
          continue;
        }
        if (rest.starts_with("07:00")) {
          i += 6;
          out += Zone(t.offset_seconds, true, false, false, z);
          continue;
        }
        if (rest.starts_with("07")) {
          i += 3;
          out += Zone(t.offset_seconds, false, false, true, z);
          continue;
        }
        break;
      }
      case '.':
      case ',':
        if (i + 1 < layout.size() &&
            (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          char d = layout[i + 1];
          size_t j = i + 1;
          while (j < layout.size() && layout[j] == d) ++j;
          if (j >= layout.size() || !std::isdigit(layout[j])) {
            int n = static_cast<int>(j - i - 1);
            if (n > 9) n = 9;
            std::string frac = Pad(t.nanos, 9).substr(0, n);
            if (d == '9') {
              while (!frac.empty() && frac.back() == '0') frac.pop_back();
              if (!frac.empty()) out += ch + frac;
            } else {
              out += ch + frac;
            }
            i = j;
            continue;
          }
        }
        break;
      default:
        break;
    }
    out.push_back(ch);
    ++i;
  }
  return out;
}

std::string TimeString(const TimeValue& t) {
  return FormatTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

std::string DurationString(int64_t d) {
  if (d == 0) return "0s";
  bool neg = d < 0;
  uint64_t u = neg ? -static_cast<uint64_t>(d) : static_cast<uint64_t>(d);
  std::string out;
  auto frac = [](uint64_t v, int prec) {
    uint64_t p = 1;
    for (int i = 0; i < prec; ++i) p *= 10;
    std::string f = FracDigits(static_cast<int64_t>(v % p), prec);
    return std::to_string(v / p) + (f.empty() ? "" : "." + f);
  };
  if (u < 1000000000ULL) {
    if (u < 1000) {
      out = std::to_string(u) + "ns";
    } else if (u < 1000000) {
      out = frac(u, 3) + "\xC2\xB5s";
    } else {
      out = frac(u, 6) + "ms";
    }
  } else {
    uint64_t secs_total = u / 1000000000ULL;
    uint64_t sub = u % 1000000000ULL;
    uint64_t s = secs_total % 60;
    uint64_t m = secs_total / 60 % 60;
    uint64_t h = secs_total / 3600;
    std::string sec = frac(s * 1000000000ULL + sub, 9) + "s";
    if (h > 0) {
      out = std::to_string(h) + "h" + std::to_string(m) + "m" + sec;
    } else if (m > 0) {
      out = std::to_string(m) + "m" + sec;
    } else {
      out = sec;
    }
  }
  return neg ? "-" + out : out;
}

std::string GoQuoteString(std::string_view s) { return GoQuote(s); }

std::string GoSprintArgs(std::span<const Value> args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_str = args[i].kind() == Value::Kind::kString;
    if (i > 0 && !is_str && args[i - 1].kind() != Value::Kind::kString) {
      out.push_back(' ');
    }
    out += args[i].is_nil() ? "<nil>" : GoSprint(args[i]);
  }
  return out;
}

std::string GoSprintln(std::span<const Value> args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out += args[i].is_nil() ? "<nil>" : GoSprint(args[i]);
  }
  return out + "\n";
}

std::string GoSprintf(std::string_view f, std::span<const Value> args) {
  std::string out;
  size_t argi = 0;
  size_t i = 0;
  while (i < f.size()) {
    if (f[i] != '%') {
      out.push_back(f[i++]);
      continue;
    }
    ++i;
    Spec sp;
    for (; i < f.size(); ++i) {
      char c = f[i];
      if (c == '-') {
        sp.minus = true;
        sp.zero = false;
      } else if (c == '+') {
        sp.plus = true;
      } else if (c == '#') {
        sp.sharp = true;
      } else if (c == '0') {
        sp.zero = !sp.minus;
      } else if (c == ' ') {
        sp.space = true;
      } else {
        break;
      }
    }
    auto number = [&](int* dst) {
      if (i < f.size() && f[i] == '*') {
        ++i;
        if (argi < args.size() && args[argi].kind() == Value::Kind::kInt) {
          *dst = static_cast<int>(args[argi].as_int());
          if (*dst < 0) {
            sp.minus = true;
            *dst = -*dst;
          }
        } else {
          out += "%!(BADWIDTH)";
        }
        ++argi;
        return;
      }
      int n = -1;
      while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) {
        n = (n < 0 ? 0 : n * 10) + (f[i] - '0');
        ++i;
      }
      if (n >= 0) *dst = n;
    };
    number(&sp.width);
    if (i < f.size() && f[i] == '.') {
      ++i;
      sp.prec = 0;
      number(&sp.prec);
    }
    if (i >= f.size()) {
      out += "%!(NOVERB)";
      break;
    }
    char verb = f[i++];
    if (verb == '%') {
      out.push_back('%');
      continue;
    }
    if (argi >= args.size()) {
      out += std::string("%!") + verb + "(MISSING)";
      continue;
    }
    out += FormatOne(verb, sp, args[argi++]);
  }
  if (argi < args.size()) {
    out += "%!(EXTRA ";
    for (size_t j = argi; j < args.size(); ++j) {
      if (j > argi) out += ", ";
      out += args[j].is_nil() ? "<nil>"
                              : TypeOf(args[j]) + "=" + GoSprint(args[j]);
    }
    out += ")";
  }
  return out;
}

}  // namespace tocsin::tmpl
