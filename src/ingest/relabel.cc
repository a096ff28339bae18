#include "ingest/relabel.h"

#include <openssl/evp.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "base/status.h"
#include "base/strings.h"

namespace tocsin::ingest {
namespace {

struct ActionName {
  std::string_view name;
  RelabelAction action;
};
constexpr ActionName kActions[] = {
    {"replace", RelabelAction::kReplace},
    {"keep", RelabelAction::kKeep},
    {"drop", RelabelAction::kDrop},
    {"keepequal", RelabelAction::kKeepEqual},
    {"dropequal", RelabelAction::kDropEqual},
    {"hashmod", RelabelAction::kHashMod},
    {"labelmap", RelabelAction::kLabelMap},
    {"labeldrop", RelabelAction::kLabelDrop},
    {"labelkeep", RelabelAction::kLabelKeep},
    {"lowercase", RelabelAction::kLowercase},
    {"uppercase", RelabelAction::kUppercase},
};

std::string_view NameOf(RelabelAction a) {
  for (const ActionName& n : kActions) {
    if (n.action == a) return n.name;
  }
  return "replace";
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Prometheus' relabelTarget for classic names: a label name in which
// `$name` / `${name}` references may stand for parts.
bool IsValidTargetTemplate(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  bool first = true;
  while (i < s.size()) {
    if (s[i] == '$') {
      ++i;
      if (i < s.size() && s[i] == '{') {
        size_t close = s.find('}', i);
        if (close == std::string_view::npos || close == i + 1) return false;
        for (size_t k = i + 1; k < close; ++k) {
          if (!IsWordChar(s[k])) return false;
        }
        i = close + 1;
      } else {
        size_t start = i;
        while (i < s.size() && IsWordChar(s[i])) ++i;
        if (i == start) return false;
      }
    } else if (first ? (std::isalpha(static_cast<unsigned char>(s[i])) ||
                        s[i] == '_')
                     : IsWordChar(s[i])) {
      ++i;
    } else {
      return false;
    }
    first = false;
  }
  return true;
}

uint64_t HashMod(std::string_view value, uint64_t modulus) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(value.data(), value.size(), digest, &len, EVP_md5(), nullptr);
  // Prometheus' sum64: the digest's last 8 bytes, big-endian.
  uint64_t s = 0;
  for (int i = 8; i < 16; ++i) s = (s << 8) | digest[i];
  return s % modulus;
}

// A mutable label map while the configs run.
using Builder = std::map<std::string, std::string>;

std::string BuilderGet(const Builder& b, const std::string& name) {
  auto it = b.find(name);
  return it == b.end() ? std::string() : it->second;
}

void BuilderSet(Builder& b, const std::string& name, std::string value) {
  if (value.empty()) {
    b.erase(name);
  } else {
    b[name] = std::move(value);
  }
}

model::Labels ToLabels(const Builder& b) {
  std::vector<model::Label> v;
  v.reserve(b.size());
  for (const auto& [n, val] : b) v.push_back({n, val});
  return model::Labels(std::move(v));
}

std::string JoinBuilder(const Builder& b, const std::vector<std::string>& names,
                        std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += sep;
    out += BuilderGet(b, names[i]);
  }
  return out;
}

Status FieldError(std::string_view path, std::string_view field,
                  std::string_view what) {
  return InvalidArgumentError(std::string(path) + "." + std::string(field) +
                              ": " + std::string(what));
}

}  // namespace

