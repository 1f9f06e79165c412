#include "core/parse/json_input.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/parse/blocks.h"
#include "core/parse/boilerplate.h"
#include "core/parse/dates.h"
#include "nlohmann/json.hpp"

namespace chronicle::parse {
namespace {

using Json = nlohmann::json;

// Bracket depth outside strings, checked before parsing so that hostile input
// never reaches a deep recursion anywhere (parser, destructor, our walk).
absl::Status CheckDepth(absl::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        return absl::InvalidArgumentError(
            absl::StrCat("content: JSON nested deeper than ", max_depth, " levels at byte ", i));
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return absl::OkStatus();
}

const Json* Find(const Json& object, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    auto it = object.find(name);
    if (it != object.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

// A string, or the name/title of an object ({"name": "Valley Post"}).
std::string AsText(const Json* value) {
  if (value == nullptr) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return std::to_string(value->get<int64_t>());
  if (value->is_object()) {
    if (const Json* name = Find(*value, {"name", "title", "@value"})) return AsText(name);
  }
  return "";
}

std::string BodyText(const Json* value) {
  if (value == nullptr) return "";
  if (value->is_array()) {
    std::vector<std::string> parts;
    for (const Json& element : *value) {
      std::string part = AsText(&element);
      if (!part.empty()) parts.push_back(std::move(part));
    }
    return absl::StrJoin(parts, "\n\n");
  }
  if (value->is_object()) {
    if (const Json* inner = Find(*value, {"text", "body", "plain"})) return AsText(inner);
  }
  return AsText(value);
}

void ReadAuthors(const Json* value, Draft& draft) {
  if (value == nullptr) return;
  std::vector<std::string> authors;
  if (value->is_array()) {
    for (const Json& element : *value) {
      std::string name = AsText(&element);
      if (!name.empty()) authors.push_back(std::move(name));
    }
  } else if (std::string text = AsText(value); !text.empty()) {
    if (auto byline = ParseAuthorByline(text)) {
      authors = byline->authors;
    } else if (auto byline2 = ParseAuthorByline(absl::StrCat("By ", text))) {
      authors = byline2->authors;
    } else {
      authors.push_back(text);
    }
  }
  if (!authors.empty()) {
    draft.authors = std::move(authors);
    draft.authors_origin = "json";
  }
}

void ReadDate(const Json* value, Draft& draft) {
  if (value == nullptr) return;
  absl::optional<PublicationDate> date;
  if (value->is_number_integer()) {
    // 0 is how many feeds write "no date"; ParseDateString checks strings itself.
    const PublicationDate unix_date = DateFromUnixTime(value->get<int64_t>());
    if (value->get<int64_t>() != 0 && IsUsableDate(unix_date)) date = unix_date;
  } else if (value->is_string()) {
    date = ParseDateString(value->get<std::string>());
  }
  if (date) {
    date->origin = "json";
    draft.dates.push_back(*date);
  }
}

}  // namespace

absl::StatusOr<Draft> DraftFromJson(absl::string_view utf8, const ParseOptions& options) {
  if (absl::Status depth = CheckDepth(utf8, options.max_json_depth); !depth.ok()) return depth;
  Json root;
  try {
    root = Json::parse(utf8.begin(), utf8.end());
  } catch (const Json::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrCat("content: malformed JSON at byte ", e.byte, ": ",
                                                   absl::string_view(e.what()).substr(0, 160)));
  } catch (const Json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("content: malformed JSON: ", e.what()));
  }
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        "content: a JSON article must be one object (send a batch as NDJSON, one object per line)");
  }
  const Json* article = &root;
  for (const char* wrapper : {"article", "data", "item"}) {
    auto it = root.find(wrapper);
    if (it != root.end() && it->is_object() && Find(root, {"body", "text", "content", "articleBody"}) == nullptr) {
      article = &*it;
      break;
    }
  }

  const std::string body =
      BodyText(Find(*article, {"body", "text", "content", "articleBody", "article_body", "fullText"}));
  if (body.empty()) {
    return absl::InvalidArgumentError(
        "content: JSON article has no body (expected a non-empty body, text, content or articleBody field)");
  }
  Draft draft;
  draft.blocks = SplitPlainText(PrepareText(body));
  const std::string title = AsText(Find(*article, {"title", "headline", "name"}));
  if (!title.empty()) draft.titles.push_back({title, "json"});
  draft.first_block_may_be_title = title.empty();
  ReadDate(Find(*article, {"date", "published", "published_at", "publishedAt", "datePublished", "time",
                           "pubDate", "pub_date", "created_at"}),
           draft);
  if (std::string url = AsText(Find(*article, {"url", "link", "canonical_url", "canonicalUrl"})); !url.empty()) {
    draft.urls.push_back({url, "json"});
  }
  if (std::string source = AsText(Find(*article, {"source", "publisher", "site", "site_name", "siteName"}));
      !source.empty()) {
    draft.sources.push_back({source, "json"});
  }
  ReadAuthors(Find(*article, {"author", "authors", "byline", "creator"}), draft);
  if (std::string language = AsText(Find(*article, {"language", "lang", "locale"})); !language.empty()) {
    draft.languages.push_back({language, "json"});
  }
  return draft;
}

}  // namespace chronicle::parse
