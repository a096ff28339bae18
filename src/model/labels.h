#ifndef TOCSIN_MODEL_LABELS_H_
#define TOCSIN_MODEL_LABELS_H_

// CONTRACT SKETCH written by the coordinator so other modules can code
// against it; the model module owns and completes it.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::model {

struct Label {
  std::string name;
  std::string value;
};

// An immutable set of labels sorted by name, unique names. Cheap to copy
// (shared storage).
class Labels {
 public:
  Labels();
  // Sorts; on duplicate names the last one wins.
  explicit Labels(std::vector<Label> labels);
  Labels(std::initializer_list<std::pair<std::string_view, std::string_view>>);

  // Value of `name`, or "" when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  size_t size() const;
  bool empty() const;
  // Sorted by name.
  std::vector<Label>::const_iterator begin() const;
  std::vector<Label>::const_iterator end() const;
  // `{a="1", b="2"}` as Prometheus' LabelSet.String() prints it.
  std::string ToString() const;
};

}  // namespace tocsin::model

#endif  // TOCSIN_MODEL_LABELS_H_
