#include "silence/silences.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "runtime/testing/manual_clock.h"
#include "silence/testing/memory_silence_store.h"

namespace tocsin::silence {
namespace {

using model::MatchType;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

SilenceId Id(int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012x", n);
  return SilenceId(buf);
}

Silence MakeSilence(model::Time starts, model::Time ends,
                    std::vector<SilenceMatcher> matchers = {
                        {MatchType::kEqual, "job", "api"}}) {
  Silence s;
  s.matchers = std::move(matchers);
  s.starts_at = starts;
  s.ends_at = ends;
  s.created_by = "me";
  s.comment = "maintenance";
  return s;
}

class SilencesTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open(SilencesOptions options = {}) {
    silences_.reset();
    auto s = Silences::Create(options, store_, ids_);
    ASSERT_TRUE(s.ok()) << s.status();
    silences_ = std::move(s).value();
  }
  std::string SetError(Silence s, model::Time now) {
    Result<SilenceId> r = silences_->Set(std::move(s), now);
    if (r.ok()) return "OK " + r->value();
    return std::string(StatusCodeName(r.status().code())) + ": " +
           r.status().message();
  }

  MemorySilenceStore store_;
  SequentialIdGenerator ids_;
  std::unique_ptr<Silences> silences_;
};

TEST_F(SilencesTest, CreateAssignsIdAndTimes) {
  Result<SilenceId> id =
      silences_->Set(MakeSilence(kT0 + minutes(5), kT0 + hours(1)), kT0);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, Id(1));
  Silence got = *silences_->Get(*id);
  EXPECT_EQ(got.starts_at, kT0 + minutes(5));
  EXPECT_EQ(got.ends_at, kT0 + hours(1));
  EXPECT_EQ(got.updated_at, kT0);
  EXPECT_EQ(got.created_by, "me");
  EXPECT_EQ(store_.Contents().at(*id), got);
  EXPECT_EQ(silences_->version(), 1u);
  EXPECT_EQ(StateAt(got, kT0), SilenceState::kPending);
}

TEST_F(SilencesTest, StartInPastRaisedToNowAndUnsetStartIsNow) {
  SilenceId a =
      *silences_->Set(MakeSilence(kT0 - hours(1), kT0 + hours(1)), kT0);
  EXPECT_EQ(silences_->Get(a)->starts_at, kT0);
  SilenceId b = *silences_->Set(MakeSilence(model::kZeroTime, kT0 + hours(1)),
                                kT0 + minutes(1));
  EXPECT_EQ(silences_->Get(b)->starts_at, kT0 + minutes(1));
}

TEST_F(SilencesTest, UnknownIdIsNotFound) {
  Silence s = MakeSilence(kT0, kT0 + hours(1));
  s.id = SilenceId("nope");
  EXPECT_EQ(SetError(s, kT0), "NOT_FOUND: silence not found");
  // Not found wins over invalid content (Alertmanager checks it first).
  s.matchers.clear();
  EXPECT_EQ(SetError(s, kT0), "NOT_FOUND: silence not found");
  EXPECT_EQ(store_.upserts(), 0u);
}

TEST_F(SilencesTest, ValidationMessages) {
  struct Case {
    std::vector<SilenceMatcher> matchers;
    model::Time ends;
    std::string want;
  };
  const model::Time end = kT0 + hours(1);
  const Case cases[] = {
      {{}, end, "silence invalid: at least one matcher required"},
      {{{MatchType::kEqual, "a", "b"}, {MatchType::kEqual, "", "b"}},
       end,
       "silence invalid: invalid label matcher 1: invalid label name \"\""},
      {{{MatchType::kNotEqual, "a", "\xff"}},
       end,
       "silence invalid: invalid label matcher 0: invalid label value "
       "\"\\xff\""},
      {{{MatchType::kRegexMatch, "a", "("}},
       end,
       "silence invalid: invalid label matcher 0: invalid regular expression "
       "\"(\": error parsing regexp: missing closing ): `(`"},
      {{{MatchType::kEqual, "a", ""}, {MatchType::kRegexMatch, "b", ".*"}},
       end,
       "silence invalid: at least one matcher must not match the empty "
       "string"},
      {{{MatchType::kRegexMatch, "a", "x|"}},
       end,
       "silence invalid: at least one matcher must not match the empty "
       "string"},
      {{{MatchType::kEqual, "a", "b"}},
       kT0 - seconds(1),
       "silence invalid: end time must not be before start time"},
  };
  int i = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(i++);
    EXPECT_EQ(SetError(MakeSilence(kT0, c.ends, c.matchers), kT0),
              "INVALID_ARGUMENT: " + c.want);
  }
  EXPECT_EQ(silences_->size(), 0u);
  EXPECT_EQ(store_.upserts(), 0u);
}

