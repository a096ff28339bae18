#include <cstdint>

#include "base/duration.h"
#include "base/strings.h"
#include "model/matcher.h"
#include "model/matcher_parse.h"
#include "tools/fuzz/fuzz_entries.h"

namespace tocsin::fuzz {
namespace {

using model::Matchers;
using ParseFn = Result<Matchers> (*)(std::string_view);

std::string RoundTrip(std::string_view input, ParseFn parse,
                      const char* parser_name) {
  Result<Matchers> first = parse(input);
  if (!first.ok()) return "";
  // Alertmanager prints values raw between quotes, so bytes that are not
  // UTF-8 (accepted unquoted by the UTF-8 parser, as upstream) do not survive
  // a round trip there either, nor does an empty quoted name (`""=x`, which
  // upstream's UTF-8 parser accepts and prints as `="x"`); the property
  // covers non-empty names and UTF-8 text only.
  for (const auto& m : *first) {
    if (m.name().empty() || !IsValidUtf8(m.name()) || !IsValidUtf8(m.value())) {
      return "";
    }
  }
  const std::string printed = model::MatchersToString(*first);
  Result<Matchers> second = parse(printed);
  if (!second.ok()) {
    return std::string(parser_name) + ": printed form " + printed +
           " of a successful parse does not parse again: " +
           second.status().ToString();
  }
  if (*second != *first) {
    return std::string(parser_name) + ": printed form " + printed +
           " parses to different matchers " + model::MatchersToString(*second);
  }
  return "";
}

}  // namespace

std::string MatchersClassicEntry(std::string_view input) {
  return RoundTrip(input, &model::ParseMatchersClassic, "classic");
}

std::string MatchersUtf8Entry(std::string_view input) {
  return RoundTrip(input, &model::ParseMatchersUtf8, "utf8");
}

std::string MatchersEntry(std::string_view input) {
  if (input.empty()) return "";
  const auto mode_byte = static_cast<uint8_t>(input[0]) % 3;
  input.remove_prefix(1);
  const model::MatcherParserMode mode =
      mode_byte == 0   ? model::MatcherParserMode::kFallback
      : mode_byte == 1 ? model::MatcherParserMode::kUtf8Strict
                       : model::MatcherParserMode::kClassic;
  Result<Matchers> got = model::ParseMatchers(input, mode);
  if (!got.ok()) return "";
  Result<Matchers> utf8 = model::ParseMatchersUtf8(input);
  Result<Matchers> classic = model::ParseMatchersClassic(input);
  const bool same_as_utf8 = utf8.ok() && *utf8 == *got;
  const bool same_as_classic = classic.ok() && *classic == *got;
  switch (mode) {
    case model::MatcherParserMode::kUtf8Strict:
      if (!same_as_utf8)
        return "utf8-strict result differs from the UTF-8 parser";
      break;
    case model::MatcherParserMode::kClassic:
      if (!same_as_classic)
        return "classic-mode result differs from the classic parser";
      break;
    case model::MatcherParserMode::kFallback:
      if (!same_as_utf8 && !same_as_classic) {
        return "fallback result " + model::MatchersToString(*got) +
               " matches neither parser";
      }
      break;
  }
  return "";
}

std::string DurationEntry(std::string_view input) {
  Result<Duration> d = ParseDuration(input);
  if (!d.ok()) return "";
  if (d->count() < 0) return "negative duration parsed";
  const std::string printed = FormatDuration(*d);
  Result<Duration> again = ParseDuration(printed);
  if (!again.ok()) {
    return "printed form " + printed +
           " does not parse: " + again.status().ToString();
  }
  if (*again != *d) {
    return "printed form " + printed + " parses to " +
           std::to_string(again->count()) + "ms, not " +
           std::to_string(d->count()) + "ms";
  }
  return "";
}

}  // namespace tocsin::fuzz
