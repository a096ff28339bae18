#include "model/alert.h"

#include <utility>

namespace tocsin::model {

Alert MergeAlerts(const Alert& a, const Alert& b, Time now) {
  // `newer` is the base; `older` contributes only times.
  const bool b_is_older = b.updated_at < a.updated_at;
  const Alert& older = b_is_older ? b : a;
  const Alert& newer = b_is_older ? a : b;

  Alert res = newer;
  if (older.starts_at < newer.starts_at) res.starts_at = older.starts_at;

  if (newer.Resolved(now)) {
    // The latest explicit resolution wins when both are resolved.
    if (older.Resolved(now) && older.ends_at > newer.ends_at) {
      res.ends_at = older.ends_at;
    }
  } else if (older.ends_at > newer.ends_at && !older.timeout) {
    // A later end that the sender set itself still holds.
    res.ends_at = older.ends_at;
  }
  return res;
}

std::string_view AlertStateName(AlertState state) {
  switch (state) {
    case AlertState::kUnprocessed:
      return "unprocessed";
    case AlertState::kActive:
      return "active";
    case AlertState::kSuppressed:
      return "suppressed";
  }
  return "unprocessed";
}

void AlertMarker::SetActiveOrSilenced(
    Fingerprint alert, std::vector<std::string> active_silence_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  AlertStatus& s = alerts_[alert];
  s.silenced_by = std::move(active_silence_ids);
  s.state = s.silenced_by.empty() && s.inhibited_by.empty()
                ? AlertState::kActive
                : AlertState::kSuppressed;
}

void AlertMarker::SetInhibited(Fingerprint alert,
                               std::vector<std::string> inhibiting_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  AlertStatus& s = alerts_[alert];
  s.inhibited_by = std::move(inhibiting_ids);
  s.state = s.silenced_by.empty() && s.inhibited_by.empty()
                ? AlertState::kActive
                : AlertState::kSuppressed;
}

AlertStatus AlertMarker::SetStatus(Fingerprint alert,
                                   std::vector<std::string> active_silence_ids,
                                   std::vector<std::string> inhibiting_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  AlertStatus& s = alerts_[alert];
  s.silenced_by = std::move(active_silence_ids);
  s.inhibited_by = std::move(inhibiting_ids);
  s.state = s.silenced_by.empty() && s.inhibited_by.empty()
                ? AlertState::kActive
                : AlertState::kSuppressed;
  return s;
}

AlertStatus AlertMarker::Status(Fingerprint alert) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = alerts_.find(alert);
  if (it == alerts_.end()) return AlertStatus{};
  return it->second;
}

void AlertMarker::Delete(Fingerprint alert) {
  std::lock_guard<std::mutex> lock(mu_);
  alerts_.erase(alert);
}

size_t AlertMarker::Count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return alerts_.size();
}

size_t AlertMarker::Count(AlertState state) const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [fp, s] : alerts_) {
    if (s.state == state) ++n;
  }
  return n;
}

}  // namespace tocsin::model
