// The gazetteer files under core/entities/data, compiled into the library.
#ifndef CHRONICLE_CORE_ENTITIES_EMBEDDED_DATA_H_
#define CHRONICLE_CORE_ENTITIES_EMBEDDED_DATA_H_

#include "absl/strings/string_view.h"

namespace chronicle::entities {

// Contents of the data file with this base name ("people.tsv"); empty when
// there is no such file.
absl::string_view EmbeddedDataFile(absl::string_view name);

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_EMBEDDED_DATA_H_
