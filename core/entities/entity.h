// Value types produced by the entity extractor.
#ifndef CHRONICLE_CORE_ENTITIES_ENTITY_H_
#define CHRONICLE_CORE_ENTITIES_ENTITY_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::entities {

enum class EntityType { kPerson, kOrganization, kLocation };

// "person", "organization" or "location": the prefix of every entity id.
absl::string_view EntityTypeName(EntityType type);

// One place where an entity is named in the text.
struct Mention {
  // Byte offsets into the extracted text, half-open [begin, end). A possessive
  // ending ("'s", "’s") is not part of the span.
  size_t begin = 0;
  size_t end = 0;
  // The text at [begin, end).
  std::string text;
  // Title or role written with the name ("President", "Defense Minister",
  // "Gen."); empty when none.
  std::string role;
};

struct Entity {
  // Stable key across articles: "<type>:<slug>", e.g. "person:yoon-suk-yeol",
  // "location:south-korea". See MakeEntityId().
  std::string id;
  // Canonical display name: "Yoon Suk Yeol", "South Korea".
  std::string name;
  EntityType type = EntityType::kPerson;
  // Other surface forms: the known aliases of a gazetteer entry, then every
  // other form seen in the text ("Yoon Suk-yeol", "Korea", "South Korean").
  std::vector<std::string> aliases;
  // In text order; never empty in an extractor result.
  std::vector<Mention> mentions;
  // For a location inside another one (a city in its country), the id of the
  // containing location ("location:south-korea" for Seoul); empty otherwise.
  std::string located_in;
};

// Lowercase ASCII slug of a name: diacritics folded ("Pöhl" -> "pohl"), every
// run of other characters turned into one '-' ("Yoon Suk-yeol" and
// "Yoon Suk Yeol" both give "yoon-suk-yeol"). Empty for a name without letters
// or digits.
std::string Slugify(absl::string_view name);

// "<type>:<slug of name>", the id the extractor gives an entity of that name
// which is not in its gazetteer. Lets a caller build the key of a name the
// extractor found in text but cannot Resolve().
std::string MakeEntityId(EntityType type, absl::string_view name);

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_ENTITY_H_
