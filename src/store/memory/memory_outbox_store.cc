#include "store/memory/memory_outbox_store.h"

#include <algorithm>
#include <utility>

namespace tocsin::store {

using notify::outbox::AttemptRecord;
using notify::outbox::DeliveryState;
using notify::outbox::DeliveryStateName;
using notify::outbox::NotificationId;
using notify::outbox::OutboxFilter;
using notify::outbox::OutboxRow;

void MemoryOutboxBacking::SetWriteError(Status error) {
  std::lock_guard lock(mu_);
  write_error_ = std::move(error);
}

MemoryOutboxStore::MemoryOutboxStore(
    std::shared_ptr<MemoryOutboxBacking> backing,
    std::shared_ptr<MemoryNflogBacking> nflog)
    : backing_(std::move(backing)), nflog_(std::move(nflog)) {}

Result<std::vector<NotificationId>> MemoryOutboxStore::Enqueue(
    const std::vector<OutboxRow>& rows, const notify::nflog::Entry* entry) {
  std::lock_guard lock(backing_->mu_);
  RETURN_IF_ERROR(backing_->write_error_);
  if (entry != nullptr) RETURN_IF_ERROR(nflog_.Upsert(*entry));
  std::vector<NotificationId> ids;
  for (OutboxRow row : rows) {
    row.id = NotificationId(backing_->next_id_++);
    row.state = DeliveryState::kPending;
    row.attempts = 0;
    ids.push_back(row.id);
    backing_->rows_[row.id.value()] = std::move(row);
  }
  return ids;
}

Status MemoryOutboxStore::Mark(const AttemptRecord& attempt,
                               DeliveryState state, model::Time next_at) {
  std::lock_guard lock(backing_->mu_);
  RETURN_IF_ERROR(backing_->write_error_);
  auto it = backing_->rows_.find(attempt.id.value());
  if (it == backing_->rows_.end()) {
    return NotFoundError("notification " + attempt.id.ToString() +
                         " not found");
  }
  OutboxRow& row = it->second;
  if (row.state != DeliveryState::kPending) {
    return FailedPreconditionError(
        "notification " + attempt.id.ToString() + " is " +
        std::string(DeliveryStateName(row.state)) + ", not pending");
  }
  row.state = state;
  ++row.attempts;
  row.last_error = attempt.error;
  row.updated_at = attempt.at;
  if (state == DeliveryState::kPending) row.next_attempt_at = next_at;
  backing_->attempts_.push_back(attempt);
  return Status::Ok();
}

Status MemoryOutboxStore::MarkDelivered(const AttemptRecord& attempt) {
  return Mark(attempt, DeliveryState::kDelivered, model::kZeroTime);
}

Status MemoryOutboxStore::MarkRetry(const AttemptRecord& attempt,
                                    model::Time next_at) {
  return Mark(attempt, DeliveryState::kPending, next_at);
}

Status MemoryOutboxStore::MarkDead(const AttemptRecord& attempt) {
  return Mark(attempt, DeliveryState::kDead, model::kZeroTime);
}

Result<OutboxRow> MemoryOutboxStore::Retry(NotificationId id, model::Time now) {
  std::lock_guard lock(backing_->mu_);
  RETURN_IF_ERROR(backing_->write_error_);
  auto it = backing_->rows_.find(id.value());
  if (it == backing_->rows_.end()) {
    return NotFoundError("notification " + id.ToString() + " not found");
  }
  OutboxRow& row = it->second;
  if (row.state != DeliveryState::kDead) {
    return FailedPreconditionError("notification " + id.ToString() + " is " +
                                   std::string(DeliveryStateName(row.state)) +
                                   ", not dead");
  }
  row.state = DeliveryState::kPending;
  row.attempts = 0;
  row.next_attempt_at = now;
  row.updated_at = now;
  return row;
}

Result<std::vector<OutboxRow>> MemoryOutboxStore::LoadPending() {
  ASSIGN_OR_RETURN(std::vector<OutboxRow> rows,
                   List(OutboxFilter{DeliveryState::kPending, {}, {}, 0}));
  std::reverse(rows.begin(), rows.end());
  return rows;
}

Result<OutboxRow> MemoryOutboxStore::Get(NotificationId id) {
  std::lock_guard lock(backing_->mu_);
  auto it = backing_->rows_.find(id.value());
  if (it == backing_->rows_.end()) {
    return NotFoundError("notification " + id.ToString() + " not found");
  }
  return it->second;
}

Result<std::vector<OutboxRow>> MemoryOutboxStore::List(
    const OutboxFilter& filter) {
  std::lock_guard lock(backing_->mu_);
  std::vector<OutboxRow> out;
  for (auto it = backing_->rows_.rbegin(); it != backing_->rows_.rend(); ++it) {
    const OutboxRow& r = it->second;
    if (filter.state.has_value() && r.state != *filter.state) continue;
    if (filter.receiver.has_value() &&
        r.receiver.group_name != *filter.receiver)
      continue;
    if (filter.integration.has_value() &&
        r.receiver.integration != *filter.integration)
      continue;
    out.push_back(r);
    if (filter.limit > 0 && out.size() == filter.limit) break;
  }
  return out;
}

Result<std::vector<AttemptRecord>> MemoryOutboxStore::ListAttempts(
    std::optional<NotificationId> id) {
  std::lock_guard lock(backing_->mu_);
  std::vector<AttemptRecord> out;
  for (const AttemptRecord& a : backing_->attempts_) {
    if (!id.has_value() || a.id == *id) out.push_back(a);
  }
  return out;
}

Result<size_t> MemoryOutboxStore::GC(model::Time cutoff) {
  std::lock_guard lock(backing_->mu_);
  RETURN_IF_ERROR(backing_->write_error_);
  size_t deleted =
      std::erase_if(backing_->attempts_,
                    [&](const AttemptRecord& a) { return a.at < cutoff; });
  deleted += std::erase_if(backing_->rows_, [&](const auto& kv) {
    return kv.second.state != DeliveryState::kPending &&
           kv.second.updated_at < cutoff;
  });
  return deleted;
}

}  // namespace tocsin::store
