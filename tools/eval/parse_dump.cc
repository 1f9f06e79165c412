// Prints what ParseArticle makes of a file: metadata with origins, sections,
// paragraphs with their sentences, and removed blocks. For looking at real
// input by eye.
//
//   parse_dump FILE [CONTENT_TYPE]     (CONTENT_TYPE defaults to text/plain)
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "core/parse/parse_article.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s FILE [CONTENT_TYPE]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string content = buffer.str();
  chronicle::parse::RawInput input;
  input.content = content;
  input.content_type = argc == 3 ? argv[2] : "text/plain";
  auto article = chronicle::parse::ParseArticle(input);
  if (!article.ok()) {
    std::printf("error: %s\n", std::string(article.status().ToString()).c_str());
    return 1;
  }
  const auto& m = article->metadata;
  std::printf("title     [%s] %s\n", m.title_origin.c_str(), m.title.c_str());
  if (m.published) {
    std::printf("published [%s] %s\n", m.published->origin.c_str(), m.published->value.c_str());
  }
  std::printf("source    [%s] %s\n", m.source_origin.c_str(), m.source.c_str());
  for (const auto& a : m.authors) std::printf("author    [%s] %s\n", m.authors_origin.c_str(), a.c_str());
  std::printf("url       [%s] %s\n", m.canonical_url_origin.c_str(), m.canonical_url.c_str());
  std::printf("language  [%s] %s\n", m.language_origin.c_str(), m.language.c_str());
  for (size_t s = 0; s < article->sections.size(); ++s) {
    const auto& section = article->sections[s];
    std::printf("\n== section %zu %s [%zu,%zu) %s\n", s,
                section.kind == chronicle::parse::Section::Kind::kFaq ? "FAQ" : "BODY", section.begin, section.end,
                section.heading.c_str());
    for (size_t p = 0; p < article->paragraphs.size(); ++p) {
      const auto& para = article->paragraphs[p];
      if (para.section != s) continue;
      std::printf("  -- paragraph %zu%s\n", p, para.kind == chronicle::parse::Paragraph::Kind::kListItem ? " (list)" : "");
      for (const auto& sentence : article->sentences) {
        if (sentence.paragraph == p) std::printf("     | %s\n", sentence.text.c_str());
      }
    }
  }
  std::printf("\nremoved:\n");
  for (const auto& r : article->removed_blocks) {
    std::printf("  %-18s %s\n  %18s (%s)\n", r.kind.c_str(), r.text.substr(0, 100).c_str(), "", r.reason.c_str());
  }
  return 0;
}
