#include "core/analysis/article_analyzer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "core/common/status_macros.h"
#include "core/text/encoding.h"

namespace chronicle::analysis {
namespace {

absl::StatusOr<std::string> DecodeContent(const v1::RawArticle& raw, const ContentType& type) {
  const std::string& charset = !raw.charset().empty() ? raw.charset() : type.charset;
  if (!charset.empty()) {
    absl::StatusOr<std::string> converted = text::ConvertToUtf8(raw.content(), charset);
    if (!converted.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("content: ", converted.status().message()));
    }
    return text::NormalizeNfc(*converted);
  }
  if (absl::optional<size_t> bad = text::FindInvalidUtf8(raw.content())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "content: invalid UTF-8 at byte ", *bad, "; send UTF-8 or name the encoding in charset"));
  }
  return text::NormalizeNfc(raw.content());
}

void SetPublished(absl::Time time, v1::PublicationDate* published) {
  published->mutable_time()->set_seconds(absl::ToUnixSeconds(time));
  published->set_value(absl::FormatTime("%Y-%m-%d", time, absl::UTCTimeZone()));
  published->set_granularity(v1::DAY);
  published->set_origin("caller");
}

}  // namespace

ArticleAnalyzer::ArticleAnalyzer(AnalyzerOptions options) : options_(std::move(options)) {}

absl::StatusOr<v1::Article> ArticleAnalyzer::Analyze(const v1::RawArticle& raw) const {
  RETURN_IF_ERROR(CheckRawArticle(raw, options_.limits));
  ASSIGN_OR_RETURN(ContentType type, ParseContentType(raw.content_type()));
  ASSIGN_OR_RETURN(std::string content, DecodeContent(raw, type));

  // Simplest useful reading: the first non-empty line is the title, every
  // further non-empty line a paragraph of one sentence.
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    std::string collapsed = text::CollapseWhitespace(line);
    if (!collapsed.empty()) lines.push_back(std::move(collapsed));
  }
  if (lines.empty()) return absl::InvalidArgumentError("content: has no text");

  v1::Article article;
  article.set_id(ArticleIdFor(raw));
  article.set_url(raw.url());
  v1::ArticleMetadata* metadata = article.mutable_metadata();
  metadata->set_title(raw.title().empty() ? lines[0] : raw.title());
  metadata->set_title_origin(raw.title().empty() ? "first-line" : "caller");
  if (!raw.source().empty()) {
    metadata->set_source(raw.source());
    metadata->set_source_origin("caller");
  }
  if (!raw.published_at().empty()) {
    ASSIGN_OR_RETURN(absl::Time published, ParsePublishedAt(raw.published_at(), "published_at"));
    SetPublished(published, metadata->mutable_published());
  }
  metadata->set_language(raw.language().empty() ? "en" : raw.language());
  metadata->set_language_origin(raw.language().empty() ? "default" : "caller");

  std::string body;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (!body.empty()) body += "\n\n";
    v1::Sentence* sentence = article.add_sentences();
    sentence->set_begin(static_cast<uint32_t>(body.size()));
    body += lines[i];
    sentence->set_end(static_cast<uint32_t>(body.size()));
    sentence->set_text(lines[i]);
    sentence->set_paragraph(static_cast<uint32_t>(i - 1));
  }
  article.set_body(std::move(body));
  article.set_content_hash(Sha256Hex(absl::StrCat(metadata->title(), "\n", article.body())));
  return article;
}

}  // namespace chronicle::analysis
