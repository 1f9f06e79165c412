#include "core/entities/mention_finder.h"

#include "absl/container/flat_hash_set.h"

namespace chronicle::entities {
namespace {

constexpr size_t kMaxRunTokens = 10;
constexpr int kMaxNameWords = 4;

class Finder {
 public:
  Finder(absl::string_view text, const TokenizedText& tt, const Gazetteer& gazetteer,
         const Lexicon& lexicon)
      : text_(text), tt_(tt), tokens_(tt.tokens), gazetteer_(gazetteer), lexicon_(lexicon) {
    for (const Token& t : tokens_) {
      if (t.kind == TokenKind::kWord && !t.capitalized) lower_words_.insert(tt_.Key(t));
    }
  }

  std::vector<Candidate> Find() {
    size_t i = 0;
    while (i < tokens_.size()) i = Step(i);
    return std::move(out_);
  }

 private:
  size_t Step(size_t i) {
    const Token& t = tokens_[i];
    if (t.kind != TokenKind::kWord) return i + 1;
    GazetteerMatch match;
    bool in_gazetteer = t.capitalized && gazetteer_.Match(tt_, i, &match);
    size_t gazetteer_end = in_gazetteer ? i + match.tokens : i;

    size_t run_end = i;
    CandidateKind run_kind = CandidateKind::kNameWord;
    if (t.capitalized && !t.headline && !Stop(i) && !CommonAtStart(i)) {
      run_end = CapitalRunEnd(i);
      run_kind = Classify(i, run_end);
    }
    bool named_place_or_org = run_kind == CandidateKind::kOrganization ||
                              run_kind == CandidateKind::kLocation;
    if (named_place_or_org && run_end > gazetteer_end) {
      Emit(run_kind, i, run_end);
      EmitNestedPlaces(i, run_end);
      return run_end;
    }
    if (!t.headline) {
      size_t after_role = TryRole(i, in_gazetteer ? match.tokens : 0);
      if (after_role > i) return after_role;
    }
    if (in_gazetteer) {
      if (!match.blocked()) {
        Emit(CandidateKind::kGazetteer, i, gazetteer_end, match.targets);
        if (match.tokens > 1 && gazetteer_.entity(match.targets[0].entity).type ==
                                    EntityType::kOrganization) {
          EmitNestedPlaces(i, gazetteer_end);  // "Bank of Japan", "U.S. Senate"
        }
      }
      return gazetteer_end;
    }
    if (!t.capitalized) return i + 1;
    if (run_end > i && PersonCue(i, run_end)) {
      Emit(CandidateKind::kPerson, i, run_end);
      return run_end;
    }
    size_t end = run_end > i ? run_end : i + 1;
    for (size_t j = i; j < end; ++j) {
      if (IsNameWord(j) && !Stop(j)) Emit(CandidateKind::kNameWord, j, j + 1);
    }
    return end;
  }

  bool IsWord(size_t i) const { return i < tokens_.size() && tokens_[i].kind == TokenKind::kWord; }
  bool IsNameWord(size_t i) const { return IsWord(i) && tokens_[i].capitalized; }
  absl::string_view Key(size_t i) const { return tt_.Key(i); }
  // "U.S." has the key of the stopword "us" but is a name.
  bool Stop(size_t i) const {
    const Token& t = tokens_[i];
    if (t.all_caps && text_.substr(t.begin, t.end - t.begin).find('.') != absl::string_view::npos) {
      return false;
    }
    return lexicon_.stopwords.contains(Key(i));
  }
  bool IsHead(size_t i) const {
    if (!IsWord(i) || !lexicon_.title_heads.contains(Key(i))) return false;
    return tokens_[i].capitalized || !lexicon_.capitalized_only_titles.contains(Key(i));
  }
  bool IsTitleWord(size_t i) const {
    return IsWord(i) && (lexicon_.title_heads.contains(Key(i)) ||
                         lexicon_.title_modifiers.contains(Key(i)));
  }
  // A capitalised sentence-initial word that the text also uses in lowercase
  // is an ordinary word ("Officials", "Analysts").
  bool CommonAtStart(size_t i) const {
    const Token& t = tokens_[i];
    return (t.sentence_start || t.line_start) && lower_words_.contains(Key(i));
  }
  // "-" written without spaces between two words: "Japan-Korea".
  bool IsTightHyphen(size_t i) const {
    return i + 1 < tokens_.size() && tokens_[i].kind == TokenKind::kPunct && Key(i) == " " &&
           !tokens_[i].space_before && !tokens_[i + 1].space_before;
  }

