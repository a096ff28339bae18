#include "silence/random_id_generator.h"

#include <string>

namespace tocsin::silence {

RandomIdGenerator::RandomIdGenerator() {
  std::random_device rd;
  std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
  rng_.seed(seq);
}

SilenceId RandomIdGenerator::NewId() {
  uint64_t hi, lo;
  {
    std::lock_guard<std::mutex> lock(mu_);
    hi = rng_();
    lo = rng_();
  }
  return UuidV4FromBits(hi, lo);
}

SilenceId UuidV4FromBits(uint64_t hi, uint64_t lo) {
  hi = (hi & ~uint64_t{0xf000}) | uint64_t{0x4000};            // Version 4.
  lo = (lo & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);  // Variant.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  auto put = [&](uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) out += kHex[(v >> (4 * i)) & 0xf];
  };
  put(hi >> 32, 8);
  out += '-';
  put(hi >> 16, 4);
  out += '-';
  put(hi, 4);
  out += '-';
  put(lo >> 48, 4);
  out += '-';
  put(lo, 12);
  return SilenceId(std::move(out));
}

}  // namespace tocsin::silence
