#include "timeinterval/intervener.h"

namespace tocsin::timeinterval {

Result<MuteResult> Intervener::Mutes(
    const std::vector<std::string>& names,
    std::chrono::system_clock::time_point now) const {
  MuteResult out;
  for (const std::string& name : names) {
    auto it = intervals_.find(name);
    if (it == intervals_.end()) {
      return NotFoundError("time interval " + name +
                           " doesn't exist in config");
    }
    for (const TimeInterval& ti : it->second) {
      if (ti.ContainsTime(now)) {
        out.muted_by.push_back(name);
        break;
      }
    }
  }
  out.muted = !out.muted_by.empty();
  return out;
}

}  // namespace tocsin::timeinterval
