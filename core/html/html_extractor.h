// Main-content extraction from a whole HTML page.
#ifndef CHRONICLE_CORE_HTML_HTML_EXTRACTOR_H_
#define CHRONICLE_CORE_HTML_HTML_EXTRACTOR_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/html/html_document.h"
#include "core/html/html_parser.h"

namespace chronicle::html {

struct ExtractOptions {
  // Charset the caller declared (HTTP header, API field); wins over <meta charset>.
  std::string declared_charset;
  // Pages nested deeper than this are walked only to this depth (best effort,
  // never a stack overflow).
  int max_depth = 400;
  // The HTML parser behind the Dom (see docs/html-extraction.md for why
  // libxml2 is the default).
  HtmlParser parser = HtmlParser::kLibxml2;
  // Keep figure captions and photo credits found inside the main content.
  bool keep_captions = false;
};

// Pages larger than this are refused (INVALID_ARGUMENT). Callers should
// enforce a much smaller limit of their own (news pages are under 2 MB): a
// 100 MB page takes 4 to 8 seconds and 0.5 to 1.1 GB of memory
// (docs/html-extraction.md).
inline constexpr size_t kMaxPageBytes = size_t{1} << 30;

// Decodes `page` (converting its charset to UTF-8: declared charset, else BOM,
// else <meta> charset, else UTF-8, else windows-1252), parses it, and returns
// its metadata and main content: the blocks of the highest-scoring container
// (see content_selector.h) minus boilerplate, and a DroppedBlock for every
// region or block left out. Block and metadata text is UTF-8 NFC with white
// space collapsed; the heading that repeats the page title is reported as
// dropped ("title"), not as a block: it is in the metadata.
// Errors: INVALID_ARGUMENT for an empty page, a page larger than
// kMaxPageBytes, bytes that cannot be decoded (unknown declared charset, bytes
// invalid in it) or that look binary, and a page with no article text (no
// text at all, or only boilerplate).
absl::StatusOr<HtmlDocument> ExtractHtml(absl::string_view page, const ExtractOptions& options = {});

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_HTML_EXTRACTOR_H_
