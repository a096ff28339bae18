// Replays every seed corpus file of tools/fuzz/corpus/<target>/ through the
// same entry function the libFuzzer target uses (in the normal g++ build, so
// the seeds are checked by every ctest run, not only by the fuzz step), and
// checks that each corpus holds both accepted and refused inputs.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/duration.h"
#include "model/matcher_parse.h"
#include "tools/fuzz/fuzz_entries.h"
#ifdef TOCSIN_REPLAY_HAVE_CONFIG
#include "config/config.h"
#include "config/integration.h"
#include "tools/fuzz/fuzz_entries_config.h"
#ifdef TOCSIN_FUZZ_HAVE_CHANNELS
#include "server/builtin_channels.h"
#endif
#endif

#ifndef TOCSIN_FUZZ_CORPUS_DIR
#error "TOCSIN_FUZZ_CORPUS_DIR must name tools/fuzz/corpus"
#endif

namespace tocsin::fuzz {
namespace {

struct Seed {
  std::string path;
  std::string data;
};

std::vector<Seed> ReadCorpus(const std::string& target) {
  std::vector<Seed> out;
  const std::filesystem::path dir =
      std::filesystem::path(TOCSIN_FUZZ_CORPUS_DIR) / target;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.push_back({e.path().string(), ss.str()});
  }
  std::sort(out.begin(), out.end(),
            [](const Seed& a, const Seed& b) { return a.path < b.path; });
  return out;
}

// Replays the corpus of `target` through `entry`; returns the seeds.
template <typename Entry>
std::vector<Seed> Replay(const std::string& target, Entry entry) {
  std::vector<Seed> seeds = ReadCorpus(target);
  EXPECT_GE(seeds.size(), 20u) << "corpus of " << target << " is too small";
  for (const auto& s : seeds) {
    EXPECT_EQ(entry(s.data), "") << s.path;
  }
  return seeds;
}

// Counts the seeds `parses` accepts; expects some accepted, some refused.
template <typename Parses>
void ExpectAcceptedAndRefused(const std::vector<Seed>& seeds, Parses parses) {
  const auto accepted =
      std::count_if(seeds.begin(), seeds.end(),
                    [&](const Seed& s) { return parses(s.data); });
  EXPECT_GE(accepted, 5) << "too few valid seeds";
  EXPECT_GE(static_cast<long>(seeds.size()) - accepted, 5)
      << "too few invalid seeds";
}

TEST(FuzzCorpusReplayTest, MatchersClassic) {
  auto seeds = Replay("matchers_classic_fuzzer", MatchersClassicEntry);
  ExpectAcceptedAndRefused(seeds, [](const std::string& s) {
    return model::ParseMatchersClassic(s).ok();
  });
}

TEST(FuzzCorpusReplayTest, MatchersUtf8) {
  auto seeds = Replay("matchers_utf8_fuzzer", MatchersUtf8Entry);
  ExpectAcceptedAndRefused(seeds, [](const std::string& s) {
    return model::ParseMatchersUtf8(s).ok();
  });
}

TEST(FuzzCorpusReplayTest, MatchersAnyMode) {
  auto seeds = Replay("matchers_fuzzer", MatchersEntry);
  ExpectAcceptedAndRefused(seeds, [](const std::string& s) {
    return !s.empty() &&
           model::ParseMatchers(std::string_view(s).substr(1),
                                model::MatcherParserMode::kFallback)
               .ok();
  });
}

TEST(FuzzCorpusReplayTest, Duration) {
  auto seeds = Replay("duration_fuzzer", DurationEntry);
  ExpectAcceptedAndRefused(
      seeds, [](const std::string& s) { return ParseDuration(s).ok(); });
}

#ifdef TOCSIN_REPLAY_HAVE_CONFIG
TEST(FuzzCorpusReplayTest, Config) {
  auto seeds = Replay("config_fuzzer", ConfigEntry);
  ExpectAcceptedAndRefused(seeds, [](const std::string& s) {
    config::IntegrationRegistry registry;
#ifdef TOCSIN_FUZZ_HAVE_CHANNELS
    server::RegisterBuiltinChannels(registry);
#endif
    return config::Load(s, registry).ok();
  });
}
#endif

// The entries report a broken property instead of hiding it: a sanity check
// of the harness with inputs whose outcome is known.
TEST(FuzzEntryTest, CleanInputsPass) {
  EXPECT_EQ(MatchersClassicEntry(R"({foo="bar",baz=~"q.*"})"), "");
  EXPECT_EQ(MatchersUtf8Entry(R"({"föö bar"!="x\"y"})"), "");
  EXPECT_EQ(MatchersEntry(std::string("\x01") + R"({a="b"})"), "");
  EXPECT_EQ(DurationEntry("1y2w3d4h5m6s7ms"), "");
  EXPECT_EQ(DurationEntry("not a duration"), "");
}

}  // namespace
}  // namespace tocsin::fuzz
