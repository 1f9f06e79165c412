#include "core/html/hints.h"

#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace chronicle::html {
namespace {

// A class/id word and the kind of boilerplate it names. A trailing '*' makes
// it a prefix ("comment*" is not used: "commentary" is an article genre).
struct Keyword {
  absl::string_view word;
  absl::string_view kind;
};

constexpr Keyword kBoilerplateWords[] = {
    {"nav", "navigation"},         {"navbar", "navigation"},       {"navigation*", "navigation"},
    {"menu", "navigation"},        {"menus", "navigation"},        {"submenu", "navigation"},
    {"breadcrumb*", "navigation"}, {"pagination", "navigation"},   {"pager", "navigation"},
    {"skip", "navigation"},        {"skiplink*", "navigation"},    {"topbar", "navigation"},
    {"header", "header"},          {"masthead", "header"},         {"footer*", "footer"},
    {"colophon", "footer"},        {"copyright", "footer"},        {"sidebar*", "aside"},
    {"aside", "aside"},            {"rail", "aside"},              {"widget*", "aside"},
    {"related*", "related-links"}, {"recommend*", "related-links"}, {"recirc*", "related-links"},
    {"outbrain", "related-links"}, {"taboola", "related-links"},   {"trending", "related-links"},
    {"mostread", "related-links"}, {"mostpopular", "related-links"}, {"mostviewed", "related-links"},
    {"share*", "share-bar"},       {"sharing", "share-bar"},       {"social*", "share-bar"},
    {"addthis", "share-bar"},      {"sharethis", "share-bar"},     {"cookie*", "cookie-banner"},
    {"consent*", "cookie-banner"}, {"gdpr", "cookie-banner"},      {"comment", "comments"},
    {"comments", "comments"},      {"commentlist", "comments"},    {"disqus*", "comments"},
    {"respond", "comments"},       {"replies", "comments"},        {"ad", "advertisement"},
    {"ads", "advertisement"},      {"adv", "advertisement"},       {"advert*", "advertisement"},
    {"adslot*", "advertisement"},  {"adunit*", "advertisement"},   {"adsense", "advertisement"},
    {"adcontainer", "advertisement"}, {"adwrapper", "advertisement"}, {"dfp", "advertisement"},
    {"gpt", "advertisement"},      {"doubleclick", "advertisement"}, {"sponsor*", "advertisement"},
    {"newsletter*", "subscribe"},  {"subscribe*", "subscribe"},    {"subscription*", "subscribe"},
    {"signup", "subscribe"},       {"paywall*", "subscribe"},      {"regwall", "subscribe"},
    {"promo*", "promo"},           {"promotion*", "promo"},        {"cta", "promo"},
    {"byline*", "byline"},         {"dateline", "byline"},         {"timestamp", "byline"},
    {"author", "byline"},          {"bio", "author-bio"},          {"tags", "tags"},
    {"keywords", "tags"},          {"modal", "modal"},             {"popup*", "modal"},
    {"overlay", "modal"},          {"lightbox", "modal"},
};

// Whole class names (not words) that mean "not shown".
constexpr absl::string_view kHiddenClasses[] = {
    "hidden", "hide", "invisible", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
    "screenreader-only", "offscreen", "d-none", "is-hidden", "u-hidden",
};

constexpr absl::string_view kContentWords[] = {
    "article", "articlebody", "content", "story", "storybody", "entry", "post", "main", "body", "text", "prose",
    "richtext",
};

bool IsTaxonomyPrefix(absl::string_view word) {
  return word == "author" || word == "tag" || word == "tags" || word == "category" || word == "categories";
}

bool MatchesKeyword(absl::string_view token, absl::string_view word) {
  if (absl::EndsWith(word, "*")) return absl::StartsWith(token, word.substr(0, word.size() - 1));
  return token == word;
}

struct Role {
  absl::string_view role;
  absl::string_view kind;
};
constexpr Role kBoilerplateRoles[] = {
    {"navigation", "navigation"}, {"banner", "header"}, {"contentinfo", "footer"},
    {"complementary", "aside"},   {"search", "form"},   {"menu", "navigation"},
    {"menubar", "navigation"},    {"dialog", "modal"},  {"alertdialog", "modal"},
};

ElementHint Drop(absl::string_view kind, std::string reason, bool unconditional) {
  ElementHint hint;
  hint.drop_kind = std::string(kind);
  hint.reason = std::move(reason);
  hint.unconditional = unconditional;
  return hint;
}

// Tags that never carry article text (returns true: nothing else matters),
// and semantic boilerplate tags (sets `hint` but returns false, so that a
// more specific class name, <aside class="related">, can still name the kind).
bool ClassifyByTag(const Dom& dom, int index, ElementHint& hint) {
  const absl::string_view name = dom.TagName(index);
  switch (dom.tag(index)) {
    case Tag::kScript: case Tag::kStyle: case Tag::kTemplate: case Tag::kHead: case Tag::kTitle:
    case Tag::kMeta: case Tag::kLink: case Tag::kSvg: case Tag::kMath: case Tag::kCanvas:
    case Tag::kIframe: case Tag::kObject: case Tag::kEmbed: case Tag::kVideo: case Tag::kAudio:
    case Tag::kPicture: case Tag::kSource: case Tag::kImg: case Tag::kNoscript:
      hint = Drop("non-content", absl::StrCat("<", name, "> element"), true);
      return true;
    case Tag::kButton: case Tag::kSelect: case Tag::kOption: case Tag::kTextarea: case Tag::kInput:
      hint = Drop("form", absl::StrCat("<", name, "> element"), true);
      return true;
    case Tag::kDialog:
      hint = Drop("modal", "<dialog> element", false);
      return true;
    case Tag::kNav: hint = Drop("navigation", "<nav> element", false); return false;
    case Tag::kAside: hint = Drop("aside", "<aside> element", false); return false;
    case Tag::kFooter: hint = Drop("footer", "<footer> element", false); return false;
    case Tag::kHeader: hint = Drop("header", "<header> element", false); return false;
    case Tag::kForm: hint = Drop("form", "<form> element", false); return false;
    default:
      break;
  }
  // AMP and other custom elements for ads and embeds.
  if (absl::StartsWith(name, "amp-ad") || absl::StartsWith(name, "amp-sticky-ad")) {
    hint = Drop("advertisement", absl::StrCat("<", name, "> element"), false);
    return true;
  }
  return false;
}

bool ClassifyByAttributes(const Dom& dom, int index, ElementHint& hint) {
  if (dom.HasAttribute(index, "hidden")) {
    hint = Drop("hidden", "hidden attribute", false);
    return true;
  }
  std::string style = absl::AsciiStrToLower(dom.Attribute(index, "style"));
  absl::RemoveExtraAsciiWhitespace(&style);
  if (absl::StrContains(style, "display:none") || absl::StrContains(style, "display: none") ||
      absl::StrContains(style, "visibility:hidden") || absl::StrContains(style, "visibility: hidden")) {
    hint = Drop("hidden", "style hides it", false);
    return true;
  }
  if (dom.Attribute(index, "aria-hidden") == "true") {
    hint = Drop("hidden", "aria-hidden", false);
    return true;
  }
  const std::string role = absl::AsciiStrToLower(dom.Attribute(index, "role"));
  for (const Role& r : kBoilerplateRoles) {
    if (role == r.role) {
      hint = Drop(r.kind, absl::StrCat("role=", role), false);
      return true;
    }
  }
  const absl::string_view itemprop = dom.Attribute(index, "itemprop");
  const absl::string_view itemtype = dom.Attribute(index, "itemtype");
  if (itemprop == "comment" || absl::EndsWith(itemtype, "/Comment")) {
    hint = Drop("comments", "schema.org Comment", false);
    return true;
  }
  return false;
}

// 3: itemprop=articleBody; 2: <article>, or names like "story-body",
// "entry-content"; 1: <main>, or a single content word ("content", "text").
int ContentHint(const Dom& dom, int index, const std::vector<std::string>& tokens) {
  if (absl::StrContains(dom.Attribute(index, "itemprop"), "articleBody")) return 3;
  int hint = 0;
  if (dom.tag(index) == Tag::kArticle) hint = 2;
  if (dom.tag(index) == Tag::kMain || dom.Attribute(index, "role") == "main") hint = std::max(hint, 1);
  bool subject = false, body = false;
  for (const std::string& t : tokens) {
    if (t == "articlebody" || t == "storybody" || t == "postbody" || t == "entrycontent") return std::max(hint, 2);
    if (t == "article" || t == "story" || t == "entry" || t == "post" || t == "blog") subject = true;
    if (t == "body" || t == "content" || t == "text" || t == "prose" || t == "richtext") body = true;
    for (absl::string_view w : kContentWords) {
      if (t == w) hint = std::max(hint, 1);
    }
  }
  if (subject && body) hint = std::max(hint, 2);
  return hint;
}

ElementHint ClassifyByNames(const Dom& dom, int index) {
  ElementHint hint;
  const Tag tag = dom.tag(index);
  if (ClassifyByAttributes(dom, index, hint)) return hint;

  const absl::string_view class_attr = dom.Attribute(index, "class");
  const absl::string_view id_attr = dom.Attribute(index, "id");
  for (absl::string_view cls : absl::StrSplit(class_attr, ' ', absl::SkipWhitespace())) {
    const std::string lower = absl::AsciiStrToLower(cls);
    for (absl::string_view hidden : kHiddenClasses) {
      if (lower == hidden) return Drop("hidden", absl::StrCat("class '", cls, "'"), false);
    }
  }
  // Per class name, so that WordPress-style taxonomy classes on the article
  // ("author-jane", "tag-politics") are not read as "author" or "tags"
  // (the words after the prefix still count: "author-bio" is a bio).
  std::vector<std::string> tokens;
  std::vector<std::string> keyword_tokens;
  std::vector<bool> from_class;
  for (absl::string_view cls : absl::StrSplit(class_attr, ' ', absl::SkipWhitespace())) {
    std::vector<std::string> words = NameTokens(cls);
    const bool taxonomy = words.size() > 1 && IsTaxonomyPrefix(words.front());
    for (size_t k = 0; k < words.size(); ++k) {
      if (!(taxonomy && k == 0)) {
        keyword_tokens.push_back(words[k]);
        from_class.push_back(true);
      }
      tokens.push_back(std::move(words[k]));
    }
  }
  for (std::string& w : NameTokens(id_attr)) {
    keyword_tokens.push_back(w);
    from_class.push_back(false);
    tokens.push_back(std::move(w));
  }
  hint.content_hint = ContentHint(dom, index, tokens);
  hint.caption = tag == Tag::kFigcaption;
  for (const std::string& t : tokens) {
    if (absl::StartsWith(t, "caption") || absl::StartsWith(t, "credit") || t == "figcaption") hint.caption = true;
  }
  for (size_t i = 0; i < keyword_tokens.size(); ++i) {
    for (const Keyword& k : kBoilerplateWords) {
      if (!MatchesKeyword(keyword_tokens[i], k.word)) continue;
      ElementHint drop = Drop(k.kind, absl::StrCat(from_class[i] ? "class" : "id", " contains '", keyword_tokens[i], "'"),
                              false);
      drop.content_hint = hint.content_hint;
      drop.caption = hint.caption;
      return drop;
    }
  }
  return hint;
}

}  // namespace

