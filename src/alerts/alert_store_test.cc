#include "alerts/alert_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "runtime/testing/manual_clock.h"
#include "runtime/testing/simulated_scheduler.h"

namespace tocsin::alerts {
namespace {

using model::Alert;
using model::Labels;
using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

Alert MakeAlert(std::string name, model::Time starts, model::Time ends,
                model::Time updated, bool timeout = false) {
  Alert a;
  a.labels = Labels{{"alertname", name}};
  a.starts_at = starts;
  a.ends_at = ends;
  a.updated_at = updated;
  a.timeout = timeout;
  return a;
}

class RecordingListener : public AlertListener {
 public:
  void OnAlert(const Alert& a) override { seen.push_back(a); }
  std::vector<Alert> seen;
};

class AlertStoreTest : public ::testing::Test {
 protected:
  model::AlertMarker marker_;
  AlertStore store_{marker_};
};

TEST_F(AlertStoreTest, PutAndGet) {
  Alert a = MakeAlert("A", kT0, kT0 + minutes(5), kT0);
  ASSERT_TRUE(store_.Put({a}, kT0).ok());
  EXPECT_EQ(store_.size(), 1u);
  EXPECT_EQ(store_.Get(a.fingerprint()), a);
  EXPECT_EQ(store_.Get(model::Fingerprint(1)), std::nullopt);
  EXPECT_TRUE(store_.Put({}, kT0).ok());
}

TEST_F(AlertStoreTest, OverlappingUpdateMerges) {
  // Old: firing from T0 with a timeout end at T0+5m.
  Alert old = MakeAlert("A", kT0, kT0 + minutes(5), kT0, true);
  ASSERT_TRUE(store_.Put({old}, kT0).ok());
  // Re-sent at T0+1m with a later start (starts inside the old range):
  // merged, the earliest start stays, the newer end wins.
  Alert again = MakeAlert("A", kT0 + minutes(1), kT0 + minutes(6),
                          kT0 + minutes(1), true);
  again.generator_url = "g";
  ASSERT_TRUE(store_.Put({again}, kT0 + minutes(1)).ok());
  Alert got = *store_.Get(old.fingerprint());
  EXPECT_EQ(got.starts_at, kT0);
  EXPECT_EQ(got.ends_at, kT0 + minutes(6));
  EXPECT_EQ(got.updated_at, kT0 + minutes(1));
  EXPECT_EQ(got.generator_url, "g");
}

TEST_F(AlertStoreTest, ResolveInsideRangeMerges) {
  Alert old = MakeAlert("A", kT0, kT0 + minutes(5), kT0, true);
  ASSERT_TRUE(store_.Put({old}, kT0).ok());
  // Resolution at T0+2m (ends inside the old range): merged, resolved.
  Alert res =
      MakeAlert("A", kT0 + minutes(2), kT0 + minutes(2), kT0 + minutes(2));
  ASSERT_TRUE(store_.Put({res}, kT0 + minutes(2)).ok());
  Alert got = *store_.Get(old.fingerprint());
  EXPECT_EQ(got.starts_at, kT0);
  EXPECT_EQ(got.ends_at, kT0 + minutes(2));
  EXPECT_TRUE(got.Resolved(kT0 + minutes(2)));
}

TEST_F(AlertStoreTest, NonOverlappingReplaces) {
  // A resolved alert, then a new firing after its end: replaced, so the
  // new start is kept (a fresh occurrence).
  Alert old = MakeAlert("A", kT0, kT0 + minutes(1), kT0);
  ASSERT_TRUE(store_.Put({old}, kT0).ok());
  Alert fresh = MakeAlert("A", kT0 + minutes(10), kT0 + minutes(15),
                          kT0 + minutes(10), true);
  ASSERT_TRUE(store_.Put({fresh}, kT0 + minutes(10)).ok());
  EXPECT_EQ(store_.Get(old.fingerprint()), fresh);
}

TEST_F(AlertStoreTest, SameStartIsNotOverlapButEndInsideIs) {
  // starts_at equal to old.starts_at is not "strictly inside"; the end
  // decides.
  Alert old = MakeAlert("A", kT0, kT0 + minutes(5), kT0, true);
  ASSERT_TRUE(store_.Put({old}, kT0).ok());
  Alert later_end = MakeAlert("A", kT0, kT0 + minutes(9), kT0 + minutes(1));
  ASSERT_TRUE(store_.Put({later_end}, kT0 + minutes(1)).ok());
  EXPECT_EQ(store_.Get(old.fingerprint()), later_end);  // Replaced.
}

TEST_F(AlertStoreTest, BatchWithRepeatedFingerprintAppliesInOrder) {
  Alert a1 = MakeAlert("A", kT0, kT0 + minutes(5), kT0, true);
  Alert a2 =
      MakeAlert("A", kT0 + minutes(1), kT0 + minutes(3), kT0 + minutes(1));
  ASSERT_TRUE(store_.Put({a1, a2}, kT0 + minutes(1)).ok());
  Alert got = *store_.Get(a1.fingerprint());
  EXPECT_EQ(got.starts_at, kT0);
  EXPECT_EQ(got.ends_at, kT0 + minutes(3));  // a1's end came from timeout.
}

TEST_F(AlertStoreTest, ListSortedByFingerprint) {
  ASSERT_TRUE(store_
                  .Put({MakeAlert("x", kT0, kT0 + minutes(5), kT0),
                        MakeAlert("y", kT0, kT0 + minutes(5), kT0),
                        MakeAlert("z", kT0, kT0 + minutes(5), kT0)},
                       kT0)
                  .ok());
  std::vector<Alert> all = store_.List();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_LT(all[0].fingerprint(), all[1].fingerprint());
  EXPECT_LT(all[1].fingerprint(), all[2].fingerprint());
  // ListShared: the same versions, in the same order, without copies; a
  // later Put replaces the pointer and leaves a held version unchanged.
  std::vector<std::shared_ptr<const Alert>> shared = store_.ListShared();
  ASSERT_EQ(shared.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(*shared[i], all[i]);
  Alert later = all[0];
  later.annotations = model::Labels({{"summary", "changed"}});
  ASSERT_TRUE(store_.Put({later}, kT0 + minutes(6)).ok());
  EXPECT_EQ(*shared[0], all[0]);
  EXPECT_EQ(store_.ListShared()[0]->annotations.Get("summary"), "changed");
}

TEST_F(AlertStoreTest, GcDeletesResolvedAndMarkers) {
  Alert firing = MakeAlert("F", kT0, kT0 + minutes(10), kT0, true);
  Alert resolved = MakeAlert("R", kT0, kT0 + minutes(1), kT0);
  ASSERT_TRUE(store_.Put({firing, resolved}, kT0).ok());
  marker_.SetActiveOrSilenced(firing.fingerprint(), {});
  marker_.SetActiveOrSilenced(resolved.fingerprint(), {"s"});
  // Before the end nothing goes.
  EXPECT_TRUE(store_.GC(kT0 + seconds(59)).empty());
  std::vector<Alert> deleted = store_.GC(kT0 + minutes(1));
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0], resolved);
  EXPECT_EQ(store_.size(), 1u);
  EXPECT_EQ(marker_.Status(resolved.fingerprint()).state,
            model::AlertState::kUnprocessed);
  EXPECT_EQ(marker_.Status(firing.fingerprint()).state,
            model::AlertState::kActive);
}

TEST_F(AlertStoreTest, CountByStateSkipsResolved) {
  Alert a = MakeAlert("A", kT0, kT0 + minutes(10), kT0, true);
  Alert b = MakeAlert("B", kT0, kT0 + minutes(10), kT0, true);
  Alert c = MakeAlert("C", kT0, kT0 + minutes(10), kT0, true);
  Alert r = MakeAlert("R", kT0, kT0 + minutes(1), kT0);
  ASSERT_TRUE(store_.Put({a, b, c, r}, kT0).ok());
  marker_.SetActiveOrSilenced(a.fingerprint(), {});
  marker_.SetActiveOrSilenced(b.fingerprint(), {"s"});
  marker_.SetActiveOrSilenced(r.fingerprint(), {});
  const model::Time now = kT0 + minutes(2);
  EXPECT_EQ(store_.Count(model::AlertState::kActive, now), 1u);
  EXPECT_EQ(store_.Count(model::AlertState::kSuppressed, now), 1u);
  EXPECT_EQ(store_.Count(model::AlertState::kUnprocessed, now), 1u);
}

TEST_F(AlertStoreTest, ListenersSeeStoredVersionsInOrder) {
  RecordingListener l;
  Alert a = MakeAlert("A", kT0, kT0 + minutes(5), kT0, true);
  ASSERT_TRUE(store_.Put({a}, kT0).ok());
  std::vector<Alert> snapshot = store_.Subscribe(l);
  EXPECT_EQ(snapshot, std::vector<Alert>{a});
  Alert b = MakeAlert("B", kT0, kT0 + minutes(5), kT0);
  Alert a2 = MakeAlert("A", kT0 + minutes(1), kT0 + minutes(6),
                       kT0 + minutes(1), true);
  ASSERT_TRUE(store_.Put({b, a2}, kT0 + minutes(1)).ok());
  ASSERT_EQ(l.seen.size(), 2u);
  EXPECT_EQ(l.seen[0], b);
  EXPECT_EQ(l.seen[1].starts_at, kT0);  // The merged version.
  EXPECT_EQ(l.seen[1].ends_at, kT0 + minutes(6));
  store_.Unsubscribe(l);
  ASSERT_TRUE(store_.Put({b}, kT0 + minutes(2)).ok());
  EXPECT_EQ(l.seen.size(), 2u);
}

TEST_F(AlertStoreTest, ListenerMayReadTheStore) {
  std::vector<size_t> sizes;
  FunctionAlertListener l(
      [&](const Alert&) { sizes.push_back(store_.size()); });
  store_.Subscribe(l);
  ASSERT_TRUE(store_
                  .Put({MakeAlert("A", kT0, kT0 + minutes(5), kT0),
                        MakeAlert("B", kT0, kT0 + minutes(5), kT0)},
                       kT0)
                  .ok());
  // Both were stored before delivery started.
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 2}));
  store_.Unsubscribe(l);
}

