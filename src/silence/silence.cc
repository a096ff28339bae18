#include "silence/silence.h"

#include <chrono>
#include <cstdint>

namespace tocsin::silence {
namespace {

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// A length-delimited field (string or message) of `len` bytes with a field
// number below 16 (one tag byte).
size_t LenField(size_t len) { return 1 + VarintSize(len) + len; }

// A string field, omitted when empty (proto3).
size_t StringField(std::string_view s) {
  return s.empty() ? 0 : LenField(s.size());
}

// google.protobuf.Timestamp{seconds, nanos} for `t` (timestamppb.New).
size_t TimestampBody(model::Time t) {
  using std::chrono::duration_cast;
  using std::chrono::nanoseconds;
  using std::chrono::seconds;
  int64_t ns = duration_cast<nanoseconds>(t.time_since_epoch()).count();
  int64_t secs = ns / 1000000000;
  int64_t nanos = ns % 1000000000;
  if (nanos < 0) {
    nanos += 1000000000;
    --secs;
  }
  size_t n = 0;
  if (secs != 0) n += 1 + VarintSize(static_cast<uint64_t>(secs));
  if (nanos != 0) n += 1 + VarintSize(static_cast<uint64_t>(nanos));
  return n;
}

// silencepb.Matcher_Type numbers.
uint64_t ProtoMatchType(model::MatchType t) {
  switch (t) {
    case model::MatchType::kEqual:
      return 0;
    case model::MatchType::kRegexMatch:
      return 1;
    case model::MatchType::kNotEqual:
      return 2;
    case model::MatchType::kRegexNoMatch:
      return 3;
  }
  return 0;
}

}  // namespace

std::string_view SilenceStateName(SilenceState state) {
  switch (state) {
    case SilenceState::kPending:
      return "pending";
    case SilenceState::kActive:
      return "active";
    case SilenceState::kExpired:
      return "expired";
  }
  return "expired";
}

SilenceState StateAt(const Silence& silence, model::Time now) {
  if (now < silence.starts_at) return SilenceState::kPending;
  if (now > silence.ends_at) return SilenceState::kExpired;
  return SilenceState::kActive;
}

size_t MeshSilenceSizeBytes(const Silence& silence, model::Time expires_at) {
  size_t body = StringField(silence.id.value());
  for (const SilenceMatcher& m : silence.matchers) {
    size_t mb = 0;
    uint64_t type = ProtoMatchType(m.type);
    if (type != 0) mb += 1 + VarintSize(type);
    mb += StringField(m.name);
    mb += StringField(m.pattern);
    body += LenField(mb);
  }
  body += LenField(TimestampBody(silence.starts_at));
  body += LenField(TimestampBody(silence.ends_at));
  body += LenField(TimestampBody(silence.updated_at));
  body += StringField(silence.created_by);
  body += StringField(silence.comment);
  return LenField(body) + LenField(TimestampBody(expires_at));
}

}  // namespace tocsin::silence
