#include "config/go_yaml.h"

#include <cstdio>
#include <string_view>

namespace tocsin::config {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool HasControl(const std::string& s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

// libyaml's analysis of whether `s` may be written as a plain scalar in a
// block context (yaml_emitter_analyze_scalar, simplified to what config
// values contain).
bool PlainAllowed(std::string_view s) {
  if (s.empty()) return false;
  if (s.rfind("---", 0) == 0 || s.rfind("...", 0) == 0) return false;
  if (IsBlank(s.front()) || IsBlank(s.back())) return false;
  char first = s[0];
  bool next_blank = s.size() == 1 || IsBlank(s[1]);
  switch (first) {
    case '#':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
      return false;
    case '-':
    case '?':
    case ':':
      if (next_blank) return false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':' && (i + 1 == s.size() || IsBlank(s[i + 1]))) return false;
    if (s[i] == '#' && i > 0 && IsBlank(s[i - 1])) return false;
    if (s[i] == '\t') return false;
  }
  return true;
}

std::string DoubleQuoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string SingleQuoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

void Indent(std::string& out, int n) {
  out.append(static_cast<size_t>(n), ' ');
}

bool IsEmptyCollection(const YAML::Node& n) {
  return (n.IsMap() || n.IsSequence()) && n.size() == 0;
}

bool IsInline(const YAML::Node& n) {
  return !n.IsDefined() || n.IsNull() || n.IsScalar() || IsEmptyCollection(n);
}

// An inline value: scalar, null, {} or [] (a literal block's header).
std::string InlineValue(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "null";
  if (n.IsMap()) return "{}";
  if (n.IsSequence()) return "[]";
  return GoYamlScalar(n.Scalar());
}

// The lines of a literal block scalar at `indent`.
void LiteralBody(const std::string& s, int indent, std::string& out) {
  size_t start = 0;
  std::string body = s;
  size_t trailing = 0;  // newlines after the last line
  while (!body.empty() && body.back() == '\n') {
    body.pop_back();
    ++trailing;
  }
  while (start <= body.size()) {
    size_t nl = body.find('\n', start);
    std::string line = body.substr(
        start, nl == std::string::npos ? std::string::npos : nl - start);
    if (!line.empty()) Indent(out, indent);
    out += line;
    out += '\n';
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  // "|+" keeps the newlines after the last line.
  for (size_t i = 1; i < trailing; ++i) out += '\n';
}

void EmitValueAfterKey(const YAML::Node& v, int indent, std::string& out);

// A block mapping whose first line (if `first_inline`) continues a "- ".
void EmitMap(const YAML::Node& n, int indent, bool first_inline,
             std::string& out) {
  bool first = true;
  for (const auto& kv : n) {
    if (!(first && first_inline)) Indent(out, indent);
    first = false;
    std::string key = InlineValue(kv.first);
    // A key cannot be a literal block.
    if (key.rfind('|', 0) == 0) key = DoubleQuoted(kv.first.Scalar());
    out += key;
    out += ':';
    EmitValueAfterKey(kv.second, indent, out);
  }
}

void EmitSeq(const YAML::Node& n, int indent, bool first_inline,
             std::string& out) {
  bool first = true;
  for (const auto& item : n) {
    if (!(first && first_inline)) Indent(out, indent);
    first = false;
    out += "- ";
    if (IsInline(item)) {
      std::string v = InlineValue(item);
      out += v;
      out += '\n';
      if (item.IsScalar() && v.rfind('|', 0) == 0) {
        LiteralBody(item.Scalar(), indent + 2, out);
      }
    } else if (item.IsMap()) {
      EmitMap(item, indent + 2, true, out);
    } else {
      EmitSeq(item, indent + 2, true, out);
    }
  }
}

void EmitValueAfterKey(const YAML::Node& v, int indent, std::string& out) {
  if (IsInline(v)) {
    std::string s = InlineValue(v);
    out += ' ';
    out += s;
    out += '\n';
    if (v.IsScalar() && s.rfind('|', 0) == 0) {
      LiteralBody(v.Scalar(), indent + 2, out);
    }
  } else if (v.IsMap()) {
    out += '\n';
    EmitMap(v, indent + 2, false, out);
  } else {
    // yaml.v2 does not indent a sequence that is a mapping's value.
    out += '\n';
    EmitSeq(v, indent, false, out);
  }
}

}  // namespace

std::string GoYamlScalar(const std::string& s) {
  if (s.empty()) return "\"\"";
  if (HasControl(s)) return DoubleQuoted(s);
  if (s.find('\n') != std::string::npos) {
    // A leading blank would need an indentation indicator.
    if (IsBlank(s.front())) return DoubleQuoted(s);
    if (s.back() != '\n') return "|-";
    return s.size() >= 2 && s[s.size() - 2] == '\n' ? "|+" : "|";
  }
  if (PlainAllowed(s)) return s;
  return SingleQuoted(s);
}

std::string EmitGoYaml(const YAML::Node& node) {
  std::string out;
  if (IsInline(node)) {
    out = InlineValue(node) + "\n";
    if (node.IsScalar() && out.rfind('|', 0) == 0) {
      LiteralBody(node.Scalar(), 2, out);
    }
  } else if (node.IsMap()) {
    EmitMap(node, 0, false, out);
  } else {
    EmitSeq(node, 0, false, out);
  }
  return out;
}

}  // namespace tocsin::config