TEST_F(SilencesTest, NegativeMatchersAlone) {
  // != and !~ never "match the empty string" in Alertmanager's check.
  EXPECT_EQ(SetError(MakeSilence(kT0, kT0 + hours(1),
                                 {{MatchType::kNotEqual, "env", ""}}),
                     kT0),
            "OK " + Id(1).value());
  EXPECT_EQ(SetError(MakeSilence(kT0, kT0 + hours(1),
                                 {{MatchType::kRegexNoMatch, "env", ".*"}}),
                     kT0),
            "OK " + Id(2).value());
}

TEST_F(SilencesTest, LabelNameModes) {
  Silence s =
      MakeSilence(kT0, kT0 + hours(1), {{MatchType::kEqual, "foo.bar", "x"}});
  EXPECT_EQ(SetError(s, kT0), "OK " + Id(1).value());
  Open(SilencesOptions{.label_mode = model::MatcherParserMode::kClassic});
  EXPECT_EQ(SetError(s, kT0),
            "INVALID_ARGUMENT: silence invalid: invalid label matcher 0: "
            "invalid label name \"foo.bar\"");
}

TEST_F(SilencesTest, ActiveUpdateInPlace) {
  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  Silence upd = *silences_->Get(id);
  upd.ends_at = kT0 + hours(2);
  upd.comment = "longer";
  upd.starts_at += std::chrono::milliseconds(300);  // Same second.
  Result<SilenceId> r = silences_->Set(upd, kT0 + minutes(10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, id);
  Silence got = *silences_->Get(id);
  EXPECT_EQ(got.ends_at, kT0 + hours(2));
  EXPECT_EQ(got.comment, "longer");
  EXPECT_EQ(got.updated_at, kT0 + minutes(10));
  EXPECT_EQ(silences_->size(), 1u);
  EXPECT_EQ(silences_->version(), 1u);  // In place: no new silence.
}

TEST_F(SilencesTest, ActiveChangeOfStartReplacesAndExpiresOld) {
  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  Silence upd = *silences_->Get(id);
  upd.starts_at = kT0 + minutes(30);
  const model::Time now = kT0 + minutes(10);
  Result<SilenceId> r = silences_->Set(upd, now);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Id(2));
  Silence old = *silences_->Get(id);
  EXPECT_EQ(old.ends_at, now);
  EXPECT_EQ(old.updated_at, now);
  EXPECT_EQ(StateAt(old, now + seconds(1)), SilenceState::kExpired);
  Silence fresh = *silences_->Get(*r);
  EXPECT_EQ(fresh.starts_at, kT0 + minutes(30));
  EXPECT_EQ(fresh.updated_at, now);
  EXPECT_EQ(store_.Contents().size(), 2u);
  EXPECT_EQ(store_.Contents().at(id), old);
  EXPECT_EQ(silences_->version(), 2u);
}

TEST_F(SilencesTest, ChangedMatchersReplace) {
  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  Silence upd = *silences_->Get(id);
  upd.matchers = {{MatchType::kEqual, "job", "web"}};
  SilenceId nid = *silences_->Set(upd, kT0 + minutes(1));
  EXPECT_NE(nid, id);
  EXPECT_EQ(silences_->Get(id)->ends_at, kT0 + minutes(1));
}

TEST_F(SilencesTest, ActiveEndInPastReplaces) {
  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  Silence upd = *silences_->Get(id);
  upd.ends_at = kT0 + minutes(5);
  // At T0+10m the new end is in the past: a new silence (start raised to
  // now, so its end is before its start -> invalid; nothing changes).
  EXPECT_EQ(SetError(upd, kT0 + minutes(10)),
            "INVALID_ARGUMENT: silence invalid: end time must not be before "
            "start time");
  EXPECT_EQ(silences_->Get(id)->ends_at, kT0 + hours(1));
  EXPECT_EQ(silences_->size(), 1u);
}