  // Maximal sequence of capitalised words from `i`, joined by tight hyphens,
  // '&', name particles and "of (the)" after an organisation or place head.
  size_t CapitalRunEnd(size_t i) const {
    size_t end = i + 1;
    bool has_head = HeadWord(i);
    while (end < tokens_.size() && end - i < kMaxRunTokens && !tokens_[end - 1].possessive) {
      const Token& t = tokens_[end];
      if (IsNameWord(end) && !t.sentence_start && !Stop(end) && !IsHead(end)) {
        has_head = has_head || HeadWord(end);
        ++end;
        continue;
      }
      size_t skip = 0;
      if (IsTightHyphen(end) || (t.kind == TokenKind::kPunct && Key(end) == "&")) {
        skip = 1;
      } else if (IsWord(end) && lexicon_.name_particles.contains(Key(end))) {
        skip = 1;
      } else if (has_head && IsWord(end) && Key(end) == "of") {
        skip = IsWord(end + 1) && Key(end + 1) == "the" ? 2 : 1;
      }
      if (skip == 0) break;
      size_t next = end + skip;
      if (!IsNameWord(next) || tokens_[next].sentence_start || Stop(next)) break;
      end = next;
    }
    return end;
  }

  bool HeadWord(size_t i) const {
    return lexicon_.org_heads.contains(Key(i)) || lexicon_.location_heads.contains(Key(i));
  }

  bool Generic(size_t i) const {
    absl::string_view k = Key(i);
    return !IsWord(i) || k == "of" || k == "the" || lexicon_.org_suffixes.contains(k) ||
           lexicon_.org_heads.contains(k) || lexicon_.location_suffixes.contains(k) ||
           lexicon_.location_heads.contains(k) || IsTitleWord(i);
  }

  CandidateKind Classify(size_t begin, size_t end) const {
    bool specific = false;
    for (size_t j = begin; j < end; ++j) specific = specific || !Generic(j);
    if (!specific) return CandidateKind::kNameWord;
    absl::string_view last = Key(end - 1);
    if (end - begin >= 2 && lexicon_.org_prefixes.contains(Key(begin))) {
      return CandidateKind::kOrganization;
    }
    // "Indonesian Energy Minister Subroto": the run is the start of a title.
    if (IsHead(end) && lexicon_.title_modifiers.contains(last)) return CandidateKind::kNameWord;
    if (end - begin >= 2 || tokens_[begin].all_caps) {
      if (lexicon_.org_suffixes.contains(last)) return CandidateKind::kOrganization;
      if (lexicon_.location_suffixes.contains(last)) return CandidateKind::kLocation;
    }
    for (size_t j = begin + 1; j < end; ++j) {
      if (Key(j) != "of") continue;
      if (lexicon_.org_heads.contains(Key(j - 1))) return CandidateKind::kOrganization;
      if (lexicon_.location_heads.contains(Key(j - 1))) return CandidateKind::kLocation;
    }
    return CandidateKind::kNameWord;
  }

  // Cues that a capitalised run is a person's name: a known given name, a
  // verb of saying right after it or right before it, or an appositive title
  // (", a spokesman for").
  bool PersonCue(size_t begin, size_t end) const {
    int words = 0;
    for (size_t j = begin; j < end; ++j) {
      if (!IsWord(j)) continue;
      if (tokens_[j].all_caps && Key(j).size() > 1) return false;
      ++words;
    }
    if (words < 2 || words > kMaxNameWords) return false;
    if (lexicon_.given_names.contains(Key(begin))) return true;
    if (words > 3) return false;
    if (IsWord(end) && !tokens_[end].capitalized &&
        lexicon_.speech_verbs.contains(Key(end))) {
      return true;
    }
    if (begin > 0 && IsWord(begin - 1) && lexicon_.speech_verbs.contains(Key(begin - 1))) {
      return true;
    }
    if (end < tokens_.size() && Key(end) == ",") {
      for (size_t j = end + 1; j < tokens_.size() && j <= end + 5; ++j) {
        if (!IsWord(j)) break;
        if (IsHead(j) && !tokens_[j].capitalized) return true;
      }
    }
    return false;
  }

