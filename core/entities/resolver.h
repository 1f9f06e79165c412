// Second pass of the extractor: decides which entity each candidate mention
// names (ambiguous gazetteer names by the other places in the text, surnames
// by the full names seen in the text) and groups mentions into entities.
#ifndef CHRONICLE_CORE_ENTITIES_RESOLVER_H_
#define CHRONICLE_CORE_ENTITIES_RESOLVER_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "core/entities/entity.h"
#include "core/entities/gazetteer.h"
#include "core/entities/lexicon.h"
#include "core/entities/mention_finder.h"
#include "core/entities/tokenizer.h"

namespace chronicle::entities {

// Entities in order of first mention, each with its mentions in text order.
std::vector<Entity> ResolveCandidates(absl::string_view text, const TokenizedText& tokens,
                                      std::vector<Candidate> candidates,
                                      const Gazetteer& gazetteer, const Lexicon& lexicon);

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_RESOLVER_H_
