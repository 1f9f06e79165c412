// libFuzzer target: arbitrary bytes as a text/plain article. The first byte
// picks a declared charset so the conversion path is fuzzed too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/parse/parse_article.h"
#include "tests/fuzz/analysis_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kCharsets[] = {"", "", "", "ISO-8859-1", "windows-1252", "Shift_JIS"};
  chronicle::parse::RawInput input;
  input.charset = kCharsets[data[0] % 6];
  input.content = absl::string_view(reinterpret_cast<const char*>(data + 1), size - 1);
  input.content_type = "text/plain";
  auto article = chronicle::parse::ParseArticle(input);
  if (article.ok()) {
    // Offsets must stay inside the body whatever the input.
    for (const auto& s : article->sentences) {
      if (s.end > article->body.size() || s.begin > s.end) __builtin_trap();
    }
  }
  chronicle::fuzz::CheckAnalysedTimestamps(input.content, input.content_type, input.charset);
  return 0;
}
