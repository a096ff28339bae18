#include "model/matcher_json.h"

#include <boost/json.hpp>
#include <cctype>

namespace tocsin::model {
namespace {

namespace json = boost::json;

bool EqualFoldAscii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view JsonKind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::bool_:
      return "bool";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
    case json::kind::null:
      return "null";
  }
  return "value";
}

Status TypeError(const json::value& v, std::string_view field,
                 std::string_view go_type) {
  return InvalidArgumentError(
      "json: cannot unmarshal " + std::string(JsonKind(v)) +
      " into Go struct field apiV1Matcher." + std::string(field) + " of type " +
      std::string(go_type));
}

}  // namespace

json::object MatcherToJson(const Matcher& m) {
  json::object o;
  o["name"] = m.name();
  o["value"] = m.value();
  o["isRegex"] = m.is_regex();
  o["isEqual"] =
      m.type() == MatchType::kEqual || m.type() == MatchType::kRegexMatch;
  return o;
}

std::string MarshalMatcherJson(const Matcher& m) {
  return json::serialize(MatcherToJson(m));
}

Result<Matcher> MatcherFromJson(const json::value& v) {
  if (!v.is_object()) {
    return InvalidArgumentError("json: cannot unmarshal " +
                                std::string(JsonKind(v)) +
                                " into Go value of type labels.apiV1Matcher");
  }
  std::string name, value;
  bool is_regex = false;
  bool is_equal = true;
  static constexpr std::string_view kFields[] = {"name", "value", "isRegex",
                                                 "isEqual"};
  for (const auto& kv : v.as_object()) {
    std::string_view key = kv.key();
    int field = -1;
    for (int f = 0; f < 4 && field < 0; ++f) {
      if (key == kFields[f]) field = f;
    }
    for (int f = 0; f < 4 && field < 0; ++f) {
      if (EqualFoldAscii(key, kFields[f])) field = f;
    }
    if (field < 0 || kv.value().is_null()) continue;
    const json::value& fv = kv.value();
    if (field < 2) {
      if (!fv.is_string()) return TypeError(fv, kFields[field], "string");
      (field == 0 ? name : value) = std::string(fv.as_string());
    } else {
      if (!fv.is_bool()) return TypeError(fv, kFields[field], "bool");
      (field == 2 ? is_regex : is_equal) = fv.as_bool();
    }
  }
  MatchType type =
      is_regex ? (is_equal ? MatchType::kRegexMatch : MatchType::kRegexNoMatch)
               : (is_equal ? MatchType::kEqual : MatchType::kNotEqual);
  return Matcher::Create(type, std::move(name), std::move(value));
}

Result<Matcher> UnmarshalMatcherJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return InvalidArgumentError("invalid JSON: " + ec.message());
  return MatcherFromJson(v);
}

}  // namespace tocsin::model
