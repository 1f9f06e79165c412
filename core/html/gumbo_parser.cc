// Gumbo adapter. Two things gumbo does not do for us: gumbo_destroy_output
// frees the tree recursively (a stack overflow on very deep pages), so every
// allocation is tracked in a list and released in one loop instead; and the
// tree is copied into our Dom with an explicit stack.
#include <cstdlib>
#include <utility>
#include <vector>

#include "core/html/html_parser.h"
#include "gumbo.h"

namespace chronicle::html {
namespace {

// Every block carries a header linking it into a doubly linked list, so a
// free is O(1) and the whole tree is released without walking it.
struct alignas(16) BlockHeader {
  BlockHeader* prev;
  BlockHeader* next;
};

struct TrackedHeap {
  BlockHeader head{&head, &head};
  ~TrackedHeap() {
    BlockHeader* b = head.next;
    while (b != &head) {
      BlockHeader* next = b->next;
      std::free(b);
      b = next;
    }
  }
};

void* TrackedAlloc(void* userdata, size_t size) {
  auto* heap = static_cast<TrackedHeap*>(userdata);
  auto* b = static_cast<BlockHeader*>(std::malloc(sizeof(BlockHeader) + size));
  if (b == nullptr) std::abort();  // gumbo has no way to report a failed allocation
  b->prev = &heap->head;
  b->next = heap->head.next;
  heap->head.next->prev = b;
  heap->head.next = b;
  return b + 1;
}

void TrackedFree(void* userdata, void* ptr) {
  if (ptr == nullptr) return;
  auto* b = static_cast<BlockHeader*>(ptr) - 1;
  b->prev->next = b->next;
  b->next->prev = b->prev;
  std::free(b);
}

absl::string_view ElementName(const GumboElement& element, std::string& scratch) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  scratch.assign(piece.data, piece.length);
  for (char& c : scratch) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  return scratch;
}

void CopyTree(const GumboNode* root, int max_depth, Dom& dom) {
  struct Frame {
    const GumboNode* node;
    int dom_parent;  // where this node's content goes
    int depth;
  };
  std::vector<Frame> stack = {{root, -1, 0}};
  std::string scratch;
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const GumboNode* n = f.node;
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        dom.AddText(f.dom_parent, n->v.text.text);
        continue;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        continue;
    }
    const GumboElement& e = n->v.element;
    int self = f.dom_parent;
    if (f.depth <= max_depth || f.dom_parent < 0) {
      self = dom.AddElement(f.dom_parent, ElementName(e, scratch));
      for (unsigned i = 0; i < e.attributes.length; ++i) {
        const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
        dom.AddAttribute(a->name, a->value);
      }
    } else {
      dom.set_depth_capped();
    }
    // Push children in reverse so they pop in document order.
    for (unsigned i = e.children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(e.children.data[i - 1]), self, f.depth + 1});
    }
  }
}

}  // namespace

Dom ParseWithGumbo(absl::string_view html, int max_depth) {
  TrackedHeap heap;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = TrackedAlloc;
  options.deallocator = TrackedFree;
  options.userdata = &heap;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  Dom dom;
  dom.Reserve(html.size());
  if (output != nullptr && output->root != nullptr) CopyTree(output->root, max_depth, dom);
  dom.Finish();
  return dom;  // `heap` releases the gumbo tree
}

}  // namespace chronicle::html
