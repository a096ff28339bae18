// tocsin-conformance KIND DIR
//
// Runs one folder of peer conformance data (formats: shared/conformance/
// README.md), prints "KIND FILE: N passed, M failed" per data file and a total
// "KIND: N passed, M failed". Known gaps are listed with their reasons in
// tools/conformance/expected_failures.yaml. Exit status is 0 only when every
// failure is listed there and every listed case still fails; 2 on usage or
// unreadable data.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "report.h"

#ifndef TOCSIN_EXPECTED_FAILURES_FILE
#error "TOCSIN_EXPECTED_FAILURES_FILE must be defined by the build"
#endif

namespace tocsin::conformance {
namespace {

namespace fs = std::filesystem;

struct Kind {
  std::string name;
  KindRunner runner;  // Empty while the kind's issue has not landed.
};

const std::vector<Kind>& Kinds() {
  static const auto* kinds = new std::vector<Kind>{
      {"alertmanager-matchers", RunMatchers},
      {"alertmanager-timeintervals", RunTimeIntervals},
      {"alertmanager-config", RunConfig},
      {"alertmanager-routing", RunRouting},
      {"promql", RunPromql},
      {"promtool", nullptr},
      {"rules", nullptr},
  };
  return *kinds;
}

// Counts the cases of a kind whose runner does not exist yet, so the output
// says how much is not run.
size_t CountUnimplementedCases(const std::string& kind, const fs::path& dir) {
  size_t n = 0;
  if (kind == "promql") {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() != ".test") continue;
      std::ifstream in(e.path());
      std::string line;
      while (std::getline(in, line)) {
        size_t i = line.find_first_not_of(" \t");
        if (i != std::string::npos && line.compare(i, 4, "eval") == 0) ++n;
      }
    }
    return n;
  }
  fs::path expected = dir / "expected.yaml";
  if (!fs::exists(expected)) return 0;
  try {
    YAML::Node root = YAML::LoadFile(expected.string());
    for (const auto& section : root) {
      if (section.second.IsMap()) {
        for (const auto& entry : section.second) {
          (void)entry;
          ++n;
        }
      } else if (section.second.IsSequence()) {
        n += section.second.size();
      }
    }
  } catch (const YAML::Exception&) {
    return 0;
  }
  return n;
}

// kind -> (case id -> reason)
using ExpectedFailures =
    std::map<std::string, std::map<std::string, std::string>>;

bool LoadExpectedFailures(const std::string& path, ExpectedFailures* out) {
  try {
    YAML::Node root = YAML::LoadFile(path);
    if (!root.IsMap()) return root.IsNull();
    for (const auto& kind : root) {
      auto& cases = (*out)[kind.first.as<std::string>()];
      if (kind.second.IsNull()) continue;
      for (const auto& c : kind.second) {
        std::string id = c["id"].as<std::string>();
        std::string reason = c["reason"] ? c["reason"].as<std::string>() : "";
        if (reason.empty()) {
          std::cerr << path << ": " << kind.first.as<std::string>() << " " << id
                    << ": every expected failure needs a reason\n";
          return false;
        }
        cases[id] = reason;
      }
    }
    return true;
  } catch (const YAML::Exception& e) {
    std::cerr << path << ": " << e.what() << "\n";
    return false;
  }
}

int Main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: tocsin-conformance KIND DIR\n";
    return 2;
  }
  std::string kind_name = argv[1];
  fs::path dir = argv[2];
  auto it = std::find_if(Kinds().begin(), Kinds().end(),
                         [&](const Kind& k) { return k.name == kind_name; });
  if (it == Kinds().end()) {
    std::cerr << "tocsin-conformance: unknown kind \"" << kind_name << "\"\n";
    return 2;
  }
  if (!fs::is_directory(dir)) {
    std::cerr << "tocsin-conformance: " << dir.string()
              << " is not a directory\n";
    return 2;
  }
  if (!it->runner) {
    std::cout << kind_name << ": not implemented ("
              << CountUnimplementedCases(kind_name, dir) << " cases)\n";
    return 0;
  }
  ExpectedFailures expected;
  if (!LoadExpectedFailures(TOCSIN_EXPECTED_FAILURES_FILE, &expected)) {
    return 2;
  }
  const auto& listed = expected[kind_name];

  Report report;
  Status st = it->runner(dir, report);
  if (!st.ok()) {
    std::cerr << kind_name << ": cannot run: " << st.message() << "\n";
    return 2;
  }

  std::map<std::string, std::pair<size_t, size_t>> per_file;
  size_t passed = 0, failed = 0;
  std::set<std::string> seen;
  std::vector<std::string> unexpected, fixed;
  for (const CaseOutcome& o : report.outcomes()) {
    if (!seen.insert(o.id).second) {
      std::cerr << kind_name << ": duplicate case id " << o.id << "\n";
      return 2;
    }
    auto& pf = per_file[o.file];
    bool is_listed = listed.count(o.id) > 0;
    if (o.passed) {
      ++passed, ++pf.first;
      if (is_listed) fixed.push_back(o.id);
    } else {
      ++failed, ++pf.second;
      if (is_listed) {
        std::cout << "  expected failure " << o.id << ": " << o.detail
                  << "  [reason: " << listed.at(o.id) << "]\n";
      } else {
        unexpected.push_back(o.id + ": " + o.detail);
      }
    }
  }
  for (const auto& [id, reason] : listed) {
    if (!seen.count(id)) {
      std::cout << "  listed expected failure " << id
                << " is not a case this runner produced\n";
      fixed.push_back(id);
    }
  }
  for (const auto& [file, counts] : per_file) {
    std::cout << kind_name << " " << file << ": " << counts.first << " passed, "
              << counts.second << " failed\n";
  }
  if (!report.tiers().empty()) {
    // Tier totals, in the order the tiers first appear.
    std::vector<std::string> order;
    std::map<std::string, std::pair<size_t, size_t>> per_tier;
    for (const CaseOutcome& o : report.outcomes()) {
      auto t = report.tiers().find(o.id);
      std::string tier = t == report.tiers().end() ? "untiered" : t->second;
      if (!per_tier.count(tier)) order.push_back(tier);
      auto& c = per_tier[tier];
      ++(o.passed ? c.first : c.second);
    }
    for (const std::string& tier : order) {
      std::cout << kind_name << "/" << tier << ": " << per_tier[tier].first
                << " passed, " << per_tier[tier].second << " failed\n";
    }
  }
  for (const auto& u : unexpected) std::cout << "  FAIL " << u << "\n";
  for (const auto& f : fixed) {
    std::cout << "  PASSES BUT LISTED AS EXPECTED FAILURE: " << f
              << " (remove it from expected_failures.yaml)\n";
  }
  std::cout << kind_name << ": " << passed << " passed, " << failed
            << " failed\n";
  return (unexpected.empty() && fixed.empty()) ? 0 : 1;
}

}  // namespace
}  // namespace tocsin::conformance

int main(int argc, char** argv) {
  return tocsin::conformance::Main(argc, argv);
}
