// Page-level metadata: <title>, Open Graph and other <meta> tags, canonical
// link, language, schema.org microdata and JSON-LD.
#ifndef CHRONICLE_CORE_HTML_METADATA_H_
#define CHRONICLE_CORE_HTML_METADATA_H_

#include <string>

#include "core/html/dom.h"
#include "core/html/html_document.h"
#include "core/html/prune.h"

namespace chronicle::html {

// Reads the metadata that does not depend on where the article is: <title>,
// <meta> tags, <link rel=canonical>, <html lang> and JSON-LD. Stores the JSON-LD articleBody (unnormalised,
// "" when absent) in `json_ld_article_body` for the content selector.
// Values are white-space collapsed and NFC; nothing is validated.
HtmlMetadata ExtractPageMetadata(const Dom& dom, const PrunedPage& page, std::string* json_ld_article_body);

// Fills the fields that depend on the main-content element `container`:
// the article's <h1> and its <time datetime>, preferring those inside the
// container, then those in its nearest ancestors, then the first on the page;
// itemprop microdata (datePublished, author) and rel=author links, ignoring
// those in comments, related links, sidebars and other foreign regions.
// Microdata dates only fill published/modified time when no <meta> did.
void AddContentMetadata(const Dom& dom, const PrunedPage& page, int container, HtmlMetadata& metadata);

// Collapsed, NFC text of an element's subtree (script and style excluded),
// cut at about `max_bytes` on a character boundary.
std::string ElementText(const Dom& dom, int element, size_t max_bytes = 1 << 20);

// White-space collapse + NFC of a value read from the page.
std::string CleanText(absl::string_view text);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_METADATA_H_
