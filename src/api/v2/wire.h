#ifndef TOCSIN_API_V2_WIRE_H_
#define TOCSIN_API_V2_WIRE_H_

// Alertmanager's API v2 wire types (api/v2/openapi.yaml) and their JSON
// codecs, kept apart from the model types. Objects are written with keys in
// the order go-swagger's generated models marshal them (each allOf part's
// properties alphabetically, the own properties before the embedded ones).

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/alert.h"
#include "silence/silence.h"

namespace tocsin::api::v2 {

// A go-swagger style error: HTTP status, JSON {"code":..,"message":..}.
// code 400 for body parse errors (ParseError), 601 invalid type, 602
// required, 612 too few items; every 6xx code is served as HTTP 422.
struct SwaggerError {
  int code = 0;
  std::string message;
  int HttpStatus() const { return code >= 600 ? 422 : code; }
};

// strfmt.DateTime's JSON text: RFC 3339 in UTC with milliseconds,
// "2006-01-02T15:04:05.000Z". kZeroTime prints Go's zero time
// "0001-01-01T00:00:00.000Z".
std::string FormatDateTime(model::Time t);

// Parses an RFC 3339 date-time as strfmt.ParseDateTime accepts it (fraction
// optional; "Z", +hh:mm or no zone = UTC). "" and Go's zero time
// "0001-01-01T00:00:00Z" map to kZeroTime. Errors: InvalidArgument
// `parsing time "<s>" as "2006-01-02T15:04:05Z07:00": cannot parse ...`.
Result<model::Time> ParseDateTime(std::string_view s);

// One posted alert (postableAlert).
struct PostableAlert {
  model::Alert alert;  // labels, annotations, starts/ends, generatorURL
};

// Decodes the POST /api/v2/alerts body (postableAlerts). Errors are go-
// swagger's: malformed JSON or a JSON type that does not fit a field -> code
// 400 `parsing alerts body from "" failed, because <reason>`; a missing body
// -> 602 "alerts in body is required"; an alert without labels -> 602
// "<i>.labels in body is required"; a generatorURL Go's url.Parse would
// refuse (control characters, bad %-escapes outside the query) -> 601
// `<i>.generatorURL in body must be of type uri: "<url>"` (checked before
// labels; the first failing alert wins). JSON null is an empty list (OK).
Result<std::vector<model::Alert>> DecodePostableAlerts(std::string_view body,
                                                       SwaggerError* error);

// The status block of a gettable alert.
struct AlertStatusWire {
  model::AlertState state = model::AlertState::kUnprocessed;
  std::vector<std::string> silenced_by;
  std::vector<std::string> inhibited_by;
  std::vector<std::string> muted_by;
};

// gettableAlert: {"annotations","endsAt","fingerprint","receivers":[{"name"}],
// "startsAt","status":{"inhibitedBy","mutedBy","silencedBy","state"},
// "updatedAt","generatorURL","labels"}.
boost::json::object GettableAlertJson(
    const model::Alert& alert, const AlertStatusWire& status,
    const std::vector<std::string>& receivers);

// Appends exactly GoHtmlEscape(ToJson(GettableAlertJson(alert, status,
// receivers))) to `*out`, without building a JSON tree. The second form
// takes the marker's status as is (mutedBy empty).
void AppendGettableAlertJson(const model::Alert& alert,
                             const AlertStatusWire& status,
                             const std::vector<std::string>& receivers,
                             std::string* out);
void AppendGettableAlertJson(const model::Alert& alert,
                             const model::AlertStatus& status,
                             const std::vector<std::string>& receivers,
                             std::string* out);

// Appends a label set as a JSON object (names in label order), with Go's
// HTML escaping when `html_escape`; byte for byte what ToJson of the
// equivalent boost::json::object gives (then GoHtmlEscape).
void AppendLabelSetJson(const model::Labels& labels, bool html_escape,
                        std::string* out);

// Appends `s` as a JSON string literal: '"', '\\' and control characters
// escaped as boost::json's serializer does (\b \t \n \f \r, else \u00xx),
// bytes >= 0x80 copied as they are; with `html_escape` also Go's
// GoHtmlEscape (<, >, &, U+2028, U+2029).
void AppendJsonString(std::string_view s, bool html_escape, std::string* out);

// Appends FormatDateTime(t) (no quotes).
void AppendDateTime(model::Time t, std::string* out);

// receiver: {"name": ...}.
boost::json::object ReceiverJson(std::string_view name);

// gettableSilence: {"id","status":{"state"},"updatedAt","comment",
// "createdBy","endsAt","matchers":[{"isEqual","isRegex","name","value"}],
// "startsAt"}; state as of `now`.
boost::json::object GettableSilenceJson(const silence::Silence& s,
                                        model::Time now);

// Decodes the POST /api/v2/silences body (postableSilence) into a silence
// (id empty unless given). Errors as DecodePostableAlerts with name
// "silence": 400 parse errors; 602 "<field> in body is required" for
// comment, createdBy, endsAt, matchers, startsAt (in that order) and
// "matchers.<i>.<name|value|isRegex> in body is required"; 612 "matchers in
// body should have at least 1 items".
Result<silence::Silence> DecodePostableSilence(std::string_view body,
                                               SwaggerError* error);

// Go's encoding/json HTML escaping applied to serialized JSON: <, >, & and
// U+2028/U+2029 become \u003c, \u003e, \u0026, \u2028, \u2029 (they can
// only occur inside strings). go-swagger's allOf models (gettableAlert,
// gettableSilence) marshal themselves with json.Marshal and so are escaped;
// plain models are written by an encoder with HTML escaping off.
std::string GoHtmlEscape(std::string_view json);

// {"code":<code>,"message":<message>}.
boost::json::object SwaggerErrorJson(const SwaggerError& e);

}  // namespace tocsin::api::v2

#endif  // TOCSIN_API_V2_WIRE_H_
