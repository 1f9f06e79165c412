#include "core/html/prune.h"

#include <algorithm>

#include "core/html/hints.h"
#include "core/html/text_runs.h"

namespace chronicle::html {
namespace {

bool NeverShowsText(Tag tag) {
  switch (tag) {
    case Tag::kScript: case Tag::kStyle: case Tag::kTemplate: case Tag::kHead: case Tag::kTitle:
    case Tag::kNoscript: case Tag::kSvg: case Tag::kMath: case Tag::kIframe: case Tag::kObject:
    case Tag::kCanvas: case Tag::kSelect: case Tag::kTextarea: case Tag::kVideo: case Tag::kAudio:
      return true;
    default:
      return false;
  }
}

// Visible characters per subtree, ignoring script-like elements.
std::vector<int32_t> CountSubtreeText(const Dom& dom) {
  std::vector<int32_t> chars(dom.size(), 0);
  for (int i = dom.size() - 1; i >= 0; --i) {
    if (dom.tag(i) == Tag::kText) {
      chars[i] = CountVisibleChars(dom.Text(i));
    } else if (NeverShowsText(dom.tag(i))) {
      chars[i] = 0;
    }
    const int p = dom.parent(i);
    if (p >= 0) chars[p] += chars[i];
  }
  return chars;
}

}  // namespace

int CountVisibleChars(absl::string_view text) {
  int count = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    // Count lead bytes only; ASCII white space is the only white space that matters here.
    if ((c & 0xC0) == 0x80 || c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') continue;
    ++count;
  }
  return count;
}

bool IsProse(const TextRun& run) {
  return run.kind != ContentBlock::Kind::kHeading && run.chars >= 80 && run.punctuation >= 1 &&
         run.link_chars * 10 < run.chars * 3;
}

PrunedPage Prune(const Dom& dom, double veto_share) {
  PrunedPage page;
  const int n = dom.size();
  page.removed.assign(n, 0);
  page.content_hint.assign(n, 0);
  page.caption.assign(n, 0);
  page.text_chars = CountSubtreeText(dom);
  page.prose_chars.assign(n, 0);
  page.body = dom.FindFirst(Tag::kBody);
  if (page.body < 0) page.body = n > 0 ? 0 : -1;
  if (page.body < 0) return page;

  // First pass: classify, apply only the unconditional removals.
  std::vector<ElementHint> hints(n);
  const int end = dom.SubtreeEnd(page.body);
  for (int i = page.body + 1; i < end; ++i) {
    if (!dom.IsElement(i)) continue;
    hints[i] = ClassifyElement(dom, i);
    if (hints[i].unconditional) {
      for (int j = i; j < dom.SubtreeEnd(i); ++j) page.removed[j] = -1;
      i = dom.SubtreeEnd(i) - 1;
    }
  }
  // Where the prose is, before any markup-name decision.
  for (const TextRun& run : CollectRuns(dom, page, page.body)) {
    if (IsProse(run)) page.prose_chars[run.anchor] += run.chars;
  }
  for (int i = end - 1; i > page.body; --i) page.prose_chars[dom.parent(i)] += page.prose_chars[i];
  const bool has_prose = page.prose_chars[page.body] > 0;
  const double veto = veto_share * (has_prose ? page.prose_chars[page.body] : page.text_chars[page.body]);

  std::fill(page.removed.begin(), page.removed.end(), 0);
  for (int i = page.body + 1; i < end; ++i) {
    const int p = dom.parent(i);
    if (p >= 0 && page.caption[p]) page.caption[i] = 1;
    if (!dom.IsElement(i)) continue;
    ElementHint& hint = hints[i];
    page.content_hint[i] = static_cast<int8_t>(hint.content_hint);
    if (hint.caption) page.caption[i] = 1;
    if (hint.drop_kind.empty()) continue;
    const int32_t held = has_prose ? page.prose_chars[i] : page.text_chars[i];
    if (!hint.unconditional && held > 0 && held >= veto) continue;
    const int subtree_end = dom.SubtreeEnd(i);
    const auto mark = static_cast<int32_t>(page.removals.size() + 1);
    for (int j = i; j < subtree_end; ++j) page.removed[j] = mark;
    page.removals.push_back({i, std::move(hint.drop_kind), std::move(hint.reason)});
    i = subtree_end - 1;
  }
  return page;
}

}  // namespace chronicle::html
