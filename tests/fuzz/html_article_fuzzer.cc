// Whole HTML pages through extraction and the article parser.
#include <cstddef>
#include <cstdint>

#include "core/parse/parse_article.h"
#include "tests/fuzz/analysis_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kCharsets[] = {"", "", "", "", "ISO-8859-1", "windows-1252", "Shift_JIS", "EUC-KR"};
  chronicle::parse::RawInput input;
  input.charset = kCharsets[data[0] % 8];
  input.content = absl::string_view(reinterpret_cast<const char*>(data + 1), size - 1);
  input.content_type = "text/html";
  auto article = chronicle::parse::ParseArticle(input);
  if (article.ok()) {
    for (const auto& section : article->sections) {
      if (section.end > article->body.size() || section.begin > section.end) __builtin_trap();
    }
    for (const auto& sentence : article->sentences) {
      if (sentence.end > article->body.size() || sentence.begin > sentence.end) __builtin_trap();
    }
  }
  chronicle::fuzz::CheckAnalysedTimestamps(input.content, input.content_type, input.charset);
  return 0;
}
