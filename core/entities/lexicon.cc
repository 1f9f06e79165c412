#include "core/entities/lexicon.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/entities/text_utils.h"

namespace chronicle::entities {

absl::StatusOr<Lexicon> Lexicon::Parse(absl::string_view text) {
  Lexicon lexicon;
  const std::pair<absl::string_view, absl::flat_hash_set<std::string>*> kSections[] = {
      {"title_heads", &lexicon.title_heads},
      {"title_modifiers", &lexicon.title_modifiers},
      {"capitalized_only_titles", &lexicon.capitalized_only_titles},
      {"org_prefixes", &lexicon.org_prefixes},
      {"org_suffixes", &lexicon.org_suffixes},
      {"org_heads", &lexicon.org_heads},
      {"location_suffixes", &lexicon.location_suffixes},
      {"location_heads", &lexicon.location_heads},
      {"stopwords", &lexicon.stopwords},
      {"given_names", &lexicon.given_names},
      {"family_first_surnames", &lexicon.family_first_surnames},
      {"name_particles", &lexicon.name_particles},
      {"speech_verbs", &lexicon.speech_verbs},
  };
  absl::flat_hash_set<std::string>* current = nullptr;
  bool in_not_entities = false;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      absl::string_view name = line.substr(1, line.size() - 2);
      current = nullptr;
      in_not_entities = name == "not_entities";
      for (const auto& [section, set] : kSections) {
        if (section == name) current = set;
      }
      if (current == nullptr && !in_not_entities) {
        return absl::InvalidArgumentError(
            absl::StrCat("lexicon line ", line_number, ": unknown section ", name));
      }
      continue;
    }
    if (in_not_entities) {
      lexicon.not_entities.emplace_back(line);
    } else if (current != nullptr) {
      current->insert(PhraseKey(line));
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("lexicon line ", line_number, ": entry before any section"));
    }
  }
  return lexicon;
}

}  // namespace chronicle::entities
