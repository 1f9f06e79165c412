#include "core/entities/resolver.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"
#include "core/entities/text_utils.h"

namespace chronicle::entities {
namespace {

// Where a candidate ended up: a gazetteer entity, or a new entity of `type`
// named `name`.
struct Assignment {
  bool keep = false;
  uint32_t gazetteer = kBlocker;
  EntityType type = EntityType::kPerson;
  std::string name;
};

// A person named in full in this text, for attaching later surname mentions.
struct FullName {
  size_t candidate;
  std::string surname;
};

class Resolver {
 public:
  Resolver(absl::string_view text, const TokenizedText& tt, std::vector<Candidate> candidates,
           const Gazetteer& gazetteer, const Lexicon& lexicon)
      : text_(text), tt_(tt), candidates_(std::move(candidates)), gazetteer_(gazetteer),
        lexicon_(lexicon), assigned_(candidates_.size()) {}

  std::vector<Entity> Run() {
    ChooseAmongAmbiguous();
    AssignFullNames();
    AssignSingleWords();
    return Assemble();
  }

 private:
  absl::string_view Span(const Candidate& c) const { return text_.substr(c.begin, c.end - c.begin); }

  // Word keys of the candidate's word tokens.
  std::vector<absl::string_view> Words(const Candidate& c) const {
    std::vector<absl::string_view> words;
    for (size_t i = c.first_token; i < c.end_token; ++i) {
      if (tt_.tokens[i].kind == TokenKind::kWord) words.push_back(tt_.Key(i));
    }
    return words;
  }

  // Ambiguous names ("Korea", "Georgia") take the reading that the rest of
  // the text supports: other mentions of the same place, of places inside it,
  // or of the place containing it. Without support the first listed wins.
  void ChooseAmongAmbiguous() {
    absl::flat_hash_map<uint32_t, int> support;
    for (const Candidate& c : candidates_) {
      if (c.kind != CandidateKind::kGazetteer || c.targets.size() != 1) continue;
      uint32_t e = c.targets[0].entity;
      ++support[e];
      const std::string& parent = gazetteer_.entity(e).located_in;
      if (!parent.empty()) {
        if (auto p = gazetteer_.FindById(parent)) ++support[*p];
      }
    }
    for (Candidate& c : candidates_) {
      if (c.kind != CandidateKind::kGazetteer || c.targets.size() < 2) continue;
      size_t best = 0;
      int best_score = -1;
      for (size_t k = 0; k < c.targets.size(); ++k) {
        uint32_t e = c.targets[k].entity;
        int score = 0;
        if (auto it = support.find(e); it != support.end()) score += it->second;
        const std::string& parent = gazetteer_.entity(e).located_in;
        if (auto p = parent.empty() ? absl::nullopt : gazetteer_.FindById(parent)) {
          if (auto it = support.find(*p); it != support.end()) score += it->second;
        }
        if (score > best_score) {
          best = k;
          best_score = score;
        }
      }
      c.targets = {c.targets[best]};
    }
  }

  std::string SurnameOf(const Candidate& c) const {
    if (c.kind == CandidateKind::kGazetteer) {
      return gazetteer_.entity(c.targets[0].entity).surname;
    }
    std::vector<absl::string_view> words = Words(c);
    while (words.size() > 2 && (words.back() == "jr" || words.back() == "sr" ||
                                words.back() == "ii" || words.back() == "iii")) {
      words.pop_back();
    }
    // "Yoon Suk-yeol", "Kim Jong Un", "Xi Jinping": the family name comes first.
    std::string first(words.front());
    if (words.size() <= 3 && lexicon_.family_first_surnames.contains(first)) return first;
    return std::string(words.back());
  }

  bool IsFullName(const Candidate& c) const {
    if (c.kind == CandidateKind::kPerson) return c.words >= 2;
    if (c.kind != CandidateKind::kGazetteer) return false;
    const SurfaceTarget& t = c.targets[0];
    return gazetteer_.entity(t.entity).type == EntityType::kPerson && !(t.flags & kSurnameOnly);
  }

  void AssignFullNames() {
    AssignNamedCandidates();
    MergeShortForms();
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const Candidate& c = candidates_[i];
      if (assigned_[i].keep && !merged_[i] && IsFullName(c)) {
        full_names_.push_back({i, SurnameOf(c)});
      }
    }
  }

