#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/web/dates.h"
#include "core/web/html.h"
#include "core/web/marked_text.h"
#include "core/web/page_parts.h"
#include "core/web/pages.h"

namespace chronicle::web {
namespace {

// One block of the body: a paragraph, or a line when the article has no
// paragraphs.
struct Block {
  size_t begin = 0;
  size_t end = 0;
  v1::Paragraph::Kind kind = v1::Paragraph::TEXT;
  uint32_t section = 0;
};

// With an origin the pages name: "(from html-meta)".
std::string Origin(absl::string_view origin) {
  if (origin.empty()) return "";
  return absl::StrCat(" <span class=\"meta\">(from ", EscapeHtml(origin), ")</span>");
}

std::vector<Block> Blocks(const v1::Article& article) {
  std::vector<Block> blocks;
  for (const v1::Paragraph& paragraph : article.paragraphs()) {
    blocks.push_back({paragraph.begin(), paragraph.end(), paragraph.kind(), paragraph.section()});
  }
  if (!blocks.empty()) return blocks;
  const absl::string_view body = article.body();
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == absl::string_view::npos) end = body.size();
    if (!absl::StripAsciiWhitespace(body.substr(start, end - start)).empty()) {
      blocks.push_back({start, end, v1::Paragraph::TEXT, 0});
    }
    start = end + 1;
  }
  return blocks;
}

absl::string_view EntityKind(v1::Entity::Type type) {
  switch (type) {
    case v1::Entity::PERSON:
      return "person";
    case v1::Entity::ORGANIZATION:
      return "organization";
    case v1::Entity::LOCATION:
      return "location";
    default:
      return "entity";
  }
}

// Every span the body is marked with, outermost kinds first: dated sentences,
// then entity mentions, then temporal expressions.
std::vector<TextSpan> BodySpans(const v1::Article& article) {
  std::vector<TextSpan> spans;
  absl::flat_hash_map<uint32_t, std::vector<std::string>> sentence_dates;
  for (const v1::Event& event : article.events()) sentence_dates[event.sentence()].push_back(event.date_value());
  for (const auto& [index, dates] : sentence_dates) {
    if (index >= static_cast<uint32_t>(article.sentences_size())) continue;
    const v1::Sentence& sentence = article.sentences(index);
    std::vector<std::string> labels;
    for (const std::string& date : dates) labels.push_back(DateLabel(date));
    spans.push_back(
        {sentence.begin(), sentence.end(),
         absl::StrCat("<span class=\"sentence dated\" data-dates=\"", EscapeHtml(absl::StrJoin(dates, " ")),
                      "\" title=\"", EscapeHtml(absl::StrCat("Dated ", absl::StrJoin(labels, ", "))), "\">"),
         "</span>"});
  }
  for (const v1::Entity& entity : article.entities()) {
    const std::string open = absl::StrCat(
        "<mark class=\"entity entity-", EntityKind(entity.type()), "\" data-entity=\"", EscapeHtml(entity.id()),
        "\" title=\"", EscapeHtml(absl::StrCat(entity.name(), " (", EntityKind(entity.type()), ")")), "\">");
    for (const v1::Mention& mention : entity.mentions())
      spans.push_back({mention.begin(), mention.end(), open, "</mark>"});
  }
  for (const v1::TemporalExpression& expression : article.temporal_expressions()) {
    const std::string type = absl::AsciiStrToLower(v1::TemporalExpression::Type_Name(expression.type()));
    std::string title = absl::StrCat(v1::TemporalExpression::Type_Name(expression.type()), " ", expression.value());
    if (!expression.mod().empty()) absl::StrAppend(&title, " (", expression.mod(), ")");
    const std::string datetime = HtmlDatetime(expression.value());
    // <time> only where HTML can read the value; "PAST_REF" or "P12Y" stay
    // a plain span with the value in its title.
    const absl::string_view tag = datetime.empty() ? "span" : "time";
    std::string open =
        absl::StrCat("<", tag, " class=\"timex timex-", type, "\" data-value=\"", EscapeHtml(expression.value()), "\"");
    if (!datetime.empty()) absl::StrAppend(&open, " datetime=\"", EscapeHtml(datetime), "\"");
    absl::StrAppend(&open, " title=\"", EscapeHtml(title), "\">");
    spans.push_back({expression.begin(), expression.end(), std::move(open), absl::StrCat("</", tag, ">")});
  }
  return spans;
}

