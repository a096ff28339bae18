#include "silence/silences.h"

#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <utility>

#include "base/strings.h"

namespace tocsin::silence {
namespace {

const char kNotFound[] = "silence not found";

int64_t UnixSeconds(model::Time t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

// canUpdate: whether `b` may replace `a` in place at `now` without
// rewriting history.
bool CanUpdate(const Silence& a, const Silence& b, model::Time now) {
  if (a.matchers != b.matchers) return false;
  switch (StateAt(a, now)) {
    case SilenceState::kActive:
      return UnixSeconds(a.starts_at) == UnixSeconds(b.starts_at) &&
             !(b.ends_at < now);
    case SilenceState::kPending:
      return !(b.starts_at < now);
    case SilenceState::kExpired:
      return false;
  }
  return false;
}

// The silence expired at `now` (expire()).
Silence ExpiredAt(Silence s, model::Time now) {
  switch (StateAt(s, now)) {
    case SilenceState::kExpired:
      break;
    case SilenceState::kActive:
      s.ends_at = now;
      break;
    case SilenceState::kPending:
      s.starts_at = now;
      s.ends_at = now;
      break;
  }
  s.updated_at = now;
  return s;
}

// Compiles a matcher; the regex error text is Go's.
Result<model::Matcher> Compile(const SilenceMatcher& m) {
  return model::Matcher::Create(m.type, m.name, m.pattern);
}

// Alertmanager compiles a silence's regex as written (regexp.Compile), so
// Go's error names the pattern itself, where model::Matcher's message names
// the anchored form. Keeps the matcher's error text (Go's wording) and
// replaces the quoted expression with RE2's for the raw pattern.
std::string RawRegexError(const std::string& pattern,
                          const std::string& matcher_error) {
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 raw(pattern, opts);
  const size_t tick = matcher_error.find(": `");
  if (raw.ok() || tick == std::string::npos) return matcher_error;
  return matcher_error.substr(0, tick) + ": `" + raw.error_arg() + "`";
}

}  // namespace

Silences::Silences(const SilencesOptions& options, SilenceStore& store,
                   IdGenerator& ids)
    : options_(options), store_(store), ids_(ids) {}

Result<std::unique_ptr<Silences>> Silences::Create(
    const SilencesOptions& options, SilenceStore& store, IdGenerator& ids) {
  ASSIGN_OR_RETURN(std::vector<Silence> loaded, store.Load());
  std::unique_ptr<Silences> s(new Silences(options, store, ids));
  for (Silence& sil : loaded) {
    Entry e;
    for (const SilenceMatcher& m : sil.matchers) {
      Result<model::Matcher> c = Compile(m);
      if (!c.ok()) {
        e.matchable = false;
        break;
      }
      e.compiled.push_back(std::move(c).value());
    }
    if (sil.matchers.empty()) e.matchable = false;
    if (!e.matchable) {
      e.compiled.clear();
      ++s->load_errors_;
    }
    SilenceId id = sil.id;
    e.silence = std::move(sil);
    s->entries_.insert_or_assign(std::move(id), std::move(e));
    ++s->version_;
  }
  return s;
}

Result<model::Matchers> Silences::Validate(const Silence& s) const {
  auto invalid = [](std::string_view reason) {
    return InvalidArgumentError("silence invalid: " + std::string(reason));
  };
  if (s.matchers.empty()) return invalid("at least one matcher required");
  model::Matchers compiled;
  compiled.reserve(s.matchers.size());
  bool all_match_empty = true;
  for (size_t i = 0; i < s.matchers.size(); ++i) {
    const SilenceMatcher& m = s.matchers[i];
    const std::string prefix =
        "invalid label matcher " + std::to_string(i) + ": ";
    if (!model::IsValidLabelName(m.name, options_.label_mode)) {
      return invalid(prefix + "invalid label name " + GoQuote(m.name));
    }
    const bool regex = m.type == model::MatchType::kRegexMatch ||
                       m.type == model::MatchType::kRegexNoMatch;
    if (!regex && !model::IsValidLabelValue(m.pattern)) {
      return invalid(prefix + "invalid label value " + GoQuote(m.pattern));
    }
    Result<model::Matcher> c = Compile(m);
    if (!c.ok()) {
      return invalid(prefix + "invalid regular expression " +
                     GoQuote(m.pattern) + ": " +
                     RawRegexError(m.pattern, c.status().message()));
    }
    // matchesEmpty: only = and =~ can match the empty string here.
    const bool matches_empty = (m.type == model::MatchType::kEqual ||
                                m.type == model::MatchType::kRegexMatch) &&
                               c->Matches("");
    all_match_empty = all_match_empty && matches_empty;
    compiled.push_back(std::move(c).value());
  }
  if (all_match_empty) {
    return invalid("at least one matcher must not match the empty string");
  }
  if (s.ends_at < s.starts_at) {
    return invalid("end time must not be before start time");
  }
  return compiled;
}

std::optional<Silences::Entry> Silences::Find(const SilenceId& id) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

Result<SilenceId> Silences::Set(Silence silence, model::Time now) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::optional<Entry> prev;
  if (!silence.id.empty()) {
    prev = Find(silence.id);
    if (!prev) return NotFoundError(kNotFound);
  }
  if (model::IsZeroTime(silence.starts_at)) silence.starts_at = now;

