#include "core/html/dom.h"

#include <algorithm>
#include <iterator>

namespace chronicle::html {
namespace {

struct TagName {
  absl::string_view name;
  Tag tag;
};

// Sorted by name for binary search.
constexpr TagName kTagNames[] = {
    {"a", Tag::kA},
    {"address", Tag::kAddress},
    {"article", Tag::kArticle},
    {"aside", Tag::kAside},
    {"audio", Tag::kAudio},
    {"b", Tag::kB},
    {"blockquote", Tag::kBlockquote},
    {"body", Tag::kBody},
    {"br", Tag::kBr},
    {"button", Tag::kButton},
    {"canvas", Tag::kCanvas},
    {"caption", Tag::kCaption},
    {"center", Tag::kCenter},
    {"cite", Tag::kCite},
    {"code", Tag::kCode},
    {"dd", Tag::kDd},
    {"del", Tag::kDel},
    {"details", Tag::kDetails},
    {"dialog", Tag::kDialog},
    {"div", Tag::kDiv},
    {"dl", Tag::kDl},
    {"dt", Tag::kDt},
    {"em", Tag::kEm},
    {"embed", Tag::kEmbed},
    {"fieldset", Tag::kFieldset},
    {"figcaption", Tag::kFigcaption},
    {"figure", Tag::kFigure},
    {"footer", Tag::kFooter},
    {"form", Tag::kForm},
    {"h1", Tag::kH1},
    {"h2", Tag::kH2},
    {"h3", Tag::kH3},
    {"h4", Tag::kH4},
    {"h5", Tag::kH5},
    {"h6", Tag::kH6},
    {"head", Tag::kHead},
    {"header", Tag::kHeader},
    {"hgroup", Tag::kHgroup},
    {"hr", Tag::kHr},
    {"html", Tag::kHtml},
    {"i", Tag::kI},
    {"iframe", Tag::kIframe},
    {"img", Tag::kImg},
    {"input", Tag::kInput},
    {"ins", Tag::kIns},
    {"label", Tag::kLabel},
    {"legend", Tag::kLegend},
    {"li", Tag::kLi},
    {"link", Tag::kLink},
    {"main", Tag::kMain},
    {"math", Tag::kMath},
    {"menu", Tag::kMenu},
    {"meta", Tag::kMeta},
    {"nav", Tag::kNav},
    {"noscript", Tag::kNoscript},
    {"object", Tag::kObject},
    {"ol", Tag::kOl},
    {"option", Tag::kOption},
    {"p", Tag::kP},
    {"picture", Tag::kPicture},
    {"pre", Tag::kPre},
    {"q", Tag::kQ},
    {"s", Tag::kS},
    {"script", Tag::kScript},
    {"section", Tag::kSection},
    {"select", Tag::kSelect},
    {"small", Tag::kSmall},
    {"source", Tag::kSource},
    {"span", Tag::kSpan},
    {"strong", Tag::kStrong},
    {"style", Tag::kStyle},
    {"sub", Tag::kSub},
    {"summary", Tag::kSummary},
    {"sup", Tag::kSup},
    {"svg", Tag::kSvg},
    {"table", Tag::kTable},
    {"tbody", Tag::kTbody},
    {"td", Tag::kTd},
    {"template", Tag::kTemplate},
    {"textarea", Tag::kTextarea},
    {"tfoot", Tag::kTfoot},
    {"th", Tag::kTh},
    {"thead", Tag::kThead},
    {"time", Tag::kTime},
    {"title", Tag::kTitle},
    {"tr", Tag::kTr},
    {"u", Tag::kU},
    {"ul", Tag::kUl},
    {"video", Tag::kVideo},
};

}  // namespace

Tag TagFromName(absl::string_view lowercase_name) {
  const TagName* end = std::end(kTagNames);
  const TagName* it = std::lower_bound(std::begin(kTagNames), end, lowercase_name,
                                       [](const TagName& t, absl::string_view n) { return t.name < n; });
  return it != end && it->name == lowercase_name ? it->tag : Tag::kOther;
}

Dom::Dom() { names_.emplace_back(); }

absl::string_view Dom::TagName(int index) const {
  return IsElement(index) ? absl::string_view(names_[nodes_[index].name_id]) : absl::string_view();
}

absl::string_view Dom::Text(int index) const {
  const DomNode& n = nodes_[index];
  return View(Span{n.text_offset, n.text_length});
}

absl::string_view Dom::Attribute(int index, absl::string_view name) const {
  const DomNode& n = nodes_[index];
  for (uint32_t i = n.attribute_begin; i < n.attribute_begin + n.attribute_count; ++i) {
    if (View(attributes_[i].first) == name) return View(attributes_[i].second);
  }
  return {};
}

bool Dom::HasAttribute(int index, absl::string_view name) const {
  const DomNode& n = nodes_[index];
  for (uint32_t i = n.attribute_begin; i < n.attribute_begin + n.attribute_count; ++i) {
    if (View(attributes_[i].first) == name) return true;
  }
  return false;
}

absl::string_view Dom::AttributeName(int index, int i) const {
  return View(attributes_[nodes_[index].attribute_begin + i].first);
}

absl::string_view Dom::AttributeValue(int index, int i) const {
  return View(attributes_[nodes_[index].attribute_begin + i].second);
}

int Dom::FindFirst(Tag tag) const {
  for (int i = 0; i < size(); ++i) {
    if (nodes_[i].tag == tag) return i;
  }
  return -1;
}

void Dom::Reserve(size_t page_bytes) {
  // News pages have about one node per 60 bytes of markup, dense markup one
  // per 25; text plus attribute values stay under the page size. Reserving
  // touches no memory, so erring high costs nothing until it is used.
  const size_t nodes = page_bytes / 20 + 16;
  nodes_.reserve(nodes);
  last_child_.reserve(nodes);
  attributes_.reserve(nodes);
  pool_.reserve(page_bytes + 64);
}

Dom::Span Dom::Store(absl::string_view bytes) {
  Span span{static_cast<uint32_t>(pool_.size()), static_cast<uint32_t>(bytes.size())};
  pool_.append(bytes.data(), bytes.size());
  return span;
}

void Dom::Link(int parent, int child) {
  nodes_[child].parent = parent;
  if (parent < 0) return;
  if (last_child_[parent] < 0) {
    nodes_[parent].first_child = child;
  } else {
    nodes_[last_child_[parent]].next_sibling = child;
  }
  last_child_[parent] = child;
}

int Dom::AddElement(int parent, absl::string_view lowercase_name) {
  auto [it, inserted] = name_ids_.try_emplace(std::string(lowercase_name), static_cast<uint32_t>(names_.size()));
  if (inserted) {
    names_.emplace_back(lowercase_name);
    name_tags_.resize(names_.size(), Tag::kOther);
    name_tags_[it->second] = TagFromName(lowercase_name);
  }
  DomNode n;
  n.name_id = it->second;
  n.tag = name_tags_[it->second];
  n.attribute_begin = static_cast<uint32_t>(attributes_.size());
  const int index = size();
  nodes_.push_back(n);
  last_child_.push_back(-1);
  Link(parent, index);
  return index;
}

void Dom::AddText(int parent, absl::string_view text) {
  if (text.empty() || parent < 0) return;
  const int last = last_child_[parent];
  // Adjacent text siblings (split by dropped comments, or by the depth cap) are one run.
  if (last >= 0 && nodes_[last].tag == Tag::kText &&
      nodes_[last].text_offset + nodes_[last].text_length == pool_.size()) {
    pool_.append(text.data(), text.size());
    nodes_[last].text_length += static_cast<uint32_t>(text.size());
    return;
  }
  DomNode n;
  Span span = Store(text);
  n.text_offset = span.offset;
  n.text_length = span.length;
  const int index = size();
  nodes_.push_back(n);
  last_child_.push_back(-1);
  Link(parent, index);
}

void Dom::AddAttribute(absl::string_view name, absl::string_view value) {
  if (nodes_.empty()) return;
  DomNode& n = nodes_.back();
  if (n.tag == Tag::kText) return;
  attributes_.emplace_back(Store(name), Store(value));
  ++n.attribute_count;
}

void Dom::Finish() {
  subtree_end_.assign(nodes_.size(), 0);
  // Children have larger indices than parents: one backward pass suffices.
  for (int i = size() - 1; i >= 0; --i) {
    if (subtree_end_[i] == 0) subtree_end_[i] = i + 1;
    const int p = nodes_[i].parent;
    if (p >= 0) subtree_end_[p] = std::max(subtree_end_[p], subtree_end_[i]);
  }
  last_child_.clear();
  last_child_.shrink_to_fit();
  name_ids_.clear();
}

}  // namespace chronicle::html
