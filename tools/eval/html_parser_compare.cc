// Compares the two HTML parsers core/html can use (libxml2 and gumbo) on
// the benchmark pages and on generated malformed pages: parse time per MB,
// peak heap while parsing, and whether the text survives.
//
// Usage: html_parser_compare <data-dir>   (reads <data-dir>/html/*.html[.gz])
//
// "raw" times are the parser alone (libxml2 htmlReadMemory + xmlFreeDoc;
// gumbo_parse + gumbo_destroy_output); "dom" times include copying the tree
// into core/html's Dom. Peak heap is measured with counting allocators
// installed in each library (xmlMemSetup, GumboOptions), so it covers the
// parser's own allocations only.
#include <dirent.h>
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <malloc.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/html/charset.h"
#include "core/html/dom.h"
#include "core/html/html_parser.h"

namespace chronicle::eval {
namespace {

using Clock = std::chrono::steady_clock;

// Heap accounting shared by both counting allocators (this tool is single-threaded).
struct HeapCounter {
  size_t current = 0;
  size_t peak = 0;
  void Add(void* p) {
    if (p == nullptr) return;
    current += malloc_usable_size(p);
    peak = std::max(peak, current);
  }
  void Remove(void* p) {
    if (p != nullptr) current -= malloc_usable_size(p);
  }
};
HeapCounter heap;

void* CountingMalloc(size_t n) {
  void* p = std::malloc(n);
  heap.Add(p);
  return p;
}
void CountingFree(void* p) {
  heap.Remove(p);
  std::free(p);
}
void* CountingRealloc(void* p, size_t n) {
  heap.Remove(p);
  void* q = std::realloc(p, n);
  heap.Add(q != nullptr ? q : p);
  return q;
}
char* CountingStrdup(const char* s) {
  const size_t n = std::strlen(s) + 1;
  auto* p = static_cast<char*>(CountingMalloc(n));
  if (p != nullptr) std::memcpy(p, s, n);
  return p;
}
void* GumboAlloc(void*, size_t n) { return CountingMalloc(n); }
void GumboFree(void*, void* p) { CountingFree(p); }

void ParseRawLibxml2(const std::string& html) {
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options);
  if (doc != nullptr) xmlFreeDoc(doc);
}

void ParseRawGumbo(const std::string& html) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = GumboAlloc;
  options.deallocator = GumboFree;
  options.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  gumbo_destroy_output(&options, out);
}

struct Measure {
  double seconds = 0;
  size_t peak = 0;
};

Measure Run(const std::function<void()>& f) {
  heap.current = heap.peak = 0;
  const auto start = Clock::now();
  f();
  return {std::chrono::duration<double>(Clock::now() - start).count(), heap.peak};
}

// Visible text of a Dom (script/style excluded), whitespace-separated words.
std::vector<std::string> DomWords(const html::Dom& dom) {
  std::vector<std::string> words;
  for (int i = 0; i < dom.size(); ++i) {
    const html::Tag tag = dom.tag(i);
    if (tag == html::Tag::kScript || tag == html::Tag::kStyle || tag == html::Tag::kHead ||
        tag == html::Tag::kTemplate || tag == html::Tag::kNoscript) {
      i = dom.SubtreeEnd(i) - 1;
      continue;
    }
    if (tag != html::Tag::kText) continue;
    std::string word;
    for (char c : dom.Text(i)) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
      } else {
        word.push_back(c);
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
  }
  return words;
}

// Share of a's words (as a bag) also in b.
double Overlap(std::vector<std::string> a, std::vector<std::string> b) {
  if (a.empty()) return b.empty() ? 1.0 : 0.0;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return static_cast<double>(common.size()) / a.size();
}

int MaxDepth(const html::Dom& dom) {
  std::vector<int> depth(dom.size(), 0);
  int max_depth = 0;
  for (int i = 1; i < dom.size(); ++i) {
    depth[i] = depth[dom.parent(i)] + 1;
    max_depth = std::max(max_depth, depth[i]);
  }
  return max_depth;
}

std::vector<std::string> ReadPages(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (absl::EndsWith(n, ".html.gz") || absl::EndsWith(n, ".html")) names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> pages;
  for (const std::string& n : names) {
    gzFile f = gzopen((dir + "/" + n).c_str(), "rb");  // also reads uncompressed files
    if (f == nullptr) continue;
    std::string bytes;
    char buffer[1 << 16];
    int k;
    while ((k = gzread(f, buffer, sizeof buffer)) > 0) bytes.append(buffer, static_cast<size_t>(k));
    gzclose(f);
    auto decoded = html::DecodePage(bytes, "");
    if (decoded.ok()) pages.push_back(std::move(decoded->utf8));
  }
  return pages;
}

