// The unit a timeline is built from: one dated sentence of one article, as the
// index found it.
#ifndef CHRONICLE_CORE_TIMELINE_EVENT_H_
#define CHRONICLE_CORE_TIMELINE_EVENT_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "chronicle/v1/timeline.pb.h"

namespace chronicle::timeline {

// Deletes a citation unless an arena owns it (the arena frees it with the
// rest of its memory).
struct CitationDeleter {
  void operator()(v1::Citation* citation) const {
    if (citation != nullptr && citation->GetArena() == nullptr) delete citation;
  }
};
using CitationPtr = std::unique_ptr<v1::Citation, CitationDeleter>;

struct TimelineEvent {
  // An event with an empty citation of its own.
  TimelineEvent() : citation(new v1::Citation) {}
  // An event with `citation`, which is the event's unless an arena owns it:
  // a request that reads thousands of events puts their citations on one
  // arena, so that they cost no allocation each and are freed at once
  // (allocating and freeing them was a sixth of a timeline).
  explicit TimelineEvent(v1::Citation* citation) : citation(citation) {}
  // A copy has a citation of its own, on the heap; moves keep the pointer.
  TimelineEvent(const TimelineEvent& other)
      : citation(new v1::Citation(*other.citation)), terms(other.terms), relevance(other.relevance) {}
  TimelineEvent& operator=(const TimelineEvent& other) {
    if (this != &other) *this = TimelineEvent(other);
    return *this;
  }
  TimelineEvent(TimelineEvent&&) = default;
  TimelineEvent& operator=(TimelineEvent&&) = default;

  // Article id, title, source, published_at, sentence, offsets, date_value,
  // interval {start, end, granularity} and entity_ids of the event. Null
  // only in an event moved from; held by pointer so that it can live on an
  // arena.
  CitationPtr citation;
  // The sentence's content terms as the index stemmed them, without the
  // terms IsIgnoredTerm (features.h) drops, each as its TermHash: 4 bytes
  // per term, little-endian, ascending, each once (TermsOf). Bytes in the
  // form the index stores them, rather than a list of strings: a timeline
  // reads thousands of events, and it moves these over without a copy and
  // compares terms as integers. When empty, the sentence's words are used
  // instead.
  std::string terms;
  // The search engine's weight for this event; 0 when there was no text query.
  double relevance = 0;
};

// The 32-bit FNV-1a hash of a term: what TimelineEvent::terms and the index's
// event records hold for it. Fixed: the index stores it. Two terms of one
// timeline share a hash with a chance of about one in 2^32 per pair, and
// then count as one word.
inline uint32_t TermHash(absl::string_view term) {
  uint32_t hash = 2166136261u;
  for (const char c : term) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

// TimelineEvent::terms of these hashes (any order, repeats allowed).
inline std::string PackTermHashes(std::vector<uint32_t> hashes) {
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::string packed;
  packed.reserve(hashes.size() * 4);
  for (const uint32_t hash : hashes) {
    for (int shift = 0; shift < 32; shift += 8) packed.push_back(static_cast<char>((hash >> shift) & 0xff));
  }
  return packed;
}

// The hashes in TimelineEvent::terms, in order; a trailing part of fewer
// than 4 bytes is not a term.
inline size_t TermCount(absl::string_view packed) { return packed.size() / 4; }
inline uint32_t TermAt(absl::string_view packed, size_t i) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(packed.data()) + 4 * i;
  return static_cast<uint32_t>(bytes[0]) | static_cast<uint32_t>(bytes[1]) << 8 |
         static_cast<uint32_t>(bytes[2]) << 16 | static_cast<uint32_t>(bytes[3]) << 24;
}

// Whether `packed` (TimelineEvent::terms) holds `hash`.
inline bool HoldsTerm(absl::string_view packed, uint32_t hash) {
  size_t low = 0, high = TermCount(packed);
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    const uint32_t at = TermAt(packed, middle);
    if (at == hash) return true;
    if (at < hash) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return false;
}

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_EVENT_H_
