#include "store/testing/outbox_store_conformance.h"

#include <gmock/gmock.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tocsin::store {
namespace {

using notify::outbox::AttemptRecord;
using notify::outbox::DeliveryState;
using notify::outbox::NotificationId;
using notify::outbox::OutboxFilter;
using notify::outbox::OutboxRow;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

model::Time At(int64_t s) { return model::Time(std::chrono::seconds(s)); }

OutboxRow MakeRow(const std::string& receiver, const std::string& integration,
                  const std::string& group_key, int64_t created) {
  OutboxRow r;
  r.receiver = {receiver, integration, 1};
  r.group_key = group_key;
  r.payload = "{\"p\":\"" + group_key + " ünïcode\"}";
  r.next_attempt_at = At(created);
  r.created_at = At(created);
  r.updated_at = At(created);
  // Ignored on input:
  r.state = DeliveryState::kDead;
  r.attempts = 9;
  return r;
}

AttemptRecord AttemptOf(const OutboxRow& r, int64_t at, DeliveryState outcome,
                        std::string error) {
  return {r.id,
          r.receiver,
          r.group_key,
          At(at),
          outcome,
          std::chrono::milliseconds(250),
          std::move(error)};
}

std::vector<uint64_t> Ids(const std::vector<OutboxRow>& rows) {
  std::vector<uint64_t> out;
  for (const OutboxRow& r : rows) out.push_back(r.id.value());
  return out;
}

}  // namespace

std::string OutboxBackendName(
    const ::testing::TestParamInfo<OutboxBackendFactory>& info) {
  return info.param.name;
}

void OutboxStoreConformanceTest::SetUp() {
  backend_ = GetParam().make();
  ASSERT_NE(backend_, nullptr);
  Reopen();
}

void OutboxStoreConformanceTest::Reopen() {
  stores_ = {};
  Result<OutboxStores> s = backend_->Open();
  ASSERT_TRUE(s.ok()) << s.status();
  stores_ = std::move(s).value();
}

TEST_P(OutboxStoreConformanceTest, EnqueueStoresPendingRowsWithNewIds) {
  OutboxRow a = MakeRow("team-a", "webhook", "{}:{a=\"1\"}", 100);
  OutboxRow b = MakeRow("team-b", "slack", "{}:{b=\"2\"}", 101);
  auto ids = stores_.outbox->Enqueue({a, b}, nullptr);
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_TRUE((*ids)[0].valid());
  EXPECT_LT((*ids)[0], (*ids)[1]);
  auto got = stores_.outbox->Get((*ids)[1]);
  ASSERT_TRUE(got.ok()) << got.status();
  OutboxRow want = b;
  want.id = (*ids)[1];
  want.state = DeliveryState::kPending;
  want.attempts = 0;
  EXPECT_EQ(*got, want);
  EXPECT_TRUE(
      stores_.outbox->Get(NotificationId(999999)).status().IsNotFound());
}

TEST_P(OutboxStoreConformanceTest, EnqueueWritesTheNflogEntryWithTheRows) {
  notify::nflog::Entry e;
  e.group_key = "{}:{a=\"1\"}";
  e.receiver = {"team-a", "webhook", 1};
  e.timestamp = At(100);
  e.firing_alerts = {1, 18446744073709551615ULL};
  e.resolved_alerts = {7};
  e.expires_at = At(500);
  auto ids = stores_.outbox->Enqueue(
      {MakeRow("team-a", "webhook", e.group_key, 100)}, &e);
  ASSERT_TRUE(ids.ok()) << ids.status();
  Reopen();
  auto entries = stores_.nflog->Load();
  ASSERT_TRUE(entries.ok()) << entries.status();
  EXPECT_THAT(*entries, ElementsAre(e));
  auto pending = stores_.outbox->LoadPending();
  ASSERT_TRUE(pending.ok());
  EXPECT_THAT(Ids(*pending), ElementsAre((*ids)[0].value()));
}

TEST_P(OutboxStoreConformanceTest, FailedEnqueueWritesNeitherRowNorEntry) {
  notify::nflog::Entry e;
  e.group_key = "g";
  e.receiver = {"team-a", "webhook", 1};
  e.timestamp = At(100);
  e.expires_at = At(500);
  backend_->BlockWrites(true);
  auto ids =
      stores_.outbox->Enqueue({MakeRow("team-a", "webhook", "g", 100)}, &e);
  backend_->BlockWrites(false);
  EXPECT_FALSE(ids.ok());
  auto entries = stores_.nflog->Load();
  ASSERT_TRUE(entries.ok());
  EXPECT_THAT(*entries, IsEmpty());
  auto pending = stores_.outbox->LoadPending();
  ASSERT_TRUE(pending.ok());
  EXPECT_THAT(*pending, IsEmpty());
}

