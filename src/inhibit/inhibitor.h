#ifndef TOCSIN_INHIBIT_INHIBITOR_H_
#define TOCSIN_INHIBIT_INHIBITOR_H_

#include <cstddef>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/inhibit_rule.h"
#include "model/alert.h"
#include "model/fingerprint.h"
#include "model/labels.h"
#include "model/matcher.h"
#include "model/muter.h"
#include "runtime/clock.h"

namespace tocsin::inhibit {

// Alertmanager's Inhibitor: holds, per inhibit rule, the alerts matching
// the rule's source side, and answers whether a label set is inhibited.
//
// Semantics (inhibit.Inhibitor.Mutes / InhibitRule.hasEqual): a label set L
// is inhibited by rule R when R's target matchers match L and some source
// alert S of R
//   - is firing at `now` (not resolved: ends_at unset or after now),
//   - has the same value as L for every label in R's `equal` list (a label
//     absent on both sides counts as equal; absent equals ""),
//   - and, when L also matches R's source matchers, does not itself match
//     R's target matchers (so an alert never inhibits itself, and two alerts
//     matching both sides do not inhibit each other).
// Rules are tried in config order; the first inhibiting rule decides.
//
// Fed by OnAlert (wire it to the AlertStore's listener and seed it with the
// store's snapshot). Config-scoped: a reload builds a new Inhibitor.
// Thread-safe: OnAlert and GC take a writer lock, Mutes a reader lock.
class Inhibitor {
 public:
  explicit Inhibitor(const std::vector<config::InhibitRule>& rules);
  Inhibitor(const Inhibitor&) = delete;
  Inhibitor& operator=(const Inhibitor&) = delete;

  // Records the latest version of an alert for every rule whose source
  // matchers match it (resolved ones too: Mutes skips them; GC drops them).
  void OnAlert(const model::Alert& alert);

  // The fingerprint of an alert inhibiting `labels` at `now`, or
  // std::nullopt. When several source alerts qualify, the one that
  // resolves last is named (ties: the smallest fingerprint).
  std::optional<model::Fingerprint> Mutes(const model::Labels& labels,
                                          model::Time now) const;

  // Drops source alerts resolved at `now`; returns how many entries went
  // (one per rule holding the alert).
  size_t GC(model::Time now);

  // Number of rules.
  size_t rule_count() const { return rules_.size(); }

 private:
  struct Rule {
    std::string name;
    model::Matchers source;
    model::Matchers target;
    std::vector<std::string> equal;  // Sorted, unique.
    // Source alerts by fingerprint, and by the values of `equal`.
    std::unordered_map<model::Fingerprint, model::Alert> sources;
    std::unordered_map<std::string, std::vector<model::Fingerprint>> index;
  };
  // The values of `equal` in `labels`, as one key.
  static std::string EqualKey(const Rule& rule, const model::Labels& labels);

  mutable std::shared_mutex mu_;
  std::vector<Rule> rules_;  // Source maps GUARDED_BY(mu_).
};

// model::Muter over an Inhibitor: mutes when Inhibitor::Mutes names an
// alert at clock.Now(), and records it in the marker (SetInhibited with that
// fingerprint, or with none). Thread-safe; inhibitor, marker and clock must
// outlive it.
class InhibitMuter final : public model::Muter {
 public:
  InhibitMuter(const Inhibitor& inhibitor, model::AlertMarker& marker,
               const runtime::Clock& clock)
      : inhibitor_(inhibitor), marker_(marker), clock_(clock) {}

  bool Mutes(const model::Labels& labels) override;

 private:
  const Inhibitor& inhibitor_;
  model::AlertMarker& marker_;
  const runtime::Clock& clock_;
};

}  // namespace tocsin::inhibit

#endif  // TOCSIN_INHIBIT_INHIBITOR_H_
