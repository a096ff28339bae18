#include "store/sqlite/sqlite_silence_store.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "model/matcher.h"
#include "store/sqlite/statement.h"

namespace tocsin::store {
namespace {

int64_t ToNanos(model::Time t) { return t.time_since_epoch().count(); }
model::Time FromNanos(int64_t ns) {
  return model::Time(std::chrono::nanoseconds(ns));
}

}  // namespace

Result<std::vector<silence::Silence>> SqliteSilenceStore::Load() {
  std::vector<silence::Silence> out;
  Status st = db_->Read([&](sqlite3* db) -> Status {
    std::map<std::string, size_t> index;
    ASSIGN_OR_RETURN(Statement rows,
                     Statement::Prepare(*db_, db,
                                        "SELECT id, starts_at_ns, ends_at_ns, "
                                        "updated_at_ns, created_by, comment "
                                        "FROM silences ORDER BY id"));
    while (true) {
      ASSIGN_OR_RETURN(bool more, rows.Step());
      if (!more) break;
      silence::Silence s;
      s.id = silence::SilenceId(rows.Text(0));
      s.starts_at = FromNanos(rows.Int(1));
      s.ends_at = FromNanos(rows.Int(2));
      s.updated_at = FromNanos(rows.Int(3));
      s.created_by = rows.Text(4);
      s.comment = rows.Text(5);
      index[s.id.value()] = out.size();
      out.push_back(std::move(s));
    }
    ASSIGN_OR_RETURN(Statement matchers,
                     Statement::Prepare(*db_, db,
                                        "SELECT silence_id, type, name, "
                                        "pattern FROM silence_matchers "
                                        "ORDER BY silence_id, position"));
    while (true) {
      ASSIGN_OR_RETURN(bool more, matchers.Step());
      if (!more) break;
      std::string id = matchers.Text(0);
      auto it = index.find(id);
      if (it == index.end()) {
        return Status(StatusCode::kDataLoss, "sqlite " + db_->path() +
                                                 ": matcher of silence " + id +
                                                 " without its silence");
      }
      std::string op = matchers.Text(1);
      std::optional<model::MatchType> type = model::ParseMatchType(op);
      if (!type.has_value()) {
        return Status(StatusCode::kDataLoss,
                      "sqlite " + db_->path() + ": silence " + id +
                          ": unknown matcher type \"" + op + "\"");
      }
      out[it->second].matchers.push_back(
          silence::SilenceMatcher{*type, matchers.Text(2), matchers.Text(3)});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Status SqliteSilenceStore::Upsert(const silence::Silence& s) {
  if (s.id.empty()) {
    return Status(StatusCode::kInvalidArgument, "silence without an ID");
  }
  return db_->Write([&](sqlite3* db) -> Status {
    ASSIGN_OR_RETURN(Statement clear,
                     Statement::Prepare(*db_, db,
                                        "DELETE FROM silence_matchers "
                                        "WHERE silence_id = ?1"));
    RETURN_IF_ERROR(clear.Bind(1, s.id.value()));
    RETURN_IF_ERROR(clear.Run());
    ASSIGN_OR_RETURN(
        Statement row,
        Statement::Prepare(
            *db_, db,
            "INSERT INTO silences (id, starts_at_ns, ends_at_ns, "
            "updated_at_ns, created_by, comment) VALUES (?1, ?2, ?3, ?4, ?5, "
            "?6) ON CONFLICT (id) DO UPDATE SET "
            "starts_at_ns = excluded.starts_at_ns, "
            "ends_at_ns = excluded.ends_at_ns, "
            "updated_at_ns = excluded.updated_at_ns, "
            "created_by = excluded.created_by, comment = excluded.comment"));
    RETURN_IF_ERROR(row.Bind(1, s.id.value()));
    RETURN_IF_ERROR(row.Bind(2, ToNanos(s.starts_at)));
    RETURN_IF_ERROR(row.Bind(3, ToNanos(s.ends_at)));
    RETURN_IF_ERROR(row.Bind(4, ToNanos(s.updated_at)));
    RETURN_IF_ERROR(row.Bind(5, s.created_by));
    RETURN_IF_ERROR(row.Bind(6, s.comment));
    RETURN_IF_ERROR(row.Run());
    ASSIGN_OR_RETURN(
        Statement matcher,
        Statement::Prepare(*db_, db,
                           "INSERT INTO silence_matchers "
                           "(silence_id, position, type, name, "
                           "pattern) VALUES (?1, ?2, ?3, ?4, ?5)"));
    int64_t position = 0;
    for (const silence::SilenceMatcher& m : s.matchers) {
      RETURN_IF_ERROR(matcher.Bind(1, s.id.value()));
      RETURN_IF_ERROR(matcher.Bind(2, position++));
      RETURN_IF_ERROR(matcher.Bind(3, model::MatchTypeString(m.type)));
      RETURN_IF_ERROR(matcher.Bind(4, m.name));
      RETURN_IF_ERROR(matcher.Bind(5, m.pattern));
      RETURN_IF_ERROR(matcher.Run());
    }
    return Status::Ok();
  });
}

Status SqliteSilenceStore::Delete(const silence::SilenceId& id) {
  return db_->Write([&](sqlite3* db) -> Status {
    // The matchers go with the row (ON DELETE CASCADE).
    ASSIGN_OR_RETURN(
        Statement del,
        Statement::Prepare(*db_, db, "DELETE FROM silences WHERE id = ?1"));
    RETURN_IF_ERROR(del.Bind(1, id.value()));
    return del.Run();
  });
}

}  // namespace tocsin::store
