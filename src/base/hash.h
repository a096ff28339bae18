#ifndef TOCSIN_BASE_HASH_H_
#define TOCSIN_BASE_HASH_H_

#include <cstdint>
#include <string_view>

namespace tocsin {

// 64-bit FNV-1a, the hash Prometheus and Alertmanager use for label-set
// fingerprints. Incremental: start from kFnv64Offset and feed bytes.
inline constexpr uint64_t kFnv64Offset = 14695981039346656037ULL;
inline constexpr uint64_t kFnv64Prime = 1099511628211ULL;

constexpr uint64_t Fnv64aAdd(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnv64Prime;
  }
  return h;
}

constexpr uint64_t Fnv64aAddByte(uint64_t h, unsigned char c) {
  h ^= c;
  h *= kFnv64Prime;
  return h;
}

constexpr uint64_t Fnv64a(std::string_view bytes) {
  return Fnv64aAdd(kFnv64Offset, bytes);
}

// Mixes `v` into `seed` (boost::hash_combine's 64-bit variant); for in-memory
// hash tables only, never persisted.
constexpr uint64_t HashCombine(uint64_t seed, uint64_t v) {
  return seed ^ (v + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4));
}

}  // namespace tocsin

#endif  // TOCSIN_BASE_HASH_H_
