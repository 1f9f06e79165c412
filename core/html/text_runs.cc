#include "core/html/text_runs.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "core/html/hints.h"

namespace chronicle::html {
namespace {

int HeadingLevel(Tag tag) {
  switch (tag) {
    case Tag::kH1: return 1;
    case Tag::kH2: return 2;
    case Tag::kH3: return 3;
    case Tag::kH4: return 4;
    case Tag::kH5: return 5;
    case Tag::kH6: return 6;
    default: return 0;
  }
}

int CountPunctuation(absl::string_view text) {
  int count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    switch (text[i]) {
      case ',': case '.': case ';': case ':': case '!': case '?':
        ++count;
        break;
      case '\xE3':  // U+3001 、 and U+3002 。
        if (i + 2 < text.size() && text[i + 1] == '\x80' && (text[i + 2] == '\x81' || text[i + 2] == '\x82')) ++count;
        break;
      case '\xEF':  // U+FF0C ，
        if (i + 2 < text.size() && text[i + 1] == '\xBC' && text[i + 2] == '\x8C') ++count;
        break;
      default:
        break;
    }
  }
  return count;
}

bool LooksLikeUrl(absl::string_view text) {
  text = absl::StripLeadingAsciiWhitespace(text);
  return absl::StartsWith(text, "http://") || absl::StartsWith(text, "https://") || absl::StartsWith(text, "www.");
}

// Context of the open elements above the current node.
struct Context {
  int links = 0, quotes = 0, pres = 0, items = 0;
  std::vector<int> headings;  // levels of the open headings
  std::vector<int> blocks;    // open block-level elements
};

void Enter(Tag tag, int node, Context& c, int delta) {
  switch (tag) {
    case Tag::kA: c.links += delta; break;
    case Tag::kBlockquote: c.quotes += delta; break;
    case Tag::kPre: c.pres += delta; break;
    case Tag::kLi: case Tag::kDd: case Tag::kDt: c.items += delta; break;
    default: break;
  }
  if (int level = HeadingLevel(tag); level > 0) {
    if (delta > 0) c.headings.push_back(level); else c.headings.pop_back();
  }
  if (IsBlockLevel(tag)) {
    if (delta > 0) c.blocks.push_back(node); else c.blocks.pop_back();
  }
}

class RunBuilder {
 public:
  explicit RunBuilder(std::vector<TextRun>& out) : out_(out) {}

  void Append(absl::string_view text, int chars, int anchor, Tag owner_tag, const Context& c, bool caption) {
    if (current_.text.empty()) {
      if (chars == 0) return;  // leading white space of a run
      current_.owner = c.blocks.empty() ? -1 : c.blocks.back();
      current_.anchor = anchor;
      current_.caption = caption;
      current_.kind = KindOf(c, owner_tag);
      current_.heading_level = c.headings.empty() ? 0 : c.headings.back();
    }
    current_.text.append(text.data(), text.size());
    current_.chars += chars;
    // A link that shows its own URL is a reference in the text, not navigation.
    if (c.links > 0 && !LooksLikeUrl(text)) current_.link_chars += chars;
    current_.punctuation += CountPunctuation(text);
  }

  void Flush() {
    if (current_.chars > 0) out_.push_back(std::move(current_));
    current_ = TextRun();
  }

 private:
  // A <p> inside a layout table's cell is a paragraph; text directly in a
  // cell is a table cell.
  static ContentBlock::Kind KindOf(const Context& c, Tag owner_tag) {
    if (c.pres > 0) return ContentBlock::Kind::kPreformatted;
    if (!c.headings.empty()) return ContentBlock::Kind::kHeading;
    if (c.quotes > 0) return ContentBlock::Kind::kQuote;
    if (c.items > 0) return ContentBlock::Kind::kListItem;
    if (owner_tag == Tag::kTd || owner_tag == Tag::kTh) return ContentBlock::Kind::kTableCell;
    return ContentBlock::Kind::kParagraph;
  }

  std::vector<TextRun>& out_;
  TextRun current_;
};

// Teasers come in lists: an ellipsis run is one when another ellipsis run
// sits within a few levels of its paragraph.
void MarkTeasers(const Dom& dom, std::vector<TextRun>& runs) {
  constexpr int kLevels = 4;
  constexpr size_t kMaxCandidates = 2000;
  std::vector<size_t> candidates;
  for (size_t r = 0; r < runs.size() && candidates.size() < kMaxCandidates; ++r) {
    if (EndsWithEllipsis(runs[r])) candidates.push_back(r);
  }
  for (size_t a : candidates) {
    int scope = runs[a].owner >= 0 ? runs[a].owner : runs[a].anchor;
    for (int level = 0; level < kLevels && dom.parent(scope) >= 0; ++level) scope = dom.parent(scope);
    for (size_t b : candidates) {
      if (a != b && runs[b].anchor >= scope && runs[b].anchor < dom.SubtreeEnd(scope)) {
        runs[a].teaser = true;
        break;
      }
    }
  }
}

}  // namespace

bool EndsWithEllipsis(const TextRun& run) {
  absl::string_view t = run.text;
  auto strip = [&t] {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\t' || t.back() == '\r' ||
                          t.back() == ']' || t.back() == ')')) {
      t.remove_suffix(1);
    }
    if (absl::EndsWith(t, "\xC2\xBB")) t.remove_suffix(2);           // »
    if (absl::EndsWith(t, "\xC2\xA0")) t.remove_suffix(2);           // NBSP
  };
  strip();
  strip();
  return absl::EndsWith(t, "...") || absl::EndsWith(t, "\xE2\x80\xA6");  // …
}

std::vector<TextRun> CollectRuns(const Dom& dom, const PrunedPage& page, int root) {
  std::vector<TextRun> runs;
  if (root < 0 || root >= dom.size()) return runs;
  RunBuilder builder(runs);
  Context context;
  // Open elements with the tag they count as (an <a> without href is no link).
  std::vector<std::pair<int, Tag>> open;
  const int end = dom.SubtreeEnd(root);
  for (int i = root; i < end; ++i) {
    while (!open.empty() && i >= dom.SubtreeEnd(open.back().first)) {
      const auto [closing, closing_tag] = open.back();
      open.pop_back();
      if (IsBlockLevel(closing_tag)) builder.Flush();
      Enter(closing_tag, closing, context, -1);
    }
    Tag tag = dom.tag(i);
    if (page.removed[i]) {
      if (IsBlockLevel(tag)) builder.Flush();
      i = dom.SubtreeEnd(i) - 1;
      continue;
    }
    if (tag == Tag::kText) {
      const Tag owner_tag = context.blocks.empty() ? Tag::kOther : dom.tag(context.blocks.back());
      builder.Append(dom.Text(i), page.text_chars[i], dom.parent(i), owner_tag, context, page.caption[i] != 0);
      continue;
    }
    if (tag == Tag::kBr || tag == Tag::kHr || IsBlockLevel(tag)) builder.Flush();
    if (tag == Tag::kA && !dom.HasAttribute(i, "href")) tag = Tag::kOther;
    open.emplace_back(i, tag);
    Enter(tag, i, context, +1);
  }
  builder.Flush();
  MarkTeasers(dom, runs);
  return runs;
}

}  // namespace chronicle::html
