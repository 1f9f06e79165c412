#include "core/analysis/raw_article_checks.h"

#include <openssl/evp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/common/status_macros.h"

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

absl::StatusOr<ContentType> ParseContentType(absl::string_view content_type) {
  std::vector<absl::string_view> parts = absl::StrSplit(content_type, ';');
  const std::string media = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
  ContentType parsed;
  if (media.empty() || media == "text/plain") {
    parsed.format = ContentFormat::kPlainText;
  } else if (media == "text/html" || media == "application/xhtml+xml") {
    parsed.format = ContentFormat::kHtml;
  } else if (media == "application/json") {
    parsed.format = ContentFormat::kJson;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "content_type: \"", media,
        "\" is not supported; use text/plain, text/html or application/json"));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(parts[i], absl::MaxSplits('=', 1));
    if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(kv.first)) == "charset") {
      parsed.charset = std::string(absl::StripAsciiWhitespace(absl::StripSuffix(
          absl::StripPrefix(absl::StripAsciiWhitespace(kv.second), "\""), "\"")));
    }
  }
  return parsed;
}

absl::StatusOr<absl::Time> ParsePublishedAt(absl::string_view value, absl::string_view field) {
  absl::Time time;
  std::string error;
  const std::string text(absl::StripAsciiWhitespace(value));
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error)) return time;
  if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &time, &error)) return time;
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": \"", value, "\" is neither an RFC 3339 timestamp nor a YYYY-MM-DD date"));
}

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
      {"url", &raw.url()},         {"source", &raw.source()},     {"title", &raw.title()},
      {"language", &raw.language()}, {"charset", &raw.charset()},
      {"published_at", &raw.published_at()}, {"content_type", &raw.content_type()}};
  for (const auto& [field, value] : metadata) {
    RETURN_IF_ERROR(CheckLength(field, *value, limits.max_metadata_bytes));
  }
  RETURN_IF_ERROR(ParseContentType(raw.content_type()).status());
  if (raw.has_published_at() && !raw.published_at().empty()) {
    RETURN_IF_ERROR(ParsePublishedAt(raw.published_at(), "published_at").status());
  }
  return absl::OkStatus();
}

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string ArticleIdFor(const v1::RawArticle& raw) {
  if (!raw.id().empty()) return raw.id();
  // 20 hex digits = 80 bits: collisions are negligible at any realistic size.
  if (!raw.url().empty()) {
    return absl::StrCat("url-", Sha256Hex(absl::StripAsciiWhitespace(raw.url())).substr(0, 20));
  }
  return absl::StrCat("content-", Sha256Hex(raw.content()).substr(0, 20));
}

absl::Status WithFieldPath(absl::Status status, absl::string_view path) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return status;
  return absl::InvalidArgumentError(absl::StrCat(path, status.message()));
}

}  // namespace chronicle::analysis
