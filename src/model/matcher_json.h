#ifndef TOCSIN_MODEL_MATCHER_JSON_H_
#define TOCSIN_MODEL_MATCHER_JSON_H_

// Alertmanager's JSON shape of a matcher (labels.Matcher MarshalJSON /
// UnmarshalJSON, the v1 API shape also used in silences):
//   {"name":"foo","value":"bar","isRegex":false,"isEqual":true}

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "base/result.h"
#include "model/matcher.h"

namespace tocsin::model {

// The object with keys in Alertmanager's order: name, value, isRegex,
// isEqual (isEqual is true for = and =~).
boost::json::object MatcherToJson(const Matcher& m);

// MatcherToJson serialized compactly, e.g.
// {"name":"foo","value":"bar","isRegex":true,"isEqual":false}. Strings are
// escaped by Boost.JSON (Go additionally escapes <, > and & as \u003c...).
std::string MarshalMatcherJson(const Matcher& m);

// Reads the shape above as Go's encoding/json would into Alertmanager's
// struct: keys match exactly or ASCII case-insensitively, unknown keys and
// null values are ignored, a missing isEqual means true, a missing name or
// value means "". Fails with InvalidArgument when the value is not an
// object, a field has the wrong JSON type, or the regex does not compile.
Result<Matcher> MatcherFromJson(const boost::json::value& v);

// Parses JSON text, then MatcherFromJson. InvalidArgument on bad JSON.
Result<Matcher> UnmarshalMatcherJson(std::string_view json);

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_MATCHER_JSON_H_
