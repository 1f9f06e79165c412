// Internal to core/parse: the text blocks every input format is reduced to
// before the shared cleanup, and the plain-text layout analysis.
#ifndef CHRONICLE_CORE_PARSE_BLOCKS_H_
#define CHRONICLE_CORE_PARSE_BLOCKS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::parse {

struct Block {
  enum class Kind { kParagraph, kHeading, kListItem, kQuote };
  Kind kind = Kind::kParagraph;
  int heading_level = 0;  // 1..6 for headings from HTML
  std::string text;       // NFC, white space collapsed, bullet marker removed
  // Plain text: the block was one source line (titles and headings must be).
  bool single_line = true;
  // The source line started with a bullet or dash marker ("•", "-", "1.").
  bool bulleted = false;
};

// Removes C0/C1 control characters other than tab and newline, turns CR LF,
// CR, U+2028 and U+2029 into LF, and normalises to NFC. `utf8` must be valid.
std::string PrepareText(absl::string_view utf8);

// Splits prepared plain text into blocks. Blank lines always separate blocks.
// Inside a run of non-blank lines, lines longer than a typical wrap width
// (100 characters) make every line its own block (one paragraph or heading per
// line); shorter lines are hard-wrapped paragraphs, broken where a line is
// indented more than its neighbours, starts with a bullet, an emoji or a
// "Q1:"/"A1:" label, or follows a line much shorter than the wrap width.
// Every block comes out as kParagraph or kListItem; headings are decided later
// with context.
std::vector<Block> SplitPlainText(absl::string_view prepared);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_BLOCKS_H_
