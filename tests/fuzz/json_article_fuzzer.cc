// libFuzzer target: arbitrary bytes as an application/json article.
#include <cstddef>
#include <cstdint>

#include "core/parse/parse_article.h"
#include "tests/fuzz/analysis_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chronicle::parse::RawInput input;
  input.content = absl::string_view(reinterpret_cast<const char*>(data), size);
  input.content_type = "application/json";
  auto article = chronicle::parse::ParseArticle(input);
  if (article.ok()) {
    for (const auto& s : article->sentences) {
      if (s.end > article->body.size() || s.begin > s.end) __builtin_trap();
    }
  }
  chronicle::fuzz::CheckAnalysedTimestamps(input.content, input.content_type, input.charset);
  return 0;
}
