// The curated name lists (data/*.tsv, compiled in) plus ICU's English country
// and region names, indexed for longest-match lookup over tokens.
#ifndef CHRONICLE_CORE_ENTITIES_GAZETTEER_H_
#define CHRONICLE_CORE_ENTITIES_GAZETTEER_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "core/entities/entity.h"
#include "core/entities/lexicon.h"
#include "core/entities/tokenizer.h"

namespace chronicle::entities {

struct GazetteerEntity {
  std::string id;
  std::string name;
  EntityType type = EntityType::kLocation;
  // "country", "city", "region", ... for locations; empty otherwise.
  std::string kind;
  std::string located_in;  // id of the containing location, or empty
  std::vector<std::string> aliases;
  // Persons: word key of the surname, and whether it is written first
  // ("Yoon" in "Yoon Suk Yeol").
  std::string surname;
  bool family_first = false;
  // Free text from the data file ("US Treasury Secretary 1985-1988"); its
  // words help tell apart people who share a surname.
  std::string description;
};

// How a surface form may be matched.
enum SurfaceFlag : uint8_t {
  kAcronym = 1,         // "US", "EC": short ones must be written in capitals
  kNotInCapsLine = 2,   // skipped in all-capitals lines ("WHO", "TURKEY")
  kDemonym = 4,         // "Japanese", "South Korean"
  kSurnameOnly = 8,     // "Reagan" for Ronald Reagan
};

struct SurfaceTarget {
  uint32_t entity = 0;
  uint8_t flags = 0;
};

// Surfaces whose target is kBlocker are phrases that are not entities
// ("World War II"): matching them stops other rules from using their words.
inline constexpr uint32_t kBlocker = std::numeric_limits<uint32_t>::max();

struct GazetteerMatch {
  size_t tokens = 0;  // tokens covered, from the start token
  std::vector<SurfaceTarget> targets;  // several when ambiguous ("Korea")
  bool blocked() const { return !targets.empty() && targets[0].entity == kBlocker; }
};

// The raw data files, for loading something other than the compiled-in set.
struct GazetteerFiles {
  absl::string_view locations;
  absl::string_view ambiguous;
  absl::string_view people;
  absl::string_view organizations;
};

class Gazetteer {
 public:
  // Builds the gazetteer from `files` plus ICU's countries and regions; the
  // lexicon's not-entity phrases become blockers. Fails on a malformed row
  // (wrong column count, unknown entity kind, dangling id reference).
  static absl::StatusOr<Gazetteer> Load(const GazetteerFiles& files, const Lexicon& lexicon);

  // Longest surface starting at token `start` whose capitalisation fits the
  // text; false when none. With `only`, considers only surfaces naming an
  // entity of that type and returns only such targets ("U.S." inside
  // "U.S. Senate" when looking for places).
  bool Match(const TokenizedText& text, size_t start, GazetteerMatch* match,
             absl::optional<EntityType> only = absl::nullopt) const;

  // Gazetteer people with this surname key (see PhraseKey); empty when none.
  const std::vector<uint32_t>& PeopleWithSurname(absl::string_view surname) const;

  // Targets of a phrase key (see PhraseKey), ignoring capitalisation rules;
  // nullptr when unknown.
  const std::vector<SurfaceTarget>* Lookup(absl::string_view key) const;

  const GazetteerEntity& entity(uint32_t index) const { return entities_[index]; }
  size_t size() const { return entities_.size(); }
  absl::optional<uint32_t> FindById(absl::string_view id) const;

 private:
  absl::Status LoadCountries();
  absl::Status LoadLocations(absl::string_view tsv);
  absl::Status LoadPeople(absl::string_view tsv, const Lexicon& lexicon);
  absl::Status LoadOrganizations(absl::string_view tsv);
  absl::Status LoadAmbiguous(absl::string_view tsv);
  void LoadRegions();

  // Adds an entity, or returns the existing one with the same id.
  uint32_t AddEntity(EntityType type, absl::string_view name, absl::string_view id = {});
  // Registers a surface form; a leading '!' means kNotInCapsLine.
  void AddSurface(absl::string_view surface, uint32_t entity, uint8_t flags = 0);
  void AddAlias(uint32_t entity, absl::string_view alias, uint8_t flags = 0);
  absl::StatusOr<std::string> LocationRef(absl::string_view ref) const;

  std::vector<GazetteerEntity> entities_;
  absl::flat_hash_map<std::string, uint32_t> by_id_;
  absl::flat_hash_map<std::string, std::string> by_iso_code_;  // "KR" -> id
  absl::flat_hash_map<std::string, std::vector<SurfaceTarget>> surfaces_;
  // First word of every surface key -> most tokens a surface starting with it spans.
  absl::flat_hash_map<std::string, uint8_t> first_words_;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> people_by_surname_;
};

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_GAZETTEER_H_
