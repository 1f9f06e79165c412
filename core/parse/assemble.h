// Internal to core/parse: builds the body, sections, paragraphs and sentences
// from cleaned blocks.
#ifndef CHRONICLE_CORE_PARSE_ASSEMBLE_H_
#define CHRONICLE_CORE_PARSE_ASSEMBLE_H_

#include <string>
#include <vector>

#include "core/parse/article.h"
#include "core/parse/blocks.h"

namespace chronicle::parse {

// What the cleanup decided about one block.
struct BlockState {
  std::string removed_kind;  // non-empty: not part of the body
  std::string removed_reason;
  bool title = false;  // the headline line, moved to the metadata
  bool faq = false;    // inside the trailing FAQ part
  bool removed() const { return title || !removed_kind.empty(); }
};

// Appends to `article`: body, sections (a heading opens one; text before any
// heading goes to an untitled section; entering the FAQ part opens a FAQ
// section), paragraphs, sentences, and removed blocks (`pre_removed` first,
// then in document order). With `remove_chatbot`, sentences that
// IsChatbotDisclaimer flags are cut out of their paragraph and listed as
// removed "chatbot-disclaimer" blocks.
void AssembleBody(const std::vector<Block>& blocks, const std::vector<BlockState>& states, bool remove_chatbot,
                  std::vector<RemovedBlock> pre_removed, ParsedArticle& article);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_ASSEMBLE_H_
