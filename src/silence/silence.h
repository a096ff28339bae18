#ifndef TOCSIN_SILENCE_SILENCE_H_
#define TOCSIN_SILENCE_SILENCE_H_

#include <compare>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/alert.h"
#include "model/matcher.h"

namespace tocsin::silence {

// A silence's ID: a UUID string as Alertmanager assigns (8-4-4-4-12
// lowercase hex). The default-constructed ID is empty ("no ID yet").
class SilenceId {
 public:
  SilenceId() = default;
  explicit SilenceId(std::string value) : value_(std::move(value)) {}

  const std::string& value() const { return value_; }
  const std::string& ToString() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend bool operator==(const SilenceId&, const SilenceId&) = default;
  friend std::strong_ordering operator<=>(const SilenceId&,
                                          const SilenceId&) = default;

 private:
  std::string value_;
};

inline std::ostream& operator<<(std::ostream& os, const SilenceId& id) {
  return os << id.value();
}

// One matcher of a silence as the user wrote it (silencepb.Matcher): kept
// uncompiled, so a silence is stored and shown exactly as given; Silences
// compiles and validates it.
struct SilenceMatcher {
  model::MatchType type = model::MatchType::kEqual;
  std::string name;
  // The value, or the regex for the regex types (unanchored as written).
  std::string pattern;

  friend bool operator==(const SilenceMatcher&,
                         const SilenceMatcher&) = default;
};

// A silence (silencepb.Silence). A plain value.
struct Silence {
  // Empty for a silence not yet created.
  SilenceId id;
  // All must match for the silence to mute a label set; order is kept.
  std::vector<SilenceMatcher> matchers;
  model::Time starts_at = model::kZeroTime;
  model::Time ends_at = model::kZeroTime;
  // Set by Silences on every change.
  model::Time updated_at = model::kZeroTime;
  std::string created_by;
  std::string comment;

  friend bool operator==(const Silence&, const Silence&) = default;
};

// Alertmanager's silence states.
enum class SilenceState {
  // now is before starts_at: not muting yet.
  kPending,
  // starts_at <= now <= ends_at: muting matching alerts.
  kActive,
  // now is after ends_at: kept (for --data.retention) but muting nothing.
  kExpired,
};

// "pending", "active", "expired" as the API prints them.
std::string_view SilenceStateName(SilenceState state);

// The state at `now` (getState): pending before starts_at, expired strictly
// after ends_at, active otherwise (so a silence whose ends_at == now is
// still active at that instant, as in Alertmanager).
SilenceState StateAt(const Silence& silence, model::Time now);

// proto.Size of the silencepb.MeshSilence that Alertmanager stores for
// `silence` with the given expires_at (ends_at + retention): the measure of
// --silences.max-silence-size-bytes.
size_t MeshSilenceSizeBytes(const Silence& silence, model::Time expires_at);

}  // namespace tocsin::silence

template <>
struct std::hash<tocsin::silence::SilenceId> {
  size_t operator()(const tocsin::silence::SilenceId& id) const noexcept {
    return std::hash<std::string>()(id.value());
  }
};

#endif  // TOCSIN_SILENCE_SILENCE_H_
