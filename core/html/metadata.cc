#include "core/html/metadata.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/html/hints.h"
#include "core/html/json_ld.h"
#include "core/text/encoding.h"

namespace chronicle::html {
namespace {

enum class Field { kOgTitle, kSiteName, kPublished, kModified, kAuthor, kCanonical, kLanguage, kDescription };

// <meta> names and properties by field; within a field, earlier entries win.
struct MetaKey {
  absl::string_view key;
  Field field;
};
constexpr MetaKey kMetaKeys[] = {
    {"og:title", Field::kOgTitle},
    {"og:site_name", Field::kSiteName}, {"application-name", Field::kSiteName},
    {"article:published_time", Field::kPublished}, {"og:article:published_time", Field::kPublished},
    {"datepublished", Field::kPublished}, {"article:published", Field::kPublished},
    {"parsely-pub-date", Field::kPublished}, {"sailthru.date", Field::kPublished},
    {"dc.date.issued", Field::kPublished}, {"dcterms.issued", Field::kPublished},
    {"dcterms.created", Field::kPublished}, {"dc.date.created", Field::kPublished},
    {"dc.date", Field::kPublished}, {"dcterms.date", Field::kPublished},
    {"pubdate", Field::kPublished}, {"publishdate", Field::kPublished}, {"publish-date", Field::kPublished},
    {"publish_date", Field::kPublished}, {"publication_date", Field::kPublished},
    {"citation_publication_date", Field::kPublished}, {"originalpublicationdate", Field::kPublished},
    {"article.published", Field::kPublished}, {"og:pubdate", Field::kPublished},
    {"cxenseparse:recs:publishtime", Field::kPublished}, {"date", Field::kPublished},
    {"article:modified_time", Field::kModified}, {"og:updated_time", Field::kModified},
    {"datemodified", Field::kModified}, {"article:modified", Field::kModified},
    {"dcterms.modified", Field::kModified}, {"last-modified", Field::kModified},
    {"author", Field::kAuthor}, {"article:author", Field::kAuthor}, {"og:article:author", Field::kAuthor},
    {"parsely-author", Field::kAuthor}, {"sailthru.author", Field::kAuthor}, {"dc.creator", Field::kAuthor},
    {"dcterms.creator", Field::kAuthor}, {"citation_author", Field::kAuthor}, {"byl", Field::kAuthor},
    {"og:url", Field::kCanonical},
    {"content-language", Field::kLanguage}, {"dc.language", Field::kLanguage},
    {"description", Field::kDescription}, {"og:description", Field::kDescription},
    {"twitter:description", Field::kDescription},
};

bool IsForeignKind(absl::string_view kind) {
  return kind == "comments" || kind == "related-links" || kind == "aside" || kind == "advertisement" ||
         kind == "promo" || kind == "navigation" || kind == "footer";
}

// Regions whose bylines and dates belong to other articles: removed ones of
// those kinds, and outside the main content, boilerplate-named ones.
bool InForeignRegion(const Dom& dom, const PrunedPage& page, int container, int node) {
  if (const int32_t mark = page.removed[node]; mark > 0) return IsForeignKind(page.removals[mark - 1].kind);
  const bool inside = container >= 0 && node >= container && node < dom.SubtreeEnd(container);
  if (inside) return false;
  const int32_t hint = page.boilerplate_of[node];
  return hint > 0 && IsForeignKind(page.boilerplate[hint - 1].kind);
}

bool HasToken(absl::string_view list, absl::string_view token) {
  for (absl::string_view t : absl::StrSplit(list, ' ', absl::SkipWhitespace())) {
    if (absl::EqualsIgnoreCase(t, token)) return true;
  }
  return false;
}

class MetadataBuilder {
 public:
  void Offer(Field field, int rank, absl::string_view raw) {
    std::string value = CleanText(raw);
    if (value.empty()) return;
    if (field == Field::kAuthor) {
      absl::string_view v = value;
      if (absl::ConsumePrefix(&v, "By ") || absl::ConsumePrefix(&v, "by ")) value = std::string(v);
      AddAuthor(metadata_.authors, value);
      return;
    }
    auto& [best_rank, best] = slots_[static_cast<int>(field)];
    if (!best.empty() && best_rank <= rank) return;
    best_rank = rank;
    best = std::move(value);
  }

