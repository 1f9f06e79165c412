// A compact, read-only document tree: what the extractor needs from a parsed
// page, independent of the HTML parser that produced it.
//
// Nodes live in one array in document (pre-)order, so a node's descendants
// follow it and every child has a larger index than its parent: walking the
// array backwards visits children before parents, which lets callers compute
// subtree sums without recursion.
#ifndef CHRONICLE_CORE_HTML_DOM_H_
#define CHRONICLE_CORE_HTML_DOM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace chronicle::html {

// Elements the extractor treats specially; everything else is kOther (its
// name is still available through Dom::TagName).
enum class Tag : uint8_t {
  kText,  // not an element: a text node
  kOther,
  kA, kAddress, kArticle, kAside, kAudio, kB, kBlockquote, kBody, kBr, kButton, kCanvas,
  kCaption, kCenter, kCite, kCode, kDd, kDel, kDetails, kDialog, kDiv, kDl, kDt, kEm,
  kEmbed, kFieldset, kFigcaption, kFigure, kFooter, kForm, kH1, kH2, kH3, kH4, kH5, kH6,
  kHead, kHeader, kHgroup, kHr, kHtml, kI, kIframe, kImg, kInput, kIns, kLabel, kLegend,
  kLi, kLink, kMain, kMath, kMenu, kMeta, kNav, kNoscript, kObject, kOl, kOption, kP,
  kPicture, kPre, kQ, kS, kScript, kSection, kSelect, kSmall, kSource, kSpan, kStrong,
  kStyle, kSub, kSummary, kSup, kSvg, kTable, kTbody, kTd, kTemplate, kTextarea, kTfoot,
  kTh, kThead, kTime, kTitle, kTr, kU, kUl, kVideo,
};

// Returns the Tag for a lowercase element name ("div" -> kDiv), kOther when unknown.
Tag TagFromName(absl::string_view lowercase_name);

struct DomNode {
  int32_t parent = -1;
  int32_t first_child = -1;
  int32_t next_sibling = -1;
  Tag tag = Tag::kText;
  uint32_t name_id = 0;      // index into the interned tag names (elements)
  uint32_t text_offset = 0;  // text nodes: their text in the text pool
  uint32_t text_length = 0;
  uint32_t attribute_begin = 0;  // elements: their attributes' range
  uint32_t attribute_count = 0;
};

class Dom {
 public:
  Dom();

  // Number of nodes. Node 0 is the root element (<html>) when size() > 0.
  int size() const { return static_cast<int>(nodes_.size()); }
  const DomNode& node(int index) const { return nodes_[index]; }
  bool IsElement(int index) const { return nodes_[index].tag != Tag::kText; }
  Tag tag(int index) const { return nodes_[index].tag; }
  int parent(int index) const { return nodes_[index].parent; }
  int first_child(int index) const { return nodes_[index].first_child; }
  int next_sibling(int index) const { return nodes_[index].next_sibling; }
  // One past the last descendant of `index`: descendants are [index + 1, SubtreeEnd).
  int SubtreeEnd(int index) const { return subtree_end_[index]; }

  // Lowercase element name ("div", "amp-img"); "" for text nodes.
  absl::string_view TagName(int index) const;
  // Text of a text node as parsed (entities decoded, whitespace untouched).
  absl::string_view Text(int index) const;
  // Value of the attribute with this lowercase name, or "" when absent.
  absl::string_view Attribute(int index, absl::string_view name) const;
  bool HasAttribute(int index, absl::string_view name) const;
  int AttributeCount(int index) const { return static_cast<int>(nodes_[index].attribute_count); }
  absl::string_view AttributeName(int index, int i) const;
  absl::string_view AttributeValue(int index, int i) const;

  // First element with this tag in document order, or -1.
  int FindFirst(Tag tag) const;

  // True when the builder stopped descending at the depth cap somewhere.
  bool depth_capped() const { return depth_capped_; }

  // --- Building (used by the parser adapters, in document order) ---
  // Reserves room for a page of `page_bytes` bytes (avoids regrowing copies).
  void Reserve(size_t page_bytes);
  // Appends an element as the last child of `parent` (-1 only for the root).
  int AddElement(int parent, absl::string_view lowercase_name);
  // Appends text under `parent`, merging with a preceding text sibling.
  void AddText(int parent, absl::string_view text);
  // Adds an attribute to the element most recently added (names lowercase).
  void AddAttribute(absl::string_view name, absl::string_view value);
  void set_depth_capped() { depth_capped_ = true; }
  // Computes the subtree ranges; call once after the last Add*.
  void Finish();

 private:
  struct Span {
    uint32_t offset = 0;
    uint32_t length = 0;
  };
  absl::string_view View(Span span) const { return absl::string_view(pool_).substr(span.offset, span.length); }
  Span Store(absl::string_view bytes);
  void Link(int parent, int child);

  std::vector<DomNode> nodes_;
  std::vector<int32_t> last_child_;
  std::vector<int32_t> subtree_end_;
  std::vector<std::pair<Span, Span>> attributes_;
  std::vector<std::string> names_;  // interned element names
  std::vector<Tag> name_tags_;      // Tag of each interned name
  absl::flat_hash_map<std::string, uint32_t> name_ids_;  // while building
  std::string pool_;                // text and attribute bytes
  bool depth_capped_ = false;
};

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_DOM_H_
