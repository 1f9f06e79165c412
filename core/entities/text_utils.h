// String folding shared by the gazetteer, the tokenizer and the id builder.
#ifndef CHRONICLE_CORE_ENTITIES_TEXT_UTILS_H_
#define CHRONICLE_CORE_ENTITIES_TEXT_UTILS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace chronicle::entities {

// Appends `text` lowercased and with diacritics removed ("São" -> "sao",
// "Weiß" -> "weiss"). ASCII input is only lowercased.
void AppendFolded(absl::string_view text, std::string* out);

// Appends the lookup key of one word token: folded, with '.' dropped
// ("U.S." -> "us"), '-' turned into a space ("Suk-yeol" -> "suk yeol") and
// typographic apostrophes made straight.
void AppendWordKey(absl::string_view word, std::string* out);

// The lookup key of a whole phrase: word keys separated by single spaces.
// "Yoon Suk-Yeol" -> "yoon suk yeol", "Dokdo" -> "dokdo".
std::string PhraseKey(absl::string_view phrase);

// True for the UTF-8 right single quotation mark (U+2019) at `pos`.
bool IsCurlyApostropheAt(absl::string_view text, size_t pos);

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_TEXT_UTILS_H_
