// The texts an analysed article repeats from its body, dropped before the
// index stores it and put back when it is read.
//
// Every sentence, temporal expression, event and entity mention carries its
// text beside its offsets into the body. Stored as they come, those texts
// hold the body about twice over, and compressed apart from the body they
// were half of what the index kept of each article for GetArticle (about
// 1,000 of 2,000 bytes per article; docs/performance.md).
#ifndef CHRONICLE_CORE_INDEX_BODY_TEXTS_H_
#define CHRONICLE_CORE_INDEX_BODY_TEXTS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/article.pb.h"

namespace chronicle::index {

// Whether `body` holds `text` at [begin, end): what lets a stored text be
// left out, for these elements and for an event's citation alike.
bool BodyHolds(absl::string_view body, uint32_t begin, uint32_t end, absl::string_view text);

// body[begin, end), the text left out for that range. Errors: DATA_LOSS
// when the range lies outside `body`.
absl::StatusOr<absl::string_view> TextInBody(absl::string_view body, uint32_t begin, uint32_t end);

// Clears each element's text that equals body[begin, end). Returns false,
// leaving `article` as it was, when some element has an empty text over a
// non-empty range: restoring could not tell it from a dropped one.
bool DropTextsHeldByBody(v1::Article& article, absl::string_view body);

// Puts back what DropTextsHeldByBody dropped from `article`, whose body is
// `body`: each empty text over a non-empty range becomes body[begin, end).
// Errors: DATA_LOSS when such a range lies outside `body`.
absl::Status RestoreTextsFromBody(v1::Article& article, absl::string_view body);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_BODY_TEXTS_H_
