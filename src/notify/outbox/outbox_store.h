#ifndef TOCSIN_NOTIFY_OUTBOX_OUTBOX_STORE_H_
#define TOCSIN_NOTIFY_OUTBOX_OUTBOX_STORE_H_

// The durable outbox's persistence port, declared by its consumer (the
// outbox engine, notify/outbox/outbox.h). A notification is written as a
// pending row before it is sent (in the same transaction as its nflog
// entry) and marked delivered only after the receiver accepted it.
// Implementations: store/memory (tests) and store/sqlite (the default);
// both pass store/testing/outbox_store_conformance.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/alert.h"
#include "notify/nflog/nflog.h"
#include "notify/pipeline/pipeline.h"
#include "runtime/clock.h"

namespace tocsin::notify::outbox {

// Identifies one outbox row. Assigned by OutboxStore::Enqueue, unique per
// store and never reused; 0 names no row.
class NotificationId {
 public:
  NotificationId() = default;
  explicit NotificationId(uint64_t value) : value_(value) {}
  uint64_t value() const { return value_; }
  bool valid() const { return value_ != 0; }
  std::string ToString() const { return std::to_string(value_); }
  // Parses a decimal id > 0. Errors: InvalidArgument.
  static Result<NotificationId> Parse(std::string_view text);
  friend bool operator==(NotificationId, NotificationId) = default;
  friend auto operator<=>(NotificationId, NotificationId) = default;

 private:
  uint64_t value_ = 0;
};

inline std::ostream& operator<<(std::ostream& os, NotificationId id) {
  return os << "NotificationId(" << id.value() << ")";
}

// Where a notification is in its life.
enum class DeliveryState {
  // Written, not yet accepted by the receiver; the engine (re)sends it at
  // next_attempt_at.
  kPending,
  // The receiver accepted it. Terminal (kept for history until GC).
  kDelivered,
  // Failed permanently or retries exhausted. Terminal until an operator
  // calls Retry (then pending again).
  kDead,
};

// "pending", "delivered", "dead".
std::string_view DeliveryStateName(DeliveryState s);
// The inverse of DeliveryStateName. Errors: InvalidArgument.
Result<DeliveryState> ParseDeliveryState(std::string_view name);

// One notification to one receiver integration.
struct OutboxRow {
  NotificationId id;  // set by Enqueue; ignored on input
  nflog::ReceiverKey receiver;
  std::string group_key;
  // The notifier's inputs: EncodePayload(ctx, alerts). The notifier
  // re-renders from them at send time.
  std::string payload;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  model::Time next_attempt_at = model::kZeroTime;
  std::string last_error;  // "" when none
  model::Time created_at = model::kZeroTime;
  model::Time updated_at = model::kZeroTime;
  friend bool operator==(const OutboxRow&, const OutboxRow&) = default;
};

// One delivery attempt (notification history).
struct AttemptRecord {
  NotificationId id;
  nflog::ReceiverKey receiver;
  std::string group_key;
  model::Time at = model::kZeroTime;  // when the attempt ended
  // The row's state after the attempt: delivered, pending (will be
  // retried) or dead.
  DeliveryState outcome = DeliveryState::kPending;
  runtime::Duration latency{0};
  std::string error;  // "" on success
  friend bool operator==(const AttemptRecord&, const AttemptRecord&) = default;
};

// Selects rows for List. Unset fields match everything.
struct OutboxFilter {
  std::optional<DeliveryState> state;
  std::optional<std::string> receiver;     // receiver name
  std::optional<std::string> integration;  // "webhook"
  // At most this many rows (0 = no limit).
  size_t limit = 0;
};

// Persistence port. Every method is thread-safe. Errors of every write:
// Unavailable / ResourceExhausted / DataLoss from the backend; a failed
// write changes nothing.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Inserts `rows` as pending (attempts 0, state/id/attempts of the input
  // ignored) and, when `entry` is not null, upserts that nflog entry (keyed
  // by entry->Key(), into the nflog store the backend shares) — all in one
  // transaction. Returns the new ids in the order of `rows`.
  virtual Result<std::vector<NotificationId>> Enqueue(
      const std::vector<OutboxRow>& rows, const nflog::Entry* entry) = 0;

  // Ends one attempt of pending row `attempt.id`: attempts + 1, last_error
  // = attempt.error, updated_at = attempt.at, and `attempt` appended to the
  // history, in one transaction.
  //  - MarkDelivered: state delivered.
  //  - MarkRetry: stays pending, next_attempt_at = next_at.
  //  - MarkDead: state dead.
  // Errors: NotFound for an unknown id; FailedPrecondition when the row is
  // not pending.
  virtual Status MarkDelivered(const AttemptRecord& attempt) = 0;
  virtual Status MarkRetry(const AttemptRecord& attempt,
                           model::Time next_at) = 0;
  virtual Status MarkDead(const AttemptRecord& attempt) = 0;

  // Moves dead row `id` back to pending (attempts 0, next_attempt_at and
  // updated_at = now, last_error kept) and returns it. Errors: NotFound;
  // FailedPrecondition "notification <id> is <state>, not dead".
  virtual Result<OutboxRow> Retry(NotificationId id, model::Time now) = 0;

  // Every pending row, by id (at startup: what a crash left unsent).
  virtual Result<std::vector<OutboxRow>> LoadPending() = 0;
  // Row `id`. Errors: NotFound.
  virtual Result<OutboxRow> Get(NotificationId id) = 0;
  // Rows matching `filter`, newest (highest id) first.
  virtual Result<std::vector<OutboxRow>> List(const OutboxFilter& filter) = 0;
  // The attempts of row `id` (all rows when unset), oldest first.
  virtual Result<std::vector<AttemptRecord>> ListAttempts(
      std::optional<NotificationId> id) = 0;

  // Retention: deletes attempts with at < cutoff and delivered/dead rows
  // with updated_at < cutoff (pending rows are never deleted). Returns how
  // many rows + attempts were deleted.
  virtual Result<size_t> GC(model::Time cutoff) = 0;
};

// The notification inputs a row carries, as JSON:
//   {"groupKey":..., "receiver":..., "groupLabels":{...},
//    "repeatIntervalNs":..., "nowNs":..., "firing":["<u64>",...],
//    "resolved":[...], "alerts":[{"labels":{...},"annotations":{...},
//    "startsAtNs":..., "endsAtNs":..., "generatorURL":...,
//    "updatedAtNs":..., "timeout":bool}, ...]}
// ctx.deadline (monotonic) and the time interval names are not kept.
std::string EncodePayload(const pipeline::NotifyContext& ctx,
                          const pipeline::Alerts& alerts);
// The inverse. Errors: DataLoss "outbox payload: ..." for malformed text.
Status DecodePayload(std::string_view payload, pipeline::NotifyContext* ctx,
                     pipeline::Alerts* alerts);

}  // namespace tocsin::notify::outbox

#endif  // TOCSIN_NOTIFY_OUTBOX_OUTBOX_STORE_H_
