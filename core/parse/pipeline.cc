#include "core/parse/pipeline.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/parse/assemble.h"
#include "core/parse/boilerplate.h"
#include "core/parse/dates.h"
#include "core/parse/metadata.h"

namespace chronicle::parse {
namespace {

// A short line that holds nothing but a date ("| 11 December 2023, Monday |").
absl::optional<PublicationDate> DateLine(const Block& block) {
  if (block.text.size() > 80 || block.kind == Block::Kind::kHeading) return absl::nullopt;
  return ParseDateString(block.text);
}

class Cleaner {
 public:
  Cleaner(Draft& draft, const ParseOptions& options)
      : draft_(draft), options_(options), state_(draft.blocks.size()) {}

  std::vector<BlockState> Run() {
    size_t next = LeadingMetadata(0);
    next = Title(next);
    LeadingMetadata(next);
    RepeatedTitle();
    InlineDateline();
    TrailingSignature();
    FindFaq();
    if (options_.remove_boilerplate) {
      Boilerplate();
      PromotionLists();
    }
    if (draft_.infer_headings) Headings();
    return std::move(state_);
  }

  const std::string& content_title() const { return content_title_; }

 private:
  size_t KeptAfter(size_t i) const {
    while (i < state_.size() && state_[i].removed()) ++i;
    return i;
  }

  void Remove(size_t i, std::string kind, std::string reason) {
    state_[i].removed_kind = std::move(kind);
    state_[i].removed_reason = std::move(reason);
  }

  // Date-only lines and "By ..." lines before the text; returns the next block.
  size_t LeadingMetadata(size_t i) {
    for (i = KeptAfter(i); i < draft_.blocks.size() && i < 6; i = KeptAfter(i + 1)) {
      const Block& block = draft_.blocks[i];
      if (auto date = DateLine(block)) {
        date->origin = "dateline";
        draft_.dates.push_back(*date);
        Remove(i, "dateline", "line holds only the publication date");
      } else if (auto byline = ParseAuthorByline(block.text)) {
        TakeByline(*byline);
        Remove(i, "byline", "author line");
      } else {
        break;
      }
    }
    return i;
  }

  size_t Title(size_t i) {
    if (!draft_.first_block_may_be_title || i >= draft_.blocks.size()) return i;
    const Block& block = draft_.blocks[i];
    if (!IsTitleLike(block) || KeptAfter(i + 1) >= draft_.blocks.size()) return i;
    content_title_ = block.text;
    const std::string title = StripTitlePrefix(block.text);
    draft_.titles.push_back({title, "first-line"});
    state_[i].title = true;  // moved to the metadata, not lost: no removed block
    return i + 1;
  }

  void RepeatedTitle() {
    std::vector<std::string> keys;
    for (const Candidate& c : draft_.titles) keys.push_back(ComparisonKey(c.value));
    if (!content_title_.empty()) keys.push_back(ComparisonKey(content_title_));
    int seen = 0;
    for (size_t i = KeptAfter(0); i < draft_.blocks.size() && seen < 8; i = KeptAfter(i + 1), ++seen) {
      const std::string key = ComparisonKey(draft_.blocks[i].text);
      if (!key.empty() && std::find(keys.begin(), keys.end(), key) != keys.end()) {
        Remove(i, "repeated-title", "same text as the title");
      }
    }
  }

  // "OSLO, March 12 - Text": kept in the body (the place is news), read for
  // the date and agency. A block that is nothing but the dateline goes.
  void InlineDateline() {
    size_t i = KeptAfter(0);
    for (int tries = 0; tries < 2 && i < draft_.blocks.size(); ++tries, i = KeptAfter(i + 1)) {
      const std::string& text = draft_.blocks[i].text;
      auto prefix = FindDatelinePrefix(text);
      if (!prefix) continue;
      if (prefix->date) {
        prefix->date->origin = "dateline";
        draft_.dates.push_back(*prefix->date);
      }
      if (!prefix->agency.empty()) draft_.sources.push_back({prefix->agency, "dateline"});
      if (prefix->end >= text.size()) Remove(i, "dateline", "line holds only the dateline");
      return;
    }
  }

  void TrailingSignature() {
    for (int round = 0; round < 2; ++round) {
      size_t last = draft_.blocks.size();
      while (last > 0 && state_[last - 1].removed()) --last;
      if (last <= 1) return;
      const Block& block = draft_.blocks[last - 1];
      if (auto byline = ParseAuthorByline(block.text)) {
        TakeByline(*byline);
        Remove(last - 1, "byline", "author line at the end");
      } else if (auto source = ParseSignatureLine(block.text, block.bulleted)) {
        draft_.sources.push_back({*source, "byline"});
        Remove(last - 1, "byline", "agency signature at the end");
      } else {
        return;
      }
    }
  }

