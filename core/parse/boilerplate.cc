#include "core/parse/boilerplate.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/text/encoding.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace chronicle::parse {
namespace {

// Calls `visit(word)` for each lowercase word of `text` in order (apostrophes
// inside words kept as "'") until it returns false; false then.
template <typename Visit>
bool ForEachWord(absl::string_view text, Visit visit) {
  std::string word;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    // ASCII skips ICU: its letters and digits are what u_isalnum says.
    if (c >= 0 && (c < 0x80 ? absl::ascii_isalnum(static_cast<unsigned char>(c)) : u_isalnum(c))) {
      if (c < 0x80) word.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
      else word.append(text.data() + start, static_cast<size_t>(i - start));
    } else if ((c == '\'' || c == 0x2019) && !word.empty() && i < length && absl::ascii_isalpha(data[i])) {
      word.push_back('\'');
    } else if (!word.empty()) {
      if (!visit(word)) return false;
      word.clear();
    }
  }
  return word.empty() || visit(word);
}

// Lowercase words; apostrophes inside words are kept as "'".
std::vector<std::string> Words(absl::string_view text) {
  std::vector<std::string> words;
  ForEachWord(text, [&](std::string& word) {
    words.push_back(std::move(word));
    return true;
  });
  return words;
}

// Phrases (words separated by single spaces) looked for among a text's
// words in one pass: phrase i is found when its words follow one another in
// the text (" phrase " in the words joined by single spaces). A block is
// checked against dozens of phrases, and a scan of its text per phrase was
// most of the cost of classifying it.
class PhraseList {
 public:
  PhraseList(std::initializer_list<absl::string_view> phrases) {
    for (absl::string_view phrase : phrases) {
      const int index = static_cast<int>(phrases_.size());
      std::vector<std::string> words = absl::StrSplit(phrase, ' ');
      by_first_word_[words.front()].push_back(index);
      phrases_.push_back(std::move(words));
      text_.emplace_back(phrase);
    }
  }

  absl::string_view phrase(size_t i) const { return text_[i]; }

  // found[i] is true when phrase i is among `words`.
  std::vector<bool> Find(const std::vector<std::string>& words) const {
    std::vector<bool> found(phrases_.size(), false);
    for (size_t at = 0; at < words.size(); ++at) {
      const auto starting = by_first_word_.find(words[at]);
      if (starting == by_first_word_.end()) continue;
      for (int index : starting->second) {
        const std::vector<std::string>& phrase = phrases_[index];
        if (found[index] || phrase.size() > words.size() - at) continue;
        const auto next = words.begin() + static_cast<std::ptrdiff_t>(at) + 1;
        found[index] = std::equal(phrase.begin() + 1, phrase.end(), next);
      }
    }
    return found;
  }

 private:
  std::vector<std::string> text_;
  std::vector<std::vector<std::string>> phrases_;
  absl::flat_hash_map<std::string, std::vector<int>> by_first_word_;
};

bool Contains(const std::vector<absl::string_view>& list, absl::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string Lower(absl::string_view text) { return absl::AsciiStrToLower(text); }

bool IsPictograph(UChar32 c) {
  return c > 0x7f && (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
                      u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION));
}

bool HasQuotationMarks(absl::string_view text) {
  return absl::StrContains(text, "\"") || absl::StrContains(text, "“") || absl::StrContains(text, "”") ||
         absl::StrContains(text, "«") || absl::StrContains(text, "„");
}

const std::vector<absl::string_view>& ReportingVerbs() {
  static const auto* const kVerbs = new std::vector<absl::string_view>{
      "said", "says", "told", "according", "reported", "announced", "stated", "added", "noted",
      "warned", "testified", "wrote"};
  return *kVerbs;
}

bool HasReportingVerb(const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (Contains(ReportingVerbs(), w)) return true;
  }
  return false;
}

const std::vector<absl::string_view>& CallToActionVerbs() {
  static const auto* const kVerbs = new std::vector<absl::string_view>{
      "take", "start", "explore", "dive", "discover", "join", "subscribe", "sign", "download",
      "click", "tap", "get", "grab", "learn", "check", "read", "watch", "listen", "register",
      "buy", "shop", "order", "try", "unlock", "enroll", "enrol", "book", "claim", "level",
      "boost", "master", "browse", "visit", "share", "like", "don't", "support", "donate",
      "upgrade", "follow", "begin", "save", "grow", "find", "see", "become", "apply"};
  return *kVerbs;
}