TEST_P(OutboxStoreConformanceTest, MarksEndAttemptsAndKeepHistory) {
  auto ids = stores_.outbox->Enqueue(
      {MakeRow("r", "webhook", "g1", 100), MakeRow("r", "webhook", "g2", 100),
       MakeRow("r", "webhook", "g3", 100)},
      nullptr);
  ASSERT_TRUE(ids.ok());
  auto rows = stores_.outbox->LoadPending();
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  const OutboxRow r1 = (*rows)[0], r2 = (*rows)[1], r3 = (*rows)[2];

  AttemptRecord fail1 = AttemptOf(r1, 110, DeliveryState::kPending, "HTTP 503");
  ASSERT_TRUE(stores_.outbox->MarkRetry(fail1, At(130)).ok());
  AttemptRecord ok1 = AttemptOf(r1, 131, DeliveryState::kDelivered, "");
  ASSERT_TRUE(stores_.outbox->MarkDelivered(ok1).ok());
  AttemptRecord dead2 = AttemptOf(r2, 112, DeliveryState::kDead, "HTTP 400");
  ASSERT_TRUE(stores_.outbox->MarkDead(dead2).ok());
  AttemptRecord fail3 = AttemptOf(r3, 113, DeliveryState::kPending, "timeout");
  ASSERT_TRUE(stores_.outbox->MarkRetry(fail3, At(150)).ok());
  Reopen();

  auto g1 = stores_.outbox->Get(r1.id);
  ASSERT_TRUE(g1.ok());
  EXPECT_EQ(g1->state, DeliveryState::kDelivered);
  EXPECT_EQ(g1->attempts, 2);
  EXPECT_EQ(g1->last_error, "");
  EXPECT_EQ(g1->updated_at, At(131));
  auto g2 = stores_.outbox->Get(r2.id);
  ASSERT_TRUE(g2.ok());
  EXPECT_EQ(g2->state, DeliveryState::kDead);
  EXPECT_EQ(g2->attempts, 1);
  EXPECT_EQ(g2->last_error, "HTTP 400");
  auto g3 = stores_.outbox->Get(r3.id);
  ASSERT_TRUE(g3.ok());
  EXPECT_EQ(g3->state, DeliveryState::kPending);
  EXPECT_EQ(g3->attempts, 1);
  EXPECT_EQ(g3->next_attempt_at, At(150));
  EXPECT_EQ(g3->last_error, "timeout");

  auto pending = stores_.outbox->LoadPending();
  ASSERT_TRUE(pending.ok());
  EXPECT_THAT(Ids(*pending), ElementsAre(r3.id.value()));

  auto h1 = stores_.outbox->ListAttempts(r1.id);
  ASSERT_TRUE(h1.ok());
  EXPECT_THAT(*h1, ElementsAre(fail1, ok1));
  auto all = stores_.outbox->ListAttempts(std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_THAT(*all, ElementsAre(fail1, ok1, dead2, fail3));

  // Only pending rows take attempts.
  Status again = stores_.outbox->MarkDelivered(ok1);
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition) << again;
  AttemptRecord unknown = ok1;
  unknown.id = NotificationId(999999);
  EXPECT_TRUE(stores_.outbox->MarkDead(unknown).IsNotFound());
}

TEST_P(OutboxStoreConformanceTest, RetryMovesOnlyDeadRowsBackToPending) {
  auto ids = stores_.outbox->Enqueue(
      {MakeRow("r", "webhook", "g1", 100), MakeRow("r", "webhook", "g2", 100)},
      nullptr);
  ASSERT_TRUE(ids.ok());
  OutboxRow r1 = *stores_.outbox->Get((*ids)[0]);
  ASSERT_TRUE(
      stores_.outbox
          ->MarkDead(AttemptOf(r1, 110, DeliveryState::kDead, "HTTP 404"))
          .ok());
  auto retried = stores_.outbox->Retry(r1.id, At(200));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->state, DeliveryState::kPending);
  EXPECT_EQ(retried->attempts, 0);
  EXPECT_EQ(retried->next_attempt_at, At(200));
  EXPECT_EQ(retried->last_error, "HTTP 404");
  EXPECT_EQ(*stores_.outbox->Get(r1.id), *retried);

  auto not_dead = stores_.outbox->Retry((*ids)[1], At(200));
  EXPECT_EQ(not_dead.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(not_dead.status().message(),
            "notification " + (*ids)[1].ToString() + " is pending, not dead");
  EXPECT_TRUE(stores_.outbox->Retry(NotificationId(999999), At(200))
                  .status()
                  .IsNotFound());
}

