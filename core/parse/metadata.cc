#include "core/parse/metadata.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/text/encoding.h"
#include "core/parse/boilerplate.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"
#include "unicode/utf8.h"

namespace chronicle::parse {
namespace {

size_t WordCount(absl::string_view text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), ' ')) + (text.empty() ? 0 : 1);
}

bool StartsLikeHeadline(absl::string_view text) {
  const UChar32 c = text::FirstCodePoint(text);
  return c >= 0 && (u_isupper(c) || u_istitle(c) || u_isdigit(c) || u_hasBinaryProperty(c, UCHAR_QUOTATION_MARK) ||
                    (u_isalpha(c) && !u_islower(c)));  // scripts without case
}

bool HasReportingVerb(absl::string_view text) {
  for (absl::string_view verb : {" said", " says", " told "}) {
    if (absl::StrContains(text, verb)) return true;
  }
  return false;
}

}  // namespace

std::string ComparisonKey(absl::string_view text) {
  std::string key;
  bool space = false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u) || u >= 0x80) {
      if (space && !key.empty()) key.push_back(' ');
      space = false;
      key.push_back(absl::ascii_tolower(u));
    } else if (absl::ascii_isspace(u)) {
      space = true;
    }
  }
  return key;
}

bool IsTitleLike(const Block& block) {
  const absl::string_view t = block.text;
  if (!block.single_line || block.kind != Block::Kind::kParagraph || t.empty() || t.size() > 250) return false;
  const size_t words = WordCount(t);
  if (words > 30 || !StartsLikeHeadline(t)) return false;
  if (t.back() == '.' && !absl::EndsWith(t, "...")) return false;
  if ((t.back() == '?' || t.back() == '!') && words > 15) return false;
  return true;
}

bool IsHeadingLike(const Block& block) {
  if (!IsTitleLike(block)) return false;
  const absl::string_view t = block.text;
  if (WordCount(t) > 20 || HasReportingVerb(t)) return false;
  if (t.back() == '!' || t.back() == '?' || t.back() == ',' || t.back() == ';') return false;
  return true;
}

std::string StripTitlePrefix(absl::string_view title) {
  for (absl::string_view prefix : {"Introduction:", "Overview:", "Intro:", "INTRODUCTION:"}) {
    absl::string_view rest = title;
    if (absl::ConsumePrefix(&rest, prefix)) {
      rest = absl::StripAsciiWhitespace(rest);
      if (WordCount(rest) >= 2) return std::string(rest);
    }
  }
  return std::string(title);
}

TitleParts StripSiteSuffix(absl::string_view title, absl::string_view known_site) {
  TitleParts parts{std::string(title), ""};
  size_t best = absl::string_view::npos;
  size_t best_length = 0;
  bool strong = false;
  for (absl::string_view sep : {" | ", " :: ", " · ", " - ", " – ", " — "}) {
    const size_t found = title.rfind(sep);
    if (found != absl::string_view::npos && (best == absl::string_view::npos || found > best)) {
      best = found;
      best_length = sep.size();
      strong = sep == " | " || sep == " :: " || sep == " · ";
    }
  }
  if (best == absl::string_view::npos || best == 0) return parts;
  const absl::string_view head = absl::StripAsciiWhitespace(title.substr(0, best));
  const absl::string_view tail = absl::StripAsciiWhitespace(title.substr(best + best_length));
  if (tail.empty() || head.empty()) return parts;
  bool remove = false;
  if (!known_site.empty()) {
    const std::string site_key = ComparisonKey(known_site);
    const std::string tail_key = ComparisonKey(tail);
    remove = !site_key.empty() && (tail_key == site_key || absl::StrContains(tail_key, site_key) ||
                                   absl::StrContains(site_key, tail_key));
  }
  if (!remove) {
    // Without a known site: a short name whose words are all capitalised.
    const std::vector<absl::string_view> tail_words = absl::StrSplit(tail, ' ', absl::SkipEmpty());
    bool capitalised = !tail_words.empty();
    for (absl::string_view w : tail_words) {
      capitalised = capitalised && (absl::ascii_isupper(static_cast<unsigned char>(w[0])) ||
                                    absl::ascii_isdigit(static_cast<unsigned char>(w[0])) ||
                                    absl::StrContains(w, "."));
    }
    const size_t head_words = WordCount(head);
    remove = capitalised && tail_words.size() <= (strong ? 5u : 3u) && head_words >= (strong ? 3u : 4u);
  }
  if (remove) {
    parts.title = std::string(head);
    parts.site = std::string(tail);
  }
  return parts;
}