// "i", "my", "me", "i'm", "i'd", "i'll", "ai", "knowledge", "training",
// "model" or "real": every cue of a chatbot's disclaimer has one. Asked of
// every word of every sentence, so by length first.
bool IsDisclaimerTrigger(absl::string_view w) {
  switch (w.size()) {
    case 1:
      return w == "i";
    case 2:
      return w == "my" || w == "me" || w == "ai";
    case 3:
      return w == "i'm" || w == "i'd";
    case 4:
      return w == "i'll" || w == "real";
    case 5:
      return w == "model";
    case 8:
      return w == "training";
    case 9:
      return w == "knowledge";
    default:
      return false;
  }
}

}  // namespace

absl::optional<Verdict> ClassifyPromotion(absl::string_view text, bool in_tail) {
  const std::vector<std::string> words = Words(text);  // emoji are not words
  if (words.empty()) return absl::nullopt;

  // The direct cues first: without one (verb, subscription, promotion)
  // decoration alone is not enough, and nearly every block of an article
  // has none, so the other cues are looked for only when one is there.
  const bool imperative = Contains(CallToActionVerbs(), words[0]) ||
                          (words.size() > 1 && words[0] == "please" && Contains(CallToActionVerbs(), words[1]));
  static const auto* const kSubscriptionPhrases = new PhraseList(
      {"subscribe", "subscription", "newsletter", "newsletters", "unsubscribe", "inbox", "sign up", "signup"});
  const std::vector<bool> subscription = kSubscriptionPhrases->Find(words);
  const bool newsletter = std::find(subscription.begin(), subscription.end(), true) != subscription.end();
  static const auto* const kPromotionPhrases = new PhraseList(
      {"if you enjoyed", "if you liked", "if you found", "this post", "next level", "step by step",
       "free trial", "limited time", "discount", "promo code", "our series", "our course", "our guide",
       "masterclass", "ebook", "e book", "webinar", "learn more", "click here", "read more", "series here",
       "here", "don't miss", "special offer", "exclusive offer", "enroll now", "start your journey",
       "join now", "join us", "today only", "for free", "get started"});
  const std::vector<bool> promotion = kPromotionPhrases->Find(words);
  int promo = 0;
  for (size_t i = 0; i < promotion.size(); ++i) {
    if (!promotion[i]) continue;
    // "here" only as a link label ending the block ("... Here").
    if (kPromotionPhrases->phrase(i) == "here" && words.back() != "here") continue;
    ++promo;
  }
  // "our Smart Commuter Masterclass", "our Profitable Trader Series": product nouns within 5 words after "our".
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] != "our") continue;
    for (size_t k = i + 1; k < words.size() && k <= i + 5; ++k) {
      if (words[k] == "series" || words[k] == "course" || words[k] == "courses" || words[k] == "guide" ||
          words[k] == "program" || words[k] == "programme" || words[k] == "membership" || words[k] == "app" ||
          words[k] == "masterclass" || words[k] == "academy" || words[k] == "store" || words[k] == "shop") {
        ++promo;
        break;
      }
    }
  }
  if (!imperative && !newsletter && promo == 0) return absl::nullopt;

  int score = 0;
  std::vector<std::string> cues;
  auto cue = [&](int points, absl::string_view name) {
    score += points;
    cues.emplace_back(name);
  };
  const UChar32 first = text::FirstCodePoint(text);
  if (IsPictograph(first) || first == 0x27A1 || first == 0x2192 || first == 0x25B6) cue(2, "emoji lead");
  if (imperative) cue(2, "imperative call-to-action verb");
  int second_person = 0;
  for (const std::string& w : words) {
    second_person += w == "you" || w == "your" || w == "yours" || w == "yourself" || w == "you're" || w == "you'll";
  }
  if (second_person > 0) cue(1, "second person");
  if (newsletter) cue(2, "subscription words");
  if (promo > 0) cue(std::min(promo, 2) * 2, "self-promotion phrase");

  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (!trimmed.empty() && trimmed.back() == '!') cue(1, "exclamation");
  if (words.size() <= 12) cue(1, "short");
  if (in_tail) cue(1, "near the end");
  if (HasReportingVerb(words)) cue(-3, "reporting verb");
  if (HasQuotationMarks(text)) cue(-3, "quotation");
  if (words.size() > 60) cue(-2, "long");

  constexpr int kThreshold = 4;
  if (score < kThreshold) return absl::nullopt;
  Verdict verdict;
  verdict.score = score;
  if (newsletter) verdict.kind = "newsletter";
  else if (imperative && words.size() <= 12 && promo <= 1) verdict.kind = "call-to-action";
  else verdict.kind = "promotion";
  verdict.reason = absl::StrCat("promotional cues (score ", score, "): ", absl::StrJoin(cues, ", "));
  return verdict;
}