TEST_P(OutboxStoreConformanceTest, ListFiltersNewestFirst) {
  auto ids = stores_.outbox->Enqueue(
      {MakeRow("a", "webhook", "g1", 100), MakeRow("b", "webhook", "g2", 100),
       MakeRow("a", "slack", "g3", 100), MakeRow("a", "webhook", "g4", 100)},
      nullptr);
  ASSERT_TRUE(ids.ok());
  OutboxRow r2 = *stores_.outbox->Get((*ids)[1]);
  ASSERT_TRUE(
      stores_.outbox->MarkDead(AttemptOf(r2, 110, DeliveryState::kDead, "x"))
          .ok());
  auto list = [&](OutboxFilter f) {
    auto r = stores_.outbox->List(f);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? Ids(*r) : std::vector<uint64_t>{};
  };
  const uint64_t i1 = (*ids)[0].value(), i2 = (*ids)[1].value(),
                 i3 = (*ids)[2].value(), i4 = (*ids)[3].value();
  EXPECT_THAT(list({}), ElementsAre(i4, i3, i2, i1));
  EXPECT_THAT(list({DeliveryState::kDead, {}, {}, 0}), ElementsAre(i2));
  EXPECT_THAT(list({DeliveryState::kPending, {}, {}, 0}),
              ElementsAre(i4, i3, i1));
  EXPECT_THAT(list({{}, "a", {}, 0}), ElementsAre(i4, i3, i1));
  EXPECT_THAT(list({{}, "a", "webhook", 0}), ElementsAre(i4, i1));
  EXPECT_THAT(list({{}, {}, "slack", 0}), ElementsAre(i3));
  EXPECT_THAT(list({{}, {}, {}, 2}), ElementsAre(i4, i3));
  EXPECT_THAT(list({DeliveryState::kDelivered, {}, {}, 0}), IsEmpty());
}

TEST_P(OutboxStoreConformanceTest, GcDropsOldHistoryAndFinishedRowsOnly) {
  auto ids = stores_.outbox->Enqueue(
      {MakeRow("r", "webhook", "g1", 100), MakeRow("r", "webhook", "g2", 100),
       MakeRow("r", "webhook", "g3", 100)},
      nullptr);
  ASSERT_TRUE(ids.ok());
  OutboxRow r1 = *stores_.outbox->Get((*ids)[0]);
  OutboxRow r2 = *stores_.outbox->Get((*ids)[1]);
  OutboxRow r3 = *stores_.outbox->Get((*ids)[2]);
  ASSERT_TRUE(
      stores_.outbox
          ->MarkDelivered(AttemptOf(r1, 110, DeliveryState::kDelivered, ""))
          .ok());
  ASSERT_TRUE(
      stores_.outbox->MarkDead(AttemptOf(r2, 300, DeliveryState::kDead, "x"))
          .ok());
  ASSERT_TRUE(stores_.outbox
                  ->MarkRetry(AttemptOf(r3, 120, DeliveryState::kPending, "y"),
                              At(1000))
                  .ok());
  auto n = stores_.outbox->GC(At(200));
  ASSERT_TRUE(n.ok()) << n.status();
  // r1's row and attempt, r3's attempt; r3 stays (pending), r2 is recent.
  EXPECT_EQ(*n, 3u);
  EXPECT_TRUE(stores_.outbox->Get(r1.id).status().IsNotFound());
  EXPECT_TRUE(stores_.outbox->Get(r2.id).ok());
  EXPECT_TRUE(stores_.outbox->Get(r3.id).ok());
  auto all = stores_.outbox->ListAttempts(std::nullopt);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].id, r2.id);
  // Ids are never reused after deletion.
  auto more =
      stores_.outbox->Enqueue({MakeRow("r", "webhook", "g5", 400)}, nullptr);
  ASSERT_TRUE(more.ok());
  EXPECT_GT((*more)[0], r3.id);
}

}  // namespace tocsin::store
