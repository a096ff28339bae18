#include "template/funcs.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "template/format.h"
#include "template/internal/utf8.h"

namespace tocsin::tmpl {
namespace {

using K = Value::Kind;
using Args = std::span<const Value>;

Status Err(std::string msg) {
  return Status(StatusCode::kInvalidArgument, msg);
}

std::string GoTypeOf(const Value& v) {
  if (v.is_nil()) return "<nil>";
  return v.TypeName();
}

Result<std::string> Str(const Value& v) {
  if (v.kind() != K::kString) {
    return Err("wrong type for value; expected string; got " + GoTypeOf(v));
  }
  return v.as_string();
}

// Go's evalArgs for html/js/urlquery: one string as is, else fmt.Sprint.
std::string SprintArgs(Args args) {
  if (args.size() == 1 && args[0].kind() == K::kString) {
    return args[0].as_string();
  }
  return GoSprintArgs(args);
}

Result<std::vector<std::string>> StrList(const Value& v) {
  if (v.kind() != K::kList) {
    return Err("wrong type for value; expected []string; got " + GoTypeOf(v));
  }
  std::vector<std::string> out;
  out.reserve(v.list().size());
  for (const Value& e : v.list()) {
    if (e.kind() != K::kString) {
      return Err("wrong type for value; expected []string; got " +
                 v.TypeName());
    }
    out.push_back(e.as_string());
  }
  return out;
}

Value StringsValue(const std::vector<std::string>& s) {
  List l;
  l.reserve(s.size());
  for (const auto& x : s) l.emplace_back(x);
  return Value::MakeList(std::move(l), Shape::kStrings, "[]string");
}

// --- comparisons -------------------------------------------------------

enum class BasicKind { kBool, kInt, kFloat, kString, kOther };

BasicKind Basic(const Value& v) {
  switch (v.kind()) {
    case K::kBool:
      return BasicKind::kBool;
    case K::kInt:
    case K::kDuration:
      return BasicKind::kInt;
    case K::kFloat:
      return BasicKind::kFloat;
    case K::kString:
      return BasicKind::kString;
    default:
      return BasicKind::kOther;
  }
}

Result<bool> Equal(const Value& a, const Value& b) {
  BasicKind ka = Basic(a), kb = Basic(b);
  if (ka == BasicKind::kOther || kb == BasicKind::kOther) {
    if (a.is_nil() || b.is_nil()) return a.is_nil() && b.is_nil();
    if (a.kind() == K::kTime && b.kind() == K::kTime) {
      TimeValue x = a.as_time(), y = b.as_time();
      return x.unix_seconds == y.unix_seconds && x.nanos == y.nanos &&
             x.offset_seconds == y.offset_seconds && x.zone == y.zone;
    }
    if (a.kind() == K::kList || a.kind() == K::kMap) {
      return Err("non-comparable type " + GoSprint(a) + ": " + a.TypeName());
    }
    return Err("non-comparable types " + GoSprint(a) + ": " + a.TypeName() +
               ", " + b.TypeName() + ": " + GoSprint(b));
  }
  if (ka != kb) return Err("incompatible types for comparison");
  switch (ka) {
    case BasicKind::kBool:
      return a.as_bool() == b.as_bool();
    case BasicKind::kInt:
      return a.as_int() == b.as_int();
    case BasicKind::kFloat:
      return a.as_float() == b.as_float();
    case BasicKind::kString:
      return a.as_string() == b.as_string();
    default:
      return false;
  }
}

Result<bool> Less(const Value& a, const Value& b) {
  BasicKind ka = Basic(a), kb = Basic(b);
  if (ka == BasicKind::kOther || ka == BasicKind::kBool) {
    return Err("invalid type for comparison");
  }
  if (kb == BasicKind::kOther || kb == BasicKind::kBool) {
    return Err("invalid type for comparison");
  }
  if (ka != kb) return Err("incompatible types for comparison");
  switch (ka) {
    case BasicKind::kInt:
      return a.as_int() < b.as_int();
    case BasicKind::kFloat:
      return a.as_float() < b.as_float();
    case BasicKind::kString:
      return a.as_string() < b.as_string();
    default:
      return false;
  }
}

Result<Value> FnEq(Args a, const ExecEnv&) {
  for (size_t i = 1; i < a.size(); ++i) {
    ASSIGN_OR_RETURN(bool eq, Equal(a[0], a[i]));
    if (eq) return Value(true);
  }
  if (a.size() == 1) return Err("missing argument for comparison");
  return Value(false);
}
Result<Value> FnNe(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(bool eq, Equal(a[0], a[1]));
  return Value(!eq);
}
Result<Value> FnLt(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(bool lt, Less(a[0], a[1]));
  return Value(lt);
}
Result<Value> FnLe(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(bool lt, Less(a[0], a[1]));
  if (lt) return Value(true);
  ASSIGN_OR_RETURN(bool eq, Equal(a[0], a[1]));
  return Value(eq);
}
Result<Value> FnGt(Args a, const ExecEnv& e) {
  ASSIGN_OR_RETURN(Value le, FnLe(a, e));
  return Value(!le.as_bool());
}
Result<Value> FnGe(Args a, const ExecEnv& e) {
  ASSIGN_OR_RETURN(Value lt, FnLt(a, e));
  return Value(!lt.as_bool());
}

Result<Value> FnNot(Args a, const ExecEnv&) { return Value(!a[0].Truthy()); }

Result<Value> FnLen(Args a, const ExecEnv&) {
  const Value& v = a[0];
  switch (v.kind()) {
    case K::kString:
      return Value(static_cast<int64_t>(v.as_string().size()));
    case K::kList:
      if (v.shape() == Shape::kPair) break;
      return Value(static_cast<int64_t>(v.list().size()));
    case K::kMap:
      if (v.shape() != Shape::kStruct) {
        return Value(static_cast<int64_t>(v.map().size()));
      }
      break;
    default:
      break;
  }
  if (v.is_nil()) return Err("len of nil pointer");
  return Err("len of type " + v.TypeName());
}

Value ZeroOfElem(const Value& m) {
  if (m.shape() == Shape::kKV) return Value(std::string());
  return Value();
}

Result<Value> FnIndex(Args a, const ExecEnv&) {
  Value item = a[0];
  if (item.is_nil()) return Err("index of untyped nil");
  for (size_t i = 1; i < a.size(); ++i) {
    const Value& idx = a[i];
    if (item.kind() == K::kList && item.shape() == Shape::kPair) {
      return Err("can't index item of type " + item.TypeName());
    }
    if (item.kind() == K::kList || item.kind() == K::kString) {
      if (idx.kind() != K::kInt) {
        return Err("cannot index slice/array with type " + GoTypeOf(idx));
      }
      int64_t n = idx.as_int();
      int64_t len = item.kind() == K::kList
                        ? static_cast<int64_t>(item.list().size())
                        : static_cast<int64_t>(item.as_string().size());
      if (n < 0 || n >= len) {
        return Err("index out of range: " + std::to_string(n));
      }
      if (item.kind() == K::kList) {
        item = item.list()[n];
      } else {
        item = Value(static_cast<int64_t>(
            static_cast<unsigned char>(item.as_string()[n])));
      }
    } else if (item.kind() == K::kMap && item.shape() != Shape::kStruct) {
      if (idx.kind() != K::kString) {
        return Err("value has type " + GoTypeOf(idx) + "; should be string");
      }
      auto it = item.map().find(idx.as_string());
      item = it == item.map().end() ? ZeroOfElem(item) : it->second;
    } else if (item.is_nil()) {
      return Err("index of untyped nil");
    } else {
      return Err("can't index item of type " + item.TypeName());
    }
  }
  return item;
}

Result<Value> FnSlice(Args a, const ExecEnv&) {
  const Value& item = a[0];
  int64_t len;
  if (item.kind() == K::kString) {
    len = static_cast<int64_t>(item.as_string().size());
  } else if (item.kind() == K::kList) {
    len = static_cast<int64_t>(item.list().size());
  } else {
    return Err("can't slice item of type " + GoTypeOf(item));
  }
  if (a.size() > 4 || (item.kind() == K::kString && a.size() > 3)) {
    return Err("too many slice indexes: " + std::to_string(a.size() - 1));
  }
  int64_t idx[3] = {0, len, len};
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i].kind() != K::kInt) {
      return Err("cannot index slice/array with type " + GoTypeOf(a[i]));
    }
    idx[i - 1] = a[i].as_int();
    if (idx[i - 1] < 0 || idx[i - 1] > len) {
      return Err("index out of range: " + std::to_string(idx[i - 1]));
    }
  }
  if (idx[0] > idx[1]) {
    return Err("invalid slice index: " + std::to_string(idx[0]) + " > " +
               std::to_string(idx[1]));
  }
  if (item.kind() == K::kString) {
    return Value(item.as_string().substr(idx[0], idx[1] - idx[0]));
  }
  List out(item.list().begin() + idx[0], item.list().begin() + idx[1]);
  return Value::MakeList(
      std::move(out),
      item.shape() == Shape::kPairs ? Shape::kPairs : item.shape(),
      item.TypeName());
}