absl::optional<std::string> DetectLanguage(absl::string_view text) {
  const absl::string_view sample = text.substr(0, 20000);
  // Script census over letters.
  std::array<int, USCRIPT_CODE_LIMIT> scripts{};
  int letters = 0;
  const auto* data = reinterpret_cast<const uint8_t*>(sample.data());
  const int32_t length = static_cast<int32_t>(sample.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c >= 0 && c < 0x80) {
      // ASCII skips ICU: its letters are what u_isalpha says, all Latin.
      if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
        ++scripts[USCRIPT_LATIN];
        ++letters;
      }
      continue;
    }
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && script >= 0 && script < USCRIPT_CODE_LIMIT) ++scripts[static_cast<size_t>(script)];
    ++letters;
  }
  if (letters == 0) return absl::nullopt;
  auto share = [&](UScriptCode s) { return static_cast<double>(scripts[static_cast<size_t>(s)]) / letters; };
  if (share(USCRIPT_HANGUL) > 0.3) return "ko";
  if (share(USCRIPT_HIRAGANA) + share(USCRIPT_KATAKANA) > 0.1) return "ja";
  if (share(USCRIPT_HAN) > 0.3) return "zh";
  if (share(USCRIPT_CYRILLIC) > 0.5) return "ru";
  if (share(USCRIPT_GREEK) > 0.5) return "el";
  if (share(USCRIPT_ARABIC) > 0.5) return "ar";
  if (share(USCRIPT_HEBREW) > 0.5) return "he";
  if (share(USCRIPT_THAI) > 0.5) return "th";
  if (share(USCRIPT_DEVANAGARI) > 0.5) return "hi";
  if (share(USCRIPT_LATIN) < 0.5) return absl::nullopt;

  // Function word -> bit per language (en, de, fr, es, it, pt, nl).
  static constexpr const char* kCodes[] = {"en", "de", "fr", "es", "it", "pt", "nl"};
  static const auto* const kWords = [] {
    const std::vector<std::vector<absl::string_view>> lists = {
        {"the", "and", "of", "to", "in", "is", "that", "was", "for", "with", "on", "said"},
        {"der", "die", "und", "das", "nicht", "ist", "den", "mit", "sich", "auch", "ein", "eine"},
        {"le", "la", "les", "et", "des", "est", "une", "du", "que", "pour", "dans", "pas"},
        {"el", "la", "los", "las", "y", "del", "que", "por", "una", "con", "para", "es"},
        {"il", "di", "che", "non", "della", "per", "una", "sono", "gli", "nel", "anche", "è"},
        {"o", "os", "da", "do", "que", "não", "uma", "com", "para", "em", "dos", "é"},
        {"de", "het", "een", "en", "van", "niet", "dat", "is", "op", "zijn", "met", "voor"}};
    auto* map = new absl::flat_hash_map<std::string, unsigned>();
    for (size_t l = 0; l < lists.size(); ++l) {
      for (absl::string_view w : lists[l]) (*map)[std::string(w)] |= 1u << l;
    }
    return map;
  }();
  constexpr size_t kLanguageCount = sizeof(kCodes) / sizeof(kCodes[0]);
  std::vector<int> counts(kLanguageCount, 0);
  int words = 0;
  for (absl::string_view word : absl::StrSplit(sample, absl::ByAnyChar(" \n\t,.;:!?\"()"), absl::SkipEmpty())) {
    if (++words > 3000) break;
    if (word.size() > 5) continue;  // every function word above is short
    char lower[5];
    for (size_t k = 0; k < word.size(); ++k) lower[k] = absl::ascii_tolower(static_cast<unsigned char>(word[k]));
    auto it = kWords->find(absl::string_view(lower, word.size()));
    if (it == kWords->end()) continue;
    for (size_t l = 0; l < kLanguageCount; ++l) counts[l] += (it->second >> l) & 1u;
  }
  size_t best = 0;
  for (size_t l = 1; l < counts.size(); ++l) {
    if (counts[l] > counts[best]) best = l;
  }
  int second = 0;
  for (size_t l = 0; l < counts.size(); ++l) {
    if (l != best) second = std::max(second, counts[l]);
  }
  if (counts[best] < 3 || counts[best] * 2 < second * 3) return absl::nullopt;
  return std::string(kCodes[best]);
}

}  // namespace chronicle::parse
