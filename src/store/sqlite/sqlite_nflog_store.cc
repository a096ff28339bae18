#include "store/sqlite/sqlite_nflog_store.h"

#include <sqlite3.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sqlite/statement.h"

namespace tocsin::store {
namespace {

using notify::nflog::Entry;

int64_t ToNanos(model::Time t) { return t.time_since_epoch().count(); }
model::Time FromNanos(int64_t ns) {
  return model::Time(std::chrono::nanoseconds(ns));
}

// Alert hashes as decimal numbers separated by ',' ("" for none).
std::string JoinHashes(const std::vector<uint64_t>& hashes) {
  std::string out;
  for (size_t i = 0; i < hashes.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(hashes[i]);
  }
  return out;
}

std::optional<std::vector<uint64_t>> SplitHashes(std::string_view text) {
  std::vector<uint64_t> out;
  if (text.empty()) return out;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (true) {
    uint64_t v = 0;
    auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || next == p) return std::nullopt;
    out.push_back(v);
    if (next == end) return out;
    if (*next != ',') return std::nullopt;
    p = next + 1;
  }
}

}  // namespace

Result<std::vector<Entry>> SqliteNflogStore::Load() {
  std::vector<Entry> out;
  Status st = db_->Read([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(
        Statement rows,
        Statement::Prepare(*db_, db,
                           "SELECT key, group_key, receiver_group_name, "
                           "receiver_integration, receiver_idx, timestamp_ns, "
                           "firing_alerts, resolved_alerts, expires_at_ns "
                           "FROM nflog_entries ORDER BY key"));
    while (true) {
      ASSIGN_OR_RETURN(bool more, rows.Step());
      if (!more) break;
      Entry e;
      e.group_key = rows.Text(1);
      e.receiver.group_name = rows.Text(2);
      e.receiver.integration = rows.Text(3);
      e.receiver.idx = static_cast<uint32_t>(rows.Int(4));
      e.timestamp = FromNanos(rows.Int(5));
      std::optional<std::vector<uint64_t>> firing = SplitHashes(rows.Text(6));
      std::optional<std::vector<uint64_t>> resolved = SplitHashes(rows.Text(7));
      if (!firing.has_value() || !resolved.has_value()) {
        return Status(StatusCode::kDataLoss,
                      "sqlite " + db_->path() + ": nflog entry " +
                          rows.Text(0) + ": malformed alert hash list");
      }
      e.firing_alerts = std::move(*firing);
      e.resolved_alerts = std::move(*resolved);
      e.expires_at = FromNanos(rows.Int(8));
      out.push_back(std::move(e));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Status SqliteNflogStore::Upsert(const Entry& e) {
  return db_->Write([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(
        Statement row,
        Statement::Prepare(
            *db_, db,
            "INSERT INTO nflog_entries (key, group_key, receiver_group_name, "
            "receiver_integration, receiver_idx, timestamp_ns, firing_alerts, "
            "resolved_alerts, expires_at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
            "?7, ?8, ?9) ON CONFLICT (key) DO UPDATE SET "
            "group_key = excluded.group_key, "
            "receiver_group_name = excluded.receiver_group_name, "
            "receiver_integration = excluded.receiver_integration, "
            "receiver_idx = excluded.receiver_idx, "
            "timestamp_ns = excluded.timestamp_ns, "
            "firing_alerts = excluded.firing_alerts, "
            "resolved_alerts = excluded.resolved_alerts, "
            "expires_at_ns = excluded.expires_at_ns"));
    RETURN_IF_ERROR(row.Bind(1, e.Key()));
    RETURN_IF_ERROR(row.Bind(2, e.group_key));
    RETURN_IF_ERROR(row.Bind(3, e.receiver.group_name));
    RETURN_IF_ERROR(row.Bind(4, e.receiver.integration));
    RETURN_IF_ERROR(row.Bind(5, static_cast<int64_t>(e.receiver.idx)));
    RETURN_IF_ERROR(row.Bind(6, ToNanos(e.timestamp)));
    RETURN_IF_ERROR(row.Bind(7, JoinHashes(e.firing_alerts)));
    RETURN_IF_ERROR(row.Bind(8, JoinHashes(e.resolved_alerts)));
    RETURN_IF_ERROR(row.Bind(9, ToNanos(e.expires_at)));
    return row.Run();
  });
}

Status SqliteNflogStore::Delete(const std::string& key) {
  return db_->Write([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(Statement del,
                     Statement::Prepare(*db_, db,
                                        "DELETE FROM nflog_entries "
                                        "WHERE key = ?1"));
    RETURN_IF_ERROR(del.Bind(1, key));
    return del.Run();
  });
}

}  // namespace tocsin::store
