#include "core/analysis/raw_article_checks.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/dedup/fingerprint.h"

namespace chronicle::analysis {
namespace {

bool IsIdCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == ':' ||
         c == '-';
}

absl::Status CheckLength(absl::string_view field, absl::string_view value, size_t limit) {
  if (value.size() > limit) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", value.size(), " bytes is over the limit of ", limit));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRawArticle(const v1::RawArticle& raw, const ArticleLimits& limits) {
  if (raw.content().empty()) return absl::InvalidArgumentError("content: must not be empty");
  RETURN_IF_ERROR(CheckLength("content", raw.content(), limits.max_content_bytes));
  RETURN_IF_ERROR(CheckLength("id", raw.id(), limits.max_id_bytes));
  for (char c : raw.id()) {
    if (!IsIdCharacter(c)) {
      return absl::InvalidArgumentError(
          "id: may contain only letters, digits and . _ : - (no spaces or path separators)");
    }
  }
  if (raw.id() == "." || raw.id() == "..") {
    return absl::InvalidArgumentError("id: \".\" and \"..\" are not ids");
  }
  const std::pair<absl::string_view, const std::string*> metadata[] = {
      {"url", &raw.url()},           {"source", &raw.source()},   {"title", &raw.title()},
      {"language", &raw.language()}, {"charset", &raw.charset()}, {"published_at", &raw.published_at()},
      {"content_type", &raw.content_type()}};
  for (const auto& [field, value] : metadata) {
    RETURN_IF_ERROR(CheckLength(field, *value, limits.max_metadata_bytes));
  }
  return absl::OkStatus();
}

std::string ArticleIdFor(const v1::RawArticle& raw) {
  if (!raw.id().empty()) return raw.id();
  // 20 hex digits = 80 bits: collisions are negligible at any realistic size.
  if (!raw.url().empty()) {
    return absl::StrCat("url-", dedup::Sha256Hex(absl::StripAsciiWhitespace(raw.url())).substr(0, 20));
  }
  return absl::StrCat("content-", dedup::Sha256Hex(raw.content()).substr(0, 20));
}

absl::Status WithFieldPath(absl::Status status, absl::string_view path) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return status;
  return absl::InvalidArgumentError(absl::StrCat(path, status.message()));
}

}  // namespace chronicle::analysis
