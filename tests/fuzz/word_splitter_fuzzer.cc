// Fuzzes SplitWords against the splitter it must agree with, Xapian's
// TermGenerator: for any bytes, the same words in the same order (so the
// same positions) and the same stem terms with the same counts. A
// difference aborts, so that the input is kept as a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/index/word_splitter.h"
#include "xapian.h"

namespace {

struct Terms {
  std::vector<std::pair<unsigned, std::string>> placed_words;
  std::map<std::string, unsigned> stems;
  bool operator==(const Terms& other) const {
    return placed_words == other.placed_words && stems == other.stems;
  }
};

Terms FromXapian(const std::string& text) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  Xapian::Document document;
  generator.set_document(document);
  generator.index_text(text);
  Terms terms;
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    if ((*term)[0] == 'Z') terms.stems[*term] = term.get_wdf();
    for (auto position = term.positionlist_begin(); position != term.positionlist_end(); ++position) {
      terms.placed_words.emplace_back(*position, *term);
    }
  }
  std::sort(terms.placed_words.begin(), terms.placed_words.end());
  return terms;
}

Terms FromSplitter(const std::string& text, chronicle::index::StemCache& cache) {
  Terms terms;
  unsigned position = 0;
  chronicle::index::SplitWords(text, [&](const std::string& word) {
    terms.placed_words.emplace_back(++position, word);
    if (!chronicle::index::WordTakesStem(word)) return;
    const std::string& stem = cache.Stem(word);
    if (!stem.empty()) ++terms.stems["Z" + stem];
  });
  return terms;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  chronicle::index::StemCache cache;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!(FromSplitter(text, cache) == FromXapian(text))) {
    std::fprintf(stderr, "SplitWords and TermGenerator disagree\n");
    std::abort();
  }
  return 0;
}
