#include "config/integration.h"

namespace tocsin::config {

Status IntegrationRegistry::Register(std::string key, IntegrationParser parser,
                                     bool tocsin_only) {
  if (Find(key) != nullptr) {
    return AlreadyExistsError("integration key " + key + " registered twice");
  }
  entries_.push_back({std::move(key), std::move(parser), tocsin_only});
  return Status::Ok();
}

const IntegrationRegistry::Entry* IntegrationRegistry::Find(
    std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

Status IntegrationRegistry::RegisterSection(std::string key,
                                            SectionParser parser) {
  if (FindSection(key) != nullptr) {
    return AlreadyExistsError("config section " + key + " registered twice");
  }
  sections_.push_back({std::move(key), std::move(parser)});
  return Status::Ok();
}

const IntegrationRegistry::SectionEntry* IntegrationRegistry::FindSection(
    std::string_view key) const {
  for (const SectionEntry& e : sections_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

}  // namespace tocsin::config
