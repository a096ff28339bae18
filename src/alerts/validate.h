#ifndef TOCSIN_ALERTS_VALIDATE_H_
#define TOCSIN_ALERTS_VALIDATE_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/alert.h"
#include "model/matcher_parse.h"

namespace tocsin::alerts {

// Alertmanager's Alert.Validate for a posted alert, after
// NormalizePostedAlert. Label and annotation names are checked with
// model::IsValidLabelName(name, mode) (classic names in kClassic mode, any
// UTF-8 otherwise), values must be valid UTF-8. The first failing check
// returns InvalidArgument with Alertmanager's exact text:
//   starts_at unset                -> "start time missing"
//   ends_at set and before start   -> "start time must be before end time"
//   no labels                      -> "at least one label pair required"
//   bad label name / value         -> `invalid label set: invalid name "<n>"`
//                                     `invalid label set: invalid value "<v>"`
//   bad annotation name / value    -> `invalid annotations: invalid name "<n>"`
//                                     `invalid annotations: invalid value
//                                     "<v>"`
// Names and values are Go-quoted (%q). Labels are checked in name order, so
// the first bad label by name is reported (Go reports a random one).
Status ValidateAlert(const model::Alert& alert, model::MatcherParserMode mode);

// What the API's postAlertsHandler does to each posted alert before
// validation: updated_at = now; an unset starts_at becomes ends_at when that
// is set, else now; an unset ends_at becomes now + resolve_timeout with
// `timeout` set; labels with an empty value are dropped (removeEmptyLabels).
model::Alert NormalizePostedAlert(model::Alert alert, model::Time now,
                                  std::chrono::nanoseconds resolve_timeout);

// A posted batch after normalization and validation (Alertmanager's
// best-effort handling: the valid alerts are stored, the request answers 400
// with every error when any alert is invalid).
struct PreparedAlerts {
  // Normalized valid alerts, in posted order; store them even when
  // `errors` is not empty.
  std::vector<model::Alert> valid;
  // One message per invalid alert, in posted order.
  std::vector<std::string> errors;
  // Posted alerts whose normalized ends_at is after now / not after now,
  // counted before validation (alertmanager_alerts_received_total{status}).
  size_t firing = 0;
  size_t resolved = 0;

  // The errors joined as Alertmanager's MultiError prints them ("; "); ""
  // when there are none.
  std::string ErrorText() const;
};

// Normalizes and validates every posted alert (see above).
PreparedAlerts PrepareAlerts(std::vector<model::Alert> posted, model::Time now,
                             std::chrono::nanoseconds resolve_timeout,
                             model::MatcherParserMode mode);

}  // namespace tocsin::alerts

#endif  // TOCSIN_ALERTS_VALIDATE_H_
