#ifndef TOCSIN_CONFIG_MATCHERS_FIELD_H_
#define TOCSIN_CONFIG_MATCHERS_FIELD_H_

// Readers for the matcher-shaped fields Alertmanager's config shares between
// routes and inhibit rules: `matchers` lists (config.Matchers), deprecated
// `match` maps and `match_re` maps (config.MatchRegexps). Stateless; safe to
// call from any thread.

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/parse_context.h"
#include "config/route.h"
#include "model/matcher.h"

namespace tocsin::config {

// MatchRegexp, IsClassicLabelName and IsValidLabelNameForMode come from
// config/route.h, which routes and inhibit rules share.

// Reads `node[key]` as a list of matcher strings, each parsed with
// model::ParseMatchers in `ctx.matcher_mode`, concatenated and sorted as
// labels.Matchers sorts (name, then value, then type). Absent or null gives
// an empty list. Errors: "cannot unmarshal ..." for a non-list, or the matcher
// parser's message, positioned at the offending line.
Result<model::Matchers> GetMatchersList(const ParseContext& ctx,
                                        const YAML::Node& node,
                                        std::string_view field_path,
                                        std::string_view key);

// Reads a deprecated `match` map (label name -> value) in YAML order. Each
// name must be a legacy label name: `invalid label name "<k>"`.
Result<std::vector<std::pair<std::string, std::string>>> GetMatchMap(
    const ParseContext& ctx, const YAML::Node& node,
    std::string_view field_path, std::string_view key);

// Reads a deprecated `match_re` map in YAML order; each regex is compiled
// anchored (^(?:text)$) to validate it. Errors, as upstream:
// `invalid label name "<k>"`, `invalid regexp value for "<k>"` (null value),
// or the regex compiler's message.
Result<std::vector<MatchRegexp>> GetMatchReMap(const ParseContext& ctx,
                                               const YAML::Node& node,
                                               std::string_view field_path,
                                               std::string_view key);

// Sorts matchers as labels.Matchers does: by name, value, then type.
void SortMatchers(model::Matchers& matchers);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_MATCHERS_FIELD_H_
