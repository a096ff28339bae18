#include "notify/outbox/outbox_store.h"

#include <boost/json.hpp>
#include <charconv>
#include <exception>
#include <utility>

namespace tocsin::notify::outbox {
namespace {

namespace json = boost::json;

int64_t ToNanos(model::Time t) { return t.time_since_epoch().count(); }
model::Time FromNanos(int64_t ns) {
  return model::Time(std::chrono::nanoseconds(ns));
}

json::object LabelsToJson(const model::Labels& labels) {
  json::object o;
  for (const model::Label& l : labels) o[l.name] = l.value;
  return o;
}

model::Labels LabelsFromJson(const json::object& o) {
  std::vector<model::Label> v;
  v.reserve(o.size());
  for (const auto& kv : o) {
    v.push_back({std::string(kv.key()), std::string(kv.value().as_string())});
  }
  return model::Labels(std::move(v));
}

json::array HashesToJson(const std::vector<uint64_t>& hashes) {
  json::array a;
  // Strings: a JSON number loses precision above 2^53.
  for (uint64_t h : hashes) a.emplace_back(std::to_string(h));
  return a;
}

std::vector<uint64_t> HashesFromJson(const json::array& a) {
  std::vector<uint64_t> out;
  for (const json::value& v : a) {
    const json::string& s = v.as_string();
    uint64_t h = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), h);
    if (ec != std::errc() || p != s.data() + s.size()) {
      throw std::invalid_argument("bad alert hash");
    }
    out.push_back(h);
  }
  return out;
}

}  // namespace

Result<NotificationId> NotificationId::Parse(std::string_view text) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() ||
      v == 0) {
    return InvalidArgumentError("invalid notification id \"" +
                                std::string(text) + "\"");
  }
  return NotificationId(v);
}

std::string_view DeliveryStateName(DeliveryState s) {
  switch (s) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kDelivered:
      return "delivered";
    case DeliveryState::kDead:
      return "dead";
  }
  return "pending";
}

Result<DeliveryState> ParseDeliveryState(std::string_view name) {
  if (name == "pending") return DeliveryState::kPending;
  if (name == "delivered") return DeliveryState::kDelivered;
  if (name == "dead") return DeliveryState::kDead;
  return InvalidArgumentError("invalid notification state \"" +
                              std::string(name) +
                              "\" (want pending, delivered or dead)");
}

std::string EncodePayload(const pipeline::NotifyContext& ctx,
                          const pipeline::Alerts& alerts) {
  json::object o;
  o["groupKey"] = ctx.group_key;
  o["receiver"] = ctx.receiver_name;
  o["groupLabels"] = LabelsToJson(ctx.group_labels);
  o["repeatIntervalNs"] = ctx.repeat_interval.count();
  o["nowNs"] = ToNanos(ctx.now);
  o["firing"] = HashesToJson(ctx.firing_hashes);
  o["resolved"] = HashesToJson(ctx.resolved_hashes);
  json::array as;
  for (const model::Alert& a : alerts) {
    json::object j;
    j["labels"] = LabelsToJson(a.labels);
    j["annotations"] = LabelsToJson(a.annotations);
    j["startsAtNs"] = ToNanos(a.starts_at);
    j["endsAtNs"] = ToNanos(a.ends_at);
    j["generatorURL"] = a.generator_url;
    j["updatedAtNs"] = ToNanos(a.updated_at);
    j["timeout"] = a.timeout;
    as.emplace_back(std::move(j));
  }
  o["alerts"] = std::move(as);
  return json::serialize(o);
}

Status DecodePayload(std::string_view payload, pipeline::NotifyContext* ctx,
                     pipeline::Alerts* alerts) {
  try {
    json::value v = json::parse(payload);
    const json::object& o = v.as_object();
    pipeline::NotifyContext c;
    c.group_key = std::string(o.at("groupKey").as_string());
    c.receiver_name = std::string(o.at("receiver").as_string());
    c.group_labels = LabelsFromJson(o.at("groupLabels").as_object());
    c.repeat_interval = runtime::Duration(o.at("repeatIntervalNs").as_int64());
    c.now = FromNanos(o.at("nowNs").as_int64());
    c.firing_hashes = HashesFromJson(o.at("firing").as_array());
    c.resolved_hashes = HashesFromJson(o.at("resolved").as_array());
    pipeline::Alerts out;
    for (const json::value& av : o.at("alerts").as_array()) {
      const json::object& j = av.as_object();
      model::Alert a;
      a.labels = LabelsFromJson(j.at("labels").as_object());
      a.annotations = LabelsFromJson(j.at("annotations").as_object());
      a.starts_at = FromNanos(j.at("startsAtNs").as_int64());
      a.ends_at = FromNanos(j.at("endsAtNs").as_int64());
      a.generator_url = std::string(j.at("generatorURL").as_string());
      a.updated_at = FromNanos(j.at("updatedAtNs").as_int64());
      a.timeout = j.at("timeout").as_bool();
      out.push_back(std::move(a));
    }
    *ctx = std::move(c);
    *alerts = std::move(out);
    return Status::Ok();
  } catch (const std::exception& e) {
    return DataLossError(std::string("outbox payload: ") + e.what());
  }
}

}  // namespace tocsin::notify::outbox
