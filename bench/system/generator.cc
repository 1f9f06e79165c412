#include "bench/system/generator.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "core/dedup/fingerprint.h"
#include "core/text/sentences.h"

namespace chronicle::bench {
namespace {

constexpr int kMinYear = 1950;
constexpr int kMaxYear = 2024;
constexpr int kDaysPerShift = 364;  // 52 weeks: weekdays stay what the text says
constexpr size_t kMaxSentenceBytes = 1200;

// splitmix64: small, fast, and the same on every platform (std:: engines'
// distributions are not), which the byte-for-byte promise needs.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }

 private:
  uint64_t state_;
};

uint64_t Fnv1a(absl::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

struct Seed {
  absl::CivilDay day;
  const CorpusArticle* article;
  std::vector<std::string> sentences;
};

std::vector<Seed> PrepareSeeds(const std::vector<CorpusArticle>& articles) {
  std::vector<Seed> seeds;
  text::SentenceSplitter splitter;
  for (const CorpusArticle& article : articles) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(article.published_at, &day)) continue;
    Seed seed{day, &article, {}};
    for (absl::string_view paragraph : absl::StrSplit(article.body, "\n\n", absl::SkipWhitespace())) {
      for (const text::SentenceSpan& span : splitter.Split(paragraph)) {
        absl::string_view sentence = paragraph.substr(span.begin, span.end - span.begin);
        const size_t words = std::count(sentence.begin(), sentence.end(), ' ') + 1;
        if (words >= 3 && sentence.size() <= kMaxSentenceBytes) seed.sentences.emplace_back(sentence);
      }
    }
    if (!seed.sentences.empty()) seeds.push_back(std::move(seed));
  }
  return seeds;
}

std::string FirstWords(absl::string_view text, size_t count) {
  std::vector<absl::string_view> words = absl::StrSplit(text, ' ', absl::SkipEmpty());
  if (words.size() > count) words.resize(count);
  std::string out = absl::StrJoin(words, " ");
  while (!out.empty() && (out.back() == ',' || out.back() == ':' || out.back() == ';')) out.pop_back();
  return out;
}

std::string BlendTitles(absl::string_view first, absl::string_view second) {
  std::vector<absl::string_view> a = absl::StrSplit(first, ' ', absl::SkipEmpty());
  std::vector<absl::string_view> b = absl::StrSplit(second, ' ', absl::SkipEmpty());
  if (a.size() < 2 || b.size() < 2) return std::string(first);
  a.resize((a.size() + 1) / 2);
  a.insert(a.end(), b.begin() + static_cast<std::ptrdiff_t>(b.size() / 2), b.end());
  return absl::StrJoin(a, " ");
}

// The r-th use of an anchor moves it by 0, -1, +1, -2, +2, ... 52-week years.
absl::CivilDay ShiftedDay(absl::CivilDay day, int64_t round) {
  const int64_t shift = round % 2 == 1 ? -(round + 1) / 2 : round / 2;
  for (int64_t years : {shift, -shift, int64_t{0}}) {
    const absl::CivilDay moved = day + years * kDaysPerShift;
    if (moved.year() >= kMinYear && moved.year() <= kMaxYear) return moved;
  }
  return day;
}