TEST_F(SilencesTest, PendingUpdate) {
  SilenceId id =
      *silences_->Set(MakeSilence(kT0 + hours(1), kT0 + hours(2)), kT0);
  Silence upd = *silences_->Get(id);
  upd.starts_at = kT0 + minutes(30);  // Still in the future: in place.
  EXPECT_EQ(*silences_->Set(upd, kT0), id);
  EXPECT_EQ(silences_->Get(id)->starts_at, kT0 + minutes(30));
  upd.starts_at = kT0 - minutes(1);  // Start in the past: new silence.
  SilenceId nid = *silences_->Set(upd, kT0);
  EXPECT_EQ(nid, Id(2));
  EXPECT_EQ(silences_->Get(nid)->starts_at, kT0);
  Silence old = *silences_->Get(id);
  EXPECT_EQ(old.starts_at, kT0);  // Pending expired: start = end = now.
  EXPECT_EQ(old.ends_at, kT0);
}

TEST_F(SilencesTest, ExpiredSilenceUpdateCreatesNewWithoutTouchingOld) {
  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  Silence before = *silences_->Get(id);
  Silence upd = before;
  upd.ends_at = kT0 + hours(5);
  SilenceId nid = *silences_->Set(upd, kT0 + hours(2));
  EXPECT_NE(nid, id);
  EXPECT_EQ(*silences_->Get(id), before);
}

TEST_F(SilencesTest, Expire) {
  SilenceId active = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  SilenceId pending =
      *silences_->Set(MakeSilence(kT0 + hours(1), kT0 + hours(2)), kT0);
  const model::Time now = kT0 + minutes(5);
  ASSERT_TRUE(silences_->Expire(active, now).ok());
  ASSERT_TRUE(silences_->Expire(pending, now).ok());
  Silence a = *silences_->Get(active);
  EXPECT_EQ(a.starts_at, kT0);
  EXPECT_EQ(a.ends_at, now);
  EXPECT_EQ(a.updated_at, now);
  Silence p = *silences_->Get(pending);
  EXPECT_EQ(p.starts_at, now);
  EXPECT_EQ(p.ends_at, now);
  EXPECT_EQ(store_.Contents().at(pending), p);
  // Already expired: OK and unchanged (idempotent).
  const size_t writes = store_.upserts();
  ASSERT_TRUE(silences_->Expire(active, now + minutes(1)).ok());
  EXPECT_EQ(*silences_->Get(active), a);
  EXPECT_EQ(store_.upserts(), writes);
  Status st = silences_->Expire(SilenceId("nope"), now);
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_EQ(st.message(), "silence not found");
}

TEST_F(SilencesTest, QueryFilters) {
  SilenceId a = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  SilenceId b =
      *silences_->Set(MakeSilence(kT0 + hours(1), kT0 + hours(2),
                                  {{MatchType::kRegexMatch, "job", "ap.*"}}),
                      kT0);
  SilenceId c = *silences_->Set(
      MakeSilence(kT0, kT0 + minutes(1), {{MatchType::kEqual, "job", "db"}}),
      kT0);
  const model::Time now = kT0 + minutes(30);
  auto ids = [](const std::vector<Silence>& v) {
    std::vector<SilenceId> out;
    for (const Silence& s : v) out.push_back(s.id);
    return out;
  };
  EXPECT_EQ(ids(silences_->Query({}, now)), (std::vector<SilenceId>{a, b, c}));
  EXPECT_EQ(ids(silences_->Query({.states = {SilenceState::kActive}}, now)),
            std::vector<SilenceId>{a});
  EXPECT_EQ(
      ids(silences_->Query(
          {.states = {SilenceState::kPending, SilenceState::kExpired}}, now)),
      (std::vector<SilenceId>{b, c}));
  EXPECT_EQ(
      ids(silences_->Query({.matches = model::Labels{{"job", "api"}}}, now)),
      (std::vector<SilenceId>{a, b}));
  EXPECT_EQ(ids(silences_->Query({.ids = {c, SilenceId("x"), a}}, now)),
            (std::vector<SilenceId>{a, c}));
  EXPECT_EQ(ids(silences_->Query({.ids = {a, b},
                                  .states = {SilenceState::kPending},
                                  .matches = model::Labels{{"job", "api"}}},
                                 now)),
            std::vector<SilenceId>{b});
}

