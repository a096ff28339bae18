#include "runtime/system_clock.h"

namespace tocsin::runtime {

WallTime SystemClock::Now() const {
  return std::chrono::time_point_cast<Duration>(
      std::chrono::system_clock::now());
}

MonoTime SystemClock::MonoNow() const {
  return std::chrono::time_point_cast<Duration>(
      std::chrono::steady_clock::now());
}

}  // namespace tocsin::runtime