  // A title ("South Korean" is left to the gazetteer; "Defense Minister",
  // "Gen.", "spokesman") followed by a name. Returns the token after the name,
  // or `i` when there is no such title here. A gazetteer match longer than
  // the title wins ("General Motors", "King Fahd").
  size_t TryRole(size_t i, size_t gazetteer_tokens) {
    size_t j = i, head_end = i;
    bool after_of = false;  // "Secretary of State": the words after "of" end the title
    while (j < tokens_.size()) {
      if (IsTightHyphen(j) && j > i) {
        ++j;
        continue;
      }
      if (IsWord(j) && Key(j) == "of" && head_end > i && IsTitleWord(j + 1)) {
        after_of = true;
        ++j;
        continue;
      }
      if (!IsTitleWord(j)) break;
      bool head = IsHead(j) || after_of;
      bool possessive = tokens_[j].possessive;
      ++j;
      if (head) head_end = j;
      if (possessive) break;
    }
    if (head_end == i || tokens_[head_end - 1].possessive) return i;
    if (tokens_[i].all_caps && tokens_[head_end - 1].all_caps) return i;  // capitals: a heading
    if (gazetteer_tokens > head_end - i) return i;
    size_t k = head_end;
    if (!IsNameWord(k) || tokens_[k].sentence_start || Stop(k) || IsTitleWord(k)) return i;

    GazetteerMatch match;
    std::vector<SurfaceTarget> people;
    size_t name_end = k;
    if (gazetteer_.Match(tt_, k, &match) && !match.blocked()) {
      for (const SurfaceTarget& t : match.targets) {
        if (gazetteer_.entity(t.entity).type == EntityType::kPerson) people.push_back(t);
      }
      if (!people.empty()) name_end = k + match.tokens;
    }
    if (people.empty()) name_end = NameRunEnd(k);
    if (name_end == k) return i;
    // "executive Commission", "chairman of Acme Service Inc": an organisation.
    for (size_t j = k; people.empty() && j < name_end; ++j) {
      if (lexicon_.org_suffixes.contains(Key(j)) || lexicon_.org_heads.contains(Key(j))) return i;
    }
    std::string role(text_.substr(tokens_[i].begin, tokens_[head_end - 1].end - tokens_[i].begin));
    CandidateKind kind = people.empty() ? CandidateKind::kPerson : CandidateKind::kGazetteer;
    Emit(kind, k, name_end, std::move(people), std::move(role));
    return name_end;
  }

  // The name after a title: up to four capitalised words, with particles and
  // tight hyphens, stopping before a place or organisation ("Gen. Nakatani
  // Tokyo" is unusual, "Minister Ahn Seoul" more so).
  size_t NameRunEnd(size_t k) const {
    size_t end = k;
    int words = 0;
    while (end < tokens_.size() && words < kMaxNameWords) {
      const Token& t = tokens_[end];
      // A word the text also writes in lowercase is not a name ("Trader Series").
      if (IsNameWord(end) && !Stop(end) && !IsTitleWord(end) && !lower_words_.contains(Key(end)) &&
          (end == k || !t.sentence_start)) {
        if (end > k && StartsPlaceOrOrg(end)) break;
        ++words;
        ++end;
        if (t.possessive) break;
        continue;
      }
      if (end > k && (IsTightHyphen(end) || (IsWord(end) && lexicon_.name_particles.contains(Key(end)))) &&
          IsNameWord(end + 1)) {
        ++end;
        continue;
      }
      break;
    }
    return end;
  }

  bool StartsPlaceOrOrg(size_t i) const {
    GazetteerMatch match;
    if (!gazetteer_.Match(tt_, i, &match) || match.blocked()) return false;
    for (const SurfaceTarget& t : match.targets) {
      if (gazetteer_.entity(t.entity).type == EntityType::kPerson) return false;
    }
    return true;
  }

  // Places named inside an organisation's name: "Tokyo" in "University of
  // Tokyo", "U.S." in "U.S. Senate".
  void EmitNestedPlaces(size_t begin, size_t end) {
    for (size_t j = begin; j < end;) {
      GazetteerMatch match;
      if (IsNameWord(j) && gazetteer_.Match(tt_, j, &match, EntityType::kLocation) &&
          j + match.tokens <= end) {
        Emit(CandidateKind::kGazetteer, j, j + match.tokens, match.targets);
        j += match.tokens;
      } else {
        ++j;
      }
    }
  }

  void Emit(CandidateKind kind, size_t begin, size_t end, std::vector<SurfaceTarget> targets = {},
            std::string role = {}) {
    Candidate c;
    c.kind = kind;
    c.first_token = begin;
    c.end_token = end;
    c.begin = tokens_[begin].begin;
    c.end = tokens_[end - 1].end;
    c.targets = std::move(targets);
    c.role = std::move(role);
    for (size_t j = begin; j < end; ++j) c.words += IsWord(j) ? 1 : 0;
    out_.push_back(std::move(c));
  }

  absl::string_view text_;
  const TokenizedText& tt_;
  const std::vector<Token>& tokens_;
  const Gazetteer& gazetteer_;
  const Lexicon& lexicon_;
  absl::flat_hash_set<absl::string_view> lower_words_;
  std::vector<Candidate> out_;
};

}  // namespace

std::vector<Candidate> FindCandidates(absl::string_view text, const TokenizedText& tokens,
                                      const Gazetteer& gazetteer, const Lexicon& lexicon) {
  return Finder(text, tokens, gazetteer, lexicon).Find();
}

}  // namespace chronicle::entities