TEST_F(SilencesTest, MutesOnlyActiveMatching) {
  SilenceId a = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  SilenceId b =
      *silences_->Set(MakeSilence(kT0, kT0 + hours(1),
                                  {{MatchType::kRegexMatch, "job", "a.*"},
                                   {MatchType::kNotEqual, "env", "prod"}}),
                      kT0);
  *silences_->Set(MakeSilence(kT0 + hours(1), kT0 + hours(2)), kT0);
  const model::Labels api{{"alertname", "X"}, {"job", "api"}};
  EXPECT_EQ(silences_->Mutes(api, kT0 + minutes(1)),
            (std::vector<SilenceId>{a, b}));
  EXPECT_EQ(silences_->Mutes(model::Labels{{"job", "api"}, {"env", "prod"}},
                             kT0 + minutes(1)),
            std::vector<SilenceId>{a});
  EXPECT_TRUE(silences_->Mutes(model::Labels{{"job", "web"}}, kT0).empty());
  // After the end nothing mutes; the pending one is active then.
  EXPECT_EQ(silences_->Mutes(api, kT0 + hours(1) + seconds(1)),
            std::vector<SilenceId>{Id(3)});
}

TEST_F(SilencesTest, SilenceMuterMarksAlerts) {
  runtime::ManualClock clock(kT0);
  model::AlertMarker marker;
  SilenceMuter muter(*silences_, marker, clock);
  const model::Labels api{{"job", "api"}};
  EXPECT_FALSE(muter.Mutes(api));
  EXPECT_EQ(marker.Status(api.fingerprint()),
            (model::AlertStatus{model::AlertState::kActive, {}, {}}));
  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  EXPECT_TRUE(muter.Mutes(api));
  EXPECT_EQ(
      marker.Status(api.fingerprint()),
      (model::AlertStatus{model::AlertState::kSuppressed, {id.value()}, {}}));
  clock.Advance(hours(2));
  EXPECT_FALSE(muter.Mutes(api));
  EXPECT_EQ(marker.Status(api.fingerprint()).state, model::AlertState::kActive);
}

TEST_F(SilencesTest, CountState) {
  *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  *silences_->Set(MakeSilence(kT0 + hours(1), kT0 + hours(2)), kT0);
  *silences_->Set(MakeSilence(kT0, kT0 + minutes(1)), kT0);
  const model::Time now = kT0 + minutes(30);
  EXPECT_EQ(silences_->CountState(SilenceState::kActive, now), 1u);
  EXPECT_EQ(silences_->CountState(SilenceState::kPending, now), 1u);
  EXPECT_EQ(silences_->CountState(SilenceState::kExpired, now), 1u);
}

