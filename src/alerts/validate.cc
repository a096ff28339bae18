#include "alerts/validate.h"

#include <utility>

#include "base/strings.h"
#include "model/labels.h"

namespace tocsin::alerts {
namespace {

// prometheus/common LabelSet.Validate with compat.IsValidLabelName: "" when
// valid, else the message.
std::string ValidateLabelSet(const model::Labels& labels,
                             model::MatcherParserMode mode) {
  for (const model::Label& l : labels) {
    if (!model::IsValidLabelName(l.name, mode)) {
      return "invalid name " + GoQuote(l.name);
    }
    if (!model::IsValidLabelValue(l.value)) {
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
