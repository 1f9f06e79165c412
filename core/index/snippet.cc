#include "core/index/snippet.h"

#include <utility>

#include "absl/strings/match.h"

namespace chronicle::index {
namespace {

struct Entity {
  absl::string_view escaped;
  char plain;
};
constexpr Entity kEntities[] = {
    {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};

}  // namespace

HighlightedText ParseMarkedSnippet(absl::string_view marked) {
  HighlightedText out;
  out.text.reserve(marked.size());
  out.markup.reserve(marked.size() + 16);
  uint32_t highlight_begin = 0;
  for (size_t i = 0; i < marked.size();) {
    const char c = marked[i];
    if (c == kHighlightStart[0]) {
      highlight_begin = static_cast<uint32_t>(out.text.size());
      out.markup += "<b>";
      ++i;
      continue;
    }
    if (c == kHighlightEnd[0]) {
      v1::Highlight& highlight = out.highlights.emplace_back();
      highlight.set_begin(highlight_begin);
      highlight.set_end(static_cast<uint32_t>(out.text.size()));
      out.markup += "</b>";
      ++i;
      continue;
    }
    if (c == '&') {
      bool matched = false;
      for (const Entity& entity : kEntities) {
        if (absl::StartsWith(marked.substr(i), entity.escaped)) {
          out.text.push_back(entity.plain);
          out.markup.append(entity.escaped.data(), entity.escaped.size());
          i += entity.escaped.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    if (c == '\n' || c == '\r') {
      // Paragraph breaks read as one space in a one-line snippet.
      if (!out.text.empty() && out.text.back() != ' ') {
        out.text.push_back(' ');
        out.markup.push_back(' ');
      }
      ++i;
      continue;
    }
    out.text.push_back(c);
    out.markup.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace chronicle::index
