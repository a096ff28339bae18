#ifndef TOCSIN_TIMEINTERVAL_INTERVENER_H_
#define TOCSIN_TIMEINTERVAL_INTERVENER_H_

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "timeinterval/timeinterval.h"

namespace tocsin::timeinterval {

// Outcome of Intervener::Mutes.
struct MuteResult {
  // True if at least one named interval list contains the instant.
  bool muted = false;
  // Names whose interval list contains the instant, each at most once, in
  // the order they were asked for.
  std::vector<std::string> muted_by;
  friend bool operator==(const MuteResult&, const MuteResult&) = default;
};

// Answers "do these named time intervals contain now?" for the notification
// pipeline's mute_time_intervals / active_time_intervals stages (upstream
// timeinterval.Intervener). Immutable after construction; thread-safe.
class Intervener {
 public:
  // `intervals` maps each `time_intervals[].name` of the config to its list.
  explicit Intervener(
      std::map<std::string, std::vector<TimeInterval>> intervals)
      : intervals_(std::move(intervals)) {}

  // For each name in `names` (in order), records it in muted_by if any
  // interval of its list contains `now` (evaluated as upstream does with
  // now.UTC(): an interval without location is checked in UTC).
  // Errors: NotFound "time interval <name> doesn't exist in config" for the
  // first unknown name (no partial result).
  Result<MuteResult> Mutes(const std::vector<std::string>& names,
                           std::chrono::system_clock::time_point now) const;

  const std::map<std::string, std::vector<TimeInterval>>& intervals() const {
    return intervals_;
  }

 private:
  std::map<std::string, std::vector<TimeInterval>> intervals_;
};

}  // namespace tocsin::timeinterval

#endif  // TOCSIN_TIMEINTERVAL_INTERVENER_H_