  const bool in_place = prev && CanUpdate(prev->silence, silence, now);
  std::optional<Silence> expire_prev;
  if (in_place) {
    silence.updated_at = now;
  } else {
    if (silence.starts_at < now) silence.starts_at = now;
    silence.updated_at = now;
  }
  ASSIGN_OR_RETURN(model::Matchers compiled, Validate(silence));

  if (!in_place && options_.max_silences > 0) {
    size_t n = size();
    if (n + 1 > options_.max_silences) {
      return FailedPreconditionError(
          "exceeded maximum number of silences: " + std::to_string(n) +
          " (limit: " + std::to_string(options_.max_silences) + ")");
    }
  }
  if (!in_place) {
    silence.id = ids_.NewId();
    if (prev && StateAt(prev->silence, now) != SilenceState::kExpired) {
      expire_prev = ExpiredAt(prev->silence, now);
    }
  }
  if (options_.max_silence_size_bytes > 0) {
    size_t n =
        MeshSilenceSizeBytes(silence, silence.ends_at + options_.retention);
    if (n > options_.max_silence_size_bytes) {
      return InvalidArgumentError(
          "silence exceeded maximum size: " + std::to_string(n) +
          " bytes (limit: " + std::to_string(options_.max_silence_size_bytes) +
          " bytes)");
    }
  }

  // Write through: the new version first, then the expiry of the old one;
  // undo the first write if the second fails.
  RETURN_IF_ERROR(store_.Upsert(silence));
  if (expire_prev) {
    Status st = store_.Upsert(*expire_prev);
    if (!st.ok()) {
      (void)store_.Delete(silence.id);
      return st;
    }
  }

  std::unique_lock<std::shared_mutex> lock(mu_);
  if (expire_prev) entries_[expire_prev->id].silence = *expire_prev;
  SilenceId id = silence.id;
  Entry& e = entries_[id];
  e.silence = std::move(silence);
  e.compiled = std::move(compiled);
  e.matchable = true;
  if (!in_place) ++version_;
  return id;
}

Status Silences::Expire(const SilenceId& id, model::Time now) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::optional<Entry> prev = Find(id);
  if (!prev) return NotFoundError(kNotFound);
  if (StateAt(prev->silence, now) == SilenceState::kExpired) {
    return Status::Ok();
  }
  Silence expired = ExpiredAt(prev->silence, now);
  RETURN_IF_ERROR(store_.Upsert(expired));
  std::unique_lock<std::shared_mutex> lock(mu_);
  entries_[id].silence = std::move(expired);
  return Status::Ok();
}

Result<Silence> Silences::Get(const SilenceId& id) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return NotFoundError(kNotFound);
  return it->second.silence;
}

std::vector<Silence> Silences::Query(const SilenceQuery& query,
                                     model::Time now) const {
  std::vector<Silence> out;
  auto keep = [&](const Entry& e) {
    if (!query.states.empty() &&
        std::find(query.states.begin(), query.states.end(),
                  StateAt(e.silence, now)) == query.states.end()) {
      return false;
    }
    if (query.matches &&
        (!e.matchable || !model::MatchesAll(e.compiled, *query.matches))) {
      return false;
    }
    return true;
  };
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    if (!query.ids.empty()) {
      for (const SilenceId& id : query.ids) {
        auto it = entries_.find(id);
        if (it != entries_.end() && keep(it->second)) {
          out.push_back(it->second.silence);
        }
      }
    } else {
      for (const auto& [id, e] : entries_) {
        if (keep(e)) out.push_back(e.silence);
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Silence& a, const Silence& b) { return a.id < b.id; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Silence& a, const Silence& b) {
                          return a.id == b.id;
                        }),
            out.end());
  return out;
}

std::vector<SilenceId> Silences::Mutes(const model::Labels& labels,
                                       model::Time now) const {
  std::vector<SilenceId> out;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    for (const auto& [id, e] : entries_) {
      if (!e.matchable) continue;
      if (StateAt(e.silence, now) != SilenceState::kActive) continue;
      if (model::MatchesAll(e.compiled, labels)) out.push_back(id);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

size_t Silences::CountState(SilenceState state, model::Time now) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [id, e] : entries_) {
    if (StateAt(e.silence, now) == state) ++n;
  }
  return n;
}

size_t Silences::size() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return entries_.size();
}

uint64_t Silences::version() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return version_;
}

Result<size_t> Silences::GC(model::Time now) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::vector<SilenceId> due;
  {
    std::shared_lock<std::shared_mutex> lock(mu_);
    for (const auto& [id, e] : entries_) {
      if (!(e.silence.ends_at + options_.retention > now)) due.push_back(id);
    }
  }
  std::sort(due.begin(), due.end());
  Status first_error;
  std::vector<SilenceId> deleted;
  for (const SilenceId& id : due) {
    Status st = store_.Delete(id);
    if (!st.ok()) {
      if (first_error.ok()) first_error = st;
      continue;
    }
    deleted.push_back(id);
  }
  {
    std::unique_lock<std::shared_mutex> lock(mu_);
    for (const SilenceId& id : deleted) entries_.erase(id);
  }
  if (!first_error.ok()) return first_error;
  return deleted.size();
}

bool SilenceMuter::Mutes(const model::Labels& labels) {
  std::vector<SilenceId> ids = silences_.Mutes(labels, clock_.Now());
  std::vector<std::string> names;
  names.reserve(ids.size());
  for (SilenceId& id : ids) names.push_back(id.value());
  const bool muted = !names.empty();
  marker_.SetActiveOrSilenced(labels.fingerprint(), std::move(names));
  return muted;
}

}  // namespace tocsin::silence
