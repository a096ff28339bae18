#ifndef TOCSIN_API_STATUS_PAGE_H_
#define TOCSIN_API_STATUS_PAGE_H_

// The plain status page served on GET "/" until the web UI exists: one HTML
// document (no JavaScript, no external resources) listing the aggregation
// groups with their alerts and every silence, built from the same V2Deps the
// API v2 handlers use.

#include <string>
#include <string_view>

#include "api/endpoint.h"
#include "api/v2/handlers.h"
#include "net/http_types.h"

namespace tocsin::api {

// `s` with the five HTML-significant characters replaced by entities
// (& &amp;  < &lt;  > &gt;  " &quot;  ' &#39;); every other byte unchanged.
// Safe for element text and for double- or single-quoted attribute values.
std::string HtmlEscape(std::string_view s);

// Renders the page at deps.now():
//   - "Alert groups": deps.groups (every receiver), in the order it returns
//     them; per group the receiver, the group labels and a table of its
//     alerts (labels, state, startsAt). State is "resolved" when the alert
//     is resolved at now, else the marker's state ("unprocessed", "active",
//     "suppressed") after deps.set_alert_status ran for its labels (when
//     set), as the API's groups endpoint does. An empty deps.groups lists no
//     groups.
//   - "Silences": deps.silences->Query({}, now) (sorted by ID), each with id,
//     matchers (as `name=~"value"`), state at now, createdBy, comment and
//     endsAt.
// Every text taken from the data (labels, receivers, matchers, comments,
// ...) is HTML-escaped. Times are RFC 3339 UTC with milliseconds, as the API
// prints them. Requires deps.silences, deps.marker and deps.now (V2Deps'
// contract). Thread-safe as far as deps' functions are.
std::string RenderStatusPage(v2::V2Deps& deps);

// 200 with `Content-Type: text/html; charset=utf-8` and RenderStatusPage.
net::HttpResponse GetStatusPage(v2::V2Deps& deps, const ApiRequest& req);

// The endpoint row for GET "/" (relative to the route prefix). `deps` must
// outlive the returned handler.
Endpoint StatusPageEndpoint(v2::V2Deps& deps);

}  // namespace tocsin::api

#endif  // TOCSIN_API_STATUS_PAGE_H_
