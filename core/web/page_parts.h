// Pieces the pages share: the document around a page, and small elements.
// Internal to core/web.
#ifndef CHRONICLE_CORE_WEB_PAGE_PARTS_H_
#define CHRONICLE_CORE_WEB_PAGE_PARTS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "core/web/html.h"
#include "google/protobuf/repeated_field.h"
#include "google/protobuf/timestamp.pb.h"

namespace chronicle::v1 {
class Highlight;
}  // namespace chronicle::v1

namespace chronicle::web {

// The whole document: `title` is text (escaped here), `body` markup.
std::string HtmlDocument(absl::string_view title, absl::string_view body);

// "/articles/<id percent-encoded>", a URL (escape it to write it).
std::string ArticlePath(absl::string_view article_id);

// <a href="url">, the URL escaped; `content` is markup.
std::string Link(absl::string_view url, absl::string_view content);

// <time datetime="...">24 Dec 2019</time>, or "" when `timestamp` is unset.
std::string TimeElement(const google::protobuf::Timestamp& timestamp);

// "1 source", "3 sources".
std::string CountOf(int64_t count, absl::string_view singular, absl::string_view plural);

// An Entity.id ("person:yoon-suk-yeol") as a reader would write it ("Yoon
// Suk Yeol"); the id itself when it has no kind prefix.
std::string EntityName(absl::string_view entity_id);

// `text` escaped, with each highlight's bytes in <mark>.
std::string HighlightedText(absl::string_view text,
                            const google::protobuf::RepeatedPtrField<v1::Highlight>& highlights);

// <input type="hidden"> for each parameter.
std::string HiddenInputs(const QueryParameters& parameters);

// <p class="error" role="alert"> with `error`, or "" when it is empty.
std::string ErrorParagraph(absl::string_view error);

}  // namespace chronicle::web

#endif  // CHRONICLE_CORE_WEB_PAGE_PARTS_H_
