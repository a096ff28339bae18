#ifndef TOCSIN_NOTIFY_OUTBOX_OUTBOX_API_H_
#define TOCSIN_NOTIFY_OUTBOX_OUTBOX_API_H_

// What the HTTP API needs from the outbox, as plain functions (no HTTP
// types): GET /api/v2/notifications and POST
// /api/v2/notifications/{id}/retry. Status codes map as usual:
// InvalidArgument -> 400, NotFound -> 404, FailedPrecondition -> 409,
// others -> 500.
//
// A notification is rendered as
//   {"id":"12","state":"dead","receiver":"team-x","integration":"webhook",
//    "integrationIndex":0,"groupKey":"{}:{alertname=\"X\"}","attempts":3,
//    "nextAttemptAt":"2024-01-01T00:00:05.25Z","lastError":"...",
//    "createdAt":"...","updatedAt":"...",
//    "history":[{"at":"...","outcome":"pending","latencySeconds":0.25,
//                "error":"..."}, ...]}
// (times RFC 3339 UTC with up to nanosecond digits; history oldest first,
// only what the retention kept).

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "notify/outbox/outbox.h"
#include "notify/outbox/outbox_store.h"
#include "runtime/periodic_task.h"

namespace tocsin::notify::outbox {

// The filter of GET /api/v2/notifications from its query parameters (each
// absent when not given): state=pending|delivered|dead, receiver=<name>,
// integration=<kind>, limit=<n> (default 1000, at most 10000). Errors:
// InvalidArgument naming the bad parameter.
Result<OutboxFilter> MakeNotificationFilter(
    std::optional<std::string_view> state,
    std::optional<std::string_view> receiver,
    std::optional<std::string_view> integration,
    std::optional<std::string_view> limit);

// The JSON array of the rows matching `filter`, newest first, each with its
// history. Errors: the store's.
Result<std::string> ListNotificationsJson(OutboxStore& store,
                                          const OutboxFilter& filter);

// POST /api/v2/notifications/{id}/retry: moves dead notification `id_text`
// back to pending, hands it to `outbox`, and returns its JSON (as above).
// Errors: InvalidArgument for a malformed id, NotFound, FailedPrecondition
// "notification <id> is <state>, not dead", or the store's.
Result<std::string> RetryNotificationJson(Outbox& outbox, OutboxStore& store,
                                          std::string_view id_text);

// Notification history retention: every `interval` deletes attempts older
// than `retention` and delivered/dead rows not updated for `retention`
// (OutboxStore::GC with cutoff clock.Now() - retention); `on_error` gets a
// failed GC's status. store, scheduler and clock must outlive it;
// destruction stops it and waits for a running GC.
class OutboxGcLoop {
 public:
  OutboxGcLoop(OutboxStore& store, runtime::Scheduler& scheduler,
               const runtime::Clock& clock, runtime::Duration interval,
               runtime::Duration retention,
               std::function<void(const Status&)> on_error = nullptr);
  ~OutboxGcLoop();
  OutboxGcLoop(const OutboxGcLoop&) = delete;
  OutboxGcLoop& operator=(const OutboxGcLoop&) = delete;
  // Schedules the first run `interval` from now. No-op when running.
  void Start();
  // Cancels the pending run. Idempotent.
  void Stop();

 private:
  runtime::PeriodicTask task_;
};

}  // namespace tocsin::notify::outbox

#endif  // TOCSIN_NOTIFY_OUTBOX_OUTBOX_API_H_