Result<Value> FnPrint(Args a, const ExecEnv&) { return Value(GoSprintArgs(a)); }
Result<Value> FnPrintln(Args a, const ExecEnv&) { return Value(GoSprintln(a)); }
Result<Value> FnPrintf(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string f, Str(a[0]));
  return Value(GoSprintf(f, a.subspan(1)));
}

Result<Value> FnHtml(Args a, const ExecEnv&) {
  return Value(HtmlEscapeText(SprintArgs(a)));
}

Result<Value> FnJs(Args a, const ExecEnv&) {
  std::string s = SprintArgs(a);
  std::string out;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '"':
        out += "\\\"";
        break;
      case '<':
        out += "\\u003C";
        break;
      case '>':
        out += "\\u003E";
        break;
      case '&':
        out += "\\u0026";
        break;
      case '=':
        out += "\\u003D";
        break;
      default:
        if (c < ' ') {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return Value(out);
}

Result<Value> FnUrlquery(Args a, const ExecEnv&) {
  return Value(QueryEscape(SprintArgs(a)));
}

Result<Value> FnCall(Args a, const ExecEnv&) {
  if (a[0].is_nil()) return Err("call of nil");
  return Err("non-function of type " + a[0].TypeName());
}

// --- Alertmanager's DefaultFuncs --------------------------------------

Result<Value> FnToUpper(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string s, Str(a[0]));
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Value(s);
}
Result<Value> FnToLower(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string s, Str(a[0]));
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value(s);
}