  // Shorter forms of a longer name in the same text: "Ryan-McFarland" (taken
  // for a person by "said") and "Price Communications" are the organisations
  // "Ryan-McFarland Corp" and "Price Communications Corp"; "Bra Kanon" is the
  // person "Denis Bra Kanon".
  void MergeShortForms() {
    merged_.assign(candidates_.size(), false);
    std::vector<std::vector<absl::string_view>> words(candidates_.size());
    for (size_t i = 0; i < candidates_.size(); ++i) {
      if (assigned_[i].keep && candidates_[i].words >= 2) words[i] = Words(candidates_[i]);
    }
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const Candidate& c = candidates_[i];
      if (c.kind != CandidateKind::kPerson && c.kind != CandidateKind::kOrganization) continue;
      if (words[i].empty()) continue;
      for (size_t j = 0; j < candidates_.size(); ++j) {
        const std::vector<absl::string_view>& longer = words[j];
        if (j == i || longer.size() <= words[i].size()) continue;
        EntityType type = assigned_[j].type;
        bool prefix_of_org = type == EntityType::kOrganization &&
                             std::equal(words[i].begin(), words[i].end(), longer.begin());
        bool suffix_of_person = c.kind == CandidateKind::kPerson && type == EntityType::kPerson &&
                                std::equal(words[i].rbegin(), words[i].rend(), longer.rbegin());
        if (prefix_of_org || suffix_of_person) {
          assigned_[i] = assigned_[j];
          merged_[i] = true;
          break;
        }
      }
    }
  }

