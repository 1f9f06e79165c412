// Word lists that drive the context rules: titles, organisation and place
// suffixes, words that never start a name, common given names.
#ifndef CHRONICLE_CORE_ENTITIES_LEXICON_H_
#define CHRONICLE_CORE_ENTITIES_LEXICON_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::entities {

// All entries are word keys (see AppendWordKey): lowercase, no periods.
struct Lexicon {
  // Words that end a title before a name: "president", "minister", "gen", "mr".
  absl::flat_hash_set<std::string> title_heads;
  // Title heads that only count when capitalised: "major", "general".
  absl::flat_hash_set<std::string> capitalized_only_titles;
  // First words of organisation names: "banque", "air".
  absl::flat_hash_set<std::string> org_prefixes;
  // Words that may come before a title head inside a title: "prime", "defense".
  absl::flat_hash_set<std::string> title_modifiers;
  // Last words of organisation names: "university", "ministry", "corp".
  absl::flat_hash_set<std::string> org_suffixes;
  // Words that start "<head> of <Name>" organisations: "university", "bank".
  absl::flat_hash_set<std::string> org_heads;
  // Last words of place names: "island", "province"; and "<head> of" places.
  absl::flat_hash_set<std::string> location_suffixes;
  absl::flat_hash_set<std::string> location_heads;
  // Capitalised words that are never (part of) a name: "however", "monday".
  absl::flat_hash_set<std::string> stopwords;
  absl::flat_hash_set<std::string> given_names;
  // Surnames written before the given name: "kim", "moon", "xi".
  absl::flat_hash_set<std::string> family_first_surnames;
  // Lowercase words allowed inside person names: "de", "van", "bin".
  absl::flat_hash_set<std::string> name_particles;
  // Verbs of saying after a person's name: "said", "told".
  absl::flat_hash_set<std::string> speech_verbs;
  // Capitalised phrases that are not entities ("World War II"), as phrases.
  std::vector<std::string> not_entities;

  // Parses the lexicon format: "[section]" lines open a section, every other
  // non-empty line not starting with '#' is one entry. Fails on an unknown
  // section or an entry before the first section.
  static absl::StatusOr<Lexicon> Parse(absl::string_view text);
};

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_LEXICON_H_
