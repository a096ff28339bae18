#ifndef TOCSIN_TOOLS_CONFORMANCE_REPORT_H_
#define TOCSIN_TOOLS_CONFORMANCE_REPORT_H_

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace tocsin::conformance {

// One conformance case's outcome. `id` is unique within its kind and stable
// across runs (it is what the expected-failures file names), e.g.
// "classic_parser/7" or "conf.good.yml".
struct CaseOutcome {
  std::string file;  // Data file the case comes from, relative to DIR.
  std::string id;    // Stable case ID within the kind.
  bool passed = false;
  std::string detail;  // Why it failed (expected vs. got); empty on pass.
};

// Collects outcomes of one kind's run. A case the runner cannot run must be
// recorded as failed with the reason in `detail`, never skipped.
class Report {
 public:
  void Pass(std::string file, std::string id) {
    outcomes_.push_back({std::move(file), std::move(id), true, ""});
  }
  void Fail(std::string file, std::string id, std::string detail) {
    outcomes_.push_back(
        {std::move(file), std::move(id), false, std::move(detail)});
  }
  // Records pass when `detail` is empty, failure otherwise.
  void Check(std::string file, std::string id, std::string detail) {
    if (detail.empty()) {
      Pass(std::move(file), std::move(id));
    } else {
      Fail(std::move(file), std::move(id), std::move(detail));
    }
  }
  const std::vector<CaseOutcome>& outcomes() const { return outcomes_; }

  // Puts case `id` in a tier (e.g. promql's "stable"); main prints
  // "KIND/<tier>: N passed, M failed" per tier.
  void SetTier(const std::string& id, std::string tier) {
    tiers_[id] = std::move(tier);
  }
  const std::map<std::string, std::string>& tiers() const { return tiers_; }

 private:
  std::vector<CaseOutcome> outcomes_;
  std::map<std::string, std::string> tiers_;
};

// Runs every case of one kind found in `dir`. Returns non-OK only when the
// data cannot be read at all (missing folder, unparsable YAML); individual
// case failures go into `report`.
using KindRunner =
    std::function<Status(const std::filesystem::path& dir, Report& report)>;

// Implemented kinds, one function per runner file (registered in main.cc).
Status RunMatchers(const std::filesystem::path& dir, Report& report);
Status RunTimeIntervals(const std::filesystem::path& dir, Report& report);
Status RunConfig(const std::filesystem::path& dir, Report& report);
Status RunRouting(const std::filesystem::path& dir, Report& report);
Status RunPromql(const std::filesystem::path& dir, Report& report);

}  // namespace tocsin::conformance

#endif  // TOCSIN_TOOLS_CONFORMANCE_REPORT_H_