TEST(AlertStoreLimitTest, FullStoreRefusesWholeBatch) {
  model::AlertMarker marker;
  AlertStore store(marker, AlertStoreOptions{.max_alerts = 2});
  Alert a = MakeAlert("A", kT0, kT0 + minutes(5), kT0);
  Alert b = MakeAlert("B", kT0, kT0 + minutes(5), kT0);
  Alert c = MakeAlert("C", kT0, kT0 + minutes(5), kT0);
  ASSERT_TRUE(store.Put({a}, kT0).ok());
  Status st = store.Put({b, c}, kT0);
  EXPECT_EQ(st.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(st.message(), "alert store is full: 1 alerts (limit: 2)");
  EXPECT_EQ(store.size(), 1u);  // Nothing from the batch.
  // Updates of stored alerts and one new alert still fit.
  EXPECT_TRUE(store.Put({a, b, b}, kT0).ok());
  EXPECT_EQ(store.size(), 2u);
}

TEST(AlertGcLoopTest, RunsEveryIntervalInSimulatedTime) {
  runtime::ManualClock clock(kT0);
  runtime::SimulatedScheduler scheduler(clock);
  model::AlertMarker marker;
  AlertStore store(marker);
  ASSERT_TRUE(store
                  .Put({MakeAlert("A", kT0, kT0 + minutes(10), kT0),
                        MakeAlert("B", kT0, kT0 + minutes(20), kT0)},
                       kT0)
                  .ok());
  std::vector<std::pair<model::Time, size_t>> runs;
  AlertGcLoop loop(store, scheduler, clock, minutes(15),
                   [&](model::Time now, const std::vector<Alert>& deleted) {
                     runs.emplace_back(now, deleted.size());
                   });
  loop.Start();
  loop.Start();  // No-op.
  scheduler.AdvanceBy(minutes(14));
  EXPECT_TRUE(runs.empty());
  scheduler.AdvanceBy(minutes(1));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0], std::make_pair(kT0 + minutes(15), size_t{1}));
  EXPECT_EQ(store.size(), 1u);
  scheduler.AdvanceBy(minutes(15));
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1], std::make_pair(kT0 + minutes(30), size_t{1}));
  EXPECT_EQ(store.size(), 0u);
  loop.Stop();
  EXPECT_EQ(scheduler.PendingCount(), 0u);
  scheduler.AdvanceBy(minutes(60));
  EXPECT_EQ(runs.size(), 2u);
}

}  // namespace
}  // namespace tocsin::alerts
