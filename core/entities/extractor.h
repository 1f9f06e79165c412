// Named-entity extraction for English news: people, organisations and places,
// each with a canonical name and a stable id.
//
//   ASSIGN_OR_RETURN(EntityExtractor extractor, EntityExtractor::Create());
//   for (const Entity& e : extractor.Extract(body)) { ... e.id, e.mentions ... }
//
// Known names come from a curated gazetteer compiled into the library
// (core/entities/data) plus ICU's English country and region names; other
// names are found by context: titles ("Defense Minister Ahn Gyu-back"),
// organisation and place suffixes ("University of Tokyo", "Jeju Island"),
// given names, verbs of saying. Later surname-only mentions ("Kishida said")
// join the full name seen in the same text; hyphen, space and case variants of
// a name ("Yoon Suk-yeol", "Yoon Suk Yeol") give one id.
#ifndef CHRONICLE_CORE_ENTITIES_EXTRACTOR_H_
#define CHRONICLE_CORE_ENTITIES_EXTRACTOR_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "core/entities/entity.h"

namespace chronicle::entities {

struct GazetteerFiles;

class EntityExtractor {
 public:
  // Loads the compiled-in gazetteer and ICU's names. Fails only if that data
  // is malformed (an internal error) or ICU has no English names.
  static absl::StatusOr<EntityExtractor> Create();

  // Same, from other data (tests): the four gazetteer files and the lexicon.
  static absl::StatusOr<EntityExtractor> CreateFromData(const GazetteerFiles& files,
                                                        absl::string_view lexicon);

  // Entities named in UTF-8 `text`, in order of first mention. Mention offsets
  // are byte offsets into `text`. Thread-safe.
  std::vector<Entity> Extract(absl::string_view text) const;

  // The id of the entity a user-typed name stands for, matched without regard
  // to case, hyphens or diacritics: "yoon suk-yeol" -> "person:yoon-suk-yeol",
  // "Korea" -> "location:south-korea", "Japanese" -> "location:japan". An id
  // ("location:japan") is returned as is when known. nullopt for names not in
  // the gazetteer (see MakeEntityId for those).
  absl::optional<std::string> Resolve(absl::string_view name) const;

  // The id of the location containing a known location ("location:seoul" ->
  // "location:south-korea"); nullopt when none is recorded or the id is unknown.
  absl::optional<std::string> LocatedIn(absl::string_view id) const;

  // The gazetteer's canonical name for a known id ("location:south-korea" ->
  // "South Korea"); nullopt when unknown.
  absl::optional<std::string> CanonicalName(absl::string_view id) const;

 private:
  struct Model;
  explicit EntityExtractor(std::shared_ptr<const Model> model) : model_(std::move(model)) {}

  std::shared_ptr<const Model> model_;
};

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_EXTRACTOR_H_
