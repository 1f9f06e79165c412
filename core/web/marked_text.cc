#include "core/web/marked_text.h"

#include <algorithm>
#include <utility>

#include "core/web/html.h"

namespace chronicle::web {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Moves `at` back to the first byte of the character it falls in.
size_t CharacterStart(absl::string_view text, size_t at) {
  while (at > 0 && at < text.size() && IsContinuationByte(text[at])) --at;
  return at;
}

// Moves `at` forward past the rest of the character it falls in.
size_t CharacterEnd(absl::string_view text, size_t at) {
  while (at < text.size() && IsContinuationByte(text[at])) ++at;
  return at;
}

}  // namespace

std::string RenderMarkedText(absl::string_view text, size_t begin, size_t end, std::vector<TextSpan> spans) {
  end = CharacterEnd(text, std::min(end, text.size()));
  begin = CharacterStart(text, std::min(begin, end));

  std::vector<size_t> order;
  for (size_t i = 0; i < spans.size(); ++i) {
    TextSpan& span = spans[i];
    span.begin = std::clamp(CharacterStart(text, std::min(span.begin, text.size())), begin, end);
    span.end = std::clamp(CharacterEnd(text, std::min(span.end, text.size())), begin, end);
    if (span.begin < span.end) order.push_back(i);
  }
  // Outer spans first, so that a span is opened before those it holds.
  std::stable_sort(order.begin(), order.end(), [&spans](size_t a, size_t b) {
    if (spans[a].begin != spans[b].begin) return spans[a].begin < spans[b].begin;
    return spans[a].end > spans[b].end;
  });

  std::string out;
  size_t at = begin;
  std::vector<const TextSpan*> open;  // innermost last
  auto advance_to = [&](size_t to) {
    AppendEscapedHtml(text.substr(at, to - at), out);
    at = to;
  };
  auto close_until = [&](size_t position) {
    while (!open.empty() && open.back()->end <= position) {
      advance_to(open.back()->end);
      out += open.back()->close;
      open.pop_back();
    }
  };
  for (size_t index : order) {
    const TextSpan& span = spans[index];
    close_until(span.begin);
    if (!open.empty() && span.end > open.back()->end) continue;  // crosses an open span
    advance_to(span.begin);
    out += span.open;
    open.push_back(&span);
  }
  close_until(end);
  advance_to(end);
  return out;
}

std::string RenderMarkedText(absl::string_view text, std::vector<TextSpan> spans) {
  return RenderMarkedText(text, 0, text.size(), std::move(spans));
}

}  // namespace chronicle::web
