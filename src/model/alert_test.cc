#include "model/alert.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tocsin::model {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Time kT0 = Time(seconds(1704067200));  // 2024-01-01T00:00:00Z

Alert MakeAlert(Time starts, Time ends, Time updated, bool timeout = false) {
  Alert a;
  a.labels = Labels{{"alertname", "A"}};
  a.starts_at = starts;
  a.ends_at = ends;
  a.updated_at = updated;
  a.timeout = timeout;
  return a;
}

TEST(AlertTest, FingerprintAndName) {
  Alert a;
  a.labels = Labels{{"alertname", "HighLatency"}, {"job", "api"}};
  EXPECT_EQ(a.fingerprint(), a.labels.fingerprint());
  EXPECT_EQ(a.name(), "HighLatency");
  EXPECT_EQ(Alert{}.name(), "");
}

TEST(AlertTest, ResolvedNeedsEndsAtNotAfterNow) {
  Alert a = MakeAlert(kT0, kZeroTime, kT0);
  EXPECT_FALSE(a.Resolved(kT0 + minutes(100)));  // No end: never resolved.
  a.ends_at = kT0 + minutes(5);
  EXPECT_FALSE(a.Resolved(kT0 + minutes(4)));
  EXPECT_TRUE(a.Resolved(kT0 + minutes(5)));  // ends_at == now: resolved.
  EXPECT_TRUE(a.ResolvedAt(kT0 + minutes(6)));
}

TEST(AlertTest, ZeroTime) {
  EXPECT_TRUE(IsZeroTime(kZeroTime));
  EXPECT_FALSE(IsZeroTime(kT0));
}

// The cases of Alertmanager's TestAlertMerge.
TEST(MergeAlertsTest, UpstreamCases) {
  const Time now = kT0;
  const Time p = now - minutes(1);
  const Time f = now + minutes(1);
  struct Case {
    Alert a, b, want;
  };
  const Case cases[] = {
      // Both resolved, b newer: earliest start, latest explicit end.
      {MakeAlert(now - minutes(4), p, now - minutes(2)),
       MakeAlert(now - minutes(3), now - minutes(3), now - minutes(1)),
       MakeAlert(now - minutes(4), p, now - minutes(1))},
      // b firing and newer: b's later end stays.
      {MakeAlert(now - minutes(4), p, now - minutes(2)),
       MakeAlert(now - minutes(3), f, now - minutes(1)),
       MakeAlert(now - minutes(4), f, now - minutes(1))},
      // b firing with an end before a's, a not from timeout: a's end wins.
      {MakeAlert(now - minutes(4), now + minutes(2), now - minutes(2)),
       MakeAlert(now - minutes(3), f, now - minutes(1)),
       MakeAlert(now - minutes(4), now + minutes(2), now - minutes(1))},
      // Same, but a's end came from resolve_timeout: b's end wins.
      {MakeAlert(now - minutes(4), now + minutes(2), now - minutes(2), true),
       MakeAlert(now - minutes(3), f, now - minutes(1)),
       MakeAlert(now - minutes(4), f, now - minutes(1))},
      // b resolved and newer, a still firing: b's resolution wins.
      {MakeAlert(now - minutes(4), f, now - minutes(2)),
       MakeAlert(now - minutes(3), p, now - minutes(1)),
       MakeAlert(now - minutes(4), p, now - minutes(1))},
      // a newer than b: a is the base (arguments swap).
      {MakeAlert(now - minutes(3), p, now - minutes(1)),
       MakeAlert(now - minutes(4), f, now - minutes(2)),
       MakeAlert(now - minutes(4), p, now - minutes(1))},
  };
  int i = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(i++);
    EXPECT_EQ(MergeAlerts(c.a, c.b, now), c.want);
  }
}