TEST_F(SilencesTest, GcAfterRetention) {
  Open(SilencesOptions{.retention = hours(1)});
  SilenceId a = *silences_->Set(MakeSilence(kT0, kT0 + minutes(10)), kT0);
  SilenceId b = *silences_->Set(MakeSilence(kT0, kT0 + hours(5)), kT0);
  EXPECT_EQ(*silences_->GC(kT0 + minutes(69)), 0u);
  EXPECT_EQ(*silences_->GC(kT0 + minutes(70)), 1u);  // ends + 1h == now.
  EXPECT_EQ(silences_->Get(a).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(silences_->Get(b).ok());
  EXPECT_EQ(store_.Contents().size(), 1u);
}

TEST_F(SilencesTest, GcStoreFailureKeepsSilence) {
  Open(SilencesOptions{.retention = hours(1)});
  SilenceId a = *silences_->Set(MakeSilence(kT0, kT0 + minutes(10)), kT0);
  store_.FailNextDelete(UnavailableError("disk"));
  Result<size_t> r = silences_->GC(kT0 + hours(2));
  EXPECT_EQ(r.status(), UnavailableError("disk"));
  EXPECT_TRUE(silences_->Get(a).ok());
  EXPECT_EQ(*silences_->GC(kT0 + hours(2)), 1u);
}

TEST_F(SilencesTest, StoreFailureChangesNothing) {
  store_.FailNextUpsert(UnavailableError("disk full"));
  Result<SilenceId> r = silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  EXPECT_EQ(r.status(), UnavailableError("disk full"));
  EXPECT_EQ(silences_->size(), 0u);
  EXPECT_EQ(silences_->version(), 0u);

  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  store_.FailNextUpsert(UnavailableError("disk full"));
  EXPECT_EQ(silences_->Expire(id, kT0 + minutes(1)),
            UnavailableError("disk full"));
  EXPECT_EQ(silences_->Get(id)->ends_at, kT0 + hours(1));
}

TEST_F(SilencesTest, ReplaceWhoseSecondWriteFailsIsUndone) {
  SilenceId id = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  Silence upd = *silences_->Get(id);
  upd.matchers = {{MatchType::kEqual, "job", "web"}};
  store_.FailSecondUpsert(UnavailableError("disk"));
  Result<SilenceId> r = silences_->Set(upd, kT0 + minutes(1));
  EXPECT_EQ(r.status(), UnavailableError("disk"));
  EXPECT_EQ(silences_->size(), 1u);
  EXPECT_EQ(silences_->Get(id)->ends_at, kT0 + hours(1));
  ASSERT_EQ(store_.Contents().size(), 1u);  // The new row was deleted.
  EXPECT_EQ(store_.Contents().begin()->first, id);
}

TEST_F(SilencesTest, MaxSilencesCountsExpired) {
  Open(SilencesOptions{.max_silences = 2});
  SilenceId a = *silences_->Set(MakeSilence(kT0, kT0 + minutes(1)), kT0);
  *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  EXPECT_EQ(SetError(MakeSilence(kT0, kT0 + hours(1)), kT0 + minutes(5)),
            "FAILED_PRECONDITION: exceeded maximum number of silences: 2 "
            "(limit: 2)");
  // An in-place update still works at the limit.
  Silence upd = *silences_->Get(Id(2));
  upd.comment = "edited";
  EXPECT_EQ(SetError(upd, kT0 + minutes(5)), "OK " + Id(2).value());
  (void)a;
}

TEST_F(SilencesTest, MaxSilenceSize) {
  Silence s = MakeSilence(kT0, kT0 + hours(1));
  s.id = Id(1);
  s.updated_at = kT0;
  const size_t size = MeshSilenceSizeBytes(s, kT0 + hours(1) + hours(120));
  s.id = SilenceId();
  Open(SilencesOptions{.max_silence_size_bytes = size});
  ASSERT_TRUE(silences_->Set(s, kT0).ok());
  Silence big = MakeSilence(kT0, kT0 + hours(1));
  big.comment = std::string(100, 'x');
  EXPECT_EQ(SetError(big, kT0),
            "INVALID_ARGUMENT: silence exceeded maximum size: " +
                // +89 comment bytes, +1 as the body length needs 2 bytes.
                std::to_string(size + 90) +
                " bytes (limit: " + std::to_string(size) + " bytes)");
  EXPECT_EQ(silences_->size(), 1u);
}

TEST_F(SilencesTest, SurvivesReopen) {
  SilenceId a = *silences_->Set(MakeSilence(kT0, kT0 + hours(1)), kT0);
  ASSERT_TRUE(silences_->Expire(a, kT0 + minutes(1)).ok());
  SilenceId b = *silences_->Set(MakeSilence(kT0, kT0 + hours(2)), kT0);
  Open();
  EXPECT_EQ(silences_->size(), 2u);
  EXPECT_EQ(silences_->Get(a)->ends_at, kT0 + minutes(1));
  EXPECT_EQ(silences_->Mutes(model::Labels{{"job", "api"}}, kT0 + hours(1)),
            std::vector<SilenceId>{b});
}

TEST_F(SilencesTest, LoadKeepsUncompilableSilenceButItMutesNothing) {
  Silence bad =
      MakeSilence(kT0, kT0 + hours(1), {{MatchType::kRegexMatch, "job", "("}});
  bad.id = SilenceId("bad");
  ASSERT_TRUE(store_.Upsert(bad).ok());
  Open();
  EXPECT_EQ(silences_->load_errors(), 1u);
  EXPECT_TRUE(silences_->Get(SilenceId("bad")).ok());
  EXPECT_TRUE(
      silences_->Mutes(model::Labels{{"job", "("}}, kT0 + minutes(1)).empty());
  EXPECT_TRUE(silences_->Expire(SilenceId("bad"), kT0 + minutes(1)).ok());
}

TEST_F(SilencesTest, LoadErrorFailsCreate) {
  store_.FailNextLoad(DataLossError("corrupt"));
  auto r = Silences::Create({}, store_, ids_);
  EXPECT_EQ(r.status(), DataLossError("corrupt"));
}

}  // namespace
}  // namespace tocsin::silence