void CompareOnPages(const std::vector<std::string>& pages) {
  size_t bytes = 0;
  Measure raw_x, raw_g, dom_x, dom_g;
  size_t worst_peak_x = 0, worst_peak_g = 0, largest = 0;
  double overlap_sum = 0, min_overlap = 1;
  int differing = 0;
  for (const std::string& page : pages) {
    bytes += page.size();
    const Measure rx = Run([&] { ParseRawLibxml2(page); });
    const Measure rg = Run([&] { ParseRawGumbo(page); });
    raw_x.seconds += rx.seconds;
    raw_g.seconds += rg.seconds;
    if (page.size() > largest) {
      largest = page.size();
      worst_peak_x = rx.peak;
      worst_peak_g = rg.peak;
    }
    raw_x.peak += rx.peak;
    raw_g.peak += rg.peak;
    html::Dom x, g;
    dom_x.seconds += Run([&] { x = html::ParseWithLibxml2(page, 400); }).seconds;
    dom_g.seconds += Run([&] { g = html::ParseWithGumbo(page, 400); }).seconds;
    const double o = std::min(Overlap(DomWords(x), DomWords(g)), Overlap(DomWords(g), DomWords(x)));
    overlap_sum += o;
    min_overlap = std::min(min_overlap, o);
    if (o < 0.999) ++differing;
  }
  const double mb = bytes / 1e6;
  std::printf("benchmark pages: %zu pages, %.1f MB of HTML (decoded to UTF-8)\n", pages.size(), mb);
  std::printf("%-28s %12s %12s\n", "", "libxml2", "gumbo");
  std::printf("%-28s %12.1f %12.1f\n", "raw parse, MB/s", mb / raw_x.seconds, mb / raw_g.seconds);
  std::printf("%-28s %12.1f %12.1f\n", "parse + Dom copy, MB/s", mb / dom_x.seconds, mb / dom_g.seconds);
  std::printf("%-28s %12.1f %12.1f\n", "peak heap per page byte", raw_x.peak / static_cast<double>(bytes),
              raw_g.peak / static_cast<double>(bytes));
  std::printf("%-28s %9.1f MB %9.1f MB  (page of %.1f MB)\n", "peak heap, largest page", worst_peak_x / 1e6,
              worst_peak_g / 1e6, largest / 1e6);
  std::printf("visible-text agreement between the two trees: mean %.4f, min %.4f, %d pages differ\n",
              overlap_sum / pages.size(), min_overlap, differing);
}

struct Case {
  std::string name;
  std::string html;
  std::vector<std::string> must_keep;  // words that must be in the visible text
};

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * n);
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::vector<Case> MalformedCases() {
  return {
      {"50,000 nested <div>", "<body>" + Repeat("<div>", 50000) + "deepword", {"deepword"}},
      {"20,000 unclosed <b class=k>", "<body>" + Repeat("<b class=k>x", 20000) + "tailword", {"tailword"}},
      {"<b><p>bold</b>after</p>", "<body><b><p>boldword</b>afterword</p>", {"boldword", "afterword"}},
      {"text inside <table>", "<body><table><tr><td>cellword</td></tr>strayword</table>", {"cellword", "strayword"}},
      {"<p> inside <a>", "<body><a href=x><div>blockword</div></a><p>next", {"blockword", "next"}},
      {"<section> inside open <p>", "<body><p>paraword<section>secword</section>", {"paraword", "secword"}},
      {"'</div>' inside <script>", "<body><script>var s='</div>';</script><p>afterword", {"afterword"}},
      {"unterminated comment", "<body><p>beforeword<!-- never closed <p>hidden", {"beforeword"}},
      {"NUL and control bytes", std::string("<body><p>nul\0word\x01x</p>", 23), {"word"}},
      {"attribute soup", "<body><div class=\"a\"b\"c id='x'y z=>soupword</div>", {"soupword"}},
      {"10 MB text node", "<body><p>" + Repeat("lorem ", 1 << 21) + "endword", {"endword"}},
      {"100,000 sibling <p>", "<body>" + Repeat("<p>para", 100000) + "<p>lastword", {"lastword"}},
  };
}

void CompareOnMalformed() {
  std::printf("\nmalformed pages: parse+Dom time, max Dom depth (capped at 400), text kept\n");
  std::printf("%-32s %22s %22s\n", "", "libxml2", "gumbo");
  for (const Case& c : MalformedCases()) {
    std::string cells[2];
    for (int p = 0; p < 2; ++p) {
      html::Dom dom;
      const Measure m = Run([&] {
        dom = p == 0 ? html::ParseWithLibxml2(c.html, 400) : html::ParseWithGumbo(c.html, 400);
      });
      const std::vector<std::string> words = DomWords(dom);
      std::string joined;
      for (const std::string& w : words) joined += w + " ";
      bool kept = true;
      for (const std::string& w : c.must_keep) kept = kept && absl::StrContains(joined, w);
      cells[p] = absl::StrCat(absl::StrFormat("%.3fs", m.seconds), " d", MaxDepth(dom), kept ? " ok" : " LOST");
    }
    std::printf("%-32s %22s %22s\n", c.name.c_str(), cells[0].c_str(), cells[1].c_str());
  }
}

}  // namespace
}  // namespace chronicle::eval

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <data-dir>\n", argv[0]);
    return 2;
  }
  xmlMemSetup(chronicle::eval::CountingFree, chronicle::eval::CountingMalloc, chronicle::eval::CountingRealloc,
              chronicle::eval::CountingStrdup);
  xmlInitParser();
  const std::vector<std::string> pages = chronicle::eval::ReadPages(std::string(argv[1]) + "/html");
  if (pages.empty()) {
    std::fprintf(stderr, "no pages under %s/html\n", argv[1]);
    return 1;
  }
  chronicle::eval::CompareOnPages(pages);
  chronicle::eval::CompareOnMalformed();
  return 0;
}
