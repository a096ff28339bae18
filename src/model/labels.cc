#include "model/labels.h"

#include <algorithm>

#include "base/hash.h"
#include "base/strings.h"

namespace tocsin::model {
namespace {

// Prometheus' model.SeparatorByte: cannot occur in valid UTF-8.
constexpr unsigned char kSeparatorByte = 0xff;

uint64_t HashSorted(const std::vector<Label>& labels) {
  uint64_t h = kFnv64Offset;
  for (const Label& l : labels) {
    h = Fnv64aAdd(h, l.name);
    h = Fnv64aAddByte(h, kSeparatorByte);
    h = Fnv64aAdd(h, l.value);
    h = Fnv64aAddByte(h, kSeparatorByte);
  }
  return h;
}

}  // namespace

Labels::Labels() { Init({}); }

Labels::Labels(std::vector<Label> labels) { Init(std::move(labels)); }

Labels::Labels(
    std::initializer_list<std::pair<std::string_view, std::string_view>> init) {
  std::vector<Label> labels;
  labels.reserve(init.size());
  for (const auto& [n, v] : init) {
    labels.push_back(Label{std::string(n), std::string(v)});
  }
  Init(std::move(labels));
}

void Labels::Init(std::vector<Label> labels) {
  // Stable order among equal names so "last wins" holds. Label sets are
  // small: an in-place insertion sort avoids stable_sort's buffer.
  auto by_name = [](const Label& a, const Label& b) { return a.name < b.name; };
  if (labels.size() <= 32) {
    for (size_t i = 1; i < labels.size(); ++i) {
      if (!by_name(labels[i], labels[i - 1])) continue;
      Label moving = std::move(labels[i]);
      size_t j = i;
      for (; j > 0 && by_name(moving, labels[j - 1]); --j) {
        labels[j] = std::move(labels[j - 1]);
      }
      labels[j] = std::move(moving);
    }
  } else {
    std::stable_sort(labels.begin(), labels.end(), by_name);
  }
  // Duplicates collapse in place onto the first of their run, keeping the
  // last value.
  size_t out = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (out > 0 && labels[out - 1].name == labels[i].name) {
      labels[out - 1].value = std::move(labels[i].value);
    } else {
      if (out != i) labels[out] = std::move(labels[i]);
      ++out;
    }
  }
  labels.resize(out);
  // Held for the alert's lifetime: no spare capacity (a decoder's growth).
  if (labels.capacity() != labels.size()) labels.shrink_to_fit();
  auto rep = std::make_shared<Rep>();
  rep->fingerprint = Fingerprint(HashSorted(labels));
  rep->labels = std::move(labels);
  rep_ = std::move(rep);
}

std::string_view Labels::Get(std::string_view name) const {
  const auto& v = rep_->labels;
  auto it = std::lower_bound(
      v.begin(), v.end(), name,
      [](const Label& l, std::string_view n) { return l.name < n; });
  if (it == v.end() || it->name != name) return {};
  return it->value;
}

bool Labels::Has(std::string_view name) const {
  const auto& v = rep_->labels;
  auto it = std::lower_bound(
      v.begin(), v.end(), name,
      [](const Label& l, std::string_view n) { return l.name < n; });
  return it != v.end() && it->name == name;
}

size_t Labels::size() const { return rep_->labels.size(); }
bool Labels::empty() const { return rep_->labels.empty(); }
std::vector<Label>::const_iterator Labels::begin() const {
  return rep_->labels.begin();
}
std::vector<Label>::const_iterator Labels::end() const {
  return rep_->labels.end();
}

std::string Labels::ToString() const {
  std::string out = "{";
  bool first = true;
  for (const Label& l : rep_->labels) {
    if (!first) out += ", ";
    first = false;
    out += l.name;
    out += '=';
    out += GoQuote(l.value);
  }
  out += '}';
  return out;
}

Labels Labels::Merge(const Labels& other) const {
  if (other.empty()) return *this;
  if (empty()) return other;
  std::vector<Label> all(rep_->labels.begin(), rep_->labels.end());
  all.insert(all.end(), other.begin(), other.end());
  return Labels(std::move(all));
}

bool operator==(const Labels& a, const Labels& b) {
  if (a.rep_ == b.rep_) return true;
  return a.rep_->fingerprint == b.rep_->fingerprint &&
         a.rep_->labels == b.rep_->labels;
}

std::strong_ordering operator<=>(const Labels& a, const Labels& b) {
  return std::lexicographical_compare_three_way(
      a.rep_->labels.begin(), a.rep_->labels.end(), b.rep_->labels.begin(),
      b.rep_->labels.end());
}

bool IsValidLabelNameClassic(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool IsValidLabelNameUtf8(std::string_view name) {
  return !name.empty() && IsValidUtf8(name);
}

bool IsValidLabelValue(std::string_view value) { return IsValidUtf8(value); }

}  // namespace tocsin::model
