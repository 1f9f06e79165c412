// Text with parts of it wrapped in elements (<mark> around a match, <time>
// around a date, a span around a sentence), the parts given as byte offsets
// that come from other services and may be wrong: out of range, reversed,
// overlapping, or in the middle of a UTF-8 character.
#ifndef CHRONICLE_CORE_WEB_MARKED_TEXT_H_
#define CHRONICLE_CORE_WEB_MARKED_TEXT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::web {

// Bytes [begin, end) of the text go between `open` and `close`, which are
// markup written by the caller (trusted; everything else is escaped).
struct TextSpan {
  size_t begin = 0;
  size_t end = 0;
  std::string open;
  std::string close;
};

// Bytes [begin, end) of `text` (clamped to it), escaped, with `spans` wrapped
// around their parts. Offsets are clamped to the range and widened to whole
// UTF-8 characters; empty spans are dropped, and so is a span that would
// cross one kept before it (spans are kept by start, longer first, then in
// the order given), so the markup always nests.
std::string RenderMarkedText(absl::string_view text, size_t begin, size_t end, std::vector<TextSpan> spans);

// The whole of `text`.
std::string RenderMarkedText(absl::string_view text, std::vector<TextSpan> spans);

}  // namespace chronicle::web

#endif  // CHRONICLE_CORE_WEB_MARKED_TEXT_H_
