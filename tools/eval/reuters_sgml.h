// Reader for the Reuters-21578 SGML files (reut2-NNN.sgm.gz), which are not
// valid XML: one <REUTERS> element per document, character references such as
// &#3; and &lt;, and one file in Latin-1.
#ifndef CHRONICLE_TOOLS_EVAL_REUTERS_SGML_H_
#define CHRONICLE_TOOLS_EVAL_REUTERS_SGML_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::entities {

struct ReutersDocument {
  std::string new_id;
  // UTF-8, character references decoded, the closing "Reuter" sign-off removed.
  std::string title;
  std::string dateline;  // "CLEVELAND, Feb 26 -"
  std::string body;
  std::vector<std::string> places, people, orgs;  // lowercase labels
};

// Parses every document of one SGML text (already decompressed). Bytes that
// are not valid UTF-8 are read as Latin-1.
std::vector<ReutersDocument> ParseReutersSgml(absl::string_view sgml);

// Reads and parses one gzip-compressed file. Fails if it cannot be read.
absl::StatusOr<std::vector<ReutersDocument>> ReadReutersFile(const std::string& path);

}  // namespace chronicle::entities

#endif  // CHRONICLE_TOOLS_EVAL_REUTERS_SGML_H_
