#include "notify/outbox/outbox_api.h"

#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

namespace tocsin::notify::outbox {
namespace {

namespace json = boost::json;

constexpr size_t kDefaultLimit = 1000;
constexpr size_t kMaxLimit = 10000;

// RFC 3339 in UTC, fraction digits as needed (Go's RFC3339Nano).
std::string FormatTime(model::Time t) {
  auto ns = t.time_since_epoch().count();
  int64_t secs = ns / 1'000'000'000;
  int64_t frac = ns % 1'000'000'000;
  if (frac < 0) {
    frac += 1'000'000'000;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (frac != 0) {
    char f[16];
    std::snprintf(f, sizeof f, ".%09lld", static_cast<long long>(frac));
    std::string fs = f;
    while (fs.back() == '0') fs.pop_back();
    out += fs;
  }
  return out + "Z";
}

json::object RowToJson(const OutboxRow& r,
                       const std::vector<AttemptRecord>& history) {
  json::object o;
  o["id"] = r.id.ToString();
  o["state"] = DeliveryStateName(r.state);
  o["receiver"] = r.receiver.group_name;
  o["integration"] = r.receiver.integration;
  o["integrationIndex"] = r.receiver.idx;
  o["groupKey"] = r.group_key;
  o["attempts"] = r.attempts;
  o["nextAttemptAt"] = FormatTime(r.next_attempt_at);
  o["lastError"] = r.last_error;
  o["createdAt"] = FormatTime(r.created_at);
  o["updatedAt"] = FormatTime(r.updated_at);
  json::array h;
  for (const AttemptRecord& a : history) {
    json::object j;
    j["at"] = FormatTime(a.at);
    j["outcome"] = DeliveryStateName(a.outcome);
    j["latencySeconds"] = std::chrono::duration<double>(a.latency).count();
    j["error"] = a.error;
    h.emplace_back(std::move(j));
  }
  o["history"] = std::move(h);
  return o;
}

}  // namespace

Result<OutboxFilter> MakeNotificationFilter(
    std::optional<std::string_view> state,
    std::optional<std::string_view> receiver,
    std::optional<std::string_view> integration,
    std::optional<std::string_view> limit) {
  OutboxFilter f;
  if (state.has_value()) {
    Result<DeliveryState> s = ParseDeliveryState(*state);
    if (!s.ok()) {
      return InvalidArgumentError("bad parameter state: " +
                                  s.status().message());
    }
    f.state = *s;
  }
  if (receiver.has_value()) f.receiver = std::string(*receiver);
  if (integration.has_value()) f.integration = std::string(*integration);
  f.limit = kDefaultLimit;
  if (limit.has_value()) {
    size_t n = 0;
    auto [p, ec] =
        std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (limit->empty() || ec != std::errc() ||
        p != limit->data() + limit->size() || n == 0 || n > kMaxLimit) {
      return InvalidArgumentError("bad parameter limit: \"" +
                                  std::string(*limit) + "\" (want 1.." +
                                  std::to_string(kMaxLimit) + ")");
    }
    f.limit = n;
  }
  return f;
}

Result<std::string> ListNotificationsJson(OutboxStore& store,
                                          const OutboxFilter& filter) {
  ASSIGN_OR_RETURN(std::vector<OutboxRow> rows, store.List(filter));
  json::array out;
  for (const OutboxRow& r : rows) {
    ASSIGN_OR_RETURN(std::vector<AttemptRecord> history,
                     store.ListAttempts(r.id));
    out.emplace_back(RowToJson(r, history));
  }
  return json::serialize(out);
}

Result<std::string> RetryNotificationJson(Outbox& outbox, OutboxStore& store,
                                          std::string_view id_text) {
  ASSIGN_OR_RETURN(NotificationId id, NotificationId::Parse(id_text));
  ASSIGN_OR_RETURN(OutboxRow row, outbox.RetryDead(id));
  ASSIGN_OR_RETURN(std::vector<AttemptRecord> history, store.ListAttempts(id));
  return json::serialize(RowToJson(row, history));
}

OutboxGcLoop::OutboxGcLoop(OutboxStore& store, runtime::Scheduler& scheduler,
                           const runtime::Clock& clock,
                           runtime::Duration interval,
                           runtime::Duration retention,
                           std::function<void(const Status&)> on_error)
    : task_(scheduler, interval,
            [&store, &clock, retention,
             on_error = std::move(on_error)](runtime::MonoTime) {
              Result<size_t> r = store.GC(clock.Now() - retention);
              if (!r.ok() && on_error) on_error(r.status());
            }) {}

OutboxGcLoop::~OutboxGcLoop() { Stop(); }

void OutboxGcLoop::Start() { task_.Start(); }

void OutboxGcLoop::Stop() { task_.Stop(); }

}  // namespace tocsin::notify::outbox
