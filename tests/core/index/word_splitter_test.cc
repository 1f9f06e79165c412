// SplitWords must split every text exactly as Xapian's TermGenerator does:
// the index writes what SplitWords finds, and queries, snippets and the
// engine comparisons split text through Xapian. Each test compares the two.
#include "core/index/word_splitter.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/index/document_builder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "xapian.h"

namespace chronicle::index {
namespace {

using ::testing::ElementsAre;

// The words of `text` in order, as TermGenerator numbers them.
std::vector<std::string> XapianWords(const std::string& text) {
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  Xapian::Document document;
  generator.set_document(document);
  generator.index_text(text);
  std::vector<std::pair<Xapian::termpos, std::string>> placed;
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    for (auto position = term.positionlist_begin(); position != term.positionlist_end(); ++position) {
      placed.emplace_back(*position, *term);
    }
  }
  std::sort(placed.begin(), placed.end());
  std::vector<std::string> words;
  for (auto& [position, word] : placed) {
    EXPECT_EQ(position, words.size() + 1) << "positions leave a gap in \"" << text << "\"";
    words.push_back(word);
  }
  return words;
}

std::vector<std::string> SplitterWords(const std::string& text) {
  std::vector<std::string> words;
  SplitWords(text, [&](const std::string& word) { words.push_back(word); });
  return words;
}

// The stem terms (Z<stem> with their counts) TermGenerator adds for `text`.
std::map<std::string, uint32_t> XapianStems(const std::string& text) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  Xapian::Document document;
  generator.set_document(document);
  generator.index_text(text);
  std::map<std::string, uint32_t> stems;
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    if ((*term)[0] == 'Z') stems[*term] = term.get_wdf();
  }
  return stems;
}

std::map<std::string, uint32_t> SplitterStems(const std::string& text, StemCache& cache) {
  std::map<std::string, uint32_t> stems;
  SplitWords(text, [&](const std::string& word) {
    if (!WordTakesStem(word)) return;
    const std::string& stem = cache.Stem(word);
    if (!stem.empty()) ++stems["Z" + stem];
  });
  return stems;
}

void ExpectSameAsXapian(const std::string& text, StemCache& cache) {
  EXPECT_EQ(SplitterWords(text), XapianWords(text)) << "text: \"" << text << "\"";
  EXPECT_EQ(SplitterStems(text, cache), XapianStems(text)) << "text: \"" << text << "\"";
}

TEST(WordSplitterTest, SplitsAsTheTermGeneratorDocuments) {
  EXPECT_THAT(SplitterWords("The U.S. envoy met AT&T's C++ team"),
              ElementsAre("the", "us", "envoy", "met", "at&t's", "c++", "team"));
  EXPECT_THAT(SplitterWords("3.5 weeks, 1,000 jobs; fish+chips"),
              ElementsAre("3.5", "weeks", "1,000", "jobs", "fish", "chips"));
  EXPECT_THAT(SplitterWords("don\u2019t stop"), ElementsAre("don't", "stop"));
  EXPECT_THAT(SplitterWords("Café NORD"), ElementsAre("café", "nord"));
  EXPECT_THAT(SplitterWords(std::string(kMaxWordBytes + 1, 'a') + " kept"), ElementsAre("kept"));
  EXPECT_THAT(SplitterWords(""), ElementsAre());
}

TEST(WordSplitterTest, AgreesWithXapianOnWrittenCases) {
  StemCache cache;
  const std::vector<std::string> texts = {
      "The U.S. envoy met dockers' leaders on Monday.",
      "Talks\u2014after 3.5 weeks\u2014resumed at the Caf\u00e9 Nord!",
      "U.N.C.L.E agents; P.T.O.; U.S.A.b; A.B; a.b.c; M&S; AT&T; R&D's",
      "C++ C# F#+ a+++ b++++ c++d x+ +y g++.",
      "1,000,000 3.14159 10;20 1.2.3 4\u066b5 \u0661\u0662 7\u200b8 a\u200bb x\u2060y",
      "rock'n'roll o'clock 'quoted' it\u2019s rock\u201bn'",
      "under_score __init__ a_b_ _",
      "\u0130stanbul \u1e9eTRASSE STRA\u00dfE \u01c5ungla \u02b0ello e\u0301t\u00e9 \u2160\u2161",
      "\u4e2d\u56fd\u4eba\u6c11 \u65e5\u672c Tokyo\u6771\u4eac",
      "Running runs ran; EUROPEAN Europeans europe\u2019s 1990s 90s",
      std::string("bad \xff bytes \xc3 here \xe2\x80 end"),
      std::string(70, 'x') + " " + std::string(64, 'y') + " " + std::string(32, '\xc3') + " z",
      "  \t\n leading and trailing  \n",
  };
  for (const std::string& text : texts) ExpectSameAsXapian(text, cache);
}

