#include "inhibit/inhibitor.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>

#include "model/matcher_parse.h"
#include "runtime/testing/manual_clock.h"

namespace tocsin::inhibit {
namespace {

using model::Alert;
using model::Labels;
using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

model::Matchers M(std::string_view s) {
  return *model::ParseMatchers(s, model::MatcherParserMode::kFallback);
}

config::InhibitRule Rule(std::string_view source, std::string_view target,
                         std::vector<std::string> equal) {
  config::InhibitRule r;
  r.source_matchers = M(source);
  r.target_matchers = M(target);
  r.equal = std::move(equal);
  return r;
}

Alert Firing(Labels labels, model::Time ends = kT0 + minutes(5)) {
  Alert a;
  a.labels = std::move(labels);
  a.starts_at = kT0;
  a.ends_at = ends;
  a.updated_at = kT0;
  return a;
}

class InhibitorTest : public ::testing::Test {
 protected:
  // Critical alerts inhibit warnings of the same cluster.
  Inhibitor ih_{
      {Rule("{severity=\"critical\"}", "{severity=\"warning\"}", {"cluster"})}};
};

TEST_F(InhibitorTest, SourceFiringWithEqualLabelsInhibits) {
  Alert src = Firing(
      {{"alertname", "Down"}, {"severity", "critical"}, {"cluster", "a"}});
  ih_.OnAlert(src);
  EXPECT_EQ(
      ih_.Mutes(
          {{"alertname", "Slow"}, {"severity", "warning"}, {"cluster", "a"}},
          kT0),
      src.fingerprint());
  // Different cluster: no.
  EXPECT_EQ(
      ih_.Mutes(
          {{"alertname", "Slow"}, {"severity", "warning"}, {"cluster", "b"}},
          kT0),
      std::nullopt);
  // Not a target: no.
  EXPECT_EQ(
      ih_.Mutes({{"alertname", "Slow"}, {"severity", "info"}, {"cluster", "a"}},
                kT0),
      std::nullopt);
}

TEST_F(InhibitorTest, EqualLabelAbsentOnBothSidesCounts) {
  Alert src = Firing({{"alertname", "Down"}, {"severity", "critical"}});
  ih_.OnAlert(src);
  EXPECT_EQ(ih_.Mutes({{"alertname", "Slow"}, {"severity", "warning"}}, kT0),
            src.fingerprint());
  // Present on one side only: not equal.
  EXPECT_EQ(
      ih_.Mutes(
          {{"alertname", "Slow"}, {"severity", "warning"}, {"cluster", "a"}},
          kT0),
      std::nullopt);
}

TEST_F(InhibitorTest, ResolvedSourceDoesNotInhibit) {
  Alert src =
      Firing({{"severity", "critical"}, {"cluster", "a"}}, kT0 + minutes(5));
  ih_.OnAlert(src);
  const Labels target{{"severity", "warning"}, {"cluster", "a"}};
  EXPECT_EQ(ih_.Mutes(target, kT0 + minutes(4)), src.fingerprint());
  EXPECT_EQ(ih_.Mutes(target, kT0 + minutes(5)), std::nullopt);
  // A later resolved version replaces the firing one.
  Alert resolved = src;
  resolved.ends_at = kT0 + minutes(1);
  ih_.OnAlert(resolved);
  EXPECT_EQ(ih_.Mutes(target, kT0 + minutes(2)), std::nullopt);
}

TEST_F(InhibitorTest, PicksSourceResolvingLast) {
  Alert s1 =
      Firing({{"alertname", "A"}, {"severity", "critical"}}, kT0 + minutes(5));
  Alert s2 =
      Firing({{"alertname", "B"}, {"severity", "critical"}}, kT0 + minutes(9));
  ih_.OnAlert(s1);
  ih_.OnAlert(s2);
  const Labels target{{"severity", "warning"}};
  EXPECT_EQ(ih_.Mutes(target, kT0), s2.fingerprint());
  EXPECT_EQ(ih_.Mutes(target, kT0 + minutes(10)), std::nullopt);
}

TEST(InhibitorSelfTest, NeverInhibitsItselfOrTwoSidedPeers) {
  // Every alert with team=x is both source and target.
  Inhibitor ih({Rule("{team=\"x\"}", "{team=\"x\"}", {})});
  Alert a = Firing({{"alertname", "A"}, {"team", "x"}});
  Alert b = Firing({{"alertname", "B"}, {"team", "x"}});
  ih.OnAlert(a);
  ih.OnAlert(b);
  EXPECT_EQ(ih.Mutes(a.labels, kT0), std::nullopt);
  EXPECT_EQ(ih.Mutes(b.labels, kT0), std::nullopt);
}

TEST(InhibitorSelfTest, TwoSidedTargetStillInhibitedByOneSidedSource) {
  // Source: severity=critical; target: team=x. C is both; S only a source.
  Inhibitor ih({Rule("{severity=\"critical\"}", "{team=\"x\"}", {})});
  Alert c =
      Firing({{"alertname", "C"}, {"severity", "critical"}, {"team", "x"}});
  ih.OnAlert(c);
  EXPECT_EQ(ih.Mutes(c.labels, kT0), std::nullopt);  // Only itself.
  Alert s =
      Firing({{"alertname", "S"}, {"severity", "critical"}, {"team", "y"}});
  ih.OnAlert(s);
  EXPECT_EQ(ih.Mutes(c.labels, kT0), s.fingerprint());
  // A pure target is inhibited by either; C resolves later here.
  Alert t = Firing({{"alertname", "T"}, {"team", "x"}});
  EXPECT_TRUE(ih.Mutes(t.labels, kT0).has_value());
}

TEST(InhibitorRulesTest, FirstMatchingRuleInOrderAndDeprecatedMatch) {
  YAML::Node node = YAML::Load(
      "source_match: {alertname: NodeDown}\n"
      "target_match_re: {alertname: 'Disk.*'}\n"
      "equal: [instance]\n");
  config::ParseContext ctx;
  ctx.file = "alertmanager.yml";
  Result<config::InhibitRule> parsed =
      config::ParseInhibitRule(node, "inhibit_rules[0]", ctx);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  Inhibitor ih({*parsed, Rule("{alertname=\"Maint\"}", "{}", {})});
  EXPECT_EQ(ih.rule_count(), 2u);
  Alert down = Firing({{"alertname", "NodeDown"}, {"instance", "h1"}});
  Alert maint = Firing({{"alertname", "Maint"}});
  ih.OnAlert(down);
  ih.OnAlert(maint);
  EXPECT_EQ(ih.Mutes({{"alertname", "DiskFull"}, {"instance", "h1"}}, kT0),
            down.fingerprint());
  EXPECT_EQ(ih.Mutes({{"alertname", "DiskFull"}, {"instance", "h2"}}, kT0),
            maint.fingerprint());
  // Rule 2 targets everything, so Maint would inhibit itself: never.
  EXPECT_EQ(ih.Mutes(maint.labels, kT0), std::nullopt);
}

TEST_F(InhibitorTest, GcDropsResolvedSources) {
  Alert s1 =
      Firing({{"alertname", "A"}, {"severity", "critical"}}, kT0 + minutes(1));
  Alert s2 =
      Firing({{"alertname", "B"}, {"severity", "critical"}}, kT0 + minutes(9));
  Alert other = Firing({{"alertname", "C"}, {"severity", "info"}});
  ih_.OnAlert(s1);
  ih_.OnAlert(s2);
  ih_.OnAlert(other);  // Not a source: not held.
  EXPECT_EQ(ih_.GC(kT0), 0u);
  EXPECT_EQ(ih_.GC(kT0 + minutes(1)), 1u);
  EXPECT_EQ(ih_.Mutes({{"severity", "warning"}}, kT0 + minutes(2)),
            s2.fingerprint());
  EXPECT_EQ(ih_.GC(kT0 + minutes(9)), 1u);
  EXPECT_EQ(ih_.Mutes({{"severity", "warning"}}, kT0), std::nullopt);
}

TEST_F(InhibitorTest, MuterRecordsInMarker) {
  runtime::ManualClock clock(kT0);
  model::AlertMarker marker;
  InhibitMuter muter(ih_, marker, clock);
  const Labels target{{"severity", "warning"}};
  EXPECT_FALSE(muter.Mutes(target));
  EXPECT_EQ(marker.Status(target.fingerprint()),
            (model::AlertStatus{model::AlertState::kActive, {}, {}}));
  Alert src = Firing({{"severity", "critical"}});
  ih_.OnAlert(src);
  EXPECT_TRUE(muter.Mutes(target));
  EXPECT_EQ(
      marker.Status(target.fingerprint()),
      (model::AlertStatus{
          model::AlertState::kSuppressed, {}, {src.fingerprint().ToString()}}));
  clock.Advance(minutes(6));
  EXPECT_FALSE(muter.Mutes(target));
  EXPECT_EQ(marker.Status(target.fingerprint()).state,
            model::AlertState::kActive);
}

}  // namespace
}  // namespace tocsin::inhibit
