#include "query-service/entity_resolver.h"

#include <string>
#include <utility>
#include <vector>

namespace chronicle::query_service {

index::EntityResolver MakeEntityResolver(std::shared_ptr<const entities::EntityExtractor> extractor) {
  return [extractor = std::move(extractor)](absl::string_view name) {
    if (absl::optional<std::string> id = extractor->Resolve(name)) return std::vector<std::string>{*id};
    return std::vector<std::string>{entities::MakeEntityId(entities::EntityType::kPerson, name),
                                    entities::MakeEntityId(entities::EntityType::kOrganization, name),
                                    entities::MakeEntityId(entities::EntityType::kLocation, name)};
  };
}

}  // namespace chronicle::query_service
