#include "core/index/snippet.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "core/index/schema.h"

namespace chronicle::index {
namespace {

struct Entity {
  absl::string_view escaped;
  char plain;
};
constexpr Entity kEntities[] = {
    {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};

constexpr absl::string_view kEllipsis = "…";

void AppendEscaped(absl::string_view text, std::string& out) {
  for (char c : text) {
    bool escaped = false;
    for (const Entity& entity : kEntities) {
      if (c == entity.plain) {
        out.append(entity.escaped.data(), entity.escaped.size());
        escaped = true;
        break;
      }
    }
    if (!escaped) out.push_back(c);
  }
}

// ReadCharacter for a byte of 0x80 or more: Xapian's Utf8Iterator decodes
// it (bytes that are not UTF-8 as Latin-1).
// GCC cannot see that the iterator's constructor (out of line, in
// libxapian) sets what its increment reads, and warns.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
unsigned ReadMultibyteCharacter(const char* at, const char* end, const char*& next) {
  Xapian::Utf8Iterator it(at, static_cast<size_t>(end - at));
  const unsigned character = *it;
  ++it;
  next = it == Xapian::Utf8Iterator() ? end : it.raw();
  return character;
}
#pragma GCC diagnostic pop

// The character at `at` (before `end`) as Xapian's Utf8Iterator reads it,
// and in `next` where the one after it starts. News text is mostly ASCII: a
// byte below 0x80 is its own character, read without the iterator.
inline unsigned ReadCharacter(const char* at, const char* end, const char*& next) {
  const auto byte = static_cast<unsigned char>(*at);
  if (byte >= 0x80) return ReadMultibyteCharacter(at, end, next);
  next = at + 1;
  return byte;
}

// Xapian::Unicode::is_wordchar for each ASCII character: letters, marks,
// digits and connector punctuation are, in ASCII, letters, digits and '_'
// (Xapian's own table lookup per character was a quarter of a search for
// a rare word).
constexpr std::array<bool, 0x80> kAsciiWordBytes = [] {
  std::array<bool, 0x80> table{};
  for (int c = 0; c < 0x80; ++c) {
    table[c] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }
  return table;
}();

// Whether the character at `at` (before `end`) is a word character, and in
// `next` where the one after it starts.
inline bool WordCharacterAt(const char* at, const char* end, const char*& next) {
  const auto byte = static_cast<unsigned char>(*at);
  if (byte < 0x80) {
    next = at + 1;
    return kAsciiWordBytes[byte];
  }
  return Xapian::Unicode::is_wordchar(ReadMultibyteCharacter(at, end, next));
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

// Where the sentence holding byte `at` starts: after the last ". ", "! " or
// "? " (or line break) before it, or at 0.
size_t SentenceStart(absl::string_view text, size_t at) {
  for (size_t i = at; i > 1; --i) {
    const char before = text[i - 2], space = text[i - 1];
    if ((space == '\n') || (IsSpace(space) && (before == '.' || before == '!' || before == '?'))) return i;
  }
  return 0;
}

}  // namespace

Highlighter::Highlighter(const Xapian::Stem* stemmer, const std::vector<std::string>& terms) : stemmer_(stemmer) {
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    absl::string_view rest = term;
    const bool stem = absl::ConsumePrefix(&rest, "Z");
    const bool title = absl::ConsumePrefix(&rest, "S");
    if (rest.empty() || schema::StartsWithPrefix(rest)) continue;  // a filter or another field
    auto& set = stem ? (title ? title_stems_ : stems_) : (title ? title_forms_ : forms_);
    set.emplace(rest);
    first_bytes_.set(static_cast<unsigned char>(rest.front()));
    if (stem) {
      const size_t length = std::clamp<size_t>(rest.size() > 2 ? rest.size() - 2 : 1, 1, 3);
      stem_starts_[length].emplace(rest.substr(0, length));
    }
  }
}

std::vector<Highlighter::Word> Highlighter::Words(absl::string_view text) {
  std::vector<Word> words;
  words.reserve(text.size() / 6 + 1);
  const char* const base = text.data();
  const char* const end = base + text.size();
  const char* at = base;
  const char* next = base;
  while (at != end) {
    if (!WordCharacterAt(at, end, next)) {
      at = next;
      continue;
    }
    Word& word = words.emplace_back();
    word.begin = static_cast<size_t>(at - base);
    do {
      at = next;
    } while (at != end && WordCharacterAt(at, end, next));
    word.end = static_cast<size_t>(at - base);
  }
  return words;
}

bool Highlighter::Matches(absl::string_view text, const Word& word, bool title, std::string& form,
                          absl::flat_hash_map<std::string, bool>& stemmed) const {
  // A word whose first character is ASCII starts its lowercase form with
  // that character lowercased: most words stop here, never lowercased.
  const auto first = static_cast<unsigned char>(text[word.begin]);
  if (first < 0x80 && !first_bytes_[absl::ascii_tolower(first)]) return false;
  form.clear();
  const char* const end = text.data() + text.size();
  const char* at = text.data() + word.begin;
  const char* next = at;
  // Read up to the text's end as Words did, so that a character at the
  // word's end decodes as it did there.
  while (at < text.data() + word.end) {
    const unsigned character = ReadCharacter(at, end, next);
    if (character < 0x80) {
      form.push_back(absl::ascii_tolower(static_cast<unsigned char>(character)));
    } else {
      Xapian::Unicode::append_utf8(form, Xapian::Unicode::tolower(character));
    }
    at = next;
  }
  return MatchesForm(form, title, stemmed);
}

bool Highlighter::MatchesForm(absl::string_view form, bool title,
                              absl::flat_hash_map<std::string, bool>& stemmed) const {
  if (form.empty() || !first_bytes_[static_cast<unsigned char>(form.front())]) return false;
  if (forms_.contains(form) || (title && title_forms_.contains(form))) return true;
  if (stems_.empty() && (!title || title_stems_.empty())) return false;
  bool may_stem = false;
  for (size_t length = 1; length <= 3 && length <= form.size() && !may_stem; ++length) {
    may_stem = stem_starts_[length].contains(form.substr(0, length));
  }
  if (!may_stem) return false;
  auto [it, inserted] = stemmed.try_emplace(form, false);
  if (inserted) {
    const std::string stem = (*stemmer_)(std::string(form));
    it->second = stems_.contains(stem) || (title && title_stems_.contains(stem));
  }
  return it->second;
}

HighlightedText Highlighter::Render(absl::string_view text, size_t begin, size_t end, const std::vector<Word>& words,
                                    const std::vector<bool>& matched) const {
  HighlightedText out;
  out.text.reserve(end - begin + 2 * kEllipsis.size());
  auto append = [&](absl::string_view piece) {
    // White space runs become one space.
    for (char c : piece) {
      if (IsSpace(c)) {
        if (out.text.empty() || out.text.back() == ' ') continue;
        c = ' ';
      }
      out.text.push_back(c);
      AppendEscaped(absl::string_view(&c, 1), out.markup);
    }
  };
  if (begin > 0) {
    out.text.append(kEllipsis.data(), kEllipsis.size());
    out.markup.append(kEllipsis.data(), kEllipsis.size());
  }
  size_t at = begin;
  for (size_t w = 0; w < words.size(); ++w) {
    const Word& word = words[w];
    if (word.end <= begin || !matched[w]) continue;
    if (word.begin >= end) break;
    append(text.substr(at, word.begin - at));
    v1::Highlight& highlight = out.highlights.emplace_back();
    highlight.set_begin(static_cast<uint32_t>(out.text.size()));
    out.markup += "<b>";
    append(text.substr(word.begin, word.end - word.begin));
    highlight.set_end(static_cast<uint32_t>(out.text.size()));
    out.markup += "</b>";
    at = word.end;
  }
  append(text.substr(at, end - at));
  while (!out.text.empty() && out.text.back() == ' ') {
    out.text.pop_back();
    out.markup.pop_back();
  }
  if (end < text.size()) {
    out.text.append(kEllipsis.data(), kEllipsis.size());
    out.markup.append(kEllipsis.data(), kEllipsis.size());
  }
  return out;
}

HighlightedText Highlighter::MarkTitle(absl::string_view title) const {
  const std::vector<Word> words = Words(title);
  std::vector<bool> matched(words.size());
  absl::flat_hash_map<std::string, bool> stemmed;
  std::string form;
  for (size_t w = 0; w < words.size(); ++w) matched[w] = Matches(title, words[w], /*title=*/true, form, stemmed);
  return Render(title, 0, title.size(), words, matched);
}

HighlightedText Highlighter::Snippet(absl::string_view text, size_t max_bytes) const {
  const std::vector<Word> words = Words(text);
  std::vector<bool> matched(words.size());
  std::vector<size_t> matches;  // indices into words
  std::vector<std::string> match_forms;  // each match's lowercase form
  absl::flat_hash_map<std::string, bool> stemmed;
  std::string form;
  for (size_t w = 0; w < words.size(); ++w) {
    matched[w] = Matches(text, words[w], /*title=*/false, form, stemmed);
    if (matched[w]) {
      matches.push_back(w);
      match_forms.push_back(form);
    }
  }
  // The run of matches that fits in max_bytes with the most different
  // words, then the most matches: two cursors over the matches.
  size_t best_first = 0, best_last = 0, best_distinct = 0, best_count = 0;
  absl::flat_hash_map<absl::string_view, int> in_window;
  for (size_t first = 0, last = 0; first < matches.size(); ++first) {
    while (last < matches.size() && words[matches[last]].end - words[matches[first]].begin <= max_bytes) {
      ++in_window[match_forms[last]];
      ++last;
    }
    if (last > first && (in_window.size() > best_distinct ||
                         (in_window.size() == best_distinct && last - first > best_count))) {
      best_first = first;
      best_last = last;
      best_distinct = in_window.size();
      best_count = last - first;
    }
    if (last > first) {
      auto it = in_window.find(match_forms[first]);
      if (--it->second == 0) in_window.erase(it);
    } else {
      last = first + 1;  // a single word longer than max_bytes
    }
  }
  size_t begin = 0;
  if (best_count > 0) {
    const size_t first_byte = words[matches[best_first]].begin;
    const size_t last_byte = words[matches[best_last - 1]].end;
    const size_t sentence = SentenceStart(text, first_byte);
    begin = last_byte - sentence <= max_bytes ? sentence : first_byte;
  }
  // Fill up to max_bytes, ending at a word's end.
  size_t end = std::min(text.size(), begin + max_bytes);
  if (end < text.size()) {
    auto after = std::upper_bound(words.begin(), words.end(), end,
                                  [](size_t at, const Word& word) { return at < word.end; });
    // The last word that ends within the budget.
    if (after != words.begin()) {
      const Word& last = *std::prev(after);
      if (last.end > begin) end = last.end;
    }
  }
  return Render(text, begin, end, words, matched);
}

}  // namespace chronicle::index
