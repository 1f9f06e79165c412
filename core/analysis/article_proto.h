// The one conversion from core/parse's plain structs into the API's
// chronicle.v1.Article.
#ifndef CHRONICLE_CORE_ANALYSIS_ARTICLE_PROTO_H_
#define CHRONICLE_CORE_ANALYSIS_ARTICLE_PROTO_H_

#include "chronicle/v1/article.pb.h"
#include "core/parse/article.h"

namespace chronicle::analysis {

// Fills metadata, body, sections, paragraphs, sentences and removed blocks of
// `article` from `parsed` (moving its strings).
void ToProto(parse::ParsedArticle parsed, v1::Article* article);

}  // namespace chronicle::analysis

#endif  // CHRONICLE_CORE_ANALYSIS_ARTICLE_PROTO_H_
