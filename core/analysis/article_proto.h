// The conversions from the analysis components' plain structs into the API's
// chronicle.v1.Article, all in one place.
#ifndef CHRONICLE_CORE_ANALYSIS_ARTICLE_PROTO_H_
#define CHRONICLE_CORE_ANALYSIS_ARTICLE_PROTO_H_

#include <vector>

#include "chronicle/v1/article.pb.h"
#include "core/entities/entity.h"
#include "core/events/event_anchor.h"
#include "core/parse/article.h"
#include "core/temporal/types.h"

namespace chronicle::analysis {

// Fills metadata, body, sections, paragraphs, sentences and removed blocks of
// `article` from `parsed` (moving its strings).
void ToProto(parse::ParsedArticle parsed, v1::Article* article);

// Appends the tagger's expressions (offsets into article->body()), each with
// the index of the sentence it starts in.
void AddTemporalExpressions(std::vector<temporal::TemporalExpression> expressions,
                            v1::Article* article);

// Appends the entities found in article->body().
void AddEntities(std::vector<entities::Entity> entities, v1::Article* article);

// Appends the anchored events; each carries its sentence's text and the ids
// of the entities mentioned in that sentence. `article` must already hold the
// sentences, expressions and entities the events refer to.
void AddEvents(const std::vector<events::Event>& events, v1::Article* article);

}  // namespace chronicle::analysis

#endif  // CHRONICLE_CORE_ANALYSIS_ARTICLE_PROTO_H_
