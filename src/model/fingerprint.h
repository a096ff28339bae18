#ifndef TOCSIN_MODEL_FINGERPRINT_H_
#define TOCSIN_MODEL_FINGERPRINT_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::model {

class Labels;

// Identity of a label set, bit-for-bit equal to Prometheus'
// model.LabelSet.Fingerprint() (and so to the fingerprint Alertmanager shows
// for an alert): 64-bit FNV-1a over the labels sorted by name, each label fed
// as name bytes, 0xff, value bytes, 0xff. The empty set hashes to the FNV-1a
// offset basis. A plain value type; thread-compatible.
class Fingerprint {
 public:
  constexpr Fingerprint() = default;  // 0; not the empty set's fingerprint.
  constexpr explicit Fingerprint(uint64_t value) : value_(value) {}

  constexpr uint64_t value() const { return value_; }

  // 16 lowercase hex digits, zero padded, as Alertmanager prints alert
  // fingerprints (Go's "%016x").
  std::string ToString() const;

  // Parses hex digits (either case, no prefix, no sign) as Prometheus'
  // FingerprintFromString (strconv.ParseUint(s, 16, 64)) does; the inverse
  // of ToString(). std::nullopt when empty, on a non-hex character, or when
  // the value exceeds 64 bits (leading zeros are fine).
  static std::optional<Fingerprint> FromString(std::string_view s);

  friend constexpr bool operator==(Fingerprint a, Fingerprint b) = default;
  friend constexpr std::strong_ordering operator<=>(Fingerprint a,
                                                    Fingerprint b) = default;

 private:
  uint64_t value_ = 0;
};

// The fingerprint of `labels`. O(1): computed once when the Labels were
// built and cached in them.
Fingerprint FingerprintOf(const Labels& labels);

}  // namespace tocsin::model

template <>
struct std::hash<tocsin::model::Fingerprint> {
  size_t operator()(tocsin::model::Fingerprint f) const noexcept {
    return static_cast<size_t>(f.value());
  }
};

#endif  // TOCSIN_MODEL_FINGERPRINT_H_
