#ifndef TOCSIN_TESTS_E2E_DIFFERENTIAL_NORMALIZE_H_
#define TOCSIN_TESTS_E2E_DIFFERENTIAL_NORMALIZE_H_

// Normalization of what Alertmanager and tocsin answer in a differential
// scenario, so that two answers compare equal exactly when they mean the same
// thing. Everything that legitimately differs between two servers run side by
// side (server-chosen timestamps, silence IDs, the sink's port) is replaced by
// a stable placeholder; everything else is kept. Each normalized document is
// one canonical JSON text per line (object keys sorted), lines sorted where
// the order is not part of the contract, so gtest prints a readable diff.
//
// Pure functions; thread-compatible (the registries are plain data).

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace tocsin::e2e::diff {

// Times the test client itself sent, per alert label set (LabelsKey) and, for
// silences, under the key "". A timestamp in an answer is printed only when it
// is one of these (so "startsAt is what the client set" is compared); any
// other value is a server-chosen time and becomes "<server>".
class ClientTimes {
 public:
  void Add(const std::string& key, int64_t unix_ms) {
    times_[key].insert(unix_ms);
  }
  bool Contains(const std::string& key, int64_t unix_ms) const {
    auto it = times_.find(key);
    return it != times_.end() && it->second.count(unix_ms) > 0;
  }

 private:
  std::map<std::string, std::set<int64_t>> times_;
};

// One server's silence IDs: ID -> the scenario's name for it ("s1").
using IdNames = std::map<std::string, std::string>;

struct NormContext {
  const ClientTimes* times = nullptr;  // not owned; required
  const IdNames* ids = nullptr;        // not owned; required
};

// RFC 3339 with optional fraction and Z or +hh:mm; milliseconds since the
// epoch (fraction truncated to ms). nullopt when malformed.
std::optional<int64_t> ParseRfc3339Ms(std::string_view text);
// "2006-01-02T15:04:05.000Z" (UTC, always 3 fraction digits).
std::string FormatRfc3339Ms(int64_t unix_ms);

// Canonical JSON: object keys sorted (recursively), no whitespace.
std::string CanonicalJson(const boost::json::value& v);
// Canonical JSON of a label set object (the ClientTimes key of an alert).
std::string LabelsKey(const boost::json::value& labels);

// A response body for comparison: canonical JSON when it parses as JSON,
// otherwise the text with trailing whitespace removed ("" for an empty body).
// Go's encoders end bodies with '\n', other encoders may not: the trailing
// newline carries no meaning.
std::string NormalizeBody(std::string_view body);

// GET /api/v2/alerts body -> one line per alert, sorted: labels,
// annotations, fingerprint, generatorURL, receivers' names, status.state,
// status.silencedBy as silence names ("<unknown-id>" for an ID the scenario
// did not create), status.inhibitedBy (fingerprints, sorted), startsAt and
// endsAt through ClientTimes. A body that is not a JSON array is returned as
// NormalizeBody(body) prefixed with "not an alert list: ".
std::string NormalizeAlertList(std::string_view body, const NormContext& ctx);

// GET /api/v2/alerts/groups body -> one line per group, sorted: labels,
// receiver name, and its alerts normalized as above, sorted.
std::string NormalizeAlertGroups(std::string_view body, const NormContext& ctx);

// GET /api/v2/silences body -> one line per silence, sorted: id name,
// matchers (in order), createdBy, comment, status.state, startsAt/endsAt
// through ClientTimes key "". Non-arrays as NormalizeAlertList.
std::string NormalizeSilenceList(std::string_view body, const NormContext& ctx);
// GET /api/v2/silence/{id} 200 body -> the same one-line form.
std::string NormalizeSilence(std::string_view body, const NormContext& ctx);

// POST /api/v2/silences 200 body {"silenceID": id} -> {"silenceID": name},
// where name is ctx.ids' name for id, or "<new-id>" for an unknown ID.
std::string NormalizeSilenceCreated(std::string_view body,
                                    const NormContext& ctx);

// One webhook notification (sink path relative to the server's prefix, and
// the POST body) -> one line: path, version, receiver, status, groupKey,
// groupLabels, commonLabels, commonAnnotations, truncatedAlerts and the
// alerts (status, labels, annotations, fingerprint, generatorURL,
// startsAt/endsAt through ClientTimes) sorted. externalURL is left out: it
// names each server's own port.
std::string NormalizeNotification(std::string_view path, std::string_view body,
                                  const NormContext& ctx);

}  // namespace tocsin::e2e::diff

#endif  // TOCSIN_TESTS_E2E_DIFFERENTIAL_NORMALIZE_H_