bool IsWordByte(unsigned char c) {
  return std::isalnum(c) || c == '\'' || c >= 0x80 || c == '_';
}

Result<Value> FnTitle(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string s, Str(a[0]));
  bool in_word = false;
  for (char& ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (IsWordByte(c)) {
      if (!in_word) {
        ch = static_cast<char>(std::toupper(c) & 0xFF);
        if (c >= 0x80) ch = static_cast<char>(c);
      } else if (c < 0x80) {
        ch = static_cast<char>(std::tolower(c));
      }
      in_word = true;
    } else {
      in_word = false;
    }
  }
  return Value(s);
}

Result<Value> FnTrimSpace(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string s, Str(a[0]));
  size_t b = 0, e = s.size();
  while (b < e) {
    char32_t r;
    size_t w = internal::DecodeRune(s, b, &r);
    if (!internal::IsGoSpace(r)) break;
    b += w;
  }
  while (e > b) {
    size_t st = e - 1;
    while (st > b && (static_cast<unsigned char>(s[st]) & 0xC0) == 0x80) --st;
    char32_t r;
    internal::DecodeRune(s, st, &r);
    if (!internal::IsGoSpace(r)) break;
    e = st;
  }
  return Value(s.substr(b, e - b));
}

Result<Value> FnJoin(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string sep, Str(a[0]));
  ASSIGN_OR_RETURN(std::vector<std::string> parts, StrList(a[1]));
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return Value(out);
}

Result<Value> FnMatch(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string pattern, Str(a[0]));
  ASSIGN_OR_RETURN(std::string text, Str(a[1]));
  RE2 re(pattern, RE2::Quiet);
  if (!re.ok()) {
    return Err("error parsing regexp: " + re.error() + ": `" + pattern + "`");
  }
  return Value(RE2::PartialMatch(text, re));
}

