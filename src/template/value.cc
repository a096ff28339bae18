#include "template/value.h"

#include "template/format.h"

namespace tocsin::tmpl {

Value Value::MakeList(List items, Shape shape, std::string type_name) {
  Value v;
  v.kind_ = Kind::kList;
  auto agg = std::make_shared<Aggregate>();
  agg->shape = shape;
  agg->type_name = std::move(type_name);
  agg->list = std::move(items);
  v.agg_ = std::move(agg);
  return v;
}

Value Value::MakeMap(Map items, Shape shape, std::string type_name) {
  Value v;
  v.kind_ = Kind::kMap;
  auto agg = std::make_shared<Aggregate>();
  agg->shape = shape;
  agg->type_name = std::move(type_name);
  agg->map = std::move(items);
  v.agg_ = std::move(agg);
  return v;
}

Value Value::MakeStruct(std::vector<std::pair<std::string, Value>> fields,
                        std::string type_name) {
  Value v;
  v.kind_ = Kind::kMap;
  auto agg = std::make_shared<Aggregate>();
  agg->shape = Shape::kStruct;
  agg->type_name = std::move(type_name);
  for (auto& [name, value] : fields) {
    agg->fields.push_back(name);
    agg->map.emplace(std::move(name), std::move(value));
  }
  v.agg_ = std::move(agg);
  return v;
}

std::string Value::TypeName() const {
  switch (kind_) {
    case Kind::kNil:
      return "interface {}";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float64";
    case Kind::kString:
      return "string";
    case Kind::kTime:
      return "time.Time";
    case Kind::kDuration:
      return "time.Duration";
    case Kind::kList:
    case Kind::kMap:
      return agg_->type_name;
  }
  return "";
}

bool Value::Truthy() const {
  switch (kind_) {
    case Kind::kNil:
      return false;
    case Kind::kBool:
    case Kind::kInt:
    case Kind::kDuration:
      return i_ != 0;
    case Kind::kFloat:
      return f_ != 0;
    case Kind::kString:
      return !s_.empty();
    case Kind::kTime:
      return true;
    case Kind::kList:
      return !agg_->list.empty();
    case Kind::kMap:
      return agg_->shape == Shape::kStruct || !agg_->map.empty();
  }
  return false;
}

namespace {

void Print(const Value& v, std::string& out);

void PrintNested(const Value& v, std::string& out) {
  if (v.is_nil()) {
    out += "<nil>";
  } else {
    Print(v, out);
  }
}

void Print(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      out += "<nil>";
      return;
    case Value::Kind::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::kInt:
      out += std::to_string(v.as_int());
      return;
    case Value::Kind::kFloat:
      out += FormatFloat(v.as_float(), 'g', -1);
      return;
    case Value::Kind::kString:
      out += v.as_string();
      return;
    case Value::Kind::kTime:
      out += TimeString(v.as_time());
      return;
    case Value::Kind::kDuration:
      out += DurationString(v.as_duration());
      return;
    case Value::Kind::kList: {
      if (v.shape() == Shape::kPairs) {
        bool first = true;
        for (const Value& p : v.list()) {
          if (!first) out += ", ";
          first = false;
          out += p.list()[0].as_string();
          out += "=";
          out += p.list()[1].as_string();
        }
        return;
      }
      if (v.shape() == Shape::kPair) {
        out +=
            "{" + v.list()[0].as_string() + " " + v.list()[1].as_string() + "}";
        return;
      }
      out += "[";
      bool first = true;
      for (const Value& e : v.list()) {
        if (!first) out += " ";
        first = false;
        PrintNested(e, out);
      }
      out += "]";
      return;
    }
    case Value::Kind::kMap: {
      if (v.shape() == Shape::kKV) {
        // KV.String(): SortedPairs with alertname first.
        bool first = true;
        auto emit = [&](const std::string& k, const Value& val) {
          if (!first) out += ", ";
          first = false;
          out += k + "=" + val.as_string();
        };
        auto an = v.map().find("alertname");
        if (an != v.map().end()) emit(an->first, an->second);
        for (const auto& [k, val] : v.map()) {
          if (k != "alertname") emit(k, val);
        }
        return;
      }
      if (v.shape() == Shape::kStruct) {
        out += "{";
        bool first = true;
        for (const std::string& k : v.fields()) {
          if (!first) out += " ";
          first = false;
          PrintNested(v.map().at(k), out);
        }
        out += "}";
        return;
      }
      out += "map[";
      bool first = true;
      for (const auto& [k, val] : v.map()) {
        if (!first) out += " ";
        first = false;
        out += k + ":";
        PrintNested(val, out);
      }
      out += "]";
      return;
    }
  }
}

}  // namespace

std::string GoSprint(const Value& v) {
  std::string out;
  Print(v, out);
  return out;
}

}  // namespace tocsin::tmpl