std::string Body(const v1::Article& article) {
  const std::vector<TextSpan> spans = BodySpans(article);
  std::string out = "<div class=\"body\">";
  bool in_list = false;
  int64_t section = -1;
  for (const Block& block : Blocks(article)) {
    std::vector<TextSpan> inside;
    for (const TextSpan& span : spans) {
      if (span.begin < block.end && span.end > block.begin) inside.push_back(span);
    }
    const std::string text = RenderMarkedText(article.body(), block.begin, block.end, std::move(inside));
    if (text.empty()) continue;
    const bool list_item = block.kind == v1::Paragraph::LIST_ITEM;
    if (in_list && !list_item) absl::StrAppend(&out, "</ul>");
    if (block.section != section) {
      section = block.section;
      if (section < article.sections_size()) {
        const v1::Section& heading = article.sections(static_cast<int>(section));
        if (!heading.heading().empty()) {
          absl::StrAppend(&out, "<h2", heading.kind() == v1::Section::FAQ ? " class=\"faq\"" : "", ">",
                          EscapeHtml(heading.heading()), "</h2>");
        }
      }
    }
    if (list_item && !in_list) absl::StrAppend(&out, "<ul>");
    in_list = list_item;
    if (list_item) {
      absl::StrAppend(&out, "<li>", text, "</li>");
    } else if (block.kind == v1::Paragraph::QUOTE) {
      absl::StrAppend(&out, "<blockquote><p>", text, "</p></blockquote>");
    } else {
      absl::StrAppend(&out, "<p>", text, "</p>");
    }
  }
  if (in_list) absl::StrAppend(&out, "</ul>");
  absl::StrAppend(&out, "</div>");
  return out;
}

std::string Published(const v1::PublicationDate& published) {
  std::string out;
  if (published.has_time()) {
    out = TimeElement(published.time());
    if (!published.value().empty()) absl::StrAppend(&out, " · written ", EscapeHtml(published.value()));
  } else if (!published.value().empty()) {
    out = absl::StrCat("<span title=\"", EscapeHtml(published.value()), "\">", EscapeHtml(DateLabel(published.value())),
                       "</span>");
    // A dateline's "March 12" has no year, and so no instant either.
    if (!published.year_known()) absl::StrAppend(&out, " · year unknown");
  }
  if (out.empty()) return "";
  absl::StrAppend(&out, Origin(published.origin()));
  return out;
}

