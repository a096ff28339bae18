#ifndef TOCSIN_SILENCE_SILENCES_H_
#define TOCSIN_SILENCE_SILENCES_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/alert.h"
#include "model/labels.h"
#include "model/matcher.h"
#include "model/matcher_parse.h"
#include "model/muter.h"
#include "runtime/clock.h"
#include "silence/silence.h"
#include "silence/silence_store.h"

namespace tocsin::silence {

struct SilencesOptions {
  // How long a silence is kept after it ended before GC deletes it
  // (--data.retention, default 120h). Longer keeps more history in memory
  // and storage.
  std::chrono::nanoseconds retention = std::chrono::hours(120);
  // Most silences held, expired ones included (--silences.max-silences).
  // 0 (the default) is no limit.
  size_t max_silences = 0;
  // Largest silence, as MeshSilenceSizeBytes measures it
  // (--silences.max-silence-size-bytes). 0 (the default) is no limit.
  size_t max_silence_size_bytes = 0;
  // Which label names matchers may use: classic names in kClassic, any
  // UTF-8 otherwise (compat.IsValidLabelName).
  model::MatcherParserMode label_mode = model::MatcherParserMode::kFallback;
};

// Filters of Query; every given filter must hold (empty = any).
struct SilenceQuery {
  // Only these IDs.
  std::vector<SilenceId> ids = {};
  // Only silences in one of these states at `now`.
  std::vector<SilenceState> states = {};
  // Only silences whose matchers all match this label set.
  std::optional<model::Labels> matches = std::nullopt;
};

// Alertmanager's silence service (silence.Silences) on a SilenceStore:
// create, update, expire, query, mute, GC. Every change is validated
// completely, then written to the store, then applied in memory; a store
// error leaves memory unchanged.
//
// Thread-safe. Readers (Get, Query, Mutes, Count*) never wait for store
// I/O; writers (Set, Expire, GC) are serialized. `store` and `ids` must
// outlive the object.
class Silences {
 public:
  // Loads every silence from `store`. A stored silence whose matchers no
  // longer compile is kept (shown, expired and GC'd as usual) but mutes
  // nothing; load_errors() counts them. Errors: the store's Load error.
  static Result<std::unique_ptr<Silences>> Create(
      const SilencesOptions& options, SilenceStore& store, IdGenerator& ids);

  Silences(const Silences&) = delete;
  Silences& operator=(const Silences&) = delete;

  // Creates or updates a silence at `now` (Silences.Set) and returns its
  // ID. Steps:
  //   - silence.id given but unknown: NotFound "silence not found".
  //   - an unset starts_at becomes now.
  //   - Update in place (same ID, updated_at = now) when the stored silence
  //     has equal matchers (same order) and: it is active, the start is
  //     unchanged (to the second) and the new end is not before now; or it
  //     is pending and the new start is not before now.
  //   - Otherwise a new silence with a fresh ID (starts_at raised to now if
  //     earlier, updated_at = now); a stored silence of that ID that is not
  //     expired is expired at `now`, keeping history.
  //   - The resulting silence is validated; errors are InvalidArgument
  //     "silence invalid: <reason>" with Alertmanager's reasons:
  //       "at least one matcher required"
  //       `invalid label matcher <i>: invalid label name "<n>"`
  //       `invalid label matcher <i>: invalid label value "<v>"`
  //       `invalid label matcher <i>: invalid regular expression "<re>": <err>`
  //       "at least one matcher must not match the empty string"
  //       "end time must not be before start time"
  //   - Limits: a new silence beyond max_silences is FailedPrecondition
  //     "exceeded maximum number of silences: <n> (limit: <m>)"; a silence
  //     larger than max_silence_size_bytes is InvalidArgument
  //     "silence exceeded maximum size: <n> bytes (limit: <m> bytes)".
  //   - Store errors are returned as they are.
  // On any error nothing changed.
  Result<SilenceId> Set(Silence silence, model::Time now);

  // Expires the silence at `now`: an active one ends now, a pending one
  // starts and ends now; an expired one is left as it is (OK, idempotent).
  // Errors: NotFound "silence not found"; store errors (nothing changed).
  Status Expire(const SilenceId& id, model::Time now);

  // The silence, or NotFound "silence not found".
  Result<Silence> Get(const SilenceId& id) const;

  // Silences passing every filter at `now`, sorted by ID.
  std::vector<Silence> Query(const SilenceQuery& query, model::Time now) const;

  // IDs of the silences active at `now` that mute `labels`, sorted.
  std::vector<SilenceId> Mutes(const model::Labels& labels,
                               model::Time now) const;

  // Number of silences in `state` at `now` (alertmanager_silences{state}).
  size_t CountState(SilenceState state, model::Time now) const;
  // Number of silences held.
  size_t size() const;

  // Deletes silences that ended `retention` ago or longer (ends_at +
  // retention <= now), from the store first. Returns how many were deleted;
  // if a store delete fails, that silence is kept and the first error is
  // returned after the others were processed.
  Result<size_t> GC(model::Time now);

  // Bumped whenever a silence is added (not on in-place updates or
  // expiry), as Alertmanager's Silences.Version; for caches.
  uint64_t version() const;
  // Stored silences whose matchers failed to compile at Create.
  size_t load_errors() const { return load_errors_; }

 private:
  struct Entry {
    Silence silence;
    model::Matchers compiled;
    // False when the matchers failed to compile on load: mutes nothing.
    bool matchable = true;
  };

  Silences(const SilencesOptions& options, SilenceStore& store,
           IdGenerator& ids);

  // Validates `s` and compiles its matchers.
  Result<model::Matchers> Validate(const Silence& s) const;
  std::optional<Entry> Find(const SilenceId& id) const;

  const SilencesOptions options_;
  SilenceStore& store_;
  IdGenerator& ids_;
  size_t load_errors_ = 0;

  // Serializes writers across store I/O; readers never take it.
  std::mutex write_mu_;

  mutable std::shared_mutex mu_;
  std::unordered_map<SilenceId, Entry> entries_;  // GUARDED_BY(mu_)
  uint64_t version_ = 0;                          // GUARDED_BY(mu_)
};

// model::Muter over Silences (Alertmanager's Silencer): mutes a label set
// when an active silence matches it at clock.Now(), and records the active
// silence IDs in the marker (SetActiveOrSilenced). Thread-safe; silences,
// marker and clock must outlive it.
class SilenceMuter final : public model::Muter {
 public:
  SilenceMuter(const Silences& silences, model::AlertMarker& marker,
               const runtime::Clock& clock)
      : silences_(silences), marker_(marker), clock_(clock) {}

  bool Mutes(const model::Labels& labels) override;

 private:
  const Silences& silences_;
  model::AlertMarker& marker_;
  const runtime::Clock& clock_;
};

}  // namespace tocsin::silence

#endif  // TOCSIN_SILENCE_SILENCES_H_