// Go's Regexp.Expand for a ReplaceAllString template: $1, ${1}, $name,
// ${name}, $$.
void Expand(const RE2& re, std::string_view repl,
            const std::vector<re2::StringPiece>& groups, std::string& out) {
  const auto& names = re.NamedCapturingGroups();
  size_t i = 0;
  while (i < repl.size()) {
    char c = repl[i];
    if (c != '$' || i + 1 >= repl.size()) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (repl[i + 1] == '$') {
      out.push_back('$');
      i += 2;
      continue;
    }
    std::string name;
    size_t j = i + 1;
    bool braced = repl[j] == '{';
    if (braced) ++j;
    size_t start = j;
    while (
        j < repl.size() &&
        (std::isalnum(static_cast<unsigned char>(repl[j])) || repl[j] == '_')) {
      ++j;
    }
    name = std::string(repl.substr(start, j - start));
    if (name.empty() || (braced && (j >= repl.size() || repl[j] != '}'))) {
      out.push_back('$');
      ++i;
      continue;
    }
    if (braced) ++j;
    i = j;
    int group = -1;
    if (std::all_of(name.begin(), name.end(),
                    [](char ch) { return std::isdigit(ch); })) {
      group = std::atoi(name.c_str());
    } else {
      auto it = names.find(name);
      if (it != names.end()) group = it->second;
    }
    if (group >= 0 && group < static_cast<int>(groups.size()) &&
        groups[group].data() != nullptr) {
      out.append(groups[group].data(), groups[group].size());
    }
  }
}

Result<Value> FnReReplaceAll(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string pattern, Str(a[0]));
  ASSIGN_OR_RETURN(std::string repl, Str(a[1]));
  ASSIGN_OR_RETURN(std::string text, Str(a[2]));
  RE2 re(pattern, RE2::Quiet);
  if (!re.ok()) {
    return Err("regexp: Compile(" + GoQuoteString(pattern) +
               "): error parsing regexp: " + re.error());
  }
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(n);
  std::string out;
  size_t pos = 0;
  size_t last_end = std::string::npos;
  re2::StringPiece input(text);
  while (pos <= text.size()) {
    if (!re.Match(input, pos, text.size(), RE2::UNANCHORED, groups.data(), n)) {
      break;
    }
    size_t ms = groups[0].data() - text.data();
    size_t me = ms + groups[0].size();
    if (me == ms && ms == last_end) {
      // An empty match right after the previous match is ignored.
      if (ms >= text.size()) break;
      char32_t r;
      size_t w = internal::DecodeRune(text, ms, &r);
      out.append(text, pos, ms + w - pos);
      pos = ms + w;
      continue;
    }
    out.append(text, pos, ms - pos);
    Expand(re, repl, groups, out);
    last_end = me;
    if (me == ms) {
      if (ms >= text.size()) {
        pos = text.size() + 1;
        break;
      }
      char32_t r;
      size_t w = internal::DecodeRune(text, ms, &r);
      out.append(text, ms, w);
      pos = ms + w;
    } else {
      pos = me;
    }
  }
  if (pos < text.size()) out.append(text, pos, std::string::npos);
  return Value(out);
}

