#include "model/fingerprint.h"

#include <cstdio>

#include "model/labels.h"

namespace tocsin::model {

std::string Fingerprint::ToString() const {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx",
                static_cast<unsigned long long>(value_));
  return std::string(buf, 16);
}

std::optional<Fingerprint> Fingerprint::FromString(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (v >> 60 != 0) return std::nullopt;  // Would overflow 64 bits.
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return Fingerprint(v);
}

Fingerprint FingerprintOf(const Labels& labels) { return labels.fingerprint(); }

}  // namespace tocsin::model
