#include "series/series.h"

#include <bit>

namespace tocsin::series {

double StaleNaN() { return std::bit_cast<double>(kStaleNaNBits); }

bool IsStaleNaN(double v) {
  return std::bit_cast<uint64_t>(v) == kStaleNaNBits;
}

}  // namespace tocsin::series
