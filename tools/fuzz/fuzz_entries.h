#ifndef TOCSIN_TOOLS_FUZZ_FUZZ_ENTRIES_H_
#define TOCSIN_TOOLS_FUZZ_FUZZ_ENTRIES_H_

// Entry functions shared by the libFuzzer targets (tools/fuzz/fuzz_main.cc,
// clang build) and the corpus replay test (tools/fuzz/corpus_replay_test.cc,
// normal g++ build). Each takes arbitrary bytes, runs one parser on them and
// checks a sanity property of the result. It returns "" when the property
// holds (including every clean parse error) and a description of the broken
// property otherwise; a crash, sanitizer report or hang is a bug too. All are
// thread-compatible and keep no state between calls.

#include <string>
#include <string_view>

namespace tocsin::fuzz {

// model::ParseMatchersClassic; a successful parse whose names are non-empty
// and whose names and values are valid UTF-8 prints (MatchersToString) to text
// that parses again (classic) to the same matchers.
std::string MatchersClassicEntry(std::string_view input);

// model::ParseMatchersUtf8; same round trip through the UTF-8 parser.
std::string MatchersUtf8Entry(std::string_view input);

// model::ParseMatchers in the mode picked by the first byte (% 3: fallback,
// utf8-strict, classic) over the rest; a success must agree with the mode's
// own parser where the mode is a single parser, and with one of the two
// parsers in fallback mode.
std::string MatchersEntry(std::string_view input);

// ParseDuration; a success is non-negative and FormatDuration() of it parses
// back to the same value.
std::string DurationEntry(std::string_view input);

}  // namespace tocsin::fuzz

#endif  // TOCSIN_TOOLS_FUZZ_FUZZ_ENTRIES_H_
