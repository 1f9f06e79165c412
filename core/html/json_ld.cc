#include "core/html/json_ld.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace chronicle::html {
namespace {

using Json = nlohmann::json;

// Scripts larger than this are not article metadata (some sites inline whole
// data stores); deeper nesting is not schema.org either.
constexpr size_t kMaxScriptBytes = 4 << 20;
constexpr int kMaxNesting = 200;
constexpr int kMaxVisitedValues = 20000;

constexpr absl::string_view kArticleTypes[] = {
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "AskPublicNewsArticle",
    "LiveBlogPosting", "SatiricalArticle", "ScholarlyArticle", "TechArticle", "Report", "SocialMediaPosting",
};

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

absl::string_view StripWrappers(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  for (absl::string_view prefix : {"//<![CDATA[", "<![CDATA[", "<!--"}) {
    if (absl::ConsumePrefix(&s, prefix)) s = absl::StripAsciiWhitespace(s);
  }
  for (absl::string_view suffix : {"//]]>", "]]>", "-->"}) {
    if (absl::ConsumeSuffix(&s, suffix)) s = absl::StripAsciiWhitespace(s);
  }
  absl::ConsumeSuffix(&s, ";");
  return s;
}

size_t SkipSpaces(absl::string_view s, size_t i) {
  while (i < s.size() && IsJsonSpace(s[i])) ++i;
  return i;
}

// Text of a schema.org value: a string, the name of an object, or the first
// such of an array.
std::string TextOf(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  if (v.is_object()) {
    for (const char* key : {"name", "@value"}) {
      auto it = v.find(key);
      if (it != v.end() && it->is_string()) return it->get<std::string>();
    }
  }
  if (v.is_array()) {
    for (const Json& e : v) {
      std::string t = TextOf(e);
      if (!t.empty()) return t;
    }
  }
  return "";
}

std::string Field(const Json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? std::string() : TextOf(*it);
}

absl::string_view BareType(absl::string_view type) {
  size_t slash = type.find_last_of("/:");
  return slash == absl::string_view::npos ? type : type.substr(slash + 1);
}

std::string ArticleType(const Json& object) {
  auto it = object.find("@type");
  if (it == object.end()) return "";
  std::vector<std::string> types;
  if (it->is_string()) types.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const Json& t : *it) {
      if (t.is_string()) types.push_back(t.get<std::string>());
    }
  }
  for (const std::string& t : types) {
    for (absl::string_view known : kArticleTypes) {
      if (BareType(t) == known) return std::string(known);
    }
  }
  return "";
}

JsonLdArticle ToArticle(const Json& object, std::string type) {
  JsonLdArticle a;
  a.type = std::move(type);
  a.headline = Field(object, "headline");
  if (a.headline.empty()) a.headline = Field(object, "name");
  a.date_published = Field(object, "datePublished");
  if (a.date_published.empty()) a.date_published = Field(object, "dateCreated");
  a.date_modified = Field(object, "dateModified");
  a.publisher = Field(object, "publisher");
  a.article_body = Field(object, "articleBody");
  a.url = Field(object, "url");
  auto author = object.find("author");
  if (author != object.end()) {
    if (author->is_array()) {
      for (const Json& one : *author) {
        std::string name = TextOf(one);
        if (!name.empty()) a.authors.push_back(std::move(name));
      }
    } else if (std::string name = TextOf(*author); !name.empty()) {
      a.authors.push_back(std::move(name));
    }
  }
  return a;
}

// Bracket nesting outside strings; checked before parsing so that no JSON
// library code ever sees pathological depth.
int MaxNesting(absl::string_view s) {
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      depth = std::max(0, depth - 1);
    }
  }
  return max_depth;
}

Json ParseLenient(absl::string_view text) {
  return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
}

}  // namespace

std::string RepairJson(absl::string_view json) {
  const absl::string_view s = StripWrappers(json);
  std::string out;
  out.reserve(s.size() + 2);
  bool in_string = false;
  int depth = 0;
  int max_depth = 0;
  int top_level_values = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\' && i + 1 < s.size()) {
        const char next = s[i + 1];
        if (absl::string_view("\"\\/bfnrtu").find(next) == absl::string_view::npos) {
          out.push_back(next);  // "\'" and friends: keep the character, drop the backslash
        } else {
          out.push_back(c);
          out.push_back(next);
        }
        ++i;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        out.push_back(' ');
      } else {
        if (c == '"') in_string = false;
        out.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        if (depth == 0) {
          if (top_level_values > 0) out.push_back(',');
          ++top_level_values;
        }
        max_depth = std::max(max_depth, ++depth);
        break;
      case '}':
      case ']':
        depth = std::max(0, depth - 1);
        break;
      case ',': {
        const size_t next = SkipSpaces(s, i + 1);
        if (next < s.size() && (s[next] == '}' || s[next] == ']')) continue;  // trailing comma
        if (depth == 0) continue;  // "{...},{...}": the separator is added above
        break;
      }
      default:
        break;
    }
    out.push_back(c);
  }
  if (max_depth > kMaxNesting) return "";
  if (top_level_values > 1) return "[" + out + "]";
  return out;
}

absl::optional<JsonLdArticle> ParseJsonLdArticle(absl::string_view script_text) {
  if (script_text.size() > kMaxScriptBytes || MaxNesting(script_text) > kMaxNesting) return absl::nullopt;
  Json root = ParseLenient(StripWrappers(script_text));
  if (root.is_discarded()) {
    const std::string repaired = RepairJson(script_text);
    if (repaired.empty()) return absl::nullopt;
    root = ParseLenient(repaired);
    if (root.is_discarded()) return absl::nullopt;
  }
  // Breadth-first, so that a top-level article beats one nested deeper
  // (e.g. an Article listed under a WebPage's "relatedLink").
  absl::optional<JsonLdArticle> first;
  absl::optional<JsonLdArticle> dated;  // no article type, but a datePublished (WebPage, ClaimReview)
  std::vector<const Json*> queue = {&root};
  for (size_t head = 0; head < queue.size() && head < kMaxVisitedValues; ++head) {
    const Json& v = *queue[head];
    if (v.is_object()) {
      std::string type = ArticleType(v);
      if (!type.empty()) {
        JsonLdArticle article = ToArticle(v, std::move(type));
        article.is_article = true;
        if (!article.headline.empty() || !article.article_body.empty()) return article;
        if (!first) first = std::move(article);
      } else if (!dated && v.contains("datePublished")) {
        auto t = v.find("@type");
        dated = ToArticle(v, t != v.end() ? TextOf(*t) : std::string());
      }
      for (const auto& item : v.items()) {
        if (item.value().is_structured()) queue.push_back(&item.value());
      }
    } else if (v.is_array()) {
      for (const Json& e : v) {
        if (e.is_structured()) queue.push_back(&e);
      }
    }
  }
  if (first) return first;
  return dated;
}

}  // namespace chronicle::html
