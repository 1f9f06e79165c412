#include "core/index/body_texts.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace chronicle::index {
namespace {

// Calls `visit(text, begin, end)` for every element that cites the body by
// offsets and repeats the cited text.
template <typename Article, typename Visit>
void ForEachBodyText(Article& article, Visit visit) {
  for (auto& sentence : *article.mutable_sentences()) {
    visit(*sentence.mutable_text(), sentence.begin(), sentence.end());
  }
  for (auto& expression : *article.mutable_temporal_expressions()) {
    visit(*expression.mutable_text(), expression.begin(), expression.end());
  }
  for (auto& event : *article.mutable_events()) visit(*event.mutable_text(), event.begin(), event.end());
  for (auto& entity : *article.mutable_entities()) {
    for (auto& mention : *entity.mutable_mentions()) {
      visit(*mention.mutable_text(), mention.begin(), mention.end());
    }
  }
}

}  // namespace

bool BodyHolds(absl::string_view body, uint32_t begin, uint32_t end, absl::string_view text) {
  return begin < end && end <= body.size() && body.substr(begin, end - begin) == text;
}

absl::StatusOr<absl::string_view> TextInBody(absl::string_view body, uint32_t begin, uint32_t end) {
  if (begin > end || end > body.size()) {
    return absl::DataLossError(absl::StrCat("a stored text cites bytes ", begin, "..", end, " of a body of ", body.size()));
  }
  return body.substr(begin, end - begin);
}

bool DropTextsHeldByBody(v1::Article& article, absl::string_view body) {
  bool restorable = true;
  ForEachBodyText(article, [&](std::string& text, uint32_t begin, uint32_t end) {
    if (text.empty() && begin < end) restorable = false;
  });
  if (!restorable) return false;
  ForEachBodyText(article, [&](std::string& text, uint32_t begin, uint32_t end) {
    if (!text.empty() && BodyHolds(body, begin, end, text)) text.clear();
  });
  return true;
}

absl::Status RestoreTextsFromBody(v1::Article& article, absl::string_view body) {
  absl::Status status;
  ForEachBodyText(article, [&](std::string& text, uint32_t begin, uint32_t end) {
    if (!text.empty() || begin >= end || !status.ok()) return;
    const absl::StatusOr<absl::string_view> cited = TextInBody(body, begin, end);
    if (cited.ok()) {
      text.assign(cited->data(), cited->size());
    } else {
      status = cited.status();
    }
  });
  return status;
}

}  // namespace chronicle::index
