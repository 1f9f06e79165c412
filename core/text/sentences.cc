#include "core/text/sentences.h"

#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/uchar.h"
#include "unicode/utext.h"
#include "unicode/utf8.h"

namespace chronicle::text {
namespace {

struct UTextCloser {
  void operator()(UText* text) const { utext_close(text); }
};

// Titles written before a name: a period after them never ends the sentence.
bool IsTitleAbbreviation(absl::string_view word) {
  static const auto* const kTitles = new absl::flat_hash_set<absl::string_view>{
      "Mr",   "Mrs",  "Ms",   "Dr",   "Prof", "Gen",  "Lt",   "Col",  "Maj",  "Capt", "Cmdr",
      "Adm",  "Sgt",  "Cpl",  "Gov",  "Sen",  "Rep",  "Rev",  "Hon",  "Pres", "Supt", "Insp",
      "Fr",   "St",   "Mt",   "Ft",   "Messrs", "Mme", "Mlle", "Brig", "Lieut", "Gens", "vs",
      "Amb",  "Atty", "Det",  "Sr",   "Jr"};
  // "Sr."/"Jr." end many sentences ("Martin Luther King Jr."), so only the
  // lowercase-continuation rule joins after them.
  if (word == "Sr" || word == "Jr") return false;
  return kTitles->contains(word);
}

// Abbreviations that stand before a number: "Jan. 5", "No. 3", "Art. 9".
bool IsNumberAbbreviation(absl::string_view word) {
  static const auto* const kBeforeNumber = new absl::flat_hash_set<absl::string_view>{
      "Jan", "Feb", "Mar",  "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
      "No",  "Nos", "no",   "Art", "Vol", "vol", "Fig", "fig", "pp",   "p",   "Sec", "Para",
      "ch",  "Ch",  "para", "art", "approx", "ca", "Ca", "Nr", "nr"};
  return kBeforeNumber->contains(word);
}

// Words that usually open a sentence; after an ambiguous abbreviation such as
// "U.S." they mean the sentence did end there.
bool IsCommonSentenceStarter(absl::string_view word) {
  static const auto* const kStarters = new absl::flat_hash_set<absl::string_view>{
      "The",   "A",     "An",    "He",      "She",     "It",       "They",  "We",     "I",
      "You",   "But",   "And",   "In",      "On",      "At",       "This",  "That",   "These",
      "Those", "There", "His",   "Her",     "Its",     "Their",    "Our",   "When",   "While",
      "After", "Before", "However", "Meanwhile", "Officials", "Some", "Many", "Most", "As",
      "If",    "For",   "Since", "Although", "Still",  "Yet",      "So",    "Now",    "Then",
      "Both",  "Other", "Such",  "Under",   "With",    "Last",     "Earlier", "Later", "Also"};
  return kStarters->contains(word);
}

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// "J." "U.S." "J.R.R.": one-letter groups each followed by a period.
bool IsInitials(absl::string_view token) {
  if (token.size() < 2 || token.size() % 2 != 0) return false;
  for (size_t i = 0; i < token.size(); i += 2) {
    if (!IsAsciiAlpha(token[i]) || token[i + 1] != '.') return false;
  }
  return IsAsciiUpper(token[0]);
}

// The code point starting at `pos`, or -1 at the end.
UChar32 CodePointAt(absl::string_view text, size_t pos) {
  if (pos >= text.size()) return -1;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(data, i, static_cast<int32_t>(text.size()), c);
  return c;
}

size_t SkipSpace(absl::string_view text, size_t pos) {
  while (pos < text.size()) {
    const UChar32 c = CodePointAt(text, pos);
    if (c < 0 || !u_isUWhiteSpace(c)) break;
    pos += static_cast<size_t>(U8_LENGTH(c));
  }
  return pos;
}

size_t TrimSpaceBack(absl::string_view text, size_t begin, size_t end) {
  while (end > begin) {
    size_t start = end - 1;
    while (start > begin && (static_cast<uint8_t>(text[start]) & 0xC0) == 0x80) --start;
    const UChar32 c = CodePointAt(text, start);
    if (c >= 0 && !u_isUWhiteSpace(c)) break;
    end = start;
  }
  return end;
}

// True when the boundary ICU proposed between `left` (trimmed) and the text
// starting at `right` is wrong for news copy.
bool ShouldJoin(absl::string_view left, absl::string_view right) {
  // Skip opening quotes and brackets to find the first letter of the next part.
  size_t pos = SkipSpace(right, 0);
  UChar32 first = CodePointAt(right, pos);
  while (first >= 0 && (u_hasBinaryProperty(first, UCHAR_QUOTATION_MARK) ||
                        u_charType(first) == U_START_PUNCTUATION)) {
    pos += static_cast<size_t>(U8_LENGTH(first));
    first = CodePointAt(right, pos);
  }
  if (first < 0) return true;  // nothing left but punctuation: keep it attached
  if (u_islower(first)) return true;

  if (left.empty() || left.back() != '.') return false;
  if (left.size() >= 3 && left.substr(left.size() - 3) == "...") return false;
  // The token before the final period: letters and inner periods.
  size_t start = left.size() - 1;
  while (start > 0 && (IsAsciiAlpha(left[start - 1]) || left[start - 1] == '.')) --start;
  const absl::string_view token = left.substr(start);  // includes the final '.'
  const absl::string_view word = token.substr(0, token.size() - 1);
  if (word.empty()) return false;

  size_t word_end = pos;
  while (word_end < right.size() && IsAsciiAlpha(right[word_end])) ++word_end;
  const absl::string_view next_word = right.substr(pos, word_end - pos);
  const bool next_is_digit = first >= '0' && first <= '9';

  if (IsInitials(token)) {
    // "J. Smith" always joins; "U.S. officials" joins, "U.S. The" does not.
    if (token.size() == 2) return true;
    return !next_is_digit && !IsCommonSentenceStarter(next_word);
  }
  if (word.find('.') != absl::string_view::npos) return false;
  if (IsTitleAbbreviation(word)) return true;
  if (next_is_digit && IsNumberAbbreviation(word)) return true;
  return false;
}

}  // namespace

struct SentenceSplitter::Impl {
  std::unique_ptr<icu::BreakIterator> iterator;
};

// Building an iterator with the suppression list costs ~150 µs; a clone of a
// prototype costs a few. The prototype is immutable after construction and
// ICU documents clone() on a shared const iterator as the way to use one from
// many threads.
const icu::BreakIterator* Prototype() {
  static const icu::BreakIterator* const kPrototype = []() -> icu::BreakIterator* {
    UErrorCode status = U_ZERO_ERROR;
    icu::BreakIterator* iterator =
        icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status);
    if (U_SUCCESS(status)) return iterator;
    delete iterator;
    status = U_ZERO_ERROR;
    iterator = icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status);
    if (U_SUCCESS(status)) return iterator;
    delete iterator;
    return nullptr;
  }();
  return kPrototype;
}

