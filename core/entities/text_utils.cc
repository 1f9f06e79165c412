#include "core/entities/text_utils.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "absl/strings/ascii.h"

namespace chronicle::entities {
namespace {

bool IsAscii(absl::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Letters that NFD does not split into base + mark.
const char* SpecialFold(UChar32 c) {
  switch (c) {
    case 0x00DF: return "ss";  // ß
    case 0x00F8: case 0x00D8: return "o";
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x0142: case 0x0141: return "l";
    case 0x0111: case 0x0110: return "d";
    case 0x0131: return "i";
    case 0x00FE: case 0x00DE: return "th";
    case 0x2019: case 0x2018: return "'";
    default: return nullptr;
  }
}

}  // namespace

void AppendFolded(absl::string_view text, std::string* out) {
  if (IsAscii(text)) {
    for (char c : text) out->push_back(absl::ascii_tolower(c));
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString decomposed =
      U_SUCCESS(status) ? nfd->normalize(source, status) : source;
  if (U_FAILURE(status)) decomposed = source;
  icu::UnicodeString folded;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (const char* special = SpecialFold(c)) {
      folded.append(icu::UnicodeString(special));
      continue;
    }
    folded.append(u_tolower(c));
  }
  folded.toUTF8String(*out);
}

void AppendWordKey(absl::string_view word, std::string* out) {
  size_t start = out->size();
  AppendFolded(word, out);
  size_t write = start;
  for (size_t read = start; read < out->size(); ++read) {
    char c = (*out)[read];
    if (c == '.') continue;
    if (c == '-') c = ' ';
    (*out)[write++] = c;
  }
  out->resize(write);
}

std::string PhraseKey(absl::string_view phrase) {
  std::string folded;
  AppendWordKey(phrase, &folded);
  // Collapse runs of spaces so that "Guinea - Bissau" and "Guinea-Bissau" agree.
  std::string key;
  for (char c : folded) {
    bool space = absl::ascii_isspace(static_cast<unsigned char>(c));
    if (space) {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
    } else {
      key.push_back(c);
    }
  }
  if (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

bool IsCurlyApostropheAt(absl::string_view text, size_t pos) {
  return pos + 3 <= text.size() && text.substr(pos, 3) == "\xE2\x80\x99";
}

}  // namespace chronicle::entities