Status RelabelConfig::Compile() {
  const std::string action_name(NameOf(action));
  if (action == RelabelAction::kHashMod && modulus == 0) {
    return InvalidArgumentError(
        "relabel configuration for hashmod requires non-zero modulus");
  }
  bool needs_target = action == RelabelAction::kReplace ||
                      action == RelabelAction::kHashMod ||
                      action == RelabelAction::kLowercase ||
                      action == RelabelAction::kUppercase ||
                      action == RelabelAction::kKeepEqual ||
                      action == RelabelAction::kDropEqual;
  if (needs_target && target_label.empty()) {
    return InvalidArgumentError("relabel configuration for " + action_name +
                                " action requires 'target_label' value");
  }
  if (action == RelabelAction::kReplace &&
      !IsValidTargetTemplate(target_label)) {
    return InvalidArgumentError("\"" + target_label +
                                "\" is invalid 'target_label' for " +
                                action_name + " action");
  }
  if ((action == RelabelAction::kLowercase ||
       action == RelabelAction::kUppercase ||
       action == RelabelAction::kKeepEqual ||
       action == RelabelAction::kDropEqual ||
       action == RelabelAction::kHashMod) &&
      !model::IsValidLabelNameClassic(target_label)) {
    return InvalidArgumentError("\"" + target_label +
                                "\" is invalid 'target_label' for " +
                                action_name + " action");
  }
  if ((action == RelabelAction::kLowercase ||
       action == RelabelAction::kUppercase ||
       action == RelabelAction::kKeepEqual ||
       action == RelabelAction::kDropEqual) &&
      replacement != "$1") {
    return InvalidArgumentError("'replacement' can not be set for " +
                                action_name + " action");
  }
  if (action == RelabelAction::kLabelMap &&
      !IsValidTargetTemplate(replacement)) {
    return InvalidArgumentError("\"" + replacement +
                                "\" is invalid 'replacement' for " +
                                action_name + " action");
  }
  if ((action == RelabelAction::kLabelDrop ||
       action == RelabelAction::kLabelKeep) &&
      (!source_labels.empty() || !target_label.empty() || modulus != 0 ||
       separator != ";" || replacement != "$1")) {
    return InvalidArgumentError(
        action_name + " action requires only 'regex', and no other fields");
  }
  if ((action == RelabelAction::kKeepEqual ||
       action == RelabelAction::kDropEqual) &&
      (regex != "(.*)" || modulus != 0 || separator != ";")) {
    return InvalidArgumentError(action_name +
                                " action requires only 'source_labels' and "
                                "`target_label`, and no other fields");
  }
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_dot_nl(true);
  auto compiled = std::make_shared<RE2>("^(?:" + regex + ")$", opts);
  if (!compiled->ok()) {
    return InvalidArgumentError("error parsing regexp: " + compiled->error());
  }
  re = std::move(compiled);
  return Status::Ok();
}

Result<std::vector<RelabelConfig>> ParseRelabelConfigs(const YAML::Node& node,
                                                       std::string_view path) {
  std::vector<RelabelConfig> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence()) {
    return InvalidArgumentError(std::string(path) + ": expected a list");
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node& item = node[i];
    std::string item_path = std::string(path) + "[" + std::to_string(i) + "]";
    if (!item.IsMap()) {
      return InvalidArgumentError(item_path + ": expected a map");
    }
    RelabelConfig c;
    for (const auto& kv : item) {
      const std::string key = kv.first.as<std::string>("");
      const YAML::Node& v = kv.second;
      auto scalar = [&](std::string* dst) -> Status {
        if (!v.IsScalar())
          return FieldError(item_path, key, "expected a string");
        *dst = v.Scalar();
        return Status::Ok();
      };
      if (key == "source_labels") {
        if (!v.IsSequence()) {
          return FieldError(item_path, key, "expected a list of label names");
        }
        for (const auto& s : v) {
          if (!s.IsScalar()) {
            return FieldError(item_path, key, "expected a list of label names");
          }
          c.source_labels.push_back(s.Scalar());
        }
      } else if (key == "separator") {
        RETURN_IF_ERROR(scalar(&c.separator));
      } else if (key == "regex") {
        RETURN_IF_ERROR(scalar(&c.regex));
      } else if (key == "target_label") {
        RETURN_IF_ERROR(scalar(&c.target_label));
      } else if (key == "replacement") {
        RETURN_IF_ERROR(scalar(&c.replacement));
      } else if (key == "modulus") {
        std::string s;
        RETURN_IF_ERROR(scalar(&s));
        char* end = nullptr;
        unsigned long long m = std::strtoull(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0' || s[0] == '-') {
          return FieldError(item_path, key,
                            "not an unsigned integer: " + GoQuote(s));
        }
        c.modulus = m;
      } else if (key == "action") {
        std::string s;
        RETURN_IF_ERROR(scalar(&s));
        std::string lower = s;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char ch) { return std::tolower(ch); });
        auto it =
            std::find_if(std::begin(kActions), std::end(kActions),
                         [&](const ActionName& a) { return a.name == lower; });
        if (it == std::end(kActions)) {
          return FieldError(item_path, key,
                            "unknown relabel action " + GoQuote(s));
        }
        c.action = it->action;
      } else {
        return FieldError(item_path, key,
                          "field " + key + " not found in type relabel.Config");
      }
    }
    Status st = c.Compile();
    if (!st.ok()) return st.WithPrefix(item_path);
    out.push_back(std::move(c));
  }
  return out;
}

