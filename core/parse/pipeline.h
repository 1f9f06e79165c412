// Internal to core/parse: the cleanup shared by every input format. Each
// format turns its input into a Draft (blocks plus metadata candidates);
// FinishArticle removes what is not article text, picks the metadata and
// builds the body, sections, paragraphs and sentences.
#ifndef CHRONICLE_CORE_PARSE_PIPELINE_H_
#define CHRONICLE_CORE_PARSE_PIPELINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/parse/article.h"
#include "core/parse/blocks.h"

namespace chronicle::parse {

struct Candidate {
  std::string value;
  std::string origin;
};

struct Draft {
  std::vector<Block> blocks;
  // Plain text decides headings from layout; HTML already marks them.
  bool infer_headings = true;
  // The first block may be the headline (plain text, JSON without a title).
  bool first_block_may_be_title = true;
  // Candidates in priority order; the caller's values are added by
  // FinishArticle and always win.
  std::vector<Candidate> titles;
  std::vector<PublicationDate> dates;  // origin set
  std::vector<Candidate> sources;
  std::vector<Candidate> urls;
  std::vector<Candidate> languages;
  std::vector<std::string> authors;
  std::string authors_origin;
  // Blocks the format-specific step already dropped (HTML navigation, ...).
  std::vector<RemovedBlock> removed;
};

// Errors: INVALID_ARGUMENT "content: ..." when no article text is left, and
// "published_at: ..." when the caller's date cannot be parsed.
absl::StatusOr<ParsedArticle> FinishArticle(Draft draft, const RawInput& input, const ParseOptions& options);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_PIPELINE_H_
