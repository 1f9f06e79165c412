#include "core/index/word_splitter.h"

#include <limits>

namespace chronicle::index {
namespace {

using Xapian::Utf8Iterator;
namespace unicode = Xapian::Unicode;

// A character between two word characters that is dropped, not a break.
constexpr unsigned kDropped = std::numeric_limits<unsigned>::max();

// The lowercased character when `ch` is a word character, else 0. ASCII,
// most of a news text, skips the Unicode tables.
inline unsigned LowerWordChar(unsigned ch) {
  if (ch < 128) {
    if (ch >= 'A' && ch <= 'Z') return ch + ('a' - 'A');
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') return ch;
    return 0;
  }
  return unicode::is_wordchar(ch) ? unicode::tolower(ch) : 0;
}

inline bool IsAsciiUpper(unsigned ch) { return ch >= 'A' && ch <= 'Z'; }

inline bool IsDigit(unsigned ch) {
  if (ch < 128) return ch >= '0' && ch <= '9';
  return unicode::get_category(ch) == unicode::DECIMAL_DIGIT_NUMBER;
}

inline bool IsZeroWidth(unsigned ch) {
  return (ch >= 0x200b && ch <= 0x200d) || ch == 0x2060 || ch == 0xfeff;
}

// What joins two word characters of which at least one is not a digit:
// the character kept in the word, kDropped, or 0 for a break.
inline unsigned WordJoiner(unsigned ch) {
  switch (ch) {
    case '\'':
    case '&':
    case 0xb7:    // middle dot
    case 0x5f4:   // Hebrew punctuation gershayim
    case 0x2027:  // hyphenation point
      return ch;
    case 0x2019:  // right single quotation mark, the usual typeset apostrophe
    case 0x201b:  // single high-reversed-9 quotation mark
      return '\'';
  }
  return IsZeroWidth(ch) ? kDropped : 0;
}

// What joins two digits (numbers such as "3.5" or "1,000").
inline unsigned DigitJoiner(unsigned ch) {
  switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:  // Greek question mark
    case 0x0589:  // Armenian full stop
    case 0x060d:  // Arabic date separator
    case 0x07f8:  // NKo comma
    case 0x2044:  // fraction slash
    case 0xfe10:  // presentation forms: vertical comma, colon, semicolon
    case 0xfe13:
    case 0xfe14:
      return ch;
  }
  return IsZeroWidth(ch) ? kDropped : 0;
}

inline bool IsWordSuffix(unsigned ch) { return ch == '+' || ch == '#'; }

// Reads an acronym ("U.S.", "P.T.O") starting at `at`, a capital ASCII
// letter, into `word`. True, with `at` past it, when it is one: two letters
// or more, no word character right after.
bool ReadAcronym(Utf8Iterator& at, std::string& word) {
  const Utf8Iterator end;
  Utf8Iterator p = at;
  while (true) {
    word.push_back(static_cast<char>(*p + ('a' - 'A')));
    ++p;
    if (p == end || *p != '.') break;
    ++p;
    if (p == end || !IsAsciiUpper(*p)) break;
  }
  // One capital letter is not an acronym: "M&S" is read as a word.
  if (word.size() < 2 || (p != end && unicode::is_wordchar(*p))) {
    word.clear();
    return false;
  }
  at = p;
  return true;
}

}  // namespace

void SplitWords(absl::string_view text, absl::FunctionRef<void(const std::string& word)> on_word) {
  const Utf8Iterator end;
  Utf8Iterator at(text.data(), text.size());
  std::string word;
  auto emit = [&] {
    if (word.size() <= kMaxWordBytes) on_word(word);
  };
  while (true) {
    unsigned ch = 0;
    for (; at != end; ++at) {
      if ((ch = LowerWordChar(*at)) != 0) break;
    }
    if (at == end) return;
    word.clear();
    if (IsAsciiUpper(*at) && ReadAcronym(at, word)) {
      emit();
      continue;
    }
    // Runs of word characters, joined across single joining characters.
    bool at_end = false;
    while (true) {
      unsigned previous = 0;
      do {
        unicode::append_utf8(word, ch);
        previous = ch;
        if (++at == end) {
          at_end = true;
          break;
        }
        ch = LowerWordChar(*at);
      } while (ch != 0);
      if (at_end) break;
      Utf8Iterator next = at;
      ++next;
      if (next == end) break;
      const unsigned next_ch = LowerWordChar(*next);
      if (next_ch == 0) break;
      const unsigned joiner = IsDigit(previous) && IsDigit(*next) ? DigitJoiner(*at) : WordJoiner(*at);
      if (joiner == 0) break;
      if (joiner != kDropped) unicode::append_utf8(word, joiner);
      ch = next_ch;
      at = next;
    }
    if (!at_end) {
      // "c++", "c#": up to three suffix characters that no word character
      // follows ("fish+chips" stays two words).
      const size_t length = word.size();
      int suffixes = 0;
      while (IsWordSuffix(*at)) {
        if (++suffixes > 3) {
          word.resize(length);
          break;
        }
        word.push_back(static_cast<char>(*at));
        if (++at == end) {
          at_end = true;
          break;
        }
      }
      if (!at_end && unicode::is_wordchar(*at)) word.resize(length);
    }
    emit();
  }
}

const std::string& StemCache::Stem(const std::string& word) {
  auto found = stems_.find(word);
  if (found != stems_.end()) return found->second;
  // A bounded memory: a stream of distinct words (numbers, names) must not
  // grow it without end. Clearing all is crude but cheap, and the common
  // words are back within one article.
  if (stems_.size() >= max_words_) stems_.clear();
  return stems_.emplace(word, stemmer_(word)).first->second;
}

bool WordTakesStem(const std::string& word) {
  if (word.empty()) return false;
  const unsigned first = static_cast<unsigned char>(word[0]) < 128 ? static_cast<unsigned char>(word[0])
                                                                    : *Utf8Iterator(word);
  if (first < 128) return first >= 'a' && first <= 'z';
  switch (unicode::get_category(first)) {
    case unicode::LOWERCASE_LETTER:
    case unicode::TITLECASE_LETTER:
    case unicode::MODIFIER_LETTER:
    case unicode::OTHER_LETTER:
      return true;
    default:
      return false;
  }
}

}  // namespace chronicle::index
