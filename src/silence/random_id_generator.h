#ifndef TOCSIN_SILENCE_RANDOM_ID_GENERATOR_H_
#define TOCSIN_SILENCE_RANDOM_ID_GENERATOR_H_

#include <cstdint>
#include <mutex>
#include <random>

#include "silence/silence_store.h"

namespace tocsin::silence {

// Random (version 4) UUIDs as Alertmanager's uuid.NewRandom, from a
// 64-bit Mersenne twister seeded once from std::random_device. Thread-safe.
class RandomIdGenerator final : public IdGenerator {
 public:
  RandomIdGenerator();
  SilenceId NewId() override;

 private:
  std::mutex mu_;
  std::mt19937_64 rng_;  // GUARDED_BY(mu_)
};

// Formats 16 bytes as a version 4, variant 1 UUID (the version and variant
// bits are overwritten): "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx".
SilenceId UuidV4FromBits(uint64_t hi, uint64_t lo);

}  // namespace tocsin::silence

#endif  // TOCSIN_SILENCE_RANDOM_ID_GENERATOR_H_
