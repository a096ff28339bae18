#include "api/status_page.h"

#include <string>
#include <vector>

#include "api/v2/wire.h"
#include "base/strings.h"
#include "model/matcher.h"
#include "silence/silence.h"
#include "silence/silences.h"

namespace tocsin::api {
namespace {

constexpr std::string_view kHead =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>tocsin</title>\n"
    "<style>\n"
    "body{font-family:sans-serif;margin:1em 2em}\n"
    "table{border-collapse:collapse;margin-bottom:1em}\n"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;"
    "vertical-align:top}\n"
    "code{white-space:pre-wrap}\n"
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<h1>tocsin</h1>\n";

// `{a="1", b="2"}` (values Go-quoted), escaped.
std::string LabelsHtml(const model::Labels& labels) {
  return "<code>" + HtmlEscape(labels.ToString()) + "</code>";
}

std::string MatchersHtml(const std::vector<silence::SilenceMatcher>& ms) {
  std::string text = "{";
  for (size_t i = 0; i < ms.size(); ++i) {
    if (i > 0) text += ", ";
    text += ms[i].name;
    text += model::MatchTypeString(ms[i].type);
    text += GoQuote(ms[i].pattern);
  }
  text += "}";
  return "<code>" + HtmlEscape(text) + "</code>";
}

std::string Cell(std::string_view html) {
  return "<td>" + std::string(html) + "</td>";
}

void RenderGroups(v2::V2Deps& deps, model::Time now, std::string& out) {
  std::vector<v2::AlertGroupView> groups;
  if (deps.groups)
    groups = deps.groups([](const std::string&) { return true; });
  out += "<h2>Alert groups (" + std::to_string(groups.size()) + ")</h2>\n";
  if (groups.empty()) {
    out += "<p>No alert groups.</p>\n";
    return;
  }
  for (const v2::AlertGroupView& g : groups) {
    out += "<h3>receiver <code>" + HtmlEscape(g.receiver) + "</code>, group " +
           LabelsHtml(g.labels) + "</h3>\n";
    out += "<table>\n<tr><th>labels</th><th>state</th><th>startsAt</th></tr>\n";
    for (const model::Alert& a : g.alerts) {
      std::string state;
      if (a.Resolved(now)) {
        state = "resolved";
      } else {
        if (deps.set_alert_status) deps.set_alert_status(a.labels);
        model::AlertState s = deps.marker != nullptr
                                  ? deps.marker->Status(a.fingerprint()).state
                                  : model::AlertState::kUnprocessed;
        state = std::string(model::AlertStateName(s));
      }
      out += "<tr>" + Cell(LabelsHtml(a.labels)) + Cell(HtmlEscape(state)) +
             Cell(HtmlEscape(v2::FormatDateTime(a.starts_at))) + "</tr>\n";
    }
    out += "</table>\n";
  }
}

void RenderSilences(v2::V2Deps& deps, model::Time now, std::string& out) {
  std::vector<silence::Silence> silences;
  if (deps.silences != nullptr) silences = deps.silences->Query({}, now);
  out += "<h2>Silences (" + std::to_string(silences.size()) + ")</h2>\n";
  if (silences.empty()) {
    out += "<p>No silences.</p>\n";
    return;
  }
  out +=
      "<table>\n<tr><th>id</th><th>matchers</th><th>state</th>"
      "<th>createdBy</th><th>comment</th><th>endsAt</th></tr>\n";
  for (const silence::Silence& s : silences) {
    out +=
        "<tr>" + Cell("<code>" + HtmlEscape(s.id.value()) + "</code>") +
        Cell(MatchersHtml(s.matchers)) +
        Cell(HtmlEscape(silence::SilenceStateName(silence::StateAt(s, now)))) +
        Cell(HtmlEscape(s.created_by)) + Cell(HtmlEscape(s.comment)) +
        Cell(HtmlEscape(v2::FormatDateTime(s.ends_at))) + "</tr>\n";
  }
  out += "</table>\n";
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderStatusPage(v2::V2Deps& deps) {
  model::Time now = deps.now ? deps.now() : model::kZeroTime;
  std::string out(kHead);
  out += "<p>As of " + HtmlEscape(v2::FormatDateTime(now)) +
         ". API: <a href=\"api/v2/status\">status</a>, "
         "<a href=\"api/v2/alerts/groups\">alert groups</a>, "
         "<a href=\"api/v2/silences\">silences</a>.</p>\n";
  RenderGroups(deps, now, out);
  RenderSilences(deps, now, out);
  out += "</body>\n</html>\n";
  return out;
}

net::HttpResponse GetStatusPage(v2::V2Deps& deps, const ApiRequest& /*req*/) {
  net::HttpResponse res;
  res.status = 200;
  res.headers.Set("Content-Type", "text/html; charset=utf-8");
  res.body = RenderStatusPage(deps);
  return res;
}

Endpoint StatusPageEndpoint(v2::V2Deps& deps) {
  Endpoint e;
  e.method = Method::kGet;
  e.path = "/";
  e.handler = [&deps](const ApiRequest& req) {
    return GetStatusPage(deps, req);
  };
  e.mutates_state = false;
  e.help = "Plain HTML page listing the alert groups and silences.";
  return e;
}

}  // namespace tocsin::api