  static void AddAuthor(std::vector<std::string>& authors, const std::string& name) {
    if (name.empty() || std::find(authors.begin(), authors.end(), name) != authors.end()) return;
    authors.push_back(name);
  }

  HtmlMetadata Finish() {
    metadata_.og_title = std::move(slot(Field::kOgTitle));
    metadata_.site_name = std::move(slot(Field::kSiteName));
    metadata_.published_time = std::move(slot(Field::kPublished));
    metadata_.modified_time = std::move(slot(Field::kModified));
    metadata_.canonical_url = std::move(slot(Field::kCanonical));
    metadata_.description = std::move(slot(Field::kDescription));
    if (metadata_.language.empty()) metadata_.language = std::move(slot(Field::kLanguage));
    return std::move(metadata_);
  }

  HtmlMetadata& metadata() { return metadata_; }

 private:
  std::string& slot(Field f) { return slots_[static_cast<int>(f)].second; }
  std::pair<int, std::string> slots_[8];
  HtmlMetadata metadata_;
};

void ReadMeta(const Dom& dom, int i, MetadataBuilder& out) {
  absl::string_view content = dom.Attribute(i, "content");
  if (content.empty()) return;
  for (const char* attribute : {"property", "name", "itemprop", "http-equiv"}) {
    const std::string key = absl::AsciiStrToLower(dom.Attribute(i, attribute));
    if (key.empty()) continue;
    for (size_t k = 0; k < std::size(kMetaKeys); ++k) {
      if (kMetaKeys[k].key == key) out.Offer(kMetaKeys[k].field, static_cast<int>(k), content);
    }
  }
}

// Microdata on visible elements: <time itemprop="datePublished" datetime=...>,
// <span itemprop="author"><span itemprop="name">...</span></span>.
void ReadItemprop(const Dom& dom, int i, absl::string_view itemprop, MetadataBuilder& out) {
  constexpr int kMicrodataRank = 1000;  // after every <meta>
  if (itemprop == "datePublished" || itemprop == "dateModified") {
    absl::string_view value = dom.Attribute(i, "datetime");
    if (value.empty()) value = dom.Attribute(i, "content");
    std::string text = value.empty() ? ElementText(dom, i, 200) : std::string(value);
    out.Offer(itemprop == "datePublished" ? Field::kPublished : Field::kModified, kMicrodataRank, text);
  } else if (itemprop == "author" || itemprop == "creator") {
    // The author's name is the nested itemprop=name when there is one.
    for (int j = i + 1; j < dom.SubtreeEnd(i); ++j) {
      if (dom.IsElement(j) && dom.Attribute(j, "itemprop") == "name") {
        absl::string_view content = dom.Attribute(j, "content");
        out.Offer(Field::kAuthor, kMicrodataRank, content.empty() ? ElementText(dom, j, 200) : std::string(content));
        return;
      }
    }
    absl::string_view content = dom.Attribute(i, "content");
    std::string name = content.empty() ? ElementText(dom, i, 200) : std::string(content);
    if (name.size() < 100) out.Offer(Field::kAuthor, kMicrodataRank, name);
  }
}

// The first article object wins over later ones, and any article object
// over a merely dated one (a WebPage).
void ReadJsonLd(const Dom& dom, int script, HtmlMetadata& metadata, std::string* article_body,
                int& have_rank) {
  if (!absl::StrContains(absl::AsciiStrToLower(dom.Attribute(script, "type")), "ld+json")) return;
  std::string text;
  for (int c = dom.first_child(script); c >= 0; c = dom.next_sibling(c)) {
    if (!dom.IsElement(c)) absl::StrAppend(&text, dom.Text(c));
  }
  absl::optional<JsonLdArticle> article = ParseJsonLdArticle(text);
  if (!article) return;
  const int rank = article->is_article ? 2 : 1;
  if (rank <= have_rank) return;
  have_rank = rank;
  metadata.json_ld_authors.clear();
  metadata.json_ld_headline = CleanText(article->headline);
  metadata.json_ld_date_published = CleanText(article->date_published);
  metadata.json_ld_publisher = CleanText(article->publisher);
  for (const std::string& a : article->authors) MetadataBuilder::AddAuthor(metadata.json_ld_authors, CleanText(a));
  if (article_body != nullptr) *article_body = std::move(article->article_body);
}

}  // namespace

std::string CleanText(absl::string_view text) {
  return text::NormalizeNfc(text::CollapseWhitespace(text));
}

std::string ElementText(const Dom& dom, int element, size_t max_bytes) {
  std::string raw;
  const int end = dom.SubtreeEnd(element);
  for (int i = element; i < end && raw.size() < max_bytes; ++i) {
    const Tag tag = dom.tag(i);
    if (tag == Tag::kScript || tag == Tag::kStyle || tag == Tag::kTemplate) {
      i = dom.SubtreeEnd(i) - 1;
      continue;
    }
    if (tag == Tag::kText) absl::StrAppend(&raw, dom.Text(i));
    if (tag == Tag::kBr || IsBlockLevel(tag)) raw.push_back(' ');
  }
  if (raw.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(raw[cut]) & 0xC0) == 0x80) --cut;
    raw.resize(cut);
  }
  return CleanText(raw);
}

