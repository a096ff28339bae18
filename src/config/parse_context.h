#ifndef TOCSIN_CONFIG_PARSE_CONTEXT_H_
#define TOCSIN_CONFIG_PARSE_CONTEXT_H_

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"
#include "model/matcher_parse.h"

namespace tocsin::config {

// Where a parse happens and under which switches. Passed by const reference
// into every parser; no parser reads global state.
struct ParseContext {
  // Path of the file being parsed as the user gave it; prefixes every error.
  std::string file;
  // Directory relative paths (templates, *_file secrets) resolve against.
  std::filesystem::path base_dir = {};
  // Matcher parser selected by --enable-feature (default: fallback).
  model::MatcherParserMode matcher_mode = model::MatcherParserMode::kFallback;
  // Whether tocsin-only keys (sms_configs, voice_configs, ...) are refused,
  // as `check-config --alertmanager-strict` asks.
  bool alertmanager_strict = false;
};

// Builds the one error shape every config error has:
//   "<file>:<line>: <field_path>: <message>"
// `line` is 1-based from `node.Mark()`; when the node carries no position the
// ":<line>" part is omitted; an empty field_path omits "<field_path>: ".
// `message` is Alertmanager's own message text for the same problem.
// Returns an InvalidArgument Status.
Status NodeError(const ParseContext& ctx, const YAML::Node& node,
                 std::string_view field_path, std::string_view message);

// Joins a field path: JoinPath("route", "routes[2]") == "route.routes[2]",
// JoinPath("", "global") == "global".
std::string JoinPath(std::string_view parent, std::string_view child);
// IndexPath("receivers", 3) == "receivers[3]".
std::string IndexPath(std::string_view parent, size_t index);

// Refuses keys of map `node` not in `known`, as Alertmanager's strict YAML
// decoding does: the message is "field <key> not found in type <go_type>"
// (e.g. go_type "config.plain"), positioned at the offending key.
// A null node passes; a non-map node fails with
// "cannot unmarshal <kind> into <go_type>".
Status CheckKnownFields(const ParseContext& ctx, const YAML::Node& node,
                        std::string_view field_path,
                        std::initializer_list<std::string_view> known,
                        std::string_view go_type);

// Scalar readers. Each returns the value of `node[key]` converted, or
// `fallback` when the key is absent or null; a value of the wrong type is an
// error naming `<field_path>.<key>` at its line, with yaml.v2's text
// ("cannot unmarshal !!seq into string", ...).
Result<std::string> GetString(const ParseContext& ctx, const YAML::Node& node,
                              std::string_view field_path, std::string_view key,
                              std::string fallback = "");
Result<bool> GetBool(const ParseContext& ctx, const YAML::Node& node,
                     std::string_view field_path, std::string_view key,
                     bool fallback);
Result<int64_t> GetInt(const ParseContext& ctx, const YAML::Node& node,
                       std::string_view field_path, std::string_view key,
                       int64_t fallback);
// A list of strings; absent or null gives an empty list.
Result<std::vector<std::string>> GetStringList(const ParseContext& ctx,
                                               const YAML::Node& node,
                                               std::string_view field_path,
                                               std::string_view key);
// A map of string to string (labels, annotations, details, headers);
// absent gives an empty map; keys keep YAML order.
Result<std::vector<std::pair<std::string, std::string>>> GetStringMap(
    const ParseContext& ctx, const YAML::Node& node,
    std::string_view field_path, std::string_view key);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_PARSE_CONTEXT_H_
