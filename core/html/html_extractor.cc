#include "core/html/html_extractor.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/html/charset.h"
#include "core/html/content_selector.h"
#include "core/html/metadata.h"
#include "core/html/prune.h"
#include "core/html/text_runs.h"

namespace chronicle::html {
namespace {

constexpr size_t kSampleBytes = 200;

// Drops C0/C1 control characters that survive white-space collapsing
// (form feeds, NUL, stray escape codes); they are never text.
std::string StripControls(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) continue;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      ++i;  // U+0080..U+009F
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string Sample(absl::string_view text) {
  if (text.size() <= kSampleBytes) return std::string(text);
  size_t cut = kSampleBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(text.substr(0, cut), "…");
}

bool IsTitle(const std::string& text, const HtmlMetadata& m) {
  return !text.empty() && (text == m.h1 || text == m.og_title || text == m.json_ld_headline || text == m.title_tag);
}

void ReportRemovals(const Dom& dom, const PrunedPage& page, HtmlDocument& doc) {
  // Removals are recorded in two passes (never-text tags, then boilerplate
  // inside the container): report them in document order.
  std::vector<const Removal*> ordered;
  for (const Removal& r : page.removals) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](const Removal* a, const Removal* b) { return a->node < b->node; });
  for (const Removal* removal : ordered) {
    const Removal& r = *removal;
    if (page.text_chars[r.node] == 0 || r.kind == "non-content") continue;
    std::string text = ElementText(dom, r.node, 4 * kSampleBytes);
    if (text.empty()) continue;
    doc.dropped.push_back({r.kind, Sample(text), r.reason});
  }
}

// Runs outside the container are reported per region: the subtree hanging
// off the container's ancestor path that holds them.
void ReportOutside(const Dom& dom, const PrunedPage& page, const std::vector<TextRun>& runs,
                   const std::vector<RunVerdict>& verdicts, const Container& container, HtmlDocument& doc) {
  std::vector<uint8_t> on_path(dom.size(), 0);
  for (int root : container.roots) {
    for (int a = root; a >= 0 && !on_path[a]; a = dom.parent(a)) on_path[a] = 1;
  }
  absl::flat_hash_map<int, size_t> region_entry;
  std::vector<std::string> region_text;
  std::vector<int> region_node;
  for (size_t r = 0; r < runs.size(); ++r) {
    if (verdicts[r] != RunVerdict::kOutside || page.removed[runs[r].anchor]) continue;
    int region = runs[r].anchor;
    while (dom.parent(region) >= 0 && !on_path[dom.parent(region)]) region = dom.parent(region);
    auto [it, inserted] = region_entry.try_emplace(region, region_text.size());
    if (inserted) {
      region_text.emplace_back();
      region_node.push_back(region);
    }
    std::string& text = region_text[it->second];
    if (text.size() < 4 * kSampleBytes) absl::StrAppend(&text, text.empty() ? "" : " ", runs[r].text);
  }
  for (size_t k = 0; k < region_text.size(); ++k) {
    std::string text = StripControls(CleanText(region_text[k]));
    if (text.empty()) continue;
    const int node = region_node[k];
    std::string where = absl::StrCat("<", dom.TagName(node), "> outside the main-content <", dom.TagName(container.node), ">");
    if (const int32_t hint = page.hint_of[node]; hint > 0) {
      const Removal& b = page.boilerplate[hint - 1];
      doc.dropped.push_back({b.kind, Sample(text), absl::StrCat(b.reason, "; ", where)});
    } else {
      doc.dropped.push_back({"outside-main-content", Sample(text), where});
    }
  }
}

DroppedBlock DropRun(const TextRun& run, RunVerdict verdict, std::string text) {
  switch (verdict) {
    case RunVerdict::kLinkDense:
      return {"link-dense", Sample(text), absl::StrCat(run.link_chars * 100 / run.chars, "% of its text is links")};
    case RunVerdict::kTeaser:
      return {"teaser", Sample(text), "truncated summary of another page (one of several ending with an ellipsis)"};
    case RunVerdict::kCaption:
      return {"caption", Sample(text), "figure caption or credit"};
    default:
      return {"outside-main-content", Sample(text), "outside the main content"};
  }
}

ContentBlock ToBlock(const TextRun& run, std::string text) {
  ContentBlock block;
  block.kind = run.kind;
  block.heading_level = run.kind == ContentBlock::Kind::kHeading ? run.heading_level : 0;
  block.text = std::move(text);
  return block;
}

}  // namespace

absl::StatusOr<HtmlDocument> ExtractHtml(absl::string_view page, const ExtractOptions& options) {
  if (page.empty()) return absl::InvalidArgumentError("empty page");
  if (page.size() > kMaxPageBytes) {
    return absl::InvalidArgumentError(absl::StrCat("page of ", page.size(), " bytes exceeds ", kMaxPageBytes));
  }
  ASSIGN_OR_RETURN(DecodedPage decoded, DecodePage(page, options.declared_charset));
  ParseOptions parse_options;
  parse_options.parser = options.parser;
  parse_options.max_depth = options.max_depth;
  const Dom dom = ParseHtml(decoded.utf8, parse_options);
  std::vector<TextRun> first_runs;
  PrunedPage pruned = Prune(dom, first_runs);

  HtmlDocument doc;
  std::string json_ld_body;
  doc.metadata = ExtractPageMetadata(dom, pruned, &json_ld_body);
  SelectorOptions selector_options;
  selector_options.keep_captions = options.keep_captions;
  const Container container =
      ChooseContainer(dom, pruned, first_runs, json_ld_body, selector_options);
  first_runs = {};
  RemoveBoilerplateInside(dom, container.roots, pruned);
  const std::vector<TextRun> runs = CollectRuns(dom, pruned, pruned.body);
  const std::vector<RunVerdict> verdicts = JudgeRuns(dom, pruned, runs, container, selector_options);
  AddContentMetadata(dom, pruned, container.node, doc.metadata);

  ReportRemovals(dom, pruned, doc);
  if (container.node >= 0) ReportOutside(dom, pruned, runs, verdicts, container, doc);
  for (size_t r = 0; r < runs.size(); ++r) {
    const RunVerdict verdict = verdicts[r];
    if (verdict == RunVerdict::kOutside) continue;
    std::string text = StripControls(CleanText(runs[r].text));
    if (text.empty()) continue;
    if (verdict == RunVerdict::kKept) {
      if (runs[r].kind == ContentBlock::Kind::kHeading && IsTitle(text, doc.metadata)) {
        doc.dropped.push_back({"title", Sample(text), "repeats the page title (kept in metadata)"});
        continue;
      }
      doc.blocks.push_back(ToBlock(runs[r], std::move(text)));
      continue;
    }
    doc.dropped.push_back(DropRun(runs[r], verdict, std::move(text)));
  }
  if (doc.blocks.empty()) {
    return absl::InvalidArgumentError(
        runs.empty() ? "page has no visible text" : "page has no article text (only boilerplate)");
  }
  return doc;
}

}  // namespace chronicle::html
