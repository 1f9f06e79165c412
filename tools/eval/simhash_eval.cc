// Measures the SimHash near-duplicate threshold on Reuters-21578.
//
//   simhash_eval /path/to/reuters21578
//
// 1. Edited copies (must match): for each story with at least 40 words, the
//    distance between the body and (a) the body with one added sentence,
//    (b) the body without its last sentence, (c) the body with three words
//    replaced. A changed headline does not touch the body fingerprint.
// 2. Distinct stories (must not match): distances over all pairs of stories
//    whose bodies differ; a pair within the threshold counts as a false match
//    when its 3-word-shingle Jaccard similarity is below 0.5 (Reuters itself
//    holds re-sent and corrected stories, which are true near duplicates).
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "core/dedup/fingerprint.h"
#include "core/text/encoding.h"
#include "core/text/sentences.h"
#include "tools/corpora/reuters_sgml.h"

namespace {

using chronicle::dedup::HammingDistance;
using chronicle::dedup::SimHash;
using chronicle::dedup::SimHashWords;

double ShingleJaccard(const std::string& a, const std::string& b) {
  auto shingles = [](const std::string& text) {
    const auto words = SimHashWords(text);
    std::set<std::string> out;
    for (size_t i = 0; i + 3 <= words.size(); ++i) {
      out.insert(words[i] + " " + words[i + 1] + " " + words[i + 2]);
    }
    return out;
  };
  const auto sa = shingles(a);
  const auto sb = shingles(b);
  size_t common = 0;
  for (const auto& s : sa) common += sb.count(s);
  const size_t total = sa.size() + sb.size() - common;
  return total == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(total);
}

const char* Bucket(size_t words) {
  if (words < 100) return "40-99 words";
  if (words < 300) return "100-299 words";
  return "300+ words";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s REUTERS21578_FOLDER [SHINGLE_WORDS]\n", argv[0]);
    return 2;
  }
  int shingle = chronicle::dedup::kShingleWords;
  if (argc == 3 && !absl::SimpleAtoi(argv[2], &shingle)) return 2;
  auto simhash = [shingle](const std::string& text) { return SimHash(text, shingle); };
  auto stories = chronicle::corpora::ReadReutersFolder(argv[1]);
  if (!stories.ok()) {
    std::fprintf(stderr, "%s\n", std::string(stories.status().message()).c_str());
    return 1;
  }
  std::vector<std::string> bodies;
  for (const auto& story : *stories) {
    // The body as the parser would leave it: one line, no control bytes, no
    // trailing "Reuter" signature.
    std::string body;
    for (char c : story.body) body.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    body = chronicle::text::CollapseWhitespace(body);
    absl::string_view view = body;
    if (absl::ConsumeSuffix(&view, " Reuter")) body.resize(view.size());
    if (SimHashWords(body).size() >= 40) bodies.push_back(body);
  }
  std::printf("shingle words: %d; stories with >= 40 body words: %zu\n\n", shingle, bodies.size());
  chronicle::text::SentenceSplitter splitter;

  // 1. Edited copies.
  const std::vector<std::string> kEdits = {"added sentence", "last sentence removed", "3 words replaced"};
  std::map<std::string, std::map<std::string, std::vector<int>>> dist;  // edit -> bucket -> distances
  for (const std::string& body : bodies) {
    const uint64_t base = simhash(body);
    const size_t n = SimHashWords(body).size();
    const std::string added =
        body + " The company did not give further details in its statement on Monday.";
    const auto sentences = splitter.Split(body);
    std::string trimmed = body;
    if (sentences.size() > 1) trimmed.resize(sentences[sentences.size() - 2].end);
    std::vector<std::string> words = absl::StrSplit(body, ' ', absl::SkipEmpty());
    for (size_t k = 1; k <= 3 && !words.empty(); ++k) words[(words.size() * k) / 4] = "replaced";
    const std::string replaced = absl::StrJoin(words, " ");
    dist["added sentence"][Bucket(n)].push_back(HammingDistance(base, simhash(added)));
    dist["last sentence removed"][Bucket(n)].push_back(HammingDistance(base, simhash(trimmed)));
    dist["3 words replaced"][Bucket(n)].push_back(HammingDistance(base, simhash(replaced)));
  }
  std::printf("edited copies: share within distance <= k\n%-24s %-14s %6s", "edit", "length", "n");
  for (int k = 2; k <= 12; k += 1) std::printf(" k=%-4d", k);
  std::printf("\n");
  for (const std::string& edit : kEdits) {
    for (const auto& [bucket, values] : dist[edit]) {
      std::printf("%-24s %-14s %6zu", edit.c_str(), bucket.c_str(), values.size());
      for (int k = 2; k <= 12; k += 1) {
        size_t hit = 0;
        for (int d : values) hit += d <= k;
        std::printf(" %5.1f%%", 100.0 * static_cast<double>(hit) / static_cast<double>(values.size()));
      }
      std::printf("\n");
    }
  }

  // 2. Distinct stories: all pairs with different bodies.
  std::vector<uint64_t> hashes;
  for (const std::string& body : bodies) hashes.push_back(simhash(body));
  std::vector<uint64_t> within(65, 0);
  uint64_t pairs = 0;
  std::vector<std::vector<std::pair<size_t, size_t>>> close(13);
  for (size_t i = 0; i < hashes.size(); ++i) {
    for (size_t j = i + 1; j < hashes.size(); ++j) {
      if (bodies[i] == bodies[j]) continue;
      ++pairs;
      const int d = HammingDistance(hashes[i], hashes[j]);
      ++within[static_cast<size_t>(d)];
      if (d <= 12) close[static_cast<size_t>(d)].push_back({i, j});
    }
  }
  std::printf("\ndistinct-body pairs: %llu\n", static_cast<unsigned long long>(pairs));
  std::printf("%4s %12s %14s %16s %18s\n", "k", "pairs<=k", "rate", "jaccard<0.5", "false-match rate");
  uint64_t cumulative = 0;
  uint64_t false_cumulative = 0;
  for (int k = 0; k <= 12; ++k) {
    cumulative += within[static_cast<size_t>(k)];
    for (const auto& [i, j] : close[static_cast<size_t>(k)]) {
      false_cumulative += ShingleJaccard(bodies[i], bodies[j]) < 0.5;
    }
    std::printf("%4d %12llu %14.3g %16llu %18.3g\n", k, static_cast<unsigned long long>(cumulative),
                static_cast<double>(cumulative) / static_cast<double>(pairs),
                static_cast<unsigned long long>(false_cumulative),
                static_cast<double>(false_cumulative) / static_cast<double>(pairs));
  }
  return 0;
}
