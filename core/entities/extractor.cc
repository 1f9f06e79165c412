#include "core/entities/extractor.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "core/common/status_macros.h"
#include "core/entities/embedded_data.h"
#include "core/entities/gazetteer.h"
#include "core/entities/lexicon.h"
#include "core/entities/mention_finder.h"
#include "core/entities/resolver.h"
#include "core/entities/text_utils.h"
#include "core/entities/tokenizer.h"

namespace chronicle::entities {

struct EntityExtractor::Model {
  Lexicon lexicon;
  Gazetteer gazetteer;
};

absl::StatusOr<EntityExtractor> EntityExtractor::Create() {
  GazetteerFiles files;
  files.locations = EmbeddedDataFile("locations.tsv");
  files.ambiguous = EmbeddedDataFile("ambiguous.tsv");
  files.people = EmbeddedDataFile("people.tsv");
  files.organizations = EmbeddedDataFile("organizations.tsv");
  return CreateFromData(files, EmbeddedDataFile("lexicon.txt"));
}

absl::StatusOr<EntityExtractor> EntityExtractor::CreateFromData(const GazetteerFiles& files,
                                                                absl::string_view lexicon) {
  ASSIGN_OR_RETURN(Lexicon parsed, Lexicon::Parse(lexicon));
  ASSIGN_OR_RETURN(Gazetteer gazetteer, Gazetteer::Load(files, parsed));
  auto model = std::make_shared<Model>(Model{std::move(parsed), std::move(gazetteer)});
  return EntityExtractor(std::move(model));
}

std::vector<Entity> EntityExtractor::Extract(absl::string_view text) const {
  TokenizedText tokens = Tokenize(text);
  std::vector<Candidate> candidates =
      FindCandidates(text, tokens, model_->gazetteer, model_->lexicon);
  return ResolveCandidates(text, tokens, std::move(candidates), model_->gazetteer,
                           model_->lexicon);
}

absl::optional<std::string> EntityExtractor::Resolve(absl::string_view name) const {
  name = absl::StripAsciiWhitespace(name);
  if (absl::StrContains(name, ':')) {
    if (model_->gazetteer.FindById(name)) return std::string(name);
    return absl::nullopt;
  }
  if (!absl::ConsumeSuffix(&name, "'s")) absl::ConsumeSuffix(&name, "\xE2\x80\x99s");
  const std::vector<SurfaceTarget>* targets = model_->gazetteer.Lookup(PhraseKey(name));
  if (targets == nullptr) return absl::nullopt;
  for (const SurfaceTarget& t : *targets) {
    if (t.entity != kBlocker) return model_->gazetteer.entity(t.entity).id;
  }
  return absl::nullopt;
}

absl::optional<std::string> EntityExtractor::LocatedIn(absl::string_view id) const {
  absl::optional<uint32_t> e = model_->gazetteer.FindById(id);
  if (!e || model_->gazetteer.entity(*e).located_in.empty()) return absl::nullopt;
  return model_->gazetteer.entity(*e).located_in;
}

absl::optional<std::string> EntityExtractor::CanonicalName(absl::string_view id) const {
  absl::optional<uint32_t> e = model_->gazetteer.FindById(id);
  if (!e) return absl::nullopt;
  return model_->gazetteer.entity(*e).name;
}

}  // namespace chronicle::entities
