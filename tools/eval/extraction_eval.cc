// Measures main-content extraction against the article-extraction benchmark:
// for every page in <data>/ground-truth.json, runs an extractor on
// <data>/html/<id>.html.gz and compares its text with the articleBody.
//
// Scoring, per page: both texts are NFC-normalised and cut into words
// (maximal runs of Unicode letters, marks and digits, case-folded; all else
// separates words). The words are compared as bags (multisets): with
// common = sum over words of min(count in extracted, count in truth),
// precision = common / |extracted|, recall = common / |truth|, F1 their
// harmonic mean; a page whose extraction fails or is empty scores 0 on all
// three. The summary averages these per-page figures over all pages (macro);
// it also prints the micro figures (sums of common/extracted/truth).
//
// It also scores as the benchmark's own evaluation does: tokens are runs of
// Unicode letters, numbers and '_' as they are written (case kept, no
// normalisation), compared as multisets of shingles of 4 consecutive tokens
// (a text of fewer tokens is one shingle); per page, precision is
// tp / (tp + fp) and recall tp / (tp + fn) over shingle counts, 1 when both
// texts are empty of shingles alike; precision is averaged over the pages
// with a predicted shingle, recall over those with a true one, and F1 is the
// harmonic mean of the two averages.
//
// Every figure is given for all pages and for two fixed halves by page id:
// development (ids ending in 0-7) and test (ids ending in 8-f), so that a
// rule tuned on the first can be checked on the second.
//
// Usage: extraction_eval <data-dir> [--extractor=NAME] [--per-page] [--dump=DIR]
//                        [--show=ID-PREFIX]
// --per-page lists every page's scores, worst first; --dump writes, per page,
// the extracted text and the words it missed or added; --show prints one
// page's blocks, dropped blocks and metadata.
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/text/encoding.h"
#include "nlohmann/json.hpp"
#include "tools/eval/extractors.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace chronicle::eval {
namespace {

struct Page {
  std::string id;
  std::string truth;
  std::string url;
};

struct Score {
  double precision = 0, recall = 0, f1 = 0;
  size_t common = 0, extracted = 0, truth = 0;
};

bool ReadGzip(const std::string& path, std::string& out) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  const bool ok = n == 0;
  gzclose(file);
  return ok;
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// The maximal runs of code points of `text` that `in_token` accepts, each
// code point as written or, with `fold_case`, case-folded.
template <typename InToken>
std::vector<std::string> Tokens(absl::string_view text, InToken in_token, bool fold_case) {
  std::vector<std::string> tokens;
  std::string token;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0 || !in_token(c)) {
      if (!token.empty()) tokens.push_back(std::move(token));
      token.clear();
      continue;
    }
    const UChar32 written = fold_case ? u_foldCase(c, U_FOLD_CASE_DEFAULT) : c;
    char buffer[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buffer, n, written);
    token.append(buffer, static_cast<size_t>(n));
  }
  if (!token.empty()) tokens.push_back(std::move(token));
  return tokens;
}

// This tool's words: runs of letters, marks and digits after NFC, case-folded.
std::vector<std::string> Words(absl::string_view text) {
  return Tokens(
      text::NormalizeNfc(text),
      [](UChar32 c) { return u_isUAlphabetic(c) || u_isdigit(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; },
      /*fold_case=*/true);
}

// The benchmark's tokens: maximal runs of letters, numbers and '_', as
// written.
std::vector<std::string> ShingleTokens(absl::string_view text) {
  return Tokens(
      text, [](UChar32 c) { return c == '_' || (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0; },
      /*fold_case=*/false);
}

// Shingles of `n` tokens with their counts, each shingle its tokens joined
// by a byte no token holds.
absl::flat_hash_map<std::string, int> Shingles(absl::string_view text, size_t n) {
  const std::vector<std::string> tokens = ShingleTokens(text);
  absl::flat_hash_map<std::string, int> shingles;
  if (tokens.empty()) return shingles;
  const size_t count = tokens.size() >= n ? tokens.size() - n + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    std::string shingle;
    for (size_t j = i; j < std::min(i + n, tokens.size()); ++j) absl::StrAppend(&shingle, tokens[j], "\x1f");
    ++shingles[shingle];
  }
  return shingles;
}

// One page's shingle matching: has_precision / has_recall say whether the
// page counts in the precision / recall average.
struct ShingleScore {
  double precision = 0, recall = 0;
  bool has_precision = false, has_recall = false;
};

ShingleScore CompareShingles(absl::string_view extracted, absl::string_view truth) {
  const absl::flat_hash_map<std::string, int> predicted = Shingles(extracted, 4);
  const absl::flat_hash_map<std::string, int> expected = Shingles(truth, 4);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [shingle, count] : predicted) {
    const auto found = expected.find(shingle);
    const int wanted = found == expected.end() ? 0 : found->second;
    tp += std::min(count, wanted);
    fp += std::max(0, count - wanted);
  }
  for (const auto& [shingle, count] : expected) {
    const auto found = predicted.find(shingle);
    fn += std::max(0, count - (found == predicted.end() ? 0 : found->second));
  }
  ShingleScore score;
  score.has_precision = tp + fp > 0;
  score.has_recall = tp + fn > 0;
  const bool exact = fp == 0 && fn == 0;
  score.precision = exact ? 1 : tp + fp == 0 ? 0 : tp / (tp + fp);
  score.recall = exact ? 1 : tp + fn == 0 ? 0 : tp / (tp + fn);
  return score;
}