std::vector<std::string> NameTokens(absl::string_view value) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (!absl::ascii_isalnum(c)) {
      flush();
      continue;
    }
    if (absl::ascii_isupper(c) && i > 0) {
      const char prev = value[i - 1];
      const bool next_lower = i + 1 < value.size() && absl::ascii_islower(value[i + 1]);
      if (absl::ascii_islower(prev) || absl::ascii_isdigit(prev) || (absl::ascii_isupper(prev) && next_lower)) {
        flush();
      }
    }
    current.push_back(absl::ascii_tolower(c));
  }
  flush();
  return tokens;
}

ElementHint ClassifyElement(const Dom& dom, int index) {
  ElementHint by_tag;
  if (!dom.IsElement(index)) return by_tag;
  if (ClassifyByTag(dom, index, by_tag)) return by_tag;
  const Tag tag = dom.tag(index);
  if (tag == Tag::kHtml || tag == Tag::kBody) return by_tag;
  ElementHint hint = ClassifyByNames(dom, index);
  if (hint.drop_kind.empty() && !by_tag.drop_kind.empty()) {
    by_tag.content_hint = hint.content_hint;
    by_tag.caption = hint.caption;
    return by_tag;
  }
  return hint;
}

bool IsBlockLevel(Tag tag) {
  switch (tag) {
    case Tag::kAddress: case Tag::kArticle: case Tag::kAside: case Tag::kBlockquote: case Tag::kBody:
    case Tag::kBr: case Tag::kCaption: case Tag::kCenter: case Tag::kDd: case Tag::kDetails:
    case Tag::kDialog: case Tag::kDiv: case Tag::kDl: case Tag::kDt: case Tag::kFieldset:
    case Tag::kFigcaption: case Tag::kFigure: case Tag::kFooter: case Tag::kForm: case Tag::kH1:
    case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6: case Tag::kHeader:
    case Tag::kHgroup: case Tag::kHr: case Tag::kHtml: case Tag::kLegend: case Tag::kLi: case Tag::kMain:
    case Tag::kMenu: case Tag::kNav: case Tag::kOl: case Tag::kP: case Tag::kPre: case Tag::kSection:
    case Tag::kSummary: case Tag::kTable: case Tag::kTbody: case Tag::kTd: case Tag::kTfoot: case Tag::kTh:
    case Tag::kThead: case Tag::kTr: case Tag::kUl: case Tag::kOption: case Tag::kSelect:
      return true;
    default:
      return false;
  }
}

}  // namespace chronicle::html