Result<Value> FnSafeHtml(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string s, Str(a[0]));
  return Value::SafeString(s, Value::Safety::kHtml);
}
Result<Value> FnSafeUrl(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string s, Str(a[0]));
  return Value::SafeString(s, Value::Safety::kUrl);
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<Value> FnUrlUnescape(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string s, Str(a[0]));
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%') {
      if (i + 2 >= s.size() || HexVal(s[i + 1]) < 0 || HexVal(s[i + 2]) < 0) {
        std::string bad = s.substr(i, 3);
        return Err("invalid URL escape " + GoQuoteString(bad));
      }
      out.push_back(
          static_cast<char>(HexVal(s[i + 1]) * 16 + HexVal(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return Value(out);
}

Result<Value> FnStringSlice(Args a, const ExecEnv&) {
  std::vector<std::string> out;
  for (const Value& v : a) {
    ASSIGN_OR_RETURN(std::string s, Str(v));
    out.push_back(std::move(s));
  }
  return StringsValue(out);
}

Result<TimeValue> TimeArg(const Value& v) {
  if (v.kind() != K::kTime) {
    return Err("wrong type for value; expected time.Time; got " + GoTypeOf(v));
  }
  return v.as_time();
}

Result<Value> FnDate(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string layout, Str(a[0]));
  ASSIGN_OR_RETURN(TimeValue t, TimeArg(a[1]));
  return Value(FormatTime(t, layout));
}

int64_t BigEndian(const std::string& b, size_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) {
    v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  }
  if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

// Sets t's offset and zone abbreviation from a TZif file (RFC 8536, version
// 2+ 64-bit data). Instants after the last transition keep the last
// transition's type (the footer rule is not evaluated).
Status ApplyTzif(const std::string& b, TimeValue* t) {
  auto bad = [] { return Err("malformed time zone information"); };
  if (b.size() < 44 || b.compare(0, 4, "TZif") != 0) return bad();
  auto counts = [&](size_t at, int64_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = BigEndian(b, at + 20 + 4 * i, 4);
  };
  int64_t c[6];
  counts(0, c);
  size_t pos = 44;
  bool v2 = b[4] >= '2';
  if (v2) {
    // Skip the 32-bit block.
    pos += c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (pos + 44 > b.size()) return bad();
    counts(pos, c);
    pos += 44;
  }
  int tsize = v2 ? 8 : 4;
  int64_t isut = c[0], isstd = c[1], leap = c[2], timecnt = c[3],
          typecnt = c[4], charcnt = c[5];
  size_t need = pos + timecnt * tsize + timecnt + typecnt * 6 + charcnt +
                leap * (tsize + 4) + isstd + isut;
  if (typecnt == 0 || need > b.size()) return bad();
  size_t times = pos, idx = times + timecnt * tsize, types = idx + timecnt,
         chars = types + typecnt * 6;
  int type = 0;
  // Before the first transition: the first non-DST type (or type 0).
  for (int64_t i = 0; i < typecnt; ++i) {
    if (b[types + i * 6 + 4] == 0) {
      type = static_cast<int>(i);
      break;
    }
  }
  for (int64_t i = 0; i < timecnt; ++i) {
    if (BigEndian(b, times + i * tsize, tsize) > t->unix_seconds) break;
    type = static_cast<unsigned char>(b[idx + i]);
  }
  if (type >= typecnt) return bad();
  t->offset_seconds = static_cast<int32_t>(BigEndian(b, types + type * 6, 4));
  size_t ai = static_cast<unsigned char>(b[types + type * 6 + 5]);
  std::string abbr;
  for (size_t i = chars + ai; i < chars + charcnt && b[i] != 0; ++i) {
    abbr.push_back(b[i]);
  }
  t->zone = abbr;
  return Status::Ok();
}

Result<Value> FnTz(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(std::string name, Str(a[0]));
  ASSIGN_OR_RETURN(TimeValue t, TimeArg(a[1]));
  if (name == "" || name == "UTC") {
    t.offset_seconds = 0;
    t.zone = "UTC";
    return Value(t);
  }
  if (name[0] == '/' || name[0] == '\\' ||
      name.find("..") != std::string::npos) {
    return Err("time: invalid location name");
  }
  // Go's time.LoadLocation: the system's zoneinfo database.
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!in) return Err("unknown time zone " + name);
  std::stringstream ss;
  ss << in.rdbuf();
  Status st = ApplyTzif(ss.str(), &t);
  if (!st.ok()) return st;
  return Value(t);
}

Result<Value> FnSince(Args a, const ExecEnv& env) {
  ASSIGN_OR_RETURN(TimeValue t, TimeArg(a[0]));
  // Saturates like Go's Time.Sub.
  long double now = static_cast<long double>(env.now_unix_nanos);
  long double then = static_cast<long double>(t.unix_seconds) * 1e9L + t.nanos;
  long double d = now - then;
  if (d >= 9.2233720368547758e18L) return Value::Duration(INT64_MAX);
  if (d <= -9.2233720368547758e18L) return Value::Duration(INT64_MIN);
  int64_t secs = env.now_unix_nanos / 1000000000 - t.unix_seconds;
  int64_t nanos = env.now_unix_nanos % 1000000000 - t.nanos;
  return Value::Duration(secs * 1000000000 + nanos);
}

Result<double> ToFloat(const Value& v) {
  switch (v.kind()) {
    case K::kInt:
      return static_cast<double>(v.as_int());
    case K::kFloat:
      return v.as_float();
    case K::kDuration:
      return static_cast<double>(v.as_duration()) / 1e9;
    case K::kString: {
      const std::string& s = v.as_string();
      double d = 0;
      auto r = std::from_chars(s.data(), s.data() + s.size(), d);
      if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
        return Err("strconv.ParseFloat: parsing " + GoQuoteString(s) +
                   ": invalid syntax");
      }
      return d;
    }
    default:
      return Err("can't convert " + GoTypeOf(v) + " to float");
  }
}

