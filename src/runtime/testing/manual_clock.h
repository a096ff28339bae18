#ifndef TOCSIN_RUNTIME_TESTING_MANUAL_CLOCK_H_
#define TOCSIN_RUNTIME_TESTING_MANUAL_CLOCK_H_

#include <mutex>

#include "runtime/clock.h"

namespace tocsin::runtime {

// A Clock that moves only when told. Advance() moves wall and monotonic time
// together; SetWall() jumps wall time alone (like an NTP step), leaving
// monotonic time untouched. Thread-safe.
class ManualClock final : public Clock {
 public:
  // 2024-01-01T00:00:00Z: a fixed, realistic default start.
  static constexpr int64_t kDefaultStartUnixSeconds = 1704067200;

  ManualClock();
  // Starts at the given wall time; monotonic time starts at its epoch + 1h
  // (so "1h ago" is representable).
  explicit ManualClock(WallTime start);

  WallTime Now() const override;
  MonoTime MonoNow() const override;

  // Moves both clocks forward by `d` (a negative `d` is ignored).
  void Advance(Duration d);
  // Sets the wall time; monotonic time is unchanged.
  void SetWall(WallTime t);
  // Moves monotonic time to `t` if it is later, and wall time by the same
  // amount. Used by SimulatedScheduler.
  void AdvanceMonoTo(MonoTime t);

 private:
  mutable std::mutex mu_;
  WallTime wall_;  // GUARDED_BY(mu_)
  MonoTime mono_;  // GUARDED_BY(mu_)
};

}  // namespace tocsin::runtime

#endif  // TOCSIN_RUNTIME_TESTING_MANUAL_CLOCK_H_