TEST(MergeAlertsTest, BaseFieldsComeFromNewer) {
  Alert a = MakeAlert(kT0, kT0 + minutes(5), kT0, true);
  a.annotations = Labels{{"summary", "old"}};
  a.generator_url = "http://old";
  Alert b = MakeAlert(kT0 + minutes(1), kT0 + minutes(10), kT0 + minutes(1));
  b.annotations = Labels{{"summary", "new"}};
  b.generator_url = "http://new";
  Alert m = MergeAlerts(a, b, kT0 + minutes(1));
  EXPECT_EQ(m.annotations, (Labels{{"summary", "new"}}));
  EXPECT_EQ(m.generator_url, "http://new");
  EXPECT_EQ(m.starts_at, kT0);
  EXPECT_EQ(m.ends_at, kT0 + minutes(10));
  EXPECT_EQ(m.updated_at, kT0 + minutes(1));
  EXPECT_FALSE(m.timeout);
}

TEST(MergeAlertsTest, EqualUpdatedAtTakesSecondAsBase) {
  Alert a = MakeAlert(kT0, kT0 + minutes(5), kT0);
  a.generator_url = "a";
  Alert b = MakeAlert(kT0, kT0 + minutes(5), kT0);
  b.generator_url = "b";
  EXPECT_EQ(MergeAlerts(a, b, kT0).generator_url, "b");
}

TEST(AlertStateTest, Names) {
  EXPECT_EQ(AlertStateName(AlertState::kUnprocessed), "unprocessed");
  EXPECT_EQ(AlertStateName(AlertState::kActive), "active");
  EXPECT_EQ(AlertStateName(AlertState::kSuppressed), "suppressed");
}

TEST(AlertMarkerTest, UnknownIsUnprocessed) {
  AlertMarker m;
  EXPECT_EQ(m.Status(Fingerprint(1)), AlertStatus{});
  EXPECT_EQ(m.Count(), 0u);
}

TEST(AlertMarkerTest, SilencedAndInhibitedCombine) {
  AlertMarker m;
  const Fingerprint fp(42);
  m.SetActiveOrSilenced(fp, {});
  EXPECT_EQ(m.Status(fp).state, AlertState::kActive);
  m.SetActiveOrSilenced(fp, {"s1"});
  EXPECT_EQ(m.Status(fp), (AlertStatus{AlertState::kSuppressed, {"s1"}, {}}));
  m.SetInhibited(fp, {"000000000000002a"});
  m.SetActiveOrSilenced(fp, {});
  EXPECT_EQ(m.Status(fp),
            (AlertStatus{AlertState::kSuppressed, {}, {"000000000000002a"}}));
  m.SetInhibited(fp, {});
  EXPECT_EQ(m.Status(fp), (AlertStatus{AlertState::kActive, {}, {}}));
}

TEST(AlertMarkerTest, SetStatusReplacesBothListsAndReturnsTheStatus) {
  AlertMarker m;
  const Fingerprint fp(7);
  EXPECT_EQ(
      m.SetStatus(fp, {"s1"}, {"000000000000002a"}),
      (AlertStatus{AlertState::kSuppressed, {"s1"}, {"000000000000002a"}}));
  EXPECT_EQ(
      m.Status(fp),
      (AlertStatus{AlertState::kSuppressed, {"s1"}, {"000000000000002a"}}));
  EXPECT_EQ(m.SetStatus(fp, {}, {}),
            (AlertStatus{AlertState::kActive, {}, {}}));
  EXPECT_EQ(m.Count(AlertState::kActive), 1u);
}

TEST(AlertMarkerTest, CountAndDelete) {
  AlertMarker m;
  m.SetActiveOrSilenced(Fingerprint(1), {});
  m.SetActiveOrSilenced(Fingerprint(2), {"s"});
  m.SetInhibited(Fingerprint(3), {"x"});
  EXPECT_EQ(m.Count(), 3u);
  EXPECT_EQ(m.Count(AlertState::kActive), 1u);
  EXPECT_EQ(m.Count(AlertState::kSuppressed), 2u);
  EXPECT_EQ(m.Count(AlertState::kUnprocessed), 0u);
  m.Delete(Fingerprint(2));
  m.Delete(Fingerprint(99));
  EXPECT_EQ(m.Count(), 2u);
  EXPECT_EQ(m.Status(Fingerprint(2)).state, AlertState::kUnprocessed);
}

}  // namespace
}  // namespace tocsin::model
