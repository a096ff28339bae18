#ifndef TOCSIN_MODEL_LABELS_H_
#define TOCSIN_MODEL_LABELS_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/fingerprint.h"

namespace tocsin::model {

struct Label {
  std::string name;
  std::string value;

  friend bool operator==(const Label&, const Label&) = default;
  friend std::strong_ordering operator<=>(const Label&, const Label&) = default;
};

// An immutable set of labels sorted by name (bytewise), names unique.
//
// Cheap to copy: copies share one immutable vector. The fingerprint is
// computed once at construction. Contents are never validated here (any
// bytes are kept as given); use the IsValid* functions below at the
// boundary. Thread-safe for concurrent reads (it has no mutators).
class Labels {
 public:
  // The empty set.
  Labels();
  // Sorts by name; on duplicate names the last one given wins.
  explicit Labels(std::vector<Label> labels);
  Labels(std::initializer_list<std::pair<std::string_view, std::string_view>>);

  // Value of `name`, or "" when absent. O(log n).
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  size_t size() const;
  bool empty() const;
  // Sorted by name.
  std::vector<Label>::const_iterator begin() const;
  std::vector<Label>::const_iterator end() const;
  const Label& operator[](size_t i) const { return rep_->labels[i]; }

  // `{a="1", b="2"}` as Prometheus' LabelSet.String() prints it: names in
  // byte order, unquoted; values Go-quoted (strconv.Quote); ", " between.
  std::string ToString() const;

  // Prometheus' LabelSet.Fingerprint(); cached, O(1).
  Fingerprint fingerprint() const { return rep_->fingerprint; }

  // A new set with `other`'s labels added, replacing labels of the same
  // name (Prometheus LabelSet.Merge).
  Labels Merge(const Labels& other) const;

  // Equality of the (name, value) pairs.
  friend bool operator==(const Labels& a, const Labels& b);
  // Lexicographic over the sorted (name, value) pairs; a total order for
  // maps and deterministic output, not Prometheus' LabelSet.Before.
  friend std::strong_ordering operator<=>(const Labels& a, const Labels& b);

 private:
  struct Rep {
    std::vector<Label> labels;
    Fingerprint fingerprint;
  };
  void Init(std::vector<Label> labels);

  std::shared_ptr<const Rep> rep_;
};

// Classic Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]* (model.LabelName's
// legacy IsValid; Alertmanager's compat.IsValidLabelName in classic mode).
bool IsValidLabelNameClassic(std::string_view name);
// UTF-8 label name: any non-empty valid UTF-8 (compat.IsValidLabelName in
// the default and utf8-strict modes).
bool IsValidLabelNameUtf8(std::string_view name);
// Label value: any valid UTF-8, empty included (model.LabelValue.IsValid).
bool IsValidLabelValue(std::string_view value);

}  // namespace tocsin::model

template <>
struct std::hash<tocsin::model::Labels> {
  size_t operator()(const tocsin::model::Labels& l) const noexcept {
    return static_cast<size_t>(l.fingerprint().value());
  }
};

#endif  // TOCSIN_MODEL_LABELS_H_