SentenceSplitter::SentenceSplitter() : impl_(std::make_unique<Impl>()) {
  if (const icu::BreakIterator* prototype = Prototype()) impl_->iterator.reset(prototype->clone());
}

SentenceSplitter::~SentenceSplitter() = default;

std::vector<SentenceSpan> SentenceSplitter::Split(absl::string_view utf8) {
  std::vector<size_t> boundaries;  // ends of ICU's sentences, last == size
  if (impl_->iterator != nullptr && !utf8.empty()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UText, UTextCloser> text(
        utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status));
    if (U_SUCCESS(status)) {
      impl_->iterator->setText(text.get(), status);
    }
    if (U_SUCCESS(status)) {
      for (int32_t b = impl_->iterator->next(); b != icu::BreakIterator::DONE;
           b = impl_->iterator->next()) {
        boundaries.push_back(static_cast<size_t>(b));
      }
    }
    // Detach the iterator from the UText before it is closed.
    impl_->iterator->setText(icu::UnicodeString());
  }
  if (boundaries.empty() || boundaries.back() != utf8.size()) boundaries.push_back(utf8.size());

  std::vector<SentenceSpan> sentences;
  size_t begin = SkipSpace(utf8, 0);
  for (size_t i = 0; i < boundaries.size(); ++i) {
    const size_t boundary = boundaries[i];
    if (boundary <= begin) continue;
    const size_t end = TrimSpaceBack(utf8, begin, boundary);
    const bool last = i + 1 == boundaries.size();
    if (!last && end > begin &&
        ShouldJoin(utf8.substr(begin, end - begin), utf8.substr(boundary))) {
      continue;  // the sentence goes on past this boundary
    }
    if (end > begin) sentences.push_back({begin, end});
    begin = SkipSpace(utf8, boundary);
  }
  return sentences;
}

std::vector<SentenceSpan> SplitSentences(absl::string_view utf8) {
  SentenceSplitter splitter;
  return splitter.Split(utf8);
}

}  // namespace chronicle::text
