// Reader for the Reuters-21578 SGML files (reut2-NNN.sgm or .sgm.gz) used by
// the evaluation tools and the benchmarks. Not a general SGML parser: it knows the handful of
// elements those files use.
#ifndef CHRONICLE_TOOLS_CORPORA_REUTERS_SGML_H_
#define CHRONICLE_TOOLS_CORPORA_REUTERS_SGML_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::corpora {

struct ReutersStory {
  std::string new_id;    // NEWID attribute
  std::string date;      // <DATE>, e.g. "26-FEB-1987 15:01:01.79"
  std::string title;     // <TITLE>, entities decoded
  std::string dateline;  // <DATELINE>, e.g. "    SALVADOR, Feb 26 - "
  std::string body;      // <BODY>, entities decoded, control characters kept
  // Document-level category labels, lowercase ("usa", "james-baker", "opec").
  std::vector<std::string> places, people, orgs;
};

// Reads every story of every reut2-*.sgm[.gz] file in `folder`, in file order.
// Files that are not valid UTF-8 are read as Latin-1.
// Errors: NOT_FOUND when the folder holds no such file; INTERNAL on a read error.
absl::StatusOr<std::vector<ReutersStory>> ReadReutersFolder(const std::string& folder);

// `body` without the trailing "Reuter" sign-off and control characters.
absl::string_view WithoutSignOff(absl::string_view body);

// Decodes &lt; &gt; &amp; &quot; and numeric character references.
std::string DecodeSgmlEntities(absl::string_view text);

}  // namespace chronicle::corpora

#endif  // CHRONICLE_TOOLS_CORPORA_REUTERS_SGML_H_