  void AssignNamedCandidates() {
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const Candidate& c = candidates_[i];
      Assignment& a = assigned_[i];
      switch (c.kind) {
        case CandidateKind::kGazetteer:
          if (c.targets[0].flags & kSurnameOnly) break;  // decided with the surnames
          a = {true, c.targets[0].entity, gazetteer_.entity(c.targets[0].entity).type, {}};
          break;
        case CandidateKind::kPerson:
          if (c.words >= 2) a = NewEntity(EntityType::kPerson, Span(c));
          break;
        case CandidateKind::kOrganization:
          a = NewEntity(EntityType::kOrganization, Span(c));
          RecordAcronyms(i);
          break;
        case CandidateKind::kLocation:
          a = NewEntity(EntityType::kLocation, Span(c));
          break;
        case CandidateKind::kNameWord:
          break;
      }
    }
  }

  Assignment NewEntity(EntityType type, absl::string_view name) const {
    if (auto known = gazetteer_.FindById(MakeEntityId(type, name))) {
      return {true, *known, type, {}};
    }
    return {true, kBlocker, type, std::string(name)};
  }

  // "Korea Electric Power Corp (KEPCO)" and "International Coffee
  // Organization" let a later "KEPCO" or "ICO" stand for the organisation.
  void RecordAcronyms(size_t i) {
    const Candidate& c = candidates_[i];
    const auto& tokens = tt_.tokens;
    size_t e = c.end_token;
    if (e + 2 < tokens.size() && tt_.Key(e) == "(" && tokens[e + 1].all_caps &&
        tt_.Key(e + 2) == ")") {
      acronyms_.emplace(std::string(tt_.Key(e + 1)), i);
    }
    std::string initials;
    for (size_t j = c.first_token; j < c.end_token; ++j) {
      if (tokens[j].kind == TokenKind::kWord && tokens[j].capitalized) {
        initials.push_back(tt_.Key(j)[0]);
      }
    }
    if (initials.size() >= 3) acronyms_.emplace(initials, i);
  }

  // Surname-only mentions ("Kishida said", "Moon's", "Gen. Nakatani") join
  // the closest full name before them with that surname, else the first one
  // after (a headline before the story).
  void AssignSingleWords() {
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const Candidate& c = candidates_[i];
      if (assigned_[i].keep) continue;
      std::string key = PhraseKey(Span(c));
      const FullName* best = nullptr;
      for (const FullName& f : full_names_) {
        if (f.surname != key) continue;
        if (candidates_[f.candidate].begin < c.begin || best == nullptr) best = &f;
      }
      if (best != nullptr) {
        assigned_[i] = assigned_[best->candidate];
        continue;
      }
      if (c.kind == CandidateKind::kNameWord && tt_.tokens[c.first_token].all_caps) {
        if (auto it = acronyms_.find(key); it != acronyms_.end()) {
          assigned_[i] = assigned_[it->second];
          continue;
        }
      }
      if (c.kind == CandidateKind::kGazetteer) {
        assigned_[i] = {true, c.targets[0].entity, EntityType::kPerson, {}};
      } else if (absl::optional<uint32_t> known = KnownPersonByContext(c, key)) {
        assigned_[i] = {true, *known, EntityType::kPerson, {}};
      } else if (c.kind == CandidateKind::kPerson) {
        assigned_[i] = NewEntity(EntityType::kPerson, Span(c));
      }
    }
  }

  // A surname shared by several known people ("Baker") is resolved when the
  // title or the words just before it ("Treasury Secretary Baker",
  // "TREASURY'S BAKER") match exactly one person's description.
  absl::optional<uint32_t> KnownPersonByContext(const Candidate& c, absl::string_view surname) const {
    const std::vector<uint32_t>& people = gazetteer_.PeopleWithSurname(surname);
    if (people.empty()) return absl::nullopt;
    std::vector<std::string> context = absl::StrSplit(PhraseKey(c.role), ' ', absl::SkipEmpty());
    for (size_t i = c.first_token, n = 0; i > 0 && n < 4; --i) {
      const Token& t = tt_.tokens[i - 1];
      if (t.kind == TokenKind::kPunct && tt_.Key(i - 1) != " ") break;
      if (t.kind != TokenKind::kWord) continue;
      context.emplace_back(tt_.Key(i - 1));
      ++n;
    }
    absl::optional<uint32_t> best;
    int best_score = 0;
    bool tie = false;
    for (uint32_t p : people) {
      std::vector<std::string> described = absl::StrSplit(
          PhraseKey(gazetteer_.entity(p).description), ' ', absl::SkipEmpty());
      int score = 0;
      for (const std::string& word : context) {
        if (word.size() < 3 || word == "the" || word == "and" || word == "said") continue;
        score += std::count(described.begin(), described.end(), word) > 0 ? 1 : 0;
      }
      if (score > best_score) {
        best = p;
        best_score = score;
        tie = false;
      } else if (score == best_score && score > 0) {
        tie = true;
      }
    }
    if (tie) return absl::nullopt;
    return best;
  }

  std::vector<Entity> Assemble() const {
    std::vector<Entity> entities;
    absl::flat_hash_map<std::string, size_t> by_id;
    for (size_t i = 0; i < candidates_.size(); ++i) {
      const Assignment& a = assigned_[i];
      if (!a.keep) continue;
      const Candidate& c = candidates_[i];
      const GazetteerEntity* known = a.gazetteer == kBlocker ? nullptr : &gazetteer_.entity(a.gazetteer);
      std::string id = known ? known->id : MakeEntityId(a.type, a.name);
      auto [it, inserted] = by_id.try_emplace(id, entities.size());
      if (inserted) {
        Entity e;
        e.id = id;
        e.type = a.type;
        e.name = known ? known->name : a.name;
        if (known) {
          e.aliases = known->aliases;
          e.located_in = known->located_in;
        }
        entities.push_back(std::move(e));
      }
      Entity& entity = entities[it->second];
      Mention m;
      m.begin = c.begin;
      m.end = c.end;
      m.text = std::string(Span(c));
      m.role = c.role;
      if (m.text != entity.name &&
          std::find(entity.aliases.begin(), entity.aliases.end(), m.text) == entity.aliases.end()) {
        entity.aliases.push_back(m.text);
      }
      entity.mentions.push_back(std::move(m));
    }
    for (Entity& e : entities) {
      std::stable_sort(e.mentions.begin(), e.mentions.end(),
                       [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
    }
    std::stable_sort(entities.begin(), entities.end(), [](const Entity& a, const Entity& b) {
      return a.mentions.front().begin < b.mentions.front().begin;
    });
    return entities;
  }

  absl::string_view text_;
  const TokenizedText& tt_;
  std::vector<Candidate> candidates_;
  const Gazetteer& gazetteer_;
  const Lexicon& lexicon_;
  std::vector<Assignment> assigned_;
  std::vector<FullName> full_names_;
  std::vector<bool> merged_;
  absl::flat_hash_map<std::string, size_t> acronyms_;
};

}  // namespace

std::vector<Entity> ResolveCandidates(absl::string_view text, const TokenizedText& tokens,
                                      std::vector<Candidate> candidates,
                                      const Gazetteer& gazetteer, const Lexicon& lexicon) {
  return Resolver(text, tokens, std::move(candidates), gazetteer, lexicon).Run();
}

}  // namespace chronicle::entities
