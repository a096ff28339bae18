#ifndef TOCSIN_SILENCE_SILENCE_STORE_H_
#define TOCSIN_SILENCE_SILENCE_STORE_H_

#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "silence/silence.h"

namespace tocsin::silence {

// Durable storage of silences: the port Silences writes through
// (implemented in store/*, in memory in silence/testing/). Every method is
// durable when it returns OK; on an error nothing must have changed (or the
// change must be invisible to a later Load). Calls come from one writer at
// a time; implementations must still be thread-safe against Load.
class SilenceStore {
 public:
  virtual ~SilenceStore() = default;

  // Every stored silence, in any order. Errors: the backend's (e.g.
  // Unavailable, DataLoss).
  virtual Result<std::vector<Silence>> Load() = 0;
  // Inserts or replaces the silence with silence.id (never empty).
  virtual Status Upsert(const Silence& silence) = 0;
  // Deletes the silence; OK when it does not exist.
  virtual Status Delete(const SilenceId& id) = 0;
};

// Source of new silence IDs. Thread-safe.
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A fresh, never before returned ID.
  virtual SilenceId NewId() = 0;
};

}  // namespace tocsin::silence

#endif  // TOCSIN_SILENCE_SILENCE_STORE_H_
