#include "core/entities/entity.h"

#include "absl/strings/ascii.h"
#include "core/entities/text_utils.h"

namespace chronicle::entities {

absl::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPerson: return "person";
    case EntityType::kOrganization: return "organization";
    case EntityType::kLocation: return "location";
  }
  return "person";
}

std::string Slugify(absl::string_view name) {
  std::string folded;
  AppendFolded(name, &folded);
  std::string slug;
  for (char c : folded) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      slug.push_back(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  if (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string MakeEntityId(EntityType type, absl::string_view name) {
  std::string id(EntityTypeName(type));
  id.push_back(':');
  id += Slugify(name);
  return id;
}

}  // namespace chronicle::entities
