#include "config/parse_context.h"

#include <set>

namespace tocsin::config {
namespace {

std::string KindName(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence:
      return "!!seq";
    case YAML::NodeType::Map:
      return "!!map";
    case YAML::NodeType::Scalar:
      return "!!str";
    case YAML::NodeType::Null:
      return "!!null";
    default:
      return "!!undefined";
  }
}

}  // namespace

Status NodeError(const ParseContext& ctx, const YAML::Node& node,
                 std::string_view field_path, std::string_view message) {
  std::string out = ctx.file;
  if (node.IsDefined() && node.Mark().line >= 0) {
    out += ":" + std::to_string(node.Mark().line + 1);
  }
  out += ": ";
  if (!field_path.empty()) {
    out += field_path;
    out += ": ";
  }
  out += message;
  return InvalidArgumentError(out);
}

std::string JoinPath(std::string_view parent, std::string_view child) {
  if (parent.empty()) return std::string(child);
  std::string out(parent);
  out += ".";
  out += child;
  return out;
}

std::string IndexPath(std::string_view parent, size_t index) {
  std::string out(parent);
  out += "[" + std::to_string(index) + "]";
  return out;
}

Status CheckKnownFields(const ParseContext& ctx, const YAML::Node& node,
                        std::string_view field_path,
                        std::initializer_list<std::string_view> known,
                        std::string_view go_type) {
  if (!node.IsDefined() || node.IsNull()) return Status::Ok();
  if (!node.IsMap()) {
    return NodeError(
        ctx, node, field_path,
        "cannot unmarshal " + KindName(node) + " into " + std::string(go_type));
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    std::string key = kv.first.Scalar();
    bool ok = false;
    for (std::string_view k : known) {
      if (k == key) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      return NodeError(
          ctx, kv.first, field_path,
          "field " + key + " not found in type " + std::string(go_type));
    }
    if (!seen.insert(key).second) {
      return NodeError(ctx, kv.first, field_path,
                       "mapping key \"" + key + "\" already defined");
    }
  }
  return Status::Ok();
}

Result<std::string> GetString(const ParseContext& ctx, const YAML::Node& node,
                              std::string_view field_path, std::string_view key,
                              std::string fallback) {
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return fallback;
  if (!v.IsScalar()) {
    return NodeError(ctx, v, JoinPath(field_path, key),
                     "cannot unmarshal " + KindName(v) + " into string");
  }
  return v.Scalar();
}

Result<bool> GetBool(const ParseContext& ctx, const YAML::Node& node,
                     std::string_view field_path, std::string_view key,
                     bool fallback) {
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return fallback;
  const std::string& s = v.IsScalar() ? v.Scalar() : std::string();
  // yaml.v2 accepts YAML 1.1 booleans.
  static const std::set<std::string> kTrue = {
      "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"};
  static const std::set<std::string> kFalse = {"false", "False", "FALSE", "no",
                                               "No",    "NO",    "off",   "Off",
                                               "OFF",   "n",     "N"};
  if (v.IsScalar() && kTrue.count(s)) return true;
  if (v.IsScalar() && kFalse.count(s)) return false;
  std::string what = v.IsScalar() ? "!!str `" + s + "`" : KindName(v);
  return NodeError(ctx, v, JoinPath(field_path, key),
                   "cannot unmarshal " + what + " into bool");
}

Result<int64_t> GetInt(const ParseContext& ctx, const YAML::Node& node,
                       std::string_view field_path, std::string_view key,
                       int64_t fallback) {
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return fallback;
  if (v.IsScalar()) {
    const std::string& s = v.Scalar();
    size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    bool digits = i < s.size();
    for (size_t k = i; k < s.size(); ++k)
      digits &= (s[k] >= '0' && s[k] <= '9');
    if (digits && s.size() < 19) return static_cast<int64_t>(std::stoll(s));
  }
  std::string what = v.IsScalar() ? "!!str `" + v.Scalar() + "`" : KindName(v);
  return NodeError(ctx, v, JoinPath(field_path, key),
                   "cannot unmarshal " + what + " into int");
}

Result<std::vector<std::string>> GetStringList(const ParseContext& ctx,
                                               const YAML::Node& node,
                                               std::string_view field_path,
                                               std::string_view key) {
  std::vector<std::string> out;
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return out;
  std::string path = JoinPath(field_path, key);
  if (!v.IsSequence()) {
    return NodeError(ctx, v, path,
                     "cannot unmarshal " + KindName(v) + " into []string");
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].IsScalar()) {
      return NodeError(ctx, v[i], IndexPath(path, i),
                       "cannot unmarshal " + KindName(v[i]) + " into string");
    }
    out.push_back(v[i].Scalar());
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> GetStringMap(
    const ParseContext& ctx, const YAML::Node& node,
    std::string_view field_path, std::string_view key) {
  std::vector<std::pair<std::string, std::string>> out;
  YAML::Node v = node[std::string(key)];
  if (!v.IsDefined() || v.IsNull()) return out;
  std::string path = JoinPath(field_path, key);
  if (!v.IsMap()) {
    return NodeError(
        ctx, v, path,
        "cannot unmarshal " + KindName(v) + " into map[string]string");
  }
  std::set<std::string> seen;
  for (const auto& kv : v) {
    if (!kv.first.IsScalar() || !(kv.second.IsScalar() || kv.second.IsNull())) {
      return NodeError(
          ctx, kv.second, path,
          "cannot unmarshal " + KindName(kv.second) + " into string");
    }
    std::string k = kv.first.Scalar();
    if (!seen.insert(k).second) {
      return NodeError(ctx, kv.first, path,
                       "mapping key \"" + k + "\" already defined");
    }
    out.emplace_back(k, kv.second.IsNull() ? "" : kv.second.Scalar());
  }
  return out;
}

}  // namespace tocsin::config
