#include "core/html/prune.h"

#include <algorithm>
#include <utility>

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

// Visible characters per subtree, ignoring script-like elements, and those
// of them inside <blockquote> and inside links.
void CountSubtreeText(const Dom& dom, PrunedPage& page) {
  const int n = dom.size();
  std::vector<uint8_t> in_link(n, 0);
  for (int i = 0; i < n; ++i) {
    const int p = dom.parent(i);
    in_link[i] = (p >= 0 && in_link[p]) || (dom.tag(i) == Tag::kA && dom.HasAttribute(i, "href"));
  }
  std::vector<int32_t>& chars = page.text_chars;
  std::vector<int32_t>& quoted = page.quoted_chars;
  std::vector<int32_t>& linked = page.link_chars;
  chars.assign(n, 0);
  quoted.assign(n, 0);
  linked.assign(n, 0);
  for (int i = n - 1; i >= 0; --i) {
    if (dom.tag(i) == Tag::kText) {
      chars[i] = CountVisibleChars(dom.Text(i));
      if (in_link[i]) linked[i] = chars[i];
    } else if (NeverShowsText(dom.tag(i))) {
      chars[i] = quoted[i] = linked[i] = 0;
    } else if (dom.tag(i) == Tag::kBlockquote) {
      quoted[i] = chars[i];
    }
    const int p = dom.parent(i);
    if (p >= 0) {
      chars[p] += chars[i];
      quoted[p] += quoted[i];
      linked[p] += linked[i];
    }
  }
}

void Remove(const Dom& dom, int node, std::string kind, std::string reason, PrunedPage& page) {
  const auto mark = static_cast<int32_t>(page.removals.size() + 1);
  for (int j = node; j < dom.SubtreeEnd(node); ++j) page.removed[j] = mark;
  page.removals.push_back({node, std::move(kind), std::move(reason)});
}

}  // namespace

int CountVisibleChars(absl::string_view text) {
  int count = 0;
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || (c & 0xC0) == 0x80) continue;
    // Spacer characters pages use for layout: NBSP, the U+2000 spaces and
    // zero-width space, ideographic space, BOM.
    if (c == 0xC2 && i + 1 < n && static_cast<unsigned char>(text[i + 1]) == 0xA0) continue;
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) <= 0x8B || static_cast<unsigned char>(text[i + 2]) == 0xAF)) {
      continue;
    }
    if (c == 0xE3 && i + 2 < n && text[i + 1] == '\x80' && text[i + 2] == '\x80') continue;
    if (c == 0xEF && i + 2 < n && text[i + 1] == '\xBB' && text[i + 2] == '\xBF') continue;
    ++count;
  }
  return count;
}

bool IsProse(const TextRun& run) {
  return run.kind != ContentBlock::Kind::kHeading && !run.teaser && run.chars >= 80 && run.punctuation >= 1 &&
         run.link_chars * 10 < run.chars * 3;
}

PrunedPage Prune(const Dom& dom, std::vector<TextRun>& runs) {
  PrunedPage page;
  const int n = dom.size();
  page.removed.assign(n, 0);
  page.hint_of.assign(n, 0);
  page.boilerplate_of.assign(n, 0);
  page.content_hint.assign(n, 0);
  page.caption.assign(n, 0);
  CountSubtreeText(dom, page);
  page.prose_chars.assign(n, 0);
  runs.clear();
  page.body = dom.FindFirst(Tag::kBody);
  if (page.body < 0) page.body = n > 0 ? 0 : -1;
  if (page.body < 0) return page;

  const int end = dom.SubtreeEnd(page.body);
  for (int i = page.body + 1; i < end; ++i) {
    const int p = dom.parent(i);
    if (page.caption[p]) page.caption[i] = 1;
    page.boilerplate_of[i] = page.boilerplate_of[p];
    if (!dom.IsElement(i)) continue;
    ElementHint hint = ClassifyElement(dom, i);
    page.content_hint[i] = static_cast<int8_t>(hint.content_hint);
    if (hint.caption) page.caption[i] = 1;
    if (hint.drop_kind.empty()) continue;
    if (hint.unconditional) {
      Remove(dom, i, std::move(hint.drop_kind), std::move(hint.reason), page);
      i = dom.SubtreeEnd(i) - 1;
      continue;
    }
    page.boilerplate.push_back({i, std::move(hint.drop_kind), std::move(hint.reason)});
    page.hint_of[i] = static_cast<int32_t>(page.boilerplate.size());
    page.boilerplate_of[i] = page.hint_of[i];
  }
  runs = CollectRuns(dom, page, page.body);
  for (const TextRun& run : runs) {
    if (IsProse(run)) page.prose_chars[run.anchor] += run.chars;
  }
  for (int i = end - 1; i > page.body; --i) page.prose_chars[dom.parent(i)] += page.prose_chars[i];
  return page;
}

void RemoveBoilerplateInside(const Dom& dom, const std::vector<int>& roots, PrunedPage& page, double veto_share) {
  // Roots are disjoint siblings: mark their interiors once, then test each
  // boilerplate element in O(1), however many roots there are.
  std::vector<uint8_t> inside(dom.size(), 0);
  double prose = 0;
  for (int root : roots) {
    prose += page.prose_chars[root];
    std::fill(inside.begin() + root + 1, inside.begin() + dom.SubtreeEnd(root), 1);
  }
  const double veto = veto_share * prose;
  for (const Removal& b : page.boilerplate) {
    if (!inside[b.node] || page.removed[b.node]) continue;
    if (page.prose_chars[b.node] > 0 && page.prose_chars[b.node] >= veto) continue;
    // Embedded posts (tweets, Instagram) are quotes, whatever their wrapper is called.
    if (page.quoted_chars[b.node] * 2 > page.text_chars[b.node]) continue;
    Remove(dom, b.node, b.kind, b.reason, page);
  }
}

}  // namespace chronicle::html
