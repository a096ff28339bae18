#include "notify/outbox/outbox_stage.h"

#include <utility>

namespace tocsin::notify::outbox {

Status OutboxNflogStore::Upsert(const nflog::Entry& entry) {
  std::vector<std::shared_ptr<Batch>> batches;
  {
    std::lock_guard lock(mu_);
    auto [first, last] = staged_.equal_range(entry.Key());
    for (auto it = first; it != last; ++it) batches.push_back(it->second);
    staged_.erase(first, last);
  }
  if (batches.empty()) return nflog_.Upsert(entry);
  std::vector<OutboxRow> rows;
  for (const auto& b : batches) {
    rows.insert(rows.end(), b->rows.begin(), b->rows.end());
  }
  Result<std::vector<NotificationId>> ids = outbox_.Enqueue(rows, &entry);
  if (!ids.ok()) return ids.status();
  size_t i = 0;
  for (const auto& b : batches) {
    for (OutboxRow& r : b->rows) r.id = (*ids)[i++];
    b->written = true;
  }
  return Status::Ok();
}

void OutboxNflogStore::Stage(const std::string& entry_key,
                             std::shared_ptr<Batch> batch) {
  std::lock_guard lock(mu_);
  staged_.emplace(entry_key, std::move(batch));
}

void OutboxNflogStore::Unstage(const std::string& entry_key,
                               const std::shared_ptr<Batch>& batch) {
  std::lock_guard lock(mu_);
  auto [first, last] = staged_.equal_range(entry_key);
  for (auto it = first; it != last; ++it) {
    if (it->second == batch) {
      staged_.erase(it);
      return;
    }
  }
}

void OutboxStage::Exec(pipeline::NotifyContext ctx, pipeline::Alerts alerts,
                       pipeline::StageDone done) {
  pipeline::Alerts sent;
  if (send_resolved_) {
    sent = alerts;
  } else {
    for (const model::Alert& a : alerts) {
      if (!a.Resolved(ctx.now)) sent.push_back(a);
    }
  }
  auto log = [&] {
    return log_.Log(receiver_, ctx.group_key, ctx.firing_hashes,
                    ctx.resolved_hashes, ctx.now, 2 * ctx.repeat_interval);
  };
  if (sent.empty()) {
    Status s = log();
    if (!s.ok()) {
      done(std::move(s), std::move(ctx), {});
      return;
    }
    done(Status::Ok(), std::move(ctx), std::move(alerts));
    return;
  }
  OutboxRow row;
  row.receiver = receiver_;
  row.group_key = ctx.group_key;
  row.payload = EncodePayload(ctx, sent);
  row.state = DeliveryState::kPending;
  row.next_attempt_at = ctx.now;
  row.created_at = ctx.now;
  row.updated_at = ctx.now;
  auto batch = std::make_shared<OutboxNflogStore::Batch>();
  batch->rows.push_back(std::move(row));
  nflog::Entry key_of;
  key_of.group_key = ctx.group_key;
  key_of.receiver = receiver_;
  const std::string key = key_of.Key();
  staging_.Stage(key, batch);
  Status s = log();
  staging_.Unstage(key, batch);
  if (!s.ok()) {
    done(std::move(s), std::move(ctx), {});
    return;
  }
  if (!batch->written) {
    // The log kept a newer entry and wrote nothing: the rows alone.
    Result<std::vector<NotificationId>> ids =
        staging_.outbox().Enqueue(batch->rows, nullptr);
    if (!ids.ok()) {
      done(ids.status(), std::move(ctx), {});
      return;
    }
    for (size_t i = 0; i < ids->size(); ++i) batch->rows[i].id = (*ids)[i];
  }
  for (OutboxRow& r : batch->rows) outbox_.Submit(std::move(r));
  done(Status::Ok(), std::move(ctx), std::move(alerts));
}

std::shared_ptr<pipeline::Notifier> NotifierRegistry::Find(
    const nflog::ReceiverKey& key) const {
  std::lock_guard lock(mu_);
  auto it = current_.find(key.ToString());
  return it == current_.end() ? nullptr : it->second;
}

void NotifierRegistry::Replace(Generation generation) {
  std::lock_guard lock(mu_);
  current_.swap(generation);
}

NotifierResolver NotifierRegistry::Resolver() const {
  return [this](const nflog::ReceiverKey& key) { return Find(key); };
}

pipeline::DeliveryStageFactory MakeOutboxDeliveryStage(
    OutboxNflogStore& staging, nflog::NotificationLog& log, Outbox& outbox,
    NotifierRegistry::Generation* generation) {
  return [&staging, &log, &outbox, generation](
             const nflog::ReceiverKey& key,
             std::shared_ptr<pipeline::Notifier> notifier,
             bool send_resolved) -> std::shared_ptr<pipeline::Stage> {
    (*generation)[key.ToString()] = std::move(notifier);
    return std::make_shared<OutboxStage>(staging, log, outbox, key,
                                         send_resolved);
  };
}

}  // namespace tocsin::notify::outbox
