#ifndef TOCSIN_MODEL_ALERT_H_
#define TOCSIN_MODEL_ALERT_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/fingerprint.h"
#include "model/labels.h"

namespace tocsin::model {

// Wall-clock time of an alert or silence. The same type as
// runtime::WallTime (model sits beside runtime in layer 1 and may not include
// it), so values pass between them unchanged.
using Time = std::chrono::time_point<std::chrono::system_clock,
                                     std::chrono::nanoseconds>;

// "Unset" (Go's zero time.Time): the Unix epoch. Go's zero time (year 1) is
// outside the int64-nanosecond range, so the API maps Go's zero time and
// missing fields to kZeroTime and back; an instant posted as exactly
// 1970-01-01T00:00:00Z is read as unset too.
inline constexpr Time kZeroTime{};
inline bool IsZeroTime(Time t) { return t == kZeroTime; }

// One alert as Alertmanager keeps it (alert.Alert: model.Alert plus
// UpdatedAt and Timeout). A plain value; cheap to copy (Labels share their
// storage).
struct Alert {
  // Identity: the fingerprint is the labels' fingerprint.
  Labels labels;
  // Extra information that does not define identity.
  Labels annotations;
  Time starts_at = kZeroTime;
  // kZeroTime when unknown; for an alert posted without endsAt the API sets
  // now + resolve_timeout and `timeout` (see alerts::NormalizePostedAlert).
  Time ends_at = kZeroTime;
  std::string generator_url;
  // The authoritative timestamp: when this version was received.
  Time updated_at = kZeroTime;
  // ends_at was not given by the sender but derived from resolve_timeout.
  bool timeout = false;

  Fingerprint fingerprint() const { return labels.fingerprint(); }
  // The `alertname` label ("" when absent).
  std::string_view name() const { return labels.Get("alertname"); }

  // Alertmanager's Alert.ResolvedAt(t): ends_at is set and not after `t`.
  // Resolved(now) is the same question asked at `now`.
  bool ResolvedAt(Time t) const { return !IsZeroTime(ends_at) && ends_at <= t; }
  bool Resolved(Time now) const { return ResolvedAt(now); }

  friend bool operator==(const Alert&, const Alert&) = default;
};

// Alertmanager's Alert.Merge: merges two versions of one alert (labels are
// assumed equal) and returns the result. The version with the later
// updated_at is the base (on a tie, `b`); the earliest starts_at wins; for
// ends_at:
//   - base resolved at `now`: the other's ends_at wins if the other is also
//     resolved at `now` and ends later;
//   - base not resolved: the other's ends_at wins if it is later and was
//     not derived from resolve_timeout (`timeout` false).
// Everything else (annotations, generator_url, updated_at, timeout) comes
// from the base.
Alert MergeAlerts(const Alert& a, const Alert& b, Time now);

// Marker state of an alert (Alertmanager's types.AlertState).
enum class AlertState {
  // Received but not yet run through silencing and inhibition.
  kUnprocessed,
  // Neither silenced nor inhibited: notifications go out.
  kActive,
  // Silenced or inhibited (or both): notifications are held back.
  kSuppressed,
};

// "unprocessed", "active", "suppressed" as the API and metrics print them.
std::string_view AlertStateName(AlertState state);

// What the marker knows about one alert (types.AlertStatus).
struct AlertStatus {
  AlertState state = AlertState::kUnprocessed;
  // IDs of the active silences that mute the alert, sorted (silence IDs are
  // strings here because model sits below silence/).
  std::vector<std::string> silenced_by;
  // Fingerprints (16 hex digits) of the alerts that inhibit it.
  std::vector<std::string> inhibited_by;

  friend bool operator==(const AlertStatus&, const AlertStatus&) = default;
};

// Alertmanager's MemMarker for alerts: the silenced/inhibited status per
// fingerprint, written by the silence and inhibition muters and read by the
// API. An alert with no entry is unprocessed. Thread-safe.
class AlertMarker {
 public:
  AlertMarker() = default;
  AlertMarker(const AlertMarker&) = delete;
  AlertMarker& operator=(const AlertMarker&) = delete;

  // Replaces silenced_by with `active_silence_ids` (the complete set). The
  // state becomes kActive when both silenced_by and inhibited_by are then
  // empty, kSuppressed otherwise.
  void SetActiveOrSilenced(Fingerprint alert,
                           std::vector<std::string> active_silence_ids);
  // Replaces inhibited_by with `inhibiting_ids`; state as above.
  void SetInhibited(Fingerprint alert, std::vector<std::string> inhibiting_ids);

  // Replaces both lists at once (one lock, one lookup) and returns the
  // resulting status; state as above.
  AlertStatus SetStatus(Fingerprint alert,
                        std::vector<std::string> active_silence_ids,
                        std::vector<std::string> inhibiting_ids);

  // The status; {kUnprocessed, {}, {}} for an unknown fingerprint.
  AlertStatus Status(Fingerprint alert) const;
  // Forgets the alert (after it was garbage collected). No-op when unknown.
  void Delete(Fingerprint alert);

  // Number of marked alerts, in total or in one state.
  size_t Count() const;
  size_t Count(AlertState state) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<Fingerprint, AlertStatus> alerts_;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_ALERT_H_