bool IsFollowLine(absl::string_view text, std::string* source) {
  // At most 20 words, one of them "follow": most blocks are let go before
  // their words are collected.
  int word_count = 0;
  bool has_follow = false;
  const bool short_enough = ForEachWord(text, [&](const std::string& w) {
    has_follow = has_follow || w == "follow";
    return ++word_count <= 20;
  });
  if (!short_enough || !has_follow) return false;
  const std::vector<std::string> words = Words(text);
  if (words.empty() || words.size() > 20 || HasQuotationMarks(text) || HasReportingVerb(words)) return false;
  const auto follow = std::find(words.begin(), words.end(), "follow");
  if (follow == words.end()) return false;
  const size_t at = static_cast<size_t>(follow - words.begin());
  const bool imperative = at == 0 || words[0] == "for" || words[0] == "please" || words[0] == "and" ||
                          (at + 1 < words.size() && (words[at + 1] == "us" || words[at + 1] == "me"));
  if (!imperative) return false;
  // A clause after "follow" that is not "us on ..." or a name is ordinary text.
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (!trimmed.empty() && trimmed.back() == '.' && words.size() > 10) return false;

  // The publisher after a separator: "Follow – Example Times", "follow us: Example Times".
  source->clear();
  size_t separator = absl::string_view::npos;
  size_t separator_length = 0;
  for (absl::string_view sep : {" – ", " — ", " - ", ": ", " | ", " @"}) {
    const size_t found = Lower(text).find(std::string(sep), Lower(text).find("follow"));
    if (found != std::string::npos && found < separator) {
      separator = found;
      separator_length = sep.size();
    }
  }
  static const std::vector<absl::string_view> kNetworks = {
      "twitter", "x", "facebook", "instagram", "linkedin", "telegram", "whatsapp", "youtube",
      "tiktok", "threads", "mastodon", "bluesky", "google", "news"};
  if (separator != absl::string_view::npos) {
    // "Follow us on Instagram: Name" names an account, not the publisher.
    for (const std::string& w : Words(text.substr(0, separator))) {
      if (w != "news" && Contains(kNetworks, w)) return true;
    }
    std::string name(absl::StripAsciiWhitespace(text.substr(separator + separator_length)));
    while (!name.empty() && (name.back() == '.' || name.back() == '!')) name.pop_back();
    const std::vector<std::string> name_words = Words(name);
    bool network = name_words.empty();
    for (const std::string& w : name_words) network = network || Contains(kNetworks, w);
    if (!network && name_words.size() <= 6 && absl::ascii_isupper(static_cast<unsigned char>(name[0]))) {
      *source = name;
    }
  }
  return true;
}

absl::optional<Byline> ParseAuthorByline(absl::string_view text) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  if (rest.size() > 160) return absl::nullopt;
  Byline byline;
  if (absl::StartsWithIgnoreCase(rest, "reporting by ") || absl::StartsWithIgnoreCase(rest, "writing by ") ||
      absl::StartsWithIgnoreCase(rest, "additional reporting by ")) {
    // "Reporting by A and B; Editing by C": every name after a "by".
    for (absl::string_view part : absl::StrSplit(rest, ';')) {
      const size_t by = Lower(part).find("by ");
      if (by == std::string::npos) return absl::nullopt;
      for (absl::string_view name : absl::StrSplit(part.substr(by + 3), absl::ByAnyChar(",&"))) {
        for (absl::string_view piece : absl::StrSplit(name, " and ")) {
          piece = absl::StripAsciiWhitespace(piece);
          if (!piece.empty()) byline.authors.emplace_back(piece);
        }
      }
    }
    return byline.authors.empty() ? absl::nullopt : absl::make_optional(byline);
  }
  if (!absl::StartsWithIgnoreCase(rest, "by ")) return absl::nullopt;
  rest.remove_prefix(3);
  rest = absl::StripAsciiWhitespace(rest);
  // "Jane Roe and Ali Khan, Example Wire" / "Jane Roe | Example Wire".
  absl::string_view names = rest;
  const size_t split = rest.find_first_of(",|");
  if (split != absl::string_view::npos) {
    names = rest.substr(0, split);
    byline.source = std::string(absl::StripAsciiWhitespace(rest.substr(split + 1)));
  }
  for (absl::string_view part : absl::StrSplit(names, " and ")) {
    part = absl::StripAsciiWhitespace(part);
    const std::vector<std::string> words = Words(part);
    if (words.empty() || words.size() > 4) return absl::nullopt;
    // Names are capitalised; "by the way" is not a byline.
    for (absl::string_view w : absl::StrSplit(part, ' ', absl::SkipEmpty())) {
      if (!absl::ascii_isupper(static_cast<unsigned char>(w[0])) && w != "de" && w != "van" && w != "von" &&
          w != "al" && w != "bin" && w != "da") {
        return absl::nullopt;
      }
    }
    byline.authors.emplace_back(part);
  }
  if (byline.authors.empty() || byline.source.size() > 60) return absl::nullopt;
  return byline;
}

