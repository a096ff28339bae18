#include "alerts/validate.h"

#include <string_view>
#include <utility>

#include "base/strings.h"
#include "model/labels.h"

namespace tocsin::alerts {
namespace {

// All bytes below 0x80: valid UTF-8 without decoding it rune by rune.
bool IsAscii(std::string_view s) {
  unsigned char any = 0;
  for (char c : s) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

// prometheus/common LabelSet.Validate with compat.IsValidLabelName: "" when
// valid, else the message. ASCII short-cuts the UTF-8 checks (same answer:
// a non-classic name is valid when non-empty UTF-8, a value when UTF-8).
std::string ValidateLabelSet(const model::Labels& labels,
                             model::MatcherParserMode mode) {
  const bool utf8_names = mode != model::MatcherParserMode::kClassic;
  for (const model::Label& l : labels) {
    bool name_ok = (utf8_names && !l.name.empty() && IsAscii(l.name)) ||
                   model::IsValidLabelName(l.name, mode);
    if (!name_ok) return "invalid name " + GoQuote(l.name);
    if (!IsAscii(l.value) && !model::IsValidLabelValue(l.value)) {
      return "invalid value " + GoQuote(l.value);
    }
  }
  return "";
}

}  // namespace

Status ValidateAlert(const model::Alert& alert, model::MatcherParserMode mode) {
  if (model::IsZeroTime(alert.starts_at)) {
    return InvalidArgumentError("start time missing");
  }
  if (!model::IsZeroTime(alert.ends_at) && alert.ends_at < alert.starts_at) {
    return InvalidArgumentError("start time must be before end time");
  }
  if (alert.labels.empty()) {
    return InvalidArgumentError("at least one label pair required");
  }
  if (std::string err = ValidateLabelSet(alert.labels, mode); !err.empty()) {
    return InvalidArgumentError("invalid label set: " + err);
  }
  if (std::string err = ValidateLabelSet(alert.annotations, mode);
      !err.empty()) {
    return InvalidArgumentError("invalid annotations: " + err);
  }
  return Status::Ok();
}

model::Alert NormalizePostedAlert(model::Alert alert, model::Time now,
                                  std::chrono::nanoseconds resolve_timeout) {
  alert.updated_at = now;
  if (model::IsZeroTime(alert.starts_at)) {
    alert.starts_at = model::IsZeroTime(alert.ends_at) ? now : alert.ends_at;
  }
  if (model::IsZeroTime(alert.ends_at)) {
    alert.timeout = true;
    alert.ends_at = now + resolve_timeout;
  }
  bool has_empty = false;
  for (const model::Label& l : alert.labels) {
    if (l.value.empty()) {
      has_empty = true;
      break;
    }
  }
  if (has_empty) {
    std::vector<model::Label> kept;
    kept.reserve(alert.labels.size());
    for (const model::Label& l : alert.labels) {
      if (!l.value.empty()) kept.push_back(l);
    }
    alert.labels = model::Labels(std::move(kept));
  }
  return alert;
}

std::string PreparedAlerts::ErrorText() const { return StrJoin(errors, "; "); }

PreparedAlerts PrepareAlerts(std::vector<model::Alert> posted, model::Time now,
                             std::chrono::nanoseconds resolve_timeout,
                             model::MatcherParserMode mode) {
  PreparedAlerts out;
  out.valid.reserve(posted.size());
  for (model::Alert& a : posted) {
    model::Alert n = NormalizePostedAlert(std::move(a), now, resolve_timeout);
    if (n.ends_at > now) {
      ++out.firing;
    } else {
      ++out.resolved;
    }
    Status st = ValidateAlert(n, mode);
    if (!st.ok()) {
      out.errors.push_back(st.message());
      continue;
    }
    out.valid.push_back(std::move(n));
  }
  return out;
}

}  // namespace tocsin::alerts
