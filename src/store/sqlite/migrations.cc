#include "store/sqlite/migrations.h"

namespace tocsin::store {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration>* const kMigrations =
      new std::vector<Migration>{
          {1, "silences", R"sql(
CREATE TABLE silences (
  id            TEXT    NOT NULL PRIMARY KEY,
  starts_at_ns  INTEGER NOT NULL,
  ends_at_ns    INTEGER NOT NULL,
  updated_at_ns INTEGER NOT NULL,
  created_by    TEXT    NOT NULL,
  comment       TEXT    NOT NULL
);
CREATE TABLE silence_matchers (
  silence_id TEXT    NOT NULL REFERENCES silences(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  type       TEXT    NOT NULL CHECK (type IN ('=', '!=', '=~', '!~')),
  name       TEXT    NOT NULL,
  pattern    TEXT    NOT NULL,
  PRIMARY KEY (silence_id, position)
);
)sql"},
          {2, "nflog", R"sql(
CREATE TABLE nflog_entries (
  key                  TEXT    NOT NULL PRIMARY KEY,
  group_key            TEXT    NOT NULL,
  receiver_group_name  TEXT    NOT NULL,
  receiver_integration TEXT    NOT NULL,
  receiver_idx         INTEGER NOT NULL,
  timestamp_ns         INTEGER NOT NULL,
  firing_alerts        TEXT    NOT NULL,
  resolved_alerts      TEXT    NOT NULL,
  expires_at_ns        INTEGER NOT NULL
);
)sql"},
          {3, "outbox", R"sql(
CREATE TABLE outbox (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  receiver_group_name  TEXT    NOT NULL,
  receiver_integration TEXT    NOT NULL,
  receiver_idx         INTEGER NOT NULL,
  group_key            TEXT    NOT NULL,
  payload              TEXT    NOT NULL,
  state                TEXT    NOT NULL
                       CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts             INTEGER NOT NULL,
  next_attempt_at_ns   INTEGER NOT NULL,
  last_error           TEXT    NOT NULL,
  created_at_ns        INTEGER NOT NULL,
  updated_at_ns        INTEGER NOT NULL
);
CREATE INDEX outbox_by_state ON outbox (state, id);
CREATE TABLE outbox_attempts (
  seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id      INTEGER NOT NULL,
  receiver_group_name  TEXT    NOT NULL,
  receiver_integration TEXT    NOT NULL,
  receiver_idx         INTEGER NOT NULL,
  group_key            TEXT    NOT NULL,
  at_ns                INTEGER NOT NULL,
  outcome              TEXT    NOT NULL
                       CHECK (outcome IN ('pending', 'delivered', 'dead')),
  latency_ns           INTEGER NOT NULL,
  error                TEXT    NOT NULL
);
CREATE INDEX outbox_attempts_by_at ON outbox_attempts (at_ns);
CREATE INDEX outbox_attempts_by_notification
  ON outbox_attempts (notification_id, seq);
)sql"},
      };
  return *kMigrations;
}

}  // namespace tocsin::store
