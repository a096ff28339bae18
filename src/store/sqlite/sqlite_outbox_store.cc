#include "store/sqlite/sqlite_outbox_store.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "store/sqlite/statement.h"

namespace tocsin::store {
namespace {

using notify::outbox::AttemptRecord;
using notify::outbox::DeliveryState;
using notify::outbox::DeliveryStateName;
using notify::outbox::NotificationId;
using notify::outbox::OutboxFilter;
using notify::outbox::OutboxRow;

int64_t ToNanos(model::Time t) { return t.time_since_epoch().count(); }
model::Time FromNanos(int64_t ns) {
  return model::Time(std::chrono::nanoseconds(ns));
}

// The nflog_entries encoding of SqliteNflogStore: decimal hashes joined by
// ','.
std::string JoinHashes(const std::vector<uint64_t>& hashes) {
  std::string out;
  for (size_t i = 0; i < hashes.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(hashes[i]);
  }
  return out;
}

constexpr std::string_view kRowColumns =
    "id, receiver_group_name, receiver_integration, receiver_idx, group_key, "
    "payload, state, attempts, next_attempt_at_ns, last_error, created_at_ns, "
    "updated_at_ns";

Result<OutboxRow> ReadRow(const SqliteDatabase& owner, const Statement& st) {
  OutboxRow r;
  r.id = NotificationId(static_cast<uint64_t>(st.Int(0)));
  r.receiver.group_name = st.Text(1);
  r.receiver.integration = st.Text(2);
  r.receiver.idx = static_cast<uint32_t>(st.Int(3));
  r.group_key = st.Text(4);
  r.payload = st.Text(5);
  Result<DeliveryState> state = notify::outbox::ParseDeliveryState(st.Text(6));
  if (!state.ok()) {
    return DataLossError("sqlite " + owner.path() + ": outbox row " +
                         r.id.ToString() + ": " + state.status().message());
  }
  r.state = *state;
  r.attempts = static_cast<int>(st.Int(7));
  r.next_attempt_at = FromNanos(st.Int(8));
  r.last_error = st.Text(9);
  r.created_at = FromNanos(st.Int(10));
  r.updated_at = FromNanos(st.Int(11));
  return r;
}

Status NotFound(NotificationId id) {
  return NotFoundError("notification " + id.ToString() + " not found");
}

}  // namespace

Result<std::vector<NotificationId>> SqliteOutboxStore::Enqueue(
    const std::vector<OutboxRow>& rows, const notify::nflog::Entry* entry) {
  std::vector<NotificationId> ids;
  Status st = db_->Write([&](sqlite3* db) -> Status {
    ids.clear();
    if (entry != nullptr) {
      const notify::nflog::Entry& e = *entry;
      ASSIGN_OR_RETURN(
          Statement up,
          Statement::Prepare(
              *db_, db,
              "INSERT INTO nflog_entries (key, group_key, "
              "receiver_group_name, receiver_integration, receiver_idx, "
              "timestamp_ns, firing_alerts, resolved_alerts, expires_at_ns) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (key) "
              "DO UPDATE SET group_key = excluded.group_key, "
              "receiver_group_name = excluded.receiver_group_name, "
              "receiver_integration = excluded.receiver_integration, "
              "receiver_idx = excluded.receiver_idx, "
              "timestamp_ns = excluded.timestamp_ns, "
              "firing_alerts = excluded.firing_alerts, "
              "resolved_alerts = excluded.resolved_alerts, "
              "expires_at_ns = excluded.expires_at_ns"));
      RETURN_IF_ERROR(up.Bind(1, e.Key()));
      RETURN_IF_ERROR(up.Bind(2, e.group_key));
      RETURN_IF_ERROR(up.Bind(3, e.receiver.group_name));
      RETURN_IF_ERROR(up.Bind(4, e.receiver.integration));
      RETURN_IF_ERROR(up.Bind(5, static_cast<int64_t>(e.receiver.idx)));
      RETURN_IF_ERROR(up.Bind(6, ToNanos(e.timestamp)));
      RETURN_IF_ERROR(up.Bind(7, JoinHashes(e.firing_alerts)));
      RETURN_IF_ERROR(up.Bind(8, JoinHashes(e.resolved_alerts)));
      RETURN_IF_ERROR(up.Bind(9, ToNanos(e.expires_at)));
      RETURN_IF_ERROR(up.Run());
    }
    ASSIGN_OR_RETURN(
        Statement ins,
        Statement::Prepare(
            *db_, db,
            "INSERT INTO outbox (receiver_group_name, receiver_integration, "
            "receiver_idx, group_key, payload, state, attempts, "
            "next_attempt_at_ns, last_error, created_at_ns, updated_at_ns) "
            "VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?7, ?8, ?9)"));
    for (const OutboxRow& r : rows) {
      RETURN_IF_ERROR(ins.Bind(1, r.receiver.group_name));
      RETURN_IF_ERROR(ins.Bind(2, r.receiver.integration));
      RETURN_IF_ERROR(ins.Bind(3, static_cast<int64_t>(r.receiver.idx)));
      RETURN_IF_ERROR(ins.Bind(4, r.group_key));
      RETURN_IF_ERROR(ins.Bind(5, r.payload));
      RETURN_IF_ERROR(ins.Bind(6, ToNanos(r.next_attempt_at)));
      RETURN_IF_ERROR(ins.Bind(7, r.last_error));
      RETURN_IF_ERROR(ins.Bind(8, ToNanos(r.created_at)));
      RETURN_IF_ERROR(ins.Bind(9, ToNanos(r.updated_at)));
      RETURN_IF_ERROR(ins.Run());
      ids.push_back(
          NotificationId(static_cast<uint64_t>(sqlite3_last_insert_rowid(db))));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return ids;
}

Status SqliteOutboxStore::Mark(const AttemptRecord& a, DeliveryState state,
                               model::Time next_at) {
  return db_->Write([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(Statement get,
                     Statement::Prepare(*db_, db,
                                        "SELECT state FROM outbox "
                                        "WHERE id = ?1"));
    RETURN_IF_ERROR(get.Bind(1, static_cast<int64_t>(a.id.value())));
    ASSIGN_OR_RETURN(bool found, get.Step());
    if (!found) return NotFound(a.id);
    std::string current = get.Text(0);
    if (current != "pending") {
      return FailedPreconditionError("notification " + a.id.ToString() +
                                     " is " + current + ", not pending");
    }
    ASSIGN_OR_RETURN(
        Statement up,
        Statement::Prepare(
            *db_, db,
            "UPDATE outbox SET state = ?2, attempts = attempts + 1, "
            "last_error = ?3, updated_at_ns = ?4, next_attempt_at_ns = "
            "CASE WHEN ?2 = 'pending' THEN ?5 ELSE next_attempt_at_ns END "
            "WHERE id = ?1"));
    RETURN_IF_ERROR(up.Bind(1, static_cast<int64_t>(a.id.value())));
    RETURN_IF_ERROR(up.Bind(2, DeliveryStateName(state)));
    RETURN_IF_ERROR(up.Bind(3, a.error));
    RETURN_IF_ERROR(up.Bind(4, ToNanos(a.at)));
    RETURN_IF_ERROR(up.Bind(5, ToNanos(next_at)));
    RETURN_IF_ERROR(up.Run());
    ASSIGN_OR_RETURN(
        Statement hist,
        Statement::Prepare(
            *db_, db,
            "INSERT INTO outbox_attempts (notification_id, "
            "receiver_group_name, receiver_integration, receiver_idx, "
            "group_key, at_ns, outcome, latency_ns, error) VALUES (?1, ?2, "
            "?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    RETURN_IF_ERROR(hist.Bind(1, static_cast<int64_t>(a.id.value())));
    RETURN_IF_ERROR(hist.Bind(2, a.receiver.group_name));
    RETURN_IF_ERROR(hist.Bind(3, a.receiver.integration));
    RETURN_IF_ERROR(hist.Bind(4, static_cast<int64_t>(a.receiver.idx)));
    RETURN_IF_ERROR(hist.Bind(5, a.group_key));
    RETURN_IF_ERROR(hist.Bind(6, ToNanos(a.at)));
    RETURN_IF_ERROR(hist.Bind(7, DeliveryStateName(a.outcome)));
    RETURN_IF_ERROR(hist.Bind(8, static_cast<int64_t>(a.latency.count())));
    RETURN_IF_ERROR(hist.Bind(9, a.error));
    return hist.Run();
  });
}

Status SqliteOutboxStore::MarkDelivered(const AttemptRecord& attempt) {
  return Mark(attempt, DeliveryState::kDelivered, model::kZeroTime);
}

Status SqliteOutboxStore::MarkRetry(const AttemptRecord& attempt,
                                    model::Time next_at) {
  return Mark(attempt, DeliveryState::kPending, next_at);
}

Status SqliteOutboxStore::MarkDead(const AttemptRecord& attempt) {
  return Mark(attempt, DeliveryState::kDead, model::kZeroTime);
}

Result<OutboxRow> SqliteOutboxStore::Retry(NotificationId id, model::Time now) {
  OutboxRow out;
  Status st = db_->Write([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(Statement get,
                     Statement::Prepare(*db_, db,
                                        "SELECT " + std::string(kRowColumns) +
                                            " FROM outbox WHERE id = ?1"));
    RETURN_IF_ERROR(get.Bind(1, static_cast<int64_t>(id.value())));
    ASSIGN_OR_RETURN(bool found, get.Step());
    if (!found) return NotFound(id);
    ASSIGN_OR_RETURN(out, ReadRow(*db_, get));
    if (out.state != DeliveryState::kDead) {
      return FailedPreconditionError("notification " + id.ToString() + " is " +
                                     std::string(DeliveryStateName(out.state)) +
                                     ", not dead");
    }
    ASSIGN_OR_RETURN(
        Statement up,
        Statement::Prepare(*db_, db,
                           "UPDATE outbox SET state = 'pending', attempts = "
                           "0, next_attempt_at_ns = ?2, updated_at_ns = ?2 "
                           "WHERE id = ?1"));
    RETURN_IF_ERROR(up.Bind(1, static_cast<int64_t>(id.value())));
    RETURN_IF_ERROR(up.Bind(2, ToNanos(now)));
    RETURN_IF_ERROR(up.Run());
    out.state = DeliveryState::kPending;
    out.attempts = 0;
    out.next_attempt_at = now;
    out.updated_at = now;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<OutboxRow>> SqliteOutboxStore::LoadPending() {
  std::vector<OutboxRow> out;
  Status st = db_->Read([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(
        Statement q,
        Statement::Prepare(*db_, db,
                           "SELECT " + std::string(kRowColumns) +
                               " FROM outbox WHERE state = 'pending' "
                               "ORDER BY id"));
    while (true) {
      ASSIGN_OR_RETURN(bool more, q.Step());
      if (!more) return Status::Ok();
      ASSIGN_OR_RETURN(OutboxRow r, ReadRow(*db_, q));
      out.push_back(std::move(r));
    }
  });
  if (!st.ok()) return st;
  return out;
}

Result<OutboxRow> SqliteOutboxStore::Get(NotificationId id) {
  OutboxRow out;
  Status st = db_->Read([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(Statement q,
                     Statement::Prepare(*db_, db,
                                        "SELECT " + std::string(kRowColumns) +
                                            " FROM outbox WHERE id = ?1"));
    RETURN_IF_ERROR(q.Bind(1, static_cast<int64_t>(id.value())));
    ASSIGN_OR_RETURN(bool found, q.Step());
    if (!found) return NotFound(id);
    ASSIGN_OR_RETURN(out, ReadRow(*db_, q));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<OutboxRow>> SqliteOutboxStore::List(
    const OutboxFilter& filter) {
  std::vector<OutboxRow> out;
  Status st = db_->Read([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(
        Statement q,
        Statement::Prepare(
            *db_, db,
            "SELECT " + std::string(kRowColumns) +
                " FROM outbox WHERE (?1 = '' OR state = ?1) AND (?2 = 0 OR "
                "receiver_group_name = ?3) AND (?4 = 0 OR "
                "receiver_integration = ?5) ORDER BY id DESC LIMIT ?6"));
    RETURN_IF_ERROR(
        q.Bind(1, filter.state ? DeliveryStateName(*filter.state) : ""));
    RETURN_IF_ERROR(q.Bind(2, int64_t{filter.receiver.has_value()}));
    RETURN_IF_ERROR(q.Bind(3, filter.receiver.value_or("")));
    RETURN_IF_ERROR(q.Bind(4, int64_t{filter.integration.has_value()}));
    RETURN_IF_ERROR(q.Bind(5, filter.integration.value_or("")));
    RETURN_IF_ERROR(q.Bind(6, filter.limit == 0
                                  ? int64_t{-1}
                                  : static_cast<int64_t>(filter.limit)));
    while (true) {
      ASSIGN_OR_RETURN(bool more, q.Step());
      if (!more) return Status::Ok();
      ASSIGN_OR_RETURN(OutboxRow r, ReadRow(*db_, q));
      out.push_back(std::move(r));
    }
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<AttemptRecord>> SqliteOutboxStore::ListAttempts(
    std::optional<NotificationId> id) {
  std::vector<AttemptRecord> out;
  Status st = db_->Read([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(
        Statement q,
        Statement::Prepare(
            *db_, db,
            "SELECT notification_id, receiver_group_name, "
            "receiver_integration, receiver_idx, group_key, at_ns, outcome, "
            "latency_ns, error FROM outbox_attempts WHERE (?1 = 0 OR "
            "notification_id = ?1) ORDER BY seq"));
    RETURN_IF_ERROR(
        q.Bind(1, static_cast<int64_t>(id ? id->value() : uint64_t{0})));
    while (true) {
      ASSIGN_OR_RETURN(bool more, q.Step());
      if (!more) return Status::Ok();
      AttemptRecord a;
      a.id = NotificationId(static_cast<uint64_t>(q.Int(0)));
      a.receiver.group_name = q.Text(1);
      a.receiver.integration = q.Text(2);
      a.receiver.idx = static_cast<uint32_t>(q.Int(3));
      a.group_key = q.Text(4);
      a.at = FromNanos(q.Int(5));
      Result<DeliveryState> outcome =
          notify::outbox::ParseDeliveryState(q.Text(6));
      if (!outcome.ok()) {
        return DataLossError("sqlite " + db_->path() +
                             ": outbox attempt: " + outcome.status().message());
      }
      a.outcome = *outcome;
      a.latency = runtime::Duration(q.Int(7));
      a.error = q.Text(8);
      out.push_back(std::move(a));
    }
  });
  if (!st.ok()) return st;
  return out;
}

Result<size_t> SqliteOutboxStore::GC(model::Time cutoff) {
  size_t deleted = 0;
  Status st = db_->Write([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(Statement a,
                     Statement::Prepare(*db_, db,
                                        "DELETE FROM outbox_attempts "
                                        "WHERE at_ns < ?1"));
    RETURN_IF_ERROR(a.Bind(1, ToNanos(cutoff)));
    RETURN_IF_ERROR(a.Run());
    deleted = static_cast<size_t>(sqlite3_changes(db));
    ASSIGN_OR_RETURN(Statement r,
                     Statement::Prepare(*db_, db,
                                        "DELETE FROM outbox WHERE state != "
                                        "'pending' AND updated_at_ns < ?1"));
    RETURN_IF_ERROR(r.Bind(1, ToNanos(cutoff)));
    RETURN_IF_ERROR(r.Run());
    deleted += static_cast<size_t>(sqlite3_changes(db));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return deleted;
}

}  // namespace tocsin::store
