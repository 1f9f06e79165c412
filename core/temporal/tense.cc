#include "core/temporal/tense.h"

#include "absl/strings/match.h"

namespace chronicle::temporal::internal {

SentenceMap::SentenceMap(absl::string_view text, const std::vector<Token>& tokens)
    : text_(text), tokens_(tokens) {
  sentence_of_.resize(tokens.size());
  uint32_t sentence = 0;
  starts_.push_back(0);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (i > 0 && t.paragraph_before && starts_.back() != i) {
      ++sentence;
      starts_.push_back(static_cast<uint32_t>(i));
    }
    sentence_of_[i] = sentence;
    if (t.kind != TokenKind::kPunct) continue;
    bool boundary = t.punct == '!' || t.punct == '?';
    if (t.punct == '.') {
      boundary = true;
      if (i > 0 && !t.space_before) {
        const Token& prev = tokens[i - 1];
        const bool initial = prev.kind == TokenKind::kWord && prev.end - prev.begin == 1;
        if (initial || (prev.lex != nullptr && prev.lex->abbreviation)) boundary = false;
      }
    }
    if (boundary && i + 1 < tokens.size()) {
      ++sentence;
      starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
  starts_.push_back(static_cast<uint32_t>(tokens.size()));
}

int SentenceMap::CueAt(size_t i) const {
  const Token& t = tokens_[i];
  if (t.kind != TokenKind::kWord) return 0;
  if (t.lex != nullptr) {
    if (t.lex->future_cue) return 1;
    if (t.lex->past_cue) return -1;
    if (t.lex->present_cue) return 2;
    // Month, weekday and other temporal words are not verbs.
    if (t.lex->month > 0 || t.lex->weekday > 0 || t.lex->word != W::kNone) return 0;
  }
  if (t.capitalized || t.end - t.begin < 5) return 0;
  const absl::string_view word = text_.substr(t.begin, t.end - t.begin);
  if (!absl::EndsWith(word, "ed")) return 0;
  // "be paid", "are planned", "has fallen": a participle after an auxiliary
  // carries no tense of its own; the auxiliary does.
  if (i > 0 && tokens_[i - 1].kind == TokenKind::kWord) {
    const Token& prev = tokens_[i - 1];
    const absl::string_view p = text_.substr(prev.begin, prev.end - prev.begin);
    if (p == "be" || p == "been" || p == "being" || p == "is" || p == "are" || p == "was" ||
        p == "were") {
      return 0;
    }
  }
  return -1;
}

namespace {
Tense ToTense(int cue) {
  return cue < 0 ? Tense::kPast : cue == 1 ? Tense::kFuture : Tense::kPresent;
}
}  // namespace

Tense SentenceMap::TenseAround(size_t first, size_t last) const {
  const uint32_t s = sentence_of_[first];
  const size_t begin = starts_[s];
  const size_t end = starts_[s + 1];
  // Walk outwards from the expression, alternating sides, nearest first.
  const size_t reach = end - begin;
  for (size_t d = 1; d <= reach; ++d) {
    if (first >= begin + d) {
      const int cue = CueAt(first - d);
      if (cue != 0) return ToTense(cue);
    }
    if (last - 1 + d < end) {
      const int cue = CueAt(last - 1 + d);
      if (cue != 0) return ToTense(cue);
    }
    if (first < begin + d && last - 1 + d >= end) break;
  }
  return Tense::kUnknown;
}

}  // namespace chronicle::temporal::internal