  void TakeByline(const Byline& byline) {
    if (draft_.authors.empty()) {
      draft_.authors = byline.authors;
      draft_.authors_origin = "byline";
    }
    if (!byline.source.empty()) draft_.sources.push_back({byline.source, "byline"});
  }

  void FindFaq() {
    faq_start_ = draft_.blocks.size();
    for (size_t i = 0; i < draft_.blocks.size(); ++i) {
      const Block& b = draft_.blocks[i];
      if (!state_[i].removed() && b.text.size() < 80 && IsFaqHeading(b.text)) {
        faq_start_ = i;
        break;
      }
    }
    if (faq_start_ == draft_.blocks.size()) {
      // No heading: a trailing run with at least two "Q1:" labels.
      size_t first_label = draft_.blocks.size();
      int labels = 0;
      for (size_t i = draft_.blocks.size(); i > 0; --i) {
        const Block& b = draft_.blocks[i - 1];
        if (b.kind == Block::Kind::kHeading) break;
        if (StartsWithQuestionLabel(b.text)) {
          first_label = i - 1;
          ++labels;
        }
      }
      if (labels >= 2 && first_label * 2 >= draft_.blocks.size()) faq_start_ = first_label;
    }
    for (size_t i = faq_start_; i < draft_.blocks.size(); ++i) state_[i].faq = true;
  }

  void Boilerplate() {
    const size_t limit = faq_start_;
    for (size_t i = 0; i < limit; ++i) {
      if (state_[i].removed()) continue;
      const Block& block = draft_.blocks[i];
      std::string source;
      if (IsFollowLine(block.text, &source)) {
        if (!source.empty()) draft_.sources.push_back({source, "follow-line"});
        Remove(i, "follow-line", "asks the reader to follow the publisher");
        continue;
      }
      const bool in_tail = i * 10 >= limit * 6;
      if (auto verdict = ClassifyPromotion(block.text, in_tail)) {
        Remove(i, verdict->kind, verdict->reason);
      }
    }
  }

  bool IsPromotionKind(size_t i) const {
    const std::string& kind = state_[i].removed_kind;
    return kind == "promotion" || kind == "call-to-action" || kind == "newsletter";
  }

  // List items and short lines that sit inside or right next to a promotion
  // belong to it; a list elsewhere in the article stays.
  void PromotionLists() {
    for (size_t i = 0; i < faq_start_; ++i) {
      if (state_[i].removed() || draft_.blocks[i].kind != Block::Kind::kListItem) continue;
      size_t begin = i, end = i;
      while (end < faq_start_ && !state_[end].removed() && draft_.blocks[end].kind == Block::Kind::kListItem) ++end;
      const bool before = begin > 0 && IsPromotionKind(begin - 1);
      const bool after = end < faq_start_ && IsPromotionKind(end);
      if (before || after) {
        for (size_t k = begin; k < end; ++k) Remove(k, "promotion", "list inside a promotional block");
      }
      i = end;
    }
  }

  bool TitleCase(absl::string_view text) const {
    int long_words = 0, capitalised = 0;
    for (absl::string_view w : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
      if (w.size() < 4) continue;
      ++long_words;
      capitalised += absl::ascii_isupper(static_cast<unsigned char>(w[0])) ||
                     absl::ascii_isdigit(static_cast<unsigned char>(w[0]));
    }
    return long_words > 0 && capitalised * 10 >= long_words * 6;
  }

  void Headings() {
    for (size_t i = KeptAfter(0); i < draft_.blocks.size(); i = KeptAfter(i + 1)) {
      Block& block = draft_.blocks[i];
      if (block.kind != Block::Kind::kParagraph) continue;
      const size_t next = KeptAfter(i + 1);
      if (next >= draft_.blocks.size()) break;
      const Block& following = draft_.blocks[next];
      bool heading = false;
      if (i == faq_start_) {
        heading = true;
      } else if (IsHeadingLike(block) && following.kind != Block::Kind::kListItem) {
        const size_t following_words =
            static_cast<size_t>(std::count(following.text.begin(), following.text.end(), ' ')) + 1;
        heading = following_words >= 25 || (TitleCase(block.text) && (IsHeadingLike(following) ||
                                                                      following_words >= 12));
      }
      if (heading) block.kind = Block::Kind::kHeading;
    }
  }