// Random strings over the characters the rules treat specially, and some
// they do not: capitals and dots (acronyms), joiners between letters and
// between digits, suffixes, zero-width characters, letters of every case
// kind, marks, non-ASCII digits, CJK, and bytes that are not UTF-8.
TEST(WordSplitterTest, AgreesWithXapianOnRandomText) {
  const std::vector<std::string> pieces = {
      "A", "B", "U", "a", "b", "z", "Q", "0", "1", "9", ".", ",", ";", ":", "'", "&", "+", "#", "-", "_", " ",
      "  ", "\n", "!", "?", "(", ")", "/", "$", "^", "`",
      "\u00b7", "\u05f4", "\u2027", "\u2019", "\u201b", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
      "\u037e", "\u0589", "\u060d", "\u07f8", "\u2044", "\ufe10", "\ufe13", "\ufe14", "\u0661", "\uff11",
      "\u00c9", "\u00e9", "\u00df", "\u01c5", "\u02b0", "\u0301", "\u0130", "\u1e9e", "\u2160", "\u4e2d",
      "\u00bd", "\u2014", "\u00a0", "\u3000", "\xff", "\xc3", "\xe2\x80", "ing", "tion", "s", "ed"};
  std::mt19937 random(20261206);
  StemCache cache(64);  // small, so that it is also emptied and refilled
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    ExpectSameAsXapian(text, cache);
    if (HasFailure()) return;
  }
}

TEST(WordSplitterTest, StemCacheGivesTheStemmersStemsWhenFullAndRefilled) {
  Xapian::Stem stemmer("english");
  StemCache cache(2);
  for (int pass = 0; pass < 3; ++pass) {
    for (const std::string word : {"running", "nations", "quickly", "running", "1990s", "news"}) {
      EXPECT_EQ(cache.Stem(word), stemmer(word)) << word;
    }
  }
}

// What the index writer makes of an article must be what the segment
// document of Xapian's version of it holds: the same terms, frequencies and
// positions, and the same sentence spans.
TEST(WordSplitterTest, ArticleDocumentIsTheTermGeneratorsArticle) {
  v1::StoredArticle stored;
  v1::Article& article = *stored.mutable_article();
  article.set_id("a");
  article.mutable_metadata()->set_title("Port talks resume at AT&T's U.S. depot");
  article.mutable_metadata()->set_source("Harbor Times");
  article.mutable_metadata()->set_language("EN");
  article.mutable_metadata()->mutable_published()->mutable_time()->set_seconds(1577145600);
  article.add_entities()->set_id("person:jane-doe");
  article.add_entities()->set_id("org:dockers");
  const std::vector<std::string> sentences = {"The U.S. envoy met dockers' leaders on Monday.",
                                              "Talks\u2014after 3.5 weeks\u2014resumed at the Caf\u00e9 Nord!",
                                              "Nobody said more about C++ or R&D."};
  std::string body = "  Intro line\n\n";
  for (const std::string& sentence : sentences) {
    v1::Sentence* added = article.add_sentences();
    added->set_begin(static_cast<uint32_t>(body.size()));
    body += sentence;
    added->set_end(static_cast<uint32_t>(body.size()));
    body += " (aside) ";
  }
  article.set_body(body);
  v1::Event& event = *article.add_events();
  event.set_text(sentences[0]);
  event.add_entity_ids("person:jane-doe");
  event.mutable_when()->mutable_start()->set_seconds(1576454400);
  event.mutable_when()->mutable_end()->set_seconds(1576540800);

  auto listed = [](const segment::IndexDocument& document) {
    std::vector<std::string> terms;
    for (const auto& term : document.terms) {
      terms.push_back(absl::StrCat(term.term, " ", term.frequency, ": ", absl::StrJoin(term.positions, " ")));
    }
    std::sort(terms.begin(), terms.end());
    return terms;
  };
  DocumentBuilder builder;
  for (bool in_order : {true, false}) {
    if (!in_order) std::swap(*article.mutable_sentences(0), *article.mutable_sentences(1));
    DocumentBuilder::ArticleWords words;
    std::vector<DocumentBuilder::WordSpan> reference_spans;
    const segment::IndexDocument fast = builder.ArticleDocument(stored, &words);
    const std::vector<DocumentBuilder::WordSpan>& fast_spans = words.sentences;
    const segment::IndexDocument reference =
        DocumentBuilder::SegmentDocument(stored, builder.BuildArticle(stored, 1, &reference_spans));
    EXPECT_EQ(listed(fast), listed(reference));
    EXPECT_EQ(fast.key, reference.key);
    EXPECT_EQ(fast.source, reference.source);
    EXPECT_EQ(fast.published, reference.published);
    EXPECT_EQ(fast.tags, reference.tags);
    ASSERT_EQ(fast_spans.size(), reference_spans.size());
    EXPECT_EQ(fast_spans.size(), in_order ? 3u : 0u);
    for (size_t i = 0; i < fast_spans.size(); ++i) {
      EXPECT_EQ(fast_spans[i].first, reference_spans[i].first);
      EXPECT_EQ(fast_spans[i].last, reference_spans[i].last);
    }
  }
}

