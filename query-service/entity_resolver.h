// Resolves entity names typed in queries ("Yoon Suk-yeol", "Korea") to the
// ids the analysis gave them, using the same gazetteer.
#ifndef CHRONICLE_QUERY_SERVICE_ENTITY_RESOLVER_H_
#define CHRONICLE_QUERY_SERVICE_ENTITY_RESOLVER_H_

#include <memory>

#include "core/entities/extractor.h"
#include "core/index/query_compiler.h"

namespace chronicle::query_service {

// A known name resolves to its entity; an unknown one to the ids the analysis
// would have made of it as a person, an organisation or a place.
index::EntityResolver MakeEntityResolver(std::shared_ptr<const entities::EntityExtractor> extractor);

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_ENTITY_RESOLVER_H_