// The metadata as a list of facts, each with where it came from.
std::string Facts(const v1::StoredArticle& stored) {
  const v1::Article& article = stored.article();
  const v1::ArticleMetadata& metadata = article.metadata();
  std::string out = "<dl class=\"facts\">";
  auto fact = [&out](absl::string_view name, const std::string& value) {
    if (!value.empty()) absl::StrAppend(&out, "<dt>", name, "</dt><dd>", value, "</dd>");
  };
  if (!metadata.source().empty()) fact("Source", EscapeHtml(metadata.source()) + Origin(metadata.source_origin()));
  fact("Published", Published(metadata.published()));
  if (!metadata.authors().empty()) {
    std::vector<std::string> authors;
    for (const std::string& author : metadata.authors()) authors.push_back(EscapeHtml(author));
    fact("By", absl::StrJoin(authors, ", ") + Origin(metadata.authors_origin()));
  }
  if (!metadata.language().empty())
    fact("Language", EscapeHtml(metadata.language()) + Origin(metadata.language_origin()));
  auto url = [](const std::string& address) {
    if (!IsWebUrl(address)) return EscapeHtml(address);
    return absl::StrCat("<a href=\"", EscapeHtml(address), "\" rel=\"noopener noreferrer nofollow\">",
                        EscapeHtml(address), "</a>");
  };
  if (!metadata.canonical_url().empty()) {
    fact("Canonical URL", url(metadata.canonical_url()) + Origin(metadata.canonical_url_origin()));
  }
  if (!article.url().empty() && article.url() != metadata.canonical_url()) fact("URL", url(article.url()));
  if (!metadata.title_origin().empty()) fact("Title", absl::StrCat("from ", EscapeHtml(metadata.title_origin())));
  fact("Id", EscapeHtml(article.id()));
  if (stored.sequence() > 0) fact("Feed sequence", absl::StrCat(stored.sequence()));
  if (stored.has_ingested_at()) fact("Ingested", TimeElement(stored.ingested_at()));
  if (!stored.content_type().empty()) fact("Content type", EscapeHtml(stored.content_type()));
  absl::StrAppend(&out, "</dl>");
  return out;
}

std::string Entities(const v1::Article& article) {
  if (article.entities().empty()) return "";
  std::string out = "<section class=\"entities\"><h2>Named in the article</h2><ul>";
  for (const v1::Entity& entity : article.entities()) {
    const std::string name = entity.name().empty() ? EntityName(entity.id()) : entity.name();
    absl::StrAppend(&out, "<li><mark class=\"entity entity-", EntityKind(entity.type()), "\">", EscapeHtml(name),
                    "</mark> <span class=\"meta\">", EntityKind(entity.type()), ", ",
                    CountOf(entity.mentions_size(), "mention", "mentions"), "</span> · ",
                    Link(UrlWithQuery("/", {{"filter.entities", entity.id()}}), "articles"), " · ",
                    Link(UrlWithQuery("/timeline", {{"entity", entity.id()}}), "timeline"), "</li>");
  }
  absl::StrAppend(&out, "</ul></section>");
  return out;
}

std::string RemovedBlocks(const v1::Article& article) {
  if (article.removed_blocks().empty()) return "";
  std::string out = absl::StrCat("<section class=\"removed\"><h2>Removed from the page</h2><p class=\"meta\">",
                                 CountOf(article.removed_blocks_size(), "block was", "blocks were"),
                                 " not taken as part of the article.</p><ul>");
  for (const v1::RemovedBlock& block : article.removed_blocks()) {
    absl::StrAppend(&out, "<li><strong>", EscapeHtml(block.kind()), "</strong>");
    if (!block.reason().empty()) absl::StrAppend(&out, ": ", EscapeHtml(block.reason()));
    absl::StrAppend(&out, "<blockquote>", EscapeHtml(block.text()), "</blockquote></li>");
  }
  absl::StrAppend(&out, "</ul></section>");
  return out;
}

}  // namespace

std::string RenderArticlePage(const v1::StoredArticle& stored) {
  const v1::Article& article = stored.article();
  const std::string& title = article.metadata().title();
  std::string body = absl::StrCat("<p><a href=\"/\">← Search</a></p><article><h1>",
                                  title.empty() ? "(untitled)" : EscapeHtml(title), "</h1>");
  if (!stored.duplicate_of().empty()) {
    absl::StrAppend(&body, "<p class=\"duplicate\">This article repeats ",
                    Link(ArticlePath(stored.duplicate_of()), EscapeHtml(stored.duplicate_of())), ".</p>");
  }
  absl::StrAppend(&body, Facts(stored), Body(article), "</article>", Entities(article), RemovedBlocks(article));
  return HtmlDocument(title.empty() ? "Article — Chronicle" : title + " — Chronicle", body);
}

}  // namespace chronicle::web