// An event's stems read from its sentence's word positions must be those
// found by splitting and stemming its text, for every text the splitter
// treats specially, and for events whose text or offsets are not their
// sentence's (those are split as before).
TEST(WordSplitterTest, EventStemsFromWordPositionsAreThoseOfSplittingTheSentence) {
  const std::vector<std::string> pieces = {
      "Running", "runs", "ran", "nations", "Nation's", "U.S.", "AT&T", "C++", "3.5", "1,000", "1990s",
      "caf\u00e9", "\u00c9T\u00c9", "\u0130stanbul", "stra\u00dfe", "it\u2019s", "don't", "\u4e2d\u56fd",
      "a\u200bb", "under_score", std::string(70, 'x'), "\xff", "\u2014", " ", "  ", ", ", ". ", "'", "-"};
  std::mt19937 random(20261206);
  DocumentBuilder builder;
  int fast_events = 0;
  for (int round = 0; round < 2000; ++round) {
    v1::StoredArticle stored;
    v1::Article& article = *stored.mutable_article();
    article.set_id(absl::StrCat("a", round));
    article.mutable_metadata()->set_title("Running nations meet");
    std::string body;
    const int sentences = 1 + static_cast<int>(random() % 5);
    for (int i = 0; i < sentences; ++i) {
      body += i % 2 == 0 ? " " : "\n\n";
      v1::Sentence& sentence = *article.add_sentences();
      sentence.set_begin(static_cast<uint32_t>(body.size()));
      const int length = static_cast<int>(random() % 12);
      for (int j = 0; j < length; ++j) {
        body += pieces[random() % pieces.size()];
        body += " ";
      }
      body += "Ended.";
      sentence.set_end(static_cast<uint32_t>(body.size()));
    }
    article.set_body(body);
    for (int i = 0; i < sentences; ++i) {
      const v1::Sentence& sentence = article.sentences(i);
      v1::Event& event = *article.add_events();
      event.set_sentence(static_cast<uint32_t>(i));
      event.set_begin(sentence.begin());
      event.set_end(sentence.end());
      event.set_text(body.substr(sentence.begin(), sentence.end() - sentence.begin()));
      switch (random() % 6) {
        case 0:  // a text that is not the body's there
          event.set_text("Other nations were running.");
          break;
        case 1:  // offsets that are not the sentence's
          event.set_begin(0);
          event.set_text(body.substr(0, sentence.end()));
          break;
        case 2:  // a sentence that does not exist
          event.set_sentence(static_cast<uint32_t>(sentences + 3));
          break;
      }
    }
    DocumentBuilder::ArticleWords words;
    const segment::IndexDocument document = builder.ArticleDocument(stored, &words);
    ASSERT_EQ(words.sentences.size(), static_cast<size_t>(sentences));
    const StoredEvents from_positions = builder.BuildEventRecord(stored, document, words);
    const StoredEvents from_texts = builder.BuildEventRecord(stored, words.sentences);
    ASSERT_EQ(from_positions.events_size(), from_texts.events_size());
    for (int i = 0; i < from_texts.events_size(); ++i) {
      ASSERT_EQ(from_positions.events(i).terms(), from_texts.events(i).terms())
          << "round " << round << ", event " << i << ": " << article.events(i).text();
      EXPECT_EQ(from_positions.events(i).SerializeAsString(), from_texts.events(i).SerializeAsString());
      if (!from_texts.events(i).terms().empty()) ++fast_events;
    }
  }
  EXPECT_GT(fast_events, 1000);
}

}  // namespace
}  // namespace chronicle::index