std::string ExpandTemplate(const RE2& re, std::string_view input,
                           std::string_view tmpl) {
  const int n = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> groups(n + 1);
  if (!re.Match(re2::StringPiece(input.data(), input.size()), 0, input.size(),
                RE2::UNANCHORED, groups.data(), n + 1)) {
    return "";
  }
  const std::map<std::string, int>& named = re.NamedCapturingGroups();
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$') {
      out.push_back(tmpl[i]);
      continue;
    }
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    std::string name;
    size_t next = i + 1;
    if (next < tmpl.size() && tmpl[next] == '{') {
      size_t close = tmpl.find('}', next);
      bool ok = close != std::string_view::npos && close > next + 1;
      for (size_t k = next + 1; ok && k < close; ++k) ok = IsWordChar(tmpl[k]);
      if (!ok) {
        out.push_back('$');
        continue;
      }
      name = std::string(tmpl.substr(next + 1, close - next - 1));
      next = close + 1;
    } else {
      size_t k = next;
      while (k < tmpl.size() && IsWordChar(tmpl[k])) ++k;
      if (k == next) {
        out.push_back('$');
        continue;
      }
      name = std::string(tmpl.substr(next, k - next));
      next = k;
    }
    i = next - 1;
    int index = -1;
    if (std::all_of(name.begin(), name.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      if (name.size() <= 9) index = std::stoi(name);
    } else if (auto it = named.find(name); it != named.end()) {
      index = it->second;
    }
    if (index >= 0 && index <= n && groups[index].data() != nullptr) {
      out.append(groups[index].data(), groups[index].size());
    }
  }
  return out;
}

std::optional<model::Labels> Relabel(
    const model::Labels& labels, const std::vector<RelabelConfig>& configs) {
  Builder b;
  for (const model::Label& l : labels) b[l.name] = l.value;
  for (const RelabelConfig& c : configs) {
    const RE2& re = *c.re;
    std::string value = JoinBuilder(b, c.source_labels, c.separator);
    switch (c.action) {
      case RelabelAction::kDrop:
        if (RE2::FullMatch(value, re)) return std::nullopt;
        break;
      case RelabelAction::kKeep:
        if (!RE2::FullMatch(value, re)) return std::nullopt;
        break;
      case RelabelAction::kDropEqual:
        if (value == BuilderGet(b, c.target_label)) return std::nullopt;
        break;
      case RelabelAction::kKeepEqual:
        if (value != BuilderGet(b, c.target_label)) return std::nullopt;
        break;
      case RelabelAction::kReplace: {
        if (!RE2::FullMatch(value, re)) break;
        std::string target = ExpandTemplate(re, value, c.target_label);
        if (!model::IsValidLabelNameUtf8(target)) break;
        BuilderSet(b, target, ExpandTemplate(re, value, c.replacement));
        break;
      }
      case RelabelAction::kLowercase:
      case RelabelAction::kUppercase: {
        bool lower = c.action == RelabelAction::kLowercase;
        for (char& ch : value) {
          ch = lower ? static_cast<char>(
                           std::tolower(static_cast<unsigned char>(ch)))
                     : static_cast<char>(
                           std::toupper(static_cast<unsigned char>(ch)));
        }
        BuilderSet(b, c.target_label, value);
        break;
      }
      case RelabelAction::kHashMod:
        BuilderSet(b, c.target_label,
                   std::to_string(HashMod(value, c.modulus)));
        break;
      case RelabelAction::kLabelMap: {
        Builder added;
        for (const auto& [name, v] : b) {
          if (RE2::FullMatch(name, re)) {
            added[ExpandTemplate(re, name, c.replacement)] = v;
          }
        }
        for (auto& [name, v] : added) BuilderSet(b, name, v);
        break;
      }
      case RelabelAction::kLabelDrop:
      case RelabelAction::kLabelKeep: {
        bool drop = c.action == RelabelAction::kLabelDrop;
        std::erase_if(b, [&](const auto& kv) {
          return RE2::FullMatch(kv.first, re) == drop;
        });
        break;
      }
    }
  }
  return ToLabels(b);
}

}  // namespace tocsin::ingest
