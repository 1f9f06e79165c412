// First pass of the extractor: finds candidate mentions in tokenised text
// (gazetteer matches, names introduced by titles or other cues, organisations
// and places recognised by their suffixes, capitalised words that may be
// surnames) without deciding yet which entity each one is.
#ifndef CHRONICLE_CORE_ENTITIES_MENTION_FINDER_H_
#define CHRONICLE_CORE_ENTITIES_MENTION_FINDER_H_

#include <string>
#include <vector>

#include "core/entities/gazetteer.h"
#include "core/entities/lexicon.h"
#include "core/entities/tokenizer.h"

namespace chronicle::entities {

enum class CandidateKind {
  kGazetteer,     // `targets` holds the possible gazetteer entities
  kPerson,        // a name found by a cue (title, given name, "X said")
  kOrganization,  // a name ending in "University", "Corp", ...
  kLocation,      // a name ending in "Island", "Province", ...
  kNameWord,      // a capitalised word that only counts if it is a known surname
};

struct Candidate {
  CandidateKind kind = CandidateKind::kNameWord;
  size_t first_token = 0;
  size_t end_token = 0;  // exclusive
  uint32_t begin = 0;    // bytes
  uint32_t end = 0;
  std::vector<SurfaceTarget> targets;
  std::string role;
  int words = 0;  // word tokens in the span
};

// Returns candidates in text order. They never overlap, except that places
// named inside an organisation ("Tokyo" in "University of Tokyo") are
// returned after it as well.
std::vector<Candidate> FindCandidates(absl::string_view text, const TokenizedText& tokens,
                                      const Gazetteer& gazetteer, const Lexicon& lexicon);

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_MENTION_FINDER_H_