HtmlMetadata ExtractPageMetadata(const Dom& dom, const PrunedPage& page, std::string* json_ld_article_body) {
  MetadataBuilder builder;
  HtmlMetadata& m = builder.metadata();
  if (json_ld_article_body != nullptr) json_ld_article_body->clear();
  int have_json_ld = 0;
  if (dom.size() > 0) {
    absl::string_view lang = dom.Attribute(0, "lang");
    if (lang.empty()) lang = dom.Attribute(0, "xml:lang");
    m.language = CleanText(lang);
  }
  constexpr int kCanonicalLinkRank = -1;  // beats og:url
  for (int i = 0; i < dom.size(); ++i) {
    switch (dom.tag(i)) {
      case Tag::kTitle:
        if (m.title_tag.empty()) m.title_tag = ElementText(dom, i, 2000);
        break;
      case Tag::kMeta:
        ReadMeta(dom, i, builder);
        break;
      case Tag::kLink:
        if (HasToken(dom.Attribute(i, "rel"), "canonical")) {
          builder.Offer(Field::kCanonical, kCanonicalLinkRank, dom.Attribute(i, "href"));
        }
        break;
      case Tag::kScript:
        ReadJsonLd(dom, i, m, json_ld_article_body, have_json_ld);
        break;
      default:
        break;
    }
  }
  return builder.Finish();
}

void AddContentMetadata(const Dom& dom, const PrunedPage& page, int container, HtmlMetadata& metadata) {
  MetadataBuilder builder;
  std::vector<int> headings, times;
  for (int i = 0; i < dom.size(); ++i) {
    if (!dom.IsElement(i) || InForeignRegion(dom, page, container, i)) continue;
    const Tag tag = dom.tag(i);
    if (tag == Tag::kH1) headings.push_back(i);
    if (tag == Tag::kTime && dom.HasAttribute(i, "datetime")) times.push_back(i);
    if (tag == Tag::kA && HasToken(dom.Attribute(i, "rel"), "author")) {
      std::string name = ElementText(dom, i, 200);
      if (name.size() < 100) builder.Offer(Field::kAuthor, 0, name);
    }
    absl::string_view itemprop = dom.Attribute(i, "itemprop");
    if (!itemprop.empty() && tag != Tag::kMeta) ReadItemprop(dom, i, itemprop, builder);
  }
  HtmlMetadata found = builder.Finish();
  if (metadata.published_time.empty()) metadata.published_time = std::move(found.published_time);
  if (metadata.modified_time.empty()) metadata.modified_time = std::move(found.modified_time);
  for (const std::string& a : found.authors) MetadataBuilder::AddAuthor(metadata.authors, a);

  auto first_within = [&](const std::vector<int>& nodes, int root) {
    for (int n : nodes) {
      if (n >= root && n < dom.SubtreeEnd(root)) return n;
    }
    return -1;
  };
  // The title heading usually sits just before the body text, outside it.
  int h1 = container >= 0 ? first_within(headings, container) : -1;
  if (h1 < 0 && container >= 0) {
    for (int n : headings) {
      if (n < container) h1 = n;
    }
  }
  if (h1 < 0 && !headings.empty()) h1 = headings.front();
  if (h1 >= 0) metadata.h1 = ElementText(dom, h1, 2000);

  int time = -1;
  for (int a = container; a >= 0 && time < 0; a = dom.parent(a)) time = first_within(times, a);
  if (time < 0 && !times.empty()) time = times.front();
  if (time >= 0) metadata.time_element = CleanText(dom.Attribute(time, "datetime"));
}

}  // namespace chronicle::html