Result<Value> FnHumanizeDuration(Args a, const ExecEnv&) {
  ASSIGN_OR_RETURN(double v, ToFloat(a[0]));
  if (std::isnan(v) || std::isinf(v)) return Value(FormatFloat(v, 'g', 4));
  if (v == 0) return Value(FormatFloat(v, 'g', 4) + "s");
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    int64_t d = static_cast<int64_t>(v);
    int64_t seconds = d % 60, minutes = d / 60 % 60, hours = d / 3600 % 24,
            days = d / 86400;
    auto s = [](int64_t x) { return std::to_string(x); };
    if (days != 0) {
      return Value(sign + s(days) + "d " + s(hours) + "h " + s(minutes) + "m " +
                   s(seconds) + "s");
    }
    if (hours != 0) {
      return Value(sign + s(hours) + "h " + s(minutes) + "m " + s(seconds) +
                   "s");
    }
    if (minutes != 0) {
      return Value(sign + s(minutes) + "m " + s(seconds) + "s");
    }
    return Value(sign + FormatFloat(v, 'g', 4) + "s");
  }
  std::string prefix;
  for (const char* p : {"m", "u", "n", "p", "f", "a", "z", "y"}) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return Value(FormatFloat(v, 'g', 4) + prefix + "s");
}

void JsonString(std::string_view s, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '<':
      case '>':
      case '&':
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      out +=
          static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  out.push_back('"');
}

std::string JsonKey(const Value& st, const std::string& field) {
  if (st.TypeName() == "template.Pair") return field;
  std::string k = field;
  if (!k.empty()) k[0] = static_cast<char>(std::tolower(k[0]));
  return k;
}