class Generator {
 public:
  Generator(std::vector<Seed> seeds, const GeneratorOptions& options)
      : seeds_(std::move(seeds)), options_(options) {
    by_day_.reserve(seeds_.size());
    for (size_t i = 0; i < seeds_.size(); ++i) by_day_.emplace_back(seeds_[i].day, i);
    std::sort(by_day_.begin(), by_day_.end());
    // Anchors in a shuffled order, so that any prefix of the corpus mixes the
    // seed corpora as the whole does.
    order_.resize(seeds_.size());
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    Random random(options_.seed);
    for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[random.Below(i)]);
  }

  // Assembles article `ordinal` (attempt `attempt`), not yet checked.
  CorpusArticle Assemble(int64_t ordinal, int attempt) const {
    const size_t anchor_index = order_[static_cast<size_t>(ordinal % static_cast<int64_t>(seeds_.size()))];
    const int64_t round = ordinal / static_cast<int64_t>(seeds_.size());
    Random random(options_.seed ^ (static_cast<uint64_t>(ordinal) * 0x9e3779b97f4a7c15ULL) ^
                  (static_cast<uint64_t>(attempt) << 48));
    const Seed& anchor = seeds_[anchor_index];
    const std::vector<size_t> donors = Donors(anchor_index, 2 + random.Below(3), random);

    // The anchor's length give or take a few sentences (-2..+3), within 3..80.
    const size_t target = std::clamp<size_t>(anchor.sentences.size() + random.Below(6), 5, 82) - 2;
    std::vector<std::string> paragraphs;
    absl::flat_hash_set<std::pair<size_t, size_t>> used;
    size_t sentences = 0;
    for (size_t guard = 0; sentences < target && guard < target * 6; ++guard) {
      const size_t source = donors.empty() || random.Chance(40) ? anchor_index : donors[random.Below(donors.size())];
      const std::vector<std::string>& pool = seeds_[source].sentences;
      const size_t start = random.Below(pool.size());
      const size_t run = 1 + random.Below(3);
      std::string paragraph;
      for (size_t k = start; k < pool.size() && k < start + run && sentences < target; ++k) {
        if (!used.insert({source, k}).second) break;
        if (!paragraph.empty()) paragraph.push_back(' ');
        paragraph += pool[k];
        ++sentences;
      }
      if (!paragraph.empty()) paragraphs.push_back(std::move(paragraph));
    }

    CorpusArticle article;
    article.id = absl::StrFormat("gen-%07d", ordinal);
    article.body = absl::StrJoin(paragraphs, "\n\n");
    const std::string& anchor_title = anchor.article->title;
    switch (random.Below(3)) {
      case 0:
        article.title = anchor_title;
        break;
      case 1:
        article.title = donors.empty() ? anchor_title
                                       : BlendTitles(anchor_title, seeds_[donors.front()].article->title);
        break;
      default:
        article.title = paragraphs.empty() ? anchor_title : FirstWords(paragraphs.front(), 10);
    }
    if (article.title.empty()) article.title = FirstWords(article.body, 10);
    article.published_at = absl::FormatCivilTime(ShiftedDay(anchor.day, round));
    article.source = anchor.article->source;
    return article;
  }

  // Remembers `body` unless it repeats, exactly or nearly, an earlier one.
  // Returns false (remembering nothing) for a repeat.
  bool Admit(const std::string& body, GeneratorStats* stats) {
    const uint64_t exact = Fnv1a(body);
    if (exact_.contains(exact)) {
      ++stats->exact_duplicate_retries;
      return false;
    }
    const uint64_t fingerprint = dedup::NearDuplicateFingerprint(body);
    if (fingerprint != 0) {
      for (uint64_t key : dedup::SimHashProbeKeys(fingerprint)) {
        auto it = bands_.find(key);
        if (it == bands_.end()) continue;
        for (uint32_t other : it->second) {
          if (dedup::IsNearDuplicate(fingerprints_[other], fingerprint)) {
            ++stats->near_duplicate_retries;
            return false;
          }
        }
      }
      const uint32_t ordinal = static_cast<uint32_t>(fingerprints_.size());
      fingerprints_.push_back(fingerprint);
      for (uint64_t key : dedup::SimHashIndexKeys(fingerprint)) bands_[key].push_back(ordinal);
    }
    exact_.insert(exact);
    return true;
  }

 private:
  // `count` distinct seeds other than `anchor` published near it, widening
  // the window when too few are.
  std::vector<size_t> Donors(size_t anchor, size_t count, Random& random) const {
    const absl::CivilDay day = seeds_[anchor].day;
    for (int64_t window = options_.donor_window_days;; window *= 4) {
      auto begin = std::lower_bound(by_day_.begin(), by_day_.end(), std::make_pair(day - window, size_t{0}));
      auto end = std::upper_bound(by_day_.begin(), by_day_.end(), std::make_pair(day + window, seeds_.size()));
      const size_t available = static_cast<size_t>(end - begin);
      const bool whole = begin == by_day_.begin() && end == by_day_.end();
      if (available < count + 1 && !whole) continue;
      std::vector<size_t> donors;
      for (size_t tries = 0; donors.size() < count && tries < count * 8 && available > 1; ++tries) {
        const size_t pick = (begin + static_cast<std::ptrdiff_t>(random.Below(available)))->second;
        if (pick != anchor && std::find(donors.begin(), donors.end(), pick) == donors.end()) {
          donors.push_back(pick);
        }
      }
      return donors;
    }
  }

  const std::vector<Seed> seeds_;
  const GeneratorOptions options_;
  std::vector<std::pair<absl::CivilDay, size_t>> by_day_;
  std::vector<size_t> order_;
  absl::flat_hash_set<uint64_t> exact_;
  std::vector<uint64_t> fingerprints_;
  absl::flat_hash_map<uint64_t, std::vector<uint32_t>> bands_;
};

}  // namespace

absl::Status GenerateCorpus(const std::vector<CorpusArticle>& seed_articles, const GeneratorOptions& options,
                            const std::function<absl::Status(const CorpusArticle&)>& sink,
                            GeneratorStats* stats) {
  std::vector<Seed> seeds = PrepareSeeds(seed_articles);
  if (seeds.empty()) return absl::InvalidArgumentError("no seed article with a date and a sentence");
  Generator generator(std::move(seeds), options);
  *stats = {};
  // Ordinals are consumed in order; a skipped anchor's ordinal is not reused,
  // so `articles` counts attempts at distinct ids and ids stay stable.
  for (int64_t ordinal = 0; stats->written < options.articles; ++ordinal) {
    bool admitted = false;
    for (int attempt = 0; attempt < options.max_attempts && !admitted; ++attempt) {
      CorpusArticle article = generator.Assemble(ordinal, attempt);
      if (article.body.empty()) continue;
      std::string kept = article.body;
      if (options.clean) {
        absl::StatusOr<std::string> cleaned = options.clean(article);
        if (!cleaned.ok()) {
          ++stats->rejected_retries;
          continue;
        }
        kept = *std::move(cleaned);
      }
      if (!generator.Admit(kept, stats)) continue;
      admitted = true;
      stats->body_bytes += static_cast<int64_t>(article.body.size());
      ++stats->written;
      if (absl::Status status = sink(article); !status.ok()) return status;
    }
    if (!admitted) ++stats->skipped;
    if (stats->skipped > options.articles + 1000) {
      return absl::FailedPreconditionError(
          absl::StrCat("the seed articles are too few to build ", options.articles, " distinct articles"));
    }
  }
  return absl::OkStatus();
}

}  // namespace chronicle::bench