  Draft& draft_;
  const ParseOptions& options_;
  std::vector<BlockState> state_;
  std::string content_title_;
  size_t faq_start_ = 0;
};

template <typename T, typename Pick>
void ApplyFirst(const std::vector<T>& candidates, Pick pick) {
  for (const T& c : candidates) {
    if (pick(c)) return;
  }
}

absl::Status ResolveMetadata(const Draft& draft, const RawInput& input, const ParseOptions& options,
                             const std::string& body, ArticleMetadata& meta) {
  // Source first: the site name helps to strip title suffixes.
  if (!input.source.empty()) {
    meta.source = input.source;
    meta.source_origin = "caller";
  } else if (!draft.sources.empty()) {
    meta.source = draft.sources.front().value;
    meta.source_origin = draft.sources.front().origin;
  }
  if (!input.title.empty()) {
    meta.title = input.title;
    meta.title_origin = "caller";
  } else {
    ApplyFirst(draft.titles, [&](const Candidate& c) {
      if (c.value.empty()) return false;
      TitleParts parts = StripSiteSuffix(c.value, meta.source);
      meta.title = parts.title;
      meta.title_origin = c.origin;
      if (meta.source.empty() && !parts.site.empty()) {
        meta.source = parts.site;
        meta.source_origin = "title-suffix";
      }
      return true;
    });
  }
  if (!input.published_at.empty()) {
    auto date = ParseDateString(input.published_at);
    if (!date) return absl::InvalidArgumentError("published_at: not a date");  // checked by ParseArticle
    date->origin = "caller";
    meta.published = *date;
  } else {
    // A full date beats a year-less one from any origin.
    for (int pass = 0; pass < 2 && !meta.published; ++pass) {
      for (const PublicationDate& d : draft.dates) {
        PublicationDate date = d;
        if (options.reference_date) ResolveYear(*options.reference_date, date);
        if (date.year_known || pass == 1) {
          meta.published = date;
          break;
        }
      }
    }
  }
  meta.authors = draft.authors;
  meta.authors_origin = draft.authors.empty() ? "" : draft.authors_origin;
  if (!input.url.empty()) {
    meta.canonical_url = input.url;
    meta.canonical_url_origin = "caller";
  } else if (!draft.urls.empty()) {
    meta.canonical_url = draft.urls.front().value;
    meta.canonical_url_origin = draft.urls.front().origin;
  }
  if (!input.language.empty()) {
    meta.language = input.language;
    meta.language_origin = "caller";
  } else if (!draft.languages.empty()) {
    meta.language = draft.languages.front().value;
    meta.language_origin = draft.languages.front().origin;
  } else if (auto detected = DetectLanguage(body)) {
    meta.language = *detected;
    meta.language_origin = "detected";
  } else {
    meta.language = options.default_language;
    meta.language_origin = "default";
  }
  return absl::OkStatus();
}

// A text that opens with a paragraph has no title line; a search result still
// needs one. The first section heading reads like a headline; failing that,
// the first sentence, shortened at a word boundary.
void FallBackTitle(ParsedArticle& article) {
  constexpr size_t kMaxTitleBytes = 120;
  for (const Section& section : article.sections) {
    if (!section.heading.empty()) {
      article.metadata.title = section.heading;
      article.metadata.title_origin = "first-heading";
      return;
    }
  }
  if (article.sentences.empty()) return;
  std::string title = article.sentences.front().text;
  if (title.size() > kMaxTitleBytes) {
    size_t cut = title.rfind(' ', kMaxTitleBytes);
    if (cut == std::string::npos || cut < kMaxTitleBytes / 2) cut = kMaxTitleBytes;
    while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    title = title.substr(0, cut) + "…";
  }
  article.metadata.title = std::move(title);
  article.metadata.title_origin = "first-sentence";
}

}  // namespace

absl::StatusOr<ParsedArticle> FinishArticle(Draft draft, const RawInput& input, const ParseOptions& options) {
  Cleaner cleaner(draft, options);
  std::vector<BlockState> states = cleaner.Run();
  ParsedArticle article;
  AssembleBody(draft.blocks, states, options.remove_boilerplate, draft.removed, article);
  if (article.body.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("content: no article text left after cleanup (",
                                                   article.removed_blocks.size(), " blocks removed)"));
  }
  absl::Status status = ResolveMetadata(draft, input, options, article.body, article.metadata);
  if (!status.ok()) return status;
  if (article.metadata.title.empty()) FallBackTitle(article);
  return article;
}

}  // namespace chronicle::parse
