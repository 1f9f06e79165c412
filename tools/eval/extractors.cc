#include "tools/eval/extractors.h"

#include "core/parse/parse_article.h"

#include "absl/strings/str_cat.h"
#include "core/html/html_extractor.h"

namespace chronicle::eval {
namespace {

const char* KindName(html::ContentBlock::Kind kind) {
  switch (kind) {
    case html::ContentBlock::Kind::kHeading: return "H";
    case html::ContentBlock::Kind::kParagraph: return "P";
    case html::ContentBlock::Kind::kListItem: return "LI";
    case html::ContentBlock::Kind::kQuote: return "Q";
    case html::ContentBlock::Kind::kPreformatted: return "PRE";
    case html::ContentBlock::Kind::kTableCell: return "TD";
  }
  return "?";
}

std::string Explain(const html::HtmlDocument& doc) {
  const html::HtmlMetadata& m = doc.metadata;
  std::string out = absl::StrCat("title: ", m.title_tag, "\nog:title: ", m.og_title, "\nh1: ", m.h1,
                                 "\nsite: ", m.site_name, "\npublished: ", m.published_time,
                                 "\ntime element: ", m.time_element, "\nmodified: ", m.modified_time,
                                 "\ncanonical: ", m.canonical_url, "\nlanguage: ", m.language,
                                 "\njson-ld: ", m.json_ld_headline, " | ", m.json_ld_date_published, " | ",
                                 m.json_ld_publisher, "\nauthors:");
  for (const std::string& a : m.authors) absl::StrAppend(&out, " [", a, "]");
  absl::StrAppend(&out, "\njson-ld authors:");
  for (const std::string& a : m.json_ld_authors) absl::StrAppend(&out, " [", a, "]");
  absl::StrAppend(&out, "\n\nBLOCKS\n");
  for (const html::ContentBlock& b : doc.blocks) absl::StrAppend(&out, KindName(b.kind), ": ", b.text, "\n");
  absl::StrAppend(&out, "\nDROPPED\n");
  for (const html::DroppedBlock& d : doc.dropped) absl::StrAppend(&out, d.kind, " (", d.reason, "): ", d.text, "\n");
  return out;
}

Extractor HtmlExtractor(html::ExtractOptions options) {
  return [options](absl::string_view page) -> absl::StatusOr<ExtractedArticle> {
    absl::StatusOr<html::HtmlDocument> doc = html::ExtractHtml(page, options);
    if (!doc.ok()) return doc.status();
    ExtractedArticle article;
    for (const html::ContentBlock& block : doc->blocks) {
      if (!article.body.empty()) article.body.push_back('\n');
      article.body += block.text;
    }
    const html::HtmlMetadata& m = doc->metadata;
    article.dates = {{"meta", m.published_time}, {"json-ld", m.json_ld_date_published}, {"time", m.time_element}};
    article.explanation = Explain(*doc);
    return article;
  };
}

// The whole article parser: HTML extraction plus the text-level cleanup that
// every format gets (promotions, follow lines, disclaimers, datelines, ...).
Extractor ArticleParser() {
  return [](absl::string_view page) -> absl::StatusOr<ExtractedArticle> {
    parse::RawInput input;
    input.content = page;
    input.content_type = "text/html";
    absl::StatusOr<parse::ParsedArticle> parsed = parse::ParseArticle(input);
    if (!parsed.ok()) return parsed.status();
    ExtractedArticle article;
    // Headings are kept beside the body (Section::heading); the truth has them inline.
    for (const parse::Section& section : parsed->sections) {
      if (!section.heading.empty()) absl::StrAppend(&article.body, section.heading, "\n");
      absl::StrAppend(&article.body, absl::string_view(parsed->body).substr(section.begin, section.end - section.begin), "\n");
    }
    if (parsed->metadata.published.has_value()) {
      article.dates = {{parsed->metadata.published->origin, parsed->metadata.published->value}};
    }
    for (const parse::RemovedBlock& block : parsed->removed_blocks) {
      absl::StrAppend(&article.explanation, "removed ", block.kind, " (", block.reason, "): ", block.text, "\n");
    }
    return article;
  };
}

}  // namespace

std::vector<ExtractorChoice> AvailableExtractors() {
  html::ExtractOptions libxml2;
  libxml2.parser = html::HtmlParser::kLibxml2;
  html::ExtractOptions gumbo;
  gumbo.parser = html::HtmlParser::kGumbo;
  html::ExtractOptions captions;
  captions.keep_captions = true;
  return {
      {"html", "core/html ExtractHtml, default options (libxml2)", HtmlExtractor(libxml2)},
      {"article", "core/parse ParseArticle: extraction plus text-level cleanup", ArticleParser()},
      {"html-gumbo", "core/html ExtractHtml with the gumbo parser", HtmlExtractor(gumbo)},
      {"html-captions", "core/html ExtractHtml keeping figure captions", HtmlExtractor(captions)},
  };
}

}  // namespace chronicle::eval
