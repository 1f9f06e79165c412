// libxml2 adapter. Options: HUGE lifts libxml2's own depth limit of 256,
// beyond which it silently drops content (we cap depth ourselves, keeping
// the text); IGNORE_ENC because the bytes are already UTF-8 whatever the
// page's <meta charset> says.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <climits>
#include <string>

#include "core/html/html_parser.h"

namespace chronicle::html {
namespace {

absl::string_view AsView(const xmlChar* s) {
  return s == nullptr ? absl::string_view() : absl::string_view(reinterpret_cast<const char*>(s));
}

void CopyAttributes(xmlNodePtr element, Dom& dom) {
  for (xmlAttrPtr a = element->properties; a != nullptr; a = a->next) {
    // HTML attribute values are a single text child (entities already expanded).
    absl::string_view value;
    if (a->children != nullptr && a->children->next == nullptr) {
      value = AsView(a->children->content);
      dom.AddAttribute(AsView(a->name), value);
    } else {
      xmlChar* joined = xmlNodeListGetString(element->doc, a->children, 1);
      dom.AddAttribute(AsView(a->name), AsView(joined));
      xmlFree(joined);
    }
  }
}

// Walks the libxml2 tree with its parent/next pointers: no recursion.
void CopyTree(xmlNodePtr root, int max_depth, Dom& dom) {
  std::vector<int> dom_parent_of_children;  // per depth of the libxml2 walk
  xmlNodePtr node = root;
  int depth = 0;
  int dom_parent = -1;
  while (node != nullptr) {
    bool descend = false;
    if (node->type == XML_ELEMENT_NODE) {
      int self = dom_parent;
      if (depth <= max_depth || dom_parent < 0) {
        self = dom.AddElement(dom_parent, AsView(node->name));
        CopyAttributes(node, dom);
      } else {
        dom.set_depth_capped();
      }
      if (node->children != nullptr) {
        dom_parent_of_children.push_back(dom_parent);
        dom_parent = self;
        descend = true;
      }
    } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      dom.AddText(dom_parent, AsView(node->content));
    }
    if (descend) {
      node = node->children;
      ++depth;
      continue;
    }
    for (;;) {
      if (node == root) return;
      if (node->next != nullptr) {
        node = node->next;
        break;
      }
      node = node->parent;
      --depth;
      if (node == nullptr || dom_parent_of_children.empty()) return;
      dom_parent = dom_parent_of_children.back();
      dom_parent_of_children.pop_back();
    }
  }
}

}  // namespace

Dom ParseWithLibxml2(absl::string_view html, int max_depth) {
  Dom dom;
  dom.Reserve(html.size());
  if (html.size() > static_cast<size_t>(INT_MAX)) {
    dom.Finish();
    return dom;
  }
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options);
  if (doc != nullptr) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root != nullptr) CopyTree(root, max_depth, dom);
    xmlFreeDoc(doc);
  }
  dom.Finish();
  return dom;
}

}  // namespace chronicle::html
