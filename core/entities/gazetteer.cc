#include "core/entities/gazetteer.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/common/status_macros.h"
#include "core/entities/text_utils.h"

namespace chronicle::entities {
namespace {

bool IsAcronym(absl::string_view surface) {
  int letters = 0;
  for (char c : surface) {
    if (c == '.') continue;
    if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return false;
    ++letters;
  }
  return letters >= 2;
}

size_t WordCount(absl::string_view key) {
  return static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
}

absl::string_view FirstWord(absl::string_view key) {
  return key.substr(0, key.find(' '));
}

// Tokens that may sit inside a multi-token surface: "Guinea-Bissau",
// "Procter & Gamble", "St. Louis".
bool IsJoiner(absl::string_view key) { return key == " " || key == "&" || key == "'"; }

}  // namespace

absl::StatusOr<Gazetteer> Gazetteer::Load(const GazetteerFiles& files,
                                          const Lexicon& lexicon) {
  Gazetteer g;
  RETURN_IF_ERROR(g.LoadCountries());
  RETURN_IF_ERROR(g.LoadLocations(files.locations));
  g.LoadRegions();
  RETURN_IF_ERROR(g.LoadPeople(files.people, lexicon));
  RETURN_IF_ERROR(g.LoadOrganizations(files.organizations));
  RETURN_IF_ERROR(g.LoadAmbiguous(files.ambiguous));
  for (const std::string& phrase : lexicon.not_entities) {
    g.AddSurface(phrase, kBlocker);
  }
  return g;
}

uint32_t Gazetteer::AddEntity(EntityType type, absl::string_view name, absl::string_view id) {
  std::string key = id.empty() ? MakeEntityId(type, name) : std::string(id);
  auto it = by_id_.find(key);
  if (it != by_id_.end()) return it->second;
  uint32_t index = static_cast<uint32_t>(entities_.size());
  GazetteerEntity e;
  e.id = key;
  e.name = std::string(name);
  e.type = type;
  entities_.push_back(std::move(e));
  by_id_.emplace(std::move(key), index);
  AddSurface(name, index);
  return index;
}

void Gazetteer::AddSurface(absl::string_view surface, uint32_t entity, uint8_t flags) {
  surface = absl::StripAsciiWhitespace(surface);
  if (absl::ConsumePrefix(&surface, "!")) flags |= kNotInCapsLine;
  if (IsAcronym(surface)) flags |= kAcronym;
  std::string key = PhraseKey(surface);
  if (key.empty()) return;
  std::vector<SurfaceTarget>& targets = surfaces_[key];
  // A phrase listed as not an entity overrides any name it shares.
  if (entity == kBlocker) targets.clear();
  if (!targets.empty() && targets[0].entity == kBlocker) return;
  for (SurfaceTarget& t : targets) {
    if (t.entity == entity) {
      t.flags |= flags;
      return;
    }
  }
  targets.push_back({entity, flags});
  // A hyphen becomes its own token, so a surface spans up to twice its words.
  size_t span = std::min<size_t>(2 * WordCount(key), 255);
  uint8_t& longest = first_words_[std::string(FirstWord(key))];
  longest = std::max<uint8_t>(longest, static_cast<uint8_t>(span));
}

void Gazetteer::AddAlias(uint32_t entity, absl::string_view alias, uint8_t flags) {
  alias = absl::StripAsciiWhitespace(alias);
  if (alias.empty()) return;
  AddSurface(alias, entity, flags);
  absl::ConsumePrefix(&alias, "!");
  GazetteerEntity& e = entities_[entity];
  if (alias == e.name) return;
  if (std::find(e.aliases.begin(), e.aliases.end(), alias) == e.aliases.end()) {
    e.aliases.emplace_back(alias);
  }
}

absl::optional<uint32_t> Gazetteer::FindById(absl::string_view id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return absl::nullopt;
  return it->second;
}

const std::vector<SurfaceTarget>* Gazetteer::Lookup(absl::string_view key) const {
  auto it = surfaces_.find(key);
  return it == surfaces_.end() ? nullptr : &it->second;
}

const std::vector<uint32_t>& Gazetteer::PeopleWithSurname(absl::string_view surname) const {
  static const std::vector<uint32_t> kNone;
  auto it = people_by_surname_.find(surname);
  return it == people_by_surname_.end() ? kNone : it->second;
}

bool Gazetteer::Match(const TokenizedText& text, size_t start, GazetteerMatch* match,
                      absl::optional<EntityType> only) const {
  const std::vector<Token>& tokens = text.tokens;
  const Token& first = tokens[start];
  if (first.kind != TokenKind::kWord || !first.capitalized) return false;
  auto longest = first_words_.find(FirstWord(text.Key(first)));
  if (longest == first_words_.end()) return false;
  size_t limit = std::min(tokens.size(), start + longest->second);

  std::string key;
  const std::vector<SurfaceTarget>* best = nullptr;
  size_t best_tokens = 0;
  for (size_t i = start; i < limit; ++i) {
    const Token& t = tokens[i];
    absl::string_view word = text.Key(t);
    if (i > start) {
      if (t.kind == TokenKind::kPunct && !IsJoiner(word)) break;
      if (tokens[i - 1].possessive) break;
      if (key.back() != ' ' && word != " ") key.push_back(' ');
    }
    if (word == " ") continue;
    key.append(word.data(), word.size());
    if (t.kind == TokenKind::kPunct) continue;
    auto it = surfaces_.find(key);
    if (it == surfaces_.end()) continue;
    if (only && !std::any_of(it->second.begin(), it->second.end(), [&](const SurfaceTarget& t) {
          return t.entity != kBlocker && entities_[t.entity].type == *only;
        })) {
      continue;
    }
    // The last word of a surface must look like a name too ("Bank of Japan",
    // not "Bank of japan").
    if (i > start && t.kind == TokenKind::kWord && !t.capitalized) continue;
    best = &it->second;
    best_tokens = i - start + 1;
  }
  if (best == nullptr) return false;

  match->tokens = best_tokens;
  match->targets.clear();
  for (const SurfaceTarget& target : *best) {
    if ((target.flags & kNotInCapsLine) && first.all_caps_line) continue;
    if (only && (target.entity == kBlocker || entities_[target.entity].type != *only)) continue;
    if ((target.flags & kAcronym) && best_tokens == 1 && !first.all_caps &&
        text.Key(first).size() <= 3) {
      continue;
    }
    match->targets.push_back(target);
  }
  return !match->targets.empty();
}

}  // namespace chronicle::entities
