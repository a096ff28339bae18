#ifndef TOCSIN_NOTIFY_OUTBOX_OUTBOX_STAGE_H_
#define TOCSIN_NOTIFY_OUTBOX_OUTBOX_STAGE_H_

// The pipeline's last step when the durable outbox is used: replaces
// RetryStage + SetNotifiesStage. The notification is written as an outbox
// row in the same store transaction as its nflog entry, then handed to the
// Outbox engine; the stage completes once the write succeeded (delivery is
// the engine's job from then on).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "notify/nflog/nflog.h"
#include "notify/outbox/outbox.h"
#include "notify/outbox/outbox_store.h"
#include "notify/pipeline/builder.h"
#include "notify/pipeline/pipeline.h"

namespace tocsin::notify::outbox {

// The NflogStore the NotificationLog writes through when the outbox is
// used. Load and Delete go to `nflog`; Upsert of an entry for which
// OutboxStage staged rows goes to OutboxStore::Enqueue(rows, &entry) (one
// transaction: the nflog entry and the rows); any other Upsert goes to
// `nflog`. Both stores must outlive it and share one database (the SQLite
// backend's nflog_entries table). Thread-safe.
class OutboxNflogStore final : public nflog::NflogStore {
 public:
  OutboxNflogStore(OutboxStore& outbox, nflog::NflogStore& nflog)
      : outbox_(outbox), nflog_(nflog) {}

  Result<std::vector<nflog::Entry>> Load() override { return nflog_.Load(); }
  Status Upsert(const nflog::Entry& entry) override;
  Status Delete(const std::string& key) override { return nflog_.Delete(key); }

  // Rows waiting for the Upsert of the nflog entry with key `entry_key`.
  struct Batch {
    std::vector<OutboxRow> rows;
    bool written = false;  // set (with rows[i].id) by the Upsert
  };
  // Registers `batch` for the next Upsert of `entry_key`.
  void Stage(const std::string& entry_key, std::shared_ptr<Batch> batch);
  // Removes `batch` if still staged (the log did not write the entry).
  void Unstage(const std::string& entry_key,
               const std::shared_ptr<Batch>& batch);

  OutboxStore& outbox() { return outbox_; }

 private:
  OutboxStore& outbox_;
  nflog::NflogStore& nflog_;
  std::mutex mu_;
  std::multimap<std::string, std::shared_ptr<Batch>>
      staged_;  // GUARDED_BY(mu_)
};

// Computes what RetryStage would send (without send_resolved only the
// firing alerts; nothing when none fire), writes the outbox row and the
// nflog entry (the ctx's firing/resolved hashes at ctx.now, expiring after
// 2 x repeat_interval, as SetNotifiesStage) in one transaction through
// `log` (whose store must be `staging`), then Submits the row to `outbox`.
// When nothing is to be sent only the nflog entry is written. Errors: the
// store's; nothing was written then. staging, log and outbox must outlive
// the stage.
class OutboxStage final : public pipeline::Stage {
 public:
  OutboxStage(OutboxNflogStore& staging, nflog::NotificationLog& log,
              Outbox& outbox, nflog::ReceiverKey receiver, bool send_resolved)
      : staging_(staging),
        log_(log),
        outbox_(outbox),
        receiver_(std::move(receiver)),
        send_resolved_(send_resolved) {}
  void Exec(pipeline::NotifyContext ctx, pipeline::Alerts alerts,
            pipeline::StageDone done) override;

 private:
  OutboxNflogStore& staging_;
  nflog::NotificationLog& log_;
  Outbox& outbox_;
  const nflog::ReceiverKey receiver_;
  const bool send_resolved_;
};

// The notifiers of the current configuration by receiver key, for the
// engine's NotifierResolver: a config reload collects the new generation's
// notifiers (MakeOutboxDeliveryStage below) and Replaces the set once the
// new pipeline is built. Thread-safe.
class NotifierRegistry {
 public:
  using Generation =
      std::map<std::string,
               std::shared_ptr<pipeline::Notifier>>;  // by key.ToString()
  // The notifier of `key` in the current generation, or null.
  std::shared_ptr<pipeline::Notifier> Find(const nflog::ReceiverKey& key) const;
  void Replace(Generation generation);
  // A resolver reading this registry, which must outlive it.
  NotifierResolver Resolver() const;

 private:
  mutable std::mutex mu_;
  Generation current_;  // GUARDED_BY(mu_)
};

// A pipeline::DeliveryStageFactory making OutboxStages on (staging, log,
// outbox) and adding each notifier to `*generation` (which must outlive the
// factory's use; the caller then passes it to NotifierRegistry::Replace).
pipeline::DeliveryStageFactory MakeOutboxDeliveryStage(
    OutboxNflogStore& staging, nflog::NotificationLog& log, Outbox& outbox,
    NotifierRegistry::Generation* generation);

}  // namespace tocsin::notify::outbox

#endif  // TOCSIN_NOTIFY_OUTBOX_OUTBOX_STAGE_H_
