// What the HTML extractor makes of a page: the page's metadata and its main
// content as a list of text blocks, plus what it left out and why.
//
// This is the contract between core/html (which walks the markup) and
// core/parse (which turns blocks into a clean article for every input format).
#ifndef CHRONICLE_CORE_HTML_HTML_DOCUMENT_H_
#define CHRONICLE_CORE_HTML_HTML_DOCUMENT_H_

#include <string>
#include <vector>

namespace chronicle::html {

// A unit of main content, in document order. Text is UTF-8, NFC, with
// whitespace collapsed; inline markup is flattened into the text.
struct ContentBlock {
  enum class Kind { kHeading, kParagraph, kListItem, kQuote, kPreformatted, kTableCell };
  Kind kind = Kind::kParagraph;
  int heading_level = 0;  // 1..6 for kHeading
  std::string text;
};

// Something on the page that is not article text.
struct DroppedBlock {
  // "navigation", "header", "footer", "aside", "related-links", "share-bar",
  // "cookie-banner", "comments", "advertisement", "form", "low-text-density", ...
  std::string kind;
  std::string text;    // at most a few hundred bytes: enough for a person to recognise it
  std::string reason;  // e.g. "class contains 'cookie'"
};

// Page-level metadata as found, unvalidated; empty when absent. The parser
// decides which candidate wins and records where it came from.
struct HtmlMetadata {
  std::string title_tag;       // <title>
  std::string og_title;        // <meta property="og:title">
  std::string h1;              // first <h1> of the main content
  std::string site_name;       // og:site_name / application-name
  std::string published_time;  // article:published_time, itemprop=datePublished, ...
  std::string time_element;    // first <time datetime> in the main content
  std::string modified_time;
  std::vector<std::string> authors;  // meta author, article:author, rel=author, JSON-LD
  std::string canonical_url;   // <link rel=canonical> or og:url
  std::string language;        // <html lang>, content-language
  std::string description;     // meta description / og:description
  // From JSON-LD (NewsArticle, Article, ...).
  std::string json_ld_headline;
  std::string json_ld_date_published;
  std::string json_ld_publisher;
  std::vector<std::string> json_ld_authors;
};

struct HtmlDocument {
  HtmlMetadata metadata;
  std::vector<ContentBlock> blocks;
  std::vector<DroppedBlock> dropped;
};

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_HTML_DOCUMENT_H_