Status ToJson(const Value& v, std::string& out) {
  switch (v.kind()) {
    case K::kNil:
      out += "null";
      return Status::Ok();
    case K::kBool:
      out += v.as_bool() ? "true" : "false";
      return Status::Ok();
    case K::kInt:
    case K::kDuration:
      out += std::to_string(v.as_int());
      return Status::Ok();
    case K::kFloat: {
      double f = v.as_float();
      if (std::isnan(f) || std::isinf(f)) {
        return Err("json: unsupported value: " + FormatFloat(f, 'g', -1));
      }
      double a = std::fabs(f);
      std::string s;
      if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        s = FormatFloat(f, 'e', -1);
        // Go trims "e-07" to "e-7".
        size_t e = s.find('e');
        if (e != std::string::npos && e + 2 < s.size() && s[e + 2] == '0') {
          s.erase(e + 2, 1);
        }
      } else {
        s = FormatFloat(f, 'f', -1);
      }
      out += s;
      return Status::Ok();
    }
    case K::kString:
      JsonString(v.as_string(), out);
      return Status::Ok();
    case K::kTime: {
      TimeValue t = v.as_time();
      out += "\"" + FormatTime(t, "2006-01-02T15:04:05.999999999Z07:00") + "\"";
      return Status::Ok();
    }
    case K::kList: {
      if (v.shape() == Shape::kPair) {
        out += "{\"Name\":";
        JsonString(v.list()[0].as_string(), out);
        out += ",\"Value\":";
        JsonString(v.list()[1].as_string(), out);
        out += "}";
        return Status::Ok();
      }
      out += "[";
      bool first = true;
      for (const Value& e : v.list()) {
        if (!first) out += ",";
        first = false;
        Status st = ToJson(e, out);
        if (!st.ok()) return st;
      }
      out += "]";
      return Status::Ok();
    }
    case K::kMap: {
      out += "{";
      bool first = true;
      auto emit = [&](const std::string& key, const Value& val) -> Status {
        if (!first) out += ",";
        first = false;
        JsonString(key, out);
        out += ":";
        return ToJson(val, out);
      };
      if (v.shape() == Shape::kStruct) {
        for (const std::string& f : v.fields()) {
          Status st = emit(JsonKey(v, f), v.map().at(f));
          if (!st.ok()) return st;
        }
      } else {
        for (const auto& [k, val] : v.map()) {
          Status st = emit(k, val);
          if (!st.ok()) return st;
        }
      }
      out += "}";
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Result<Value> FnToJson(Args a, const ExecEnv&) {
  std::string out;
  Status st = ToJson(a[0], out);
  if (!st.ok()) return st;
  return Value(out);
}

Result<Value> FnDict(Args a, const ExecEnv&) {
  if (a.size() % 2 != 0) return Err("invalid dict call");
  Map m;
  for (size_t i = 0; i < a.size(); i += 2) {
    if (a[i].kind() != K::kString) return Err("dict keys must be strings");
    m[a[i].as_string()] = a[i + 1];
  }
  return Value::MakeMap(std::move(m));
}

constexpr FuncDef kFuncs[] = {
    {"and", nullptr, 1, -1},
    {"call", FnCall, 1, -1},
    {"date", FnDate, 2, 2},
    {"dict", FnDict, 0, -1},
    {"eq", FnEq, 1, -1},
    {"ge", FnGe, 2, 2},
    {"gt", FnGt, 2, 2},
    {"html", FnHtml, 0, -1},
    {"humanizeDuration", FnHumanizeDuration, 1, 1},
    {"index", FnIndex, 1, -1},
    {"join", FnJoin, 2, 2},
    {"js", FnJs, 0, -1},
    {"le", FnLe, 2, 2},
    {"len", FnLen, 1, 1},
    {"lt", FnLt, 2, 2},
    {"match", FnMatch, 2, 2},
    {"ne", FnNe, 2, 2},
    {"not", FnNot, 1, 1},
    {"or", nullptr, 1, -1},
    {"print", FnPrint, 0, -1},
    {"printf", FnPrintf, 1, -1},
    {"println", FnPrintln, 0, -1},
    {"reReplaceAll", FnReReplaceAll, 3, 3},
    {"safeHtml", FnSafeHtml, 1, 1},
    {"safeUrl", FnSafeUrl, 1, 1},
    {"since", FnSince, 1, 1},
    {"slice", FnSlice, 1, -1},
    {"stringSlice", FnStringSlice, 0, -1},
    {"title", FnTitle, 1, 1},
    {"toJson", FnToJson, 1, 1},
    {"toLower", FnToLower, 1, 1},
    {"toUpper", FnToUpper, 1, 1},
    {"trimSpace", FnTrimSpace, 1, 1},
    {"tz", FnTz, 2, 2},
    {"urlUnescape", FnUrlUnescape, 1, 1},
    {"urlquery", FnUrlquery, 0, -1},
};

// --- methods ------------------------------------------------------------

Value MakePair(const std::string& name, const Value& value) {
  return Value::MakeList({Value(name), value}, Shape::kPair, "template.Pair");
}

Value SortedPairs(const Value& kv) {
  List pairs;
  pairs.reserve(kv.map().size());
  auto an = kv.map().find("alertname");
  if (an != kv.map().end()) pairs.push_back(MakePair(an->first, an->second));
  for (const auto& [k, v] : kv.map()) {
    if (k != "alertname") pairs.push_back(MakePair(k, v));
  }
  return Value::MakeList(std::move(pairs), Shape::kPairs, "template.Pairs");
}

Value PairsColumn(const Value& pairs, const char* field) {
  List out;
  out.reserve(pairs.list().size());
  size_t i = std::string_view(field) == "Name" ? 0 : 1;
  for (const Value& p : pairs.list()) out.push_back(p.list()[i]);
  return Value::MakeList(std::move(out), Shape::kStrings, "[]string");
}

Status WantArgs(std::string_view name, Args args, size_t want) {
  if (args.size() != want) {
    return Err("wrong number of args for " + std::string(name) + ": want " +
               std::to_string(want) + " got " + std::to_string(args.size()));
  }
  return Status::Ok();
}

Value AlertsWithStatus(const Value& alerts, std::string_view status) {
  List out;
  for (const Value& a : alerts.list()) {
    auto it = a.map().find("Status");
    if (it != a.map().end() && it->second.as_string() == status) {
      out.push_back(a);
    }
  }
  return Value::MakeList(std::move(out), Shape::kAlerts, "[]template.Alert");
}

}  // namespace

const FuncDef* FindFunc(std::string_view name) {
  auto it = std::lower_bound(
      std::begin(kFuncs), std::end(kFuncs), name,
      [](const FuncDef& f, std::string_view n) { return f.name < n; });
  if (it == std::end(kFuncs) || it->name != name) return nullptr;
  return it;
}

bool HasMethod(const Value& recv, std::string_view name) {
  switch (recv.kind()) {
    case K::kMap:
      if (recv.shape() == Shape::kKV) {
        return name == "SortedPairs" || name == "Names" || name == "Values" ||
               name == "Remove" || name == "String";
      }
      return false;
    case K::kList:
      if (recv.shape() == Shape::kPairs) {
        return name == "Names" || name == "Values" || name == "String";
      }
      if (recv.shape() == Shape::kAlerts) {
        return name == "Firing" || name == "Resolved";
      }
      return false;
    case K::kTime:
      return name == "Format" || name == "Unix" || name == "UnixMilli" ||
             name == "UnixNano" || name == "UTC" || name == "String" ||
             name == "IsZero" || name == "Year" || name == "Day" ||
             name == "Hour" || name == "Minute" || name == "Second";
    case K::kDuration:
      return name == "Seconds" || name == "Minutes" || name == "Hours" ||
             name == "Milliseconds" || name == "String";
    default:
      return false;
  }
}

Result<Value> CallMethod(const Value& recv, std::string_view name, Args args) {
  if (recv.kind() == K::kMap) {
    if (name == "Remove") {
      Status st = WantArgs(name, args, 1);
      if (!st.ok()) return st;
      ASSIGN_OR_RETURN(std::vector<std::string> keys, StrList(args[0]));
      Map m = recv.map();
      for (const auto& k : keys) m.erase(k);
      return Value::MakeMap(std::move(m), Shape::kKV, "template.KV");
    }
    Status st = WantArgs(name, args, 0);
    if (!st.ok()) return st;
    if (name == "String") return Value(GoSprint(recv));
    Value pairs = SortedPairs(recv);
    if (name == "SortedPairs") return pairs;
    return PairsColumn(pairs, name == "Names" ? "Name" : "Value");
  }
  Status st =
      WantArgs(name, args, recv.kind() == K::kTime && name == "Format" ? 1 : 0);
  if (!st.ok()) return st;
  if (recv.kind() == K::kList) {
    if (name == "Firing") return AlertsWithStatus(recv, "firing");
    if (name == "Resolved") return AlertsWithStatus(recv, "resolved");
    if (name == "String") return Value(GoSprint(recv));
    return PairsColumn(recv, name == "Names" ? "Name" : "Value");
  }
  if (recv.kind() == K::kTime) {
    TimeValue t = recv.as_time();
    if (name == "Format") {
      ASSIGN_OR_RETURN(std::string layout, Str(args[0]));
      return Value(FormatTime(t, layout));
    }
    if (name == "Unix") return Value(t.unix_seconds);
    if (name == "UnixMilli") {
      return Value(t.unix_seconds * 1000 + t.nanos / 1000000);
    }
    if (name == "UnixNano") {
      return Value(t.unix_seconds * 1000000000 + t.nanos);
    }
    if (name == "UTC") {
      t.offset_seconds = 0;
      t.zone = "UTC";
      return Value(t);
    }
    if (name == "String") return Value(TimeString(t));
    if (name == "IsZero") {
      return Value(t.unix_seconds == -62135596800LL && t.nanos == 0);
    }
    std::string v = FormatTime(t, name == "Year"     ? "2006"
                                  : name == "Day"    ? "2"
                                  : name == "Hour"   ? "15"
                                  : name == "Minute" ? "4"
                                                     : "5");
    return Value(static_cast<int64_t>(std::stoll(v)));
  }
  if (recv.kind() == K::kDuration) {
    int64_t d = recv.as_duration();
    if (name == "Seconds") return Value(static_cast<double>(d) / 1e9);
    if (name == "Minutes") return Value(static_cast<double>(d) / 60e9);
    if (name == "Hours") return Value(static_cast<double>(d) / 3600e9);
    if (name == "Milliseconds") return Value(d / 1000000);
    return Value(DurationString(d));
  }
  return Err("no method " + std::string(name));
}

std::string HtmlEscapeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\0':
        out += "\xEF\xBF\xBD";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string HtmlTemplateEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '+':
        out += "&#43;";
        break;
      case '\0':
        out += "\xEF\xBF\xBD";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

namespace {
void PercentByte(unsigned char c, std::string& out, bool lower = false) {
  const char* kHex = lower ? "0123456789abcdef" : "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}
bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
}  // namespace

std::string UrlNormalize(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '&':
      case '*':
      case '+':
      case ',':
      case '/':
      case ':':
      case ';':
      case '=':
      case '?':
      case '@':
      case '[':
      case ']':
        out.push_back(static_cast<char>(c));
        continue;
      case '%':
        // A valid escape is kept; a stray '%' is encoded.
        if (i + 2 < s.size() && HexVal(s[i + 1]) >= 0 &&
            HexVal(s[i + 2]) >= 0) {
          out.push_back('%');
          continue;
        }
        break;
      default:
        break;
    }
    if (Unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      PercentByte(c, out, true);
    }
  }
  return out;
}

std::string UrlQueryEscapeFull(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (Unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      PercentByte(c, out, true);
    }
  }
  return out;
}

std::string QueryEscape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (Unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      PercentByte(c, out);
    }
  }
  return out;
}

}  // namespace tocsin::tmpl