Score Compare(absl::string_view extracted, absl::string_view truth) {
  Score s;
  absl::flat_hash_map<std::string, int> truth_counts;
  for (std::string& w : Words(truth)) {
    ++truth_counts[w];
    ++s.truth;
  }
  for (std::string& w : Words(extracted)) {
    ++s.extracted;
    auto it = truth_counts.find(w);
    if (it != truth_counts.end() && it->second > 0) {
      --it->second;
      ++s.common;
    }
  }
  if (s.extracted == 0 || s.truth == 0 || s.common == 0) return s;
  s.precision = static_cast<double>(s.common) / s.extracted;
  s.recall = static_cast<double>(s.common) / s.truth;
  s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

// Words of `a` missing from `b`, most frequent first: for error analysis dumps.
std::string Difference(absl::string_view a, absl::string_view b, int limit) {
  std::map<std::string, int> counts;
  for (std::string& w : Words(a)) ++counts[w];
  for (std::string& w : Words(b)) {
    auto it = counts.find(w);
    if (it != counts.end()) --it->second;
  }
  std::vector<std::pair<int, std::string>> rest;
  for (auto& [w, c] : counts) {
    if (c > 0) rest.emplace_back(c, w);
  }
  std::sort(rest.rbegin(), rest.rend());
  std::string out;
  for (int i = 0; i < limit && i < static_cast<int>(rest.size()); ++i) {
    absl::StrAppend(&out, rest[i].second, rest[i].first > 1 ? absl::StrCat("×", rest[i].first) : "", " ");
  }
  return out;
}

int Run(int argc, char** argv) {
  std::string data_dir, extractor_name = "html", dump_dir, show;
  bool per_page = false;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--extractor=")) {
      extractor_name = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--dump=")) {
      dump_dir = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--show=")) {
      show = std::string(arg);
    } else if (arg == "--per-page") {
      per_page = true;
    } else if (!absl::StartsWith(arg, "--") && data_dir.empty()) {
      data_dir = std::string(arg);
    } else {
      data_dir.clear();
      break;
    }
  }
  const std::vector<ExtractorChoice> choices = AvailableExtractors();
  const ExtractorChoice* choice = nullptr;
  for (const ExtractorChoice& c : choices) {
    if (c.name == extractor_name) choice = &c;
  }
  if (data_dir.empty() || choice == nullptr) {
    std::fprintf(stderr, "usage: %s <data-dir> [--extractor=NAME] [--per-page] [--dump=DIR] [--show=ID]\nextractors:\n", argv[0]);
    for (const ExtractorChoice& c : choices) std::fprintf(stderr, "  %s: %s\n", c.name.c_str(), c.description.c_str());
    return 2;
  }

  std::string truth_json;
  if (!ReadFile(data_dir + "/ground-truth.json", truth_json)) {
    std::fprintf(stderr, "cannot read %s/ground-truth.json\n", data_dir.c_str());
    return 1;
  }
  const nlohmann::json truth = nlohmann::json::parse(truth_json, nullptr, false);
  if (!truth.is_object()) {
    std::fprintf(stderr, "ground-truth.json is not a JSON object\n");
    return 1;
  }
  std::vector<Page> pages;
  for (const auto& item : truth.items()) {
    const nlohmann::json& v = item.value();
    if (!v.is_object() || !v.contains("articleBody") || !v["articleBody"].is_string()) continue;
    pages.push_back({item.key(), v["articleBody"].get<std::string>(),
                     v.contains("url") && v["url"].is_string() ? v["url"].get<std::string>() : ""});
  }
  std::sort(pages.begin(), pages.end(), [](const Page& a, const Page& b) { return a.id < b.id; });

  // Per part (all, development, test): the word figures and the shingle
  // figures.
  struct Totals {
    Score sum, micro;
    int pages = 0;
    double shingle_precision = 0, shingle_recall = 0;
    int precision_pages = 0, recall_pages = 0;
  };
  Totals parts[3];
  const char* const kPartNames[3] = {"all pages", "development (ids ending 0-7)", "test (ids ending 8-f)"};
  int evaluated = 0, failed = 0, missing = 0, with_date = 0;
  std::map<std::string, int> dates_by_source;
  size_t html_bytes = 0;
  double seconds = 0;
  std::vector<std::pair<double, std::string>> lines;
  for (const Page& page : pages) {
    std::string html;
    if (!ReadGzip(data_dir + "/html/" + page.id + ".html.gz", html) &&
        !ReadFile(data_dir + "/html/" + page.id + ".html", html)) {
      ++missing;
      continue;
    }
    ++evaluated;
    html_bytes += html.size();
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<ExtractedArticle> article = choice->extractor(html);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!show.empty() && absl::StartsWith(page.id, show)) {
      std::printf("%s\n%s\n", page.url.c_str(),
                  article.ok() ? article->explanation.c_str() : std::string(article.status().message()).c_str());
    }
    std::string extracted;
    std::string date;
    if (article.ok()) {
      extracted = article->body;
      for (const auto& [source, value] : article->dates) {
        if (value.empty()) continue;
        if (date.empty()) date = value;
        ++dates_by_source[source];
      }
    } else {
      ++failed;
    }
    if (!date.empty()) ++with_date;
    const Score s = Compare(extracted, page.truth);
    const ShingleScore shingles = CompareShingles(extracted, page.truth);
    const char last = page.id.empty() ? '0' : page.id.back();
    const bool development = (last >= '0' && last <= '7');
    for (Totals* part : {&parts[0], &parts[development ? 1 : 2]}) {
      ++part->pages;
      part->sum.precision += s.precision;
      part->sum.recall += s.recall;
      part->sum.f1 += s.f1;
      part->micro.common += s.common;
      part->micro.extracted += s.extracted;
      part->micro.truth += s.truth;
      if (shingles.has_precision) {
        part->shingle_precision += shingles.precision;
        ++part->precision_pages;
      }
      if (shingles.has_recall) {
        part->shingle_recall += shingles.recall;
        ++part->recall_pages;
      }
    }
    if (per_page) {
      lines.emplace_back(s.f1, absl::StrCat(page.id.substr(0, 12), " F1 ", s.f1, " P ", s.precision, " R ", s.recall,
                                            article.ok() ? "" : absl::StrCat(" [", article.status().message(), "]"),
                                            " ", page.url));
    }
    if (!dump_dir.empty()) {
      std::ofstream out(dump_dir + "/" + page.id.substr(0, 12) + ".txt");
      out << page.url << "\nF1 " << s.f1 << " P " << s.precision << " R " << s.recall << " date " << date
          << "\nMISSING: " << Difference(page.truth, extracted, 40) << "\nEXTRA: " << Difference(extracted, page.truth, 40)
          << "\n\n" << extracted << "\n";
    }
  }
  std::sort(lines.begin(), lines.end());
  for (const auto& [f1, line] : lines) std::printf("%s\n", line.c_str());
  if (evaluated == 0) {
    std::fprintf(stderr, "no pages found under %s/html\n", data_dir.c_str());
    return 1;
  }
  std::printf("extractor: %s\npages: %d evaluated, %d missing html, %d extraction errors\n", choice->name.c_str(),
              evaluated, missing, failed);
  for (int p = 0; p < 3; ++p) {
    const Totals& part = parts[p];
    if (part.pages == 0) continue;
    const double n = part.pages;
    const double micro_p = part.micro.extracted ? static_cast<double>(part.micro.common) / part.micro.extracted : 0;
    const double micro_r = part.micro.truth ? static_cast<double>(part.micro.common) / part.micro.truth : 0;
    const double shingle_p = part.precision_pages ? part.shingle_precision / part.precision_pages : 0;
    const double shingle_r = part.recall_pages ? part.shingle_recall / part.recall_pages : 0;
    std::printf("%s: %d pages\n", kPartNames[p], part.pages);
    std::printf("  words, macro (mean over pages): precision %.4f recall %.4f F1 %.4f\n", part.sum.precision / n,
                part.sum.recall / n, part.sum.f1 / n);
    std::printf("  words, micro (pooled words):    precision %.4f recall %.4f F1 %.4f\n", micro_p, micro_r,
                micro_p + micro_r > 0 ? 2 * micro_p * micro_r / (micro_p + micro_r) : 0.0);
    std::printf("  4-gram shingles (benchmark):    precision %.4f recall %.4f F1 %.4f\n", shingle_p, shingle_r,
                shingle_p + shingle_r > 0 ? 2 * shingle_p * shingle_r / (shingle_p + shingle_r) : 0.0);
  }
  std::string sources;
  for (const auto& [source, count] : dates_by_source) absl::StrAppend(&sources, sources.empty() ? "" : ", ", source, " ", count);
  std::printf("publication date in metadata: %d of %d pages (by source: %s)\n", with_date, evaluated,
              sources.c_str());
  std::printf("speed: %.1f MB of HTML in %.2f s = %.1f MB/s (one core, includes decoding and metadata)\n",
              html_bytes / 1e6, seconds, seconds > 0 ? html_bytes / 1e6 / seconds : 0.0);
  return 0;
}

}  // namespace
}  // namespace chronicle::eval

int main(int argc, char** argv) { return chronicle::eval::Run(argc, argv); }