absl::optional<std::string> ParseSignatureLine(absl::string_view text, bool bulleted) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  bool parenthesised = false;
  if (absl::ConsumePrefix(&rest, "(") && absl::ConsumeSuffix(&rest, ")")) parenthesised = true;
  rest = absl::StripAsciiWhitespace(rest);
  if (rest.empty() || rest.size() > 40) return absl::nullopt;
  const std::vector<absl::string_view> words = absl::StrSplit(rest, ' ', absl::SkipEmpty());
  if (words.size() > 4) return absl::nullopt;
  for (absl::string_view w : words) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(w[0]))) return absl::nullopt;
    for (char c : w) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '&' && c != '.' && c != '\'') {
        return absl::nullopt;
      }
    }
  }
  // A lone capitalised word at the end is a signature only when marked
  // (bullet, parentheses) or when it is a short one-to-two-word name.
  if (!bulleted && !parenthesised && words.size() > 2) return absl::nullopt;
  return std::string(rest);
}

bool IsChatbotDisclaimer(absl::string_view sentence, std::string* reason) {
  // Every cue below contains one of these words; most news sentences have
  // none, and are let go before their words are collected.
  const bool trigger = !ForEachWord(sentence, [](const std::string& w) { return !IsDisclaimerTrigger(w); });
  if (!trigger || HasQuotationMarks(sentence)) return false;
  const std::vector<std::string> words = Words(sentence);
  if (HasReportingVerb(words)) return false;
  static const auto* const kSelfTalk = new PhraseList(
      {"knowledge cutoff", "knowledge cut off", "training data", "as an ai", "ai language model",
       "language model", "as of my last", "my last update", "my last knowledge update", "real time information",
       "real time data", "i don't have access", "i do not have access", "browse the internet",
       "i cannot browse", "i can't browse", "beyond my knowledge", "my training", "i am an ai", "i'm an ai"});
  const std::vector<bool> self_talk = kSelfTalk->Find(words);
  const auto strong = std::find(self_talk.begin(), self_talk.end(), true);
  if (strong != self_talk.end()) {
    *reason = absl::StrCat("assistant talking about itself (\"",
                           kSelfTalk->phrase(static_cast<size_t>(strong - self_talk.begin())), "\")");
    return true;
  }
  bool first_person = false;
  for (const std::string& w : words) {
    first_person = first_person || w == "i" || w == "my" || w == "me" || w == "i'm" || w == "i'd" || w == "i'll";
  }
  if (!first_person) return false;
  // Advice words count inside longer words too ("recommended", "notes").
  const std::string joined = absl::StrJoin(words, " ");
  bool advice = false;
  for (absl::string_view term : {"recommend", "suggest", "advise", "provide", "offer", "note", "keep in mind",
                                 "encourage", "can't provide", "cannot provide"}) {
    if (absl::StrContains(joined, term)) advice = true;
  }
  static const auto* const kLookups = new PhraseList(
      {"news sources", "news reports", "news outlets", "official statements", "official sources",
       "reliable sources", "up to date", "most current", "most recent information", "latest information",
       "recent news", "general information", "latest news", "official websites", "current events"});
  const std::vector<bool> lookups = kLookups->Find(words);
  const bool lookup = std::find(lookups.begin(), lookups.end(), true) != lookups.end();
  if (advice && lookup) {
    *reason = "first-person advice to consult other sources";
    return true;
  }
  return false;
}

bool IsFaqHeading(absl::string_view text) {
  const std::string lower = Lower(absl::StripAsciiWhitespace(text));
  absl::string_view t = lower;
  while (!t.empty() && (t.back() == ':' || t.back() == '.' || t.back() == '?')) t.remove_suffix(1);
  if (t.size() > 80) return false;
  return absl::StartsWith(t, "faq") || absl::StartsWith(t, "frequently asked question") ||
         t == "q&a" || t == "q & a" || t == "questions and answers" || t == "common questions";
}

bool StartsWithQuestionLabel(absl::string_view text) {
  size_t i = 0;
  if (absl::StartsWithIgnoreCase(text, "question")) i = 8;
  else if (!text.empty() && text[0] == 'Q') i = 1;
  else return false;
  if (i < text.size() && text[i] == ' ' && i > 1) ++i;
  while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) ++i;
  return i < text.size() && (text[i] == ':' || (text[i] == '.' && i > 1));
}

}  // namespace chronicle::parse
