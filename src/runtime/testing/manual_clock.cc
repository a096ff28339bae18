#include "runtime/testing/manual_clock.h"

namespace tocsin::runtime {

ManualClock::ManualClock()
    : ManualClock(WallTime(std::chrono::seconds(kDefaultStartUnixSeconds))) {}

ManualClock::ManualClock(WallTime start)
    : wall_(start), mono_(MonoTime(std::chrono::hours(1))) {}

WallTime ManualClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return wall_;
}

MonoTime ManualClock::MonoNow() const {
  std::lock_guard<std::mutex> lock(mu_);
  return mono_;
}

void ManualClock::Advance(Duration d) {
  if (d <= Duration::zero()) return;
  std::lock_guard<std::mutex> lock(mu_);
  wall_ += d;
  mono_ += d;
}

void ManualClock::SetWall(WallTime t) {
  std::lock_guard<std::mutex> lock(mu_);
  wall_ = t;
}

void ManualClock::AdvanceMonoTo(MonoTime t) {
  std::lock_guard<std::mutex> lock(mu_);
  if (t <= mono_) return;
  wall_ += t - mono_;
  mono_ = t;
}

}  // namespace tocsin::runtime
