#ifndef TOCSIN_TEMPLATE_VALUE_H_
#define TOCSIN_TEMPLATE_VALUE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::tmpl {

class Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value>;

// Go types the engine imitates for lists and maps; they decide which methods
// exist (`.Alerts.Firing`, `.Labels.SortedPairs`) and how values print.
enum class Shape {
  kPlain,    // []interface{} / map[string]interface{}
  kKV,       // template.KV (map[string]string with methods)
  kPairs,    // template.Pairs
  kAlerts,   // template.Alerts
  kStruct,   // a Go struct; a missing field is an error
  kStrings,  // []string
  kPair,     // template.Pair: a two-element list read as .Name and .Value
};

// A point in time with its zone (Go's time.Time restricted to fixed zones).
struct TimeValue {
  int64_t unix_seconds = 0;    // Go's zero time is -62135596800.
  int32_t nanos = 0;           // [0, 1e9).
  int32_t offset_seconds = 0;  // East of UTC.
  std::string zone = "UTC";
};

// A dynamically typed template value: nil, bool, int, float, string, time,
// duration, list or map. Lists and maps share their storage (cheap copies)
// and are immutable once built.
class Value {
 public:
  enum class Kind {
    kNil,
    kBool,
    kInt,
    kFloat,
    kString,
    kTime,
    kDuration,
    kList,
    kMap
  };
  // How a string is trusted by the HTML escaper.
  enum class Safety { kNone, kHtml, kUrl };

  Value() = default;
  Value(bool b) : kind_(Kind::kBool), i_(b) {}                      // NOLINT
  Value(int v) : kind_(Kind::kInt), i_(v) {}                        // NOLINT
  Value(int64_t v) : kind_(Kind::kInt), i_(v) {}                    // NOLINT
  Value(double v) : kind_(Kind::kFloat), f_(v) {}                   // NOLINT
  Value(std::string s) : kind_(Kind::kString), s_(std::move(s)) {}  // NOLINT
  Value(std::string_view s) : Value(std::string(s)) {}              // NOLINT
  Value(const char* s) : Value(std::string(s)) {}                   // NOLINT
  Value(TimeValue t)                                                // NOLINT
      : kind_(Kind::kTime),
        i_(t.unix_seconds),
        j_(t.nanos),
        f_(t.offset_seconds),
        s_(std::move(t.zone)) {}

  static Value Duration(int64_t nanos) {
    Value v;
    v.kind_ = Kind::kDuration;
    v.i_ = nanos;
    return v;
  }
  static Value MakeList(List items, Shape shape = Shape::kPlain,
                        std::string type_name = "[]interface {}");
  static Value MakeMap(Map items, Shape shape = Shape::kPlain,
                       std::string type_name = "map[string]interface {}");
  // A Go struct: fields keep their declaration order for printing and JSON.
  static Value MakeStruct(std::vector<std::pair<std::string, Value>> fields,
                          std::string type_name);
  static Value SafeString(std::string s, Safety safety) {
    Value v(std::move(s));
    v.safety_ = safety;
    return v;
  }

  Kind kind() const { return kind_; }
  bool is_nil() const { return kind_ == Kind::kNil; }
  bool as_bool() const { return i_ != 0; }
  int64_t as_int() const { return i_; }
  double as_float() const { return f_; }
  const std::string& as_string() const { return s_; }
  Safety safety() const { return safety_; }
  TimeValue as_time() const {
    return {i_, static_cast<int32_t>(j_), static_cast<int32_t>(f_), s_};
  }
  int64_t as_duration() const { return i_; }
  const List& list() const { return agg_->list; }
  const Map& map() const { return agg_->map; }
  // Field names of a struct in declaration order (empty otherwise).
  const std::vector<std::string>& fields() const { return agg_->fields; }
  Shape shape() const { return agg_ ? agg_->shape : Shape::kPlain; }
  // The Go type name used in error messages ("template.Data").
  std::string TypeName() const;

  // Go's truth: false, 0, nil, "", empty list/map are false; structs true.
  bool Truthy() const;

 private:
  struct Aggregate {
    Shape shape = Shape::kPlain;
    std::string type_name;
    List list;
    Map map;
    std::vector<std::string> fields;
  };
  Kind kind_ = Kind::kNil;
  Safety safety_ = Safety::kNone;
  int64_t i_ = 0;
  int64_t j_ = 0;
  double f_ = 0;
  std::string s_;
  std::shared_ptr<const Aggregate> agg_;
};

// Formats `v` as Go's fmt.Sprint does for the value the template would hold
// (Stringer methods of KV, Pairs, time.Time and time.Duration included).
std::string GoSprint(const Value& v);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_VALUE_H_
