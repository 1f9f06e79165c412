// Scores the entity extractor against Reuters-21578's document-level PEOPLE,
// ORGS and PLACES labels.
//
//   reuters_entities_eval <reuters21578 folder> [--errors N] [--show LABEL]
//
// --errors N lists the N most missed, wrongly predicted and unmapped labels per
// kind; --show LABEL prints the NEWID of every document where LABEL is missed
// or wrongly predicted, for reading them.
//
// For each kind, only documents with at least one label of that kind count.
// The extractor reads TITLE + BODY (not the dateline); its entities are mapped
// into the label vocabulary by MapToLabel() below. Reported per kind:
//   precision     = correct labels / all distinct predicted entities of the type
//                   (entities that map to no label count as wrong)
//   precision@voc = correct labels / predicted entities that map into the vocabulary
//   recall        = correct labels / gold labels

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/entities/extractor.h"
#include "tools/corpora/reuters_sgml.h"

namespace chronicle::entities {
namespace {

using Vocabulary = absl::flat_hash_set<std::string>;

// Country and bloc names as Reuters wrote them in 1987. Later states map to
// the state they were part of then.
const absl::flat_hash_map<std::string, std::string>& PlaceTable() {
  static const auto* table = new absl::flat_hash_map<std::string, std::string>{
      {"location:united-states", "usa"}, {"location:united-kingdom", "uk"},
      {"location:soviet-union", "ussr"}, {"location:russia", "ussr"},
      {"location:ukraine", "ussr"}, {"location:belarus", "ussr"},
      {"location:kazakhstan", "ussr"}, {"location:uzbekistan", "ussr"},
      {"location:georgia", "ussr"}, {"location:armenia", "ussr"},
      {"location:azerbaijan", "ussr"}, {"location:lithuania", "ussr"},
      {"location:latvia", "ussr"}, {"location:estonia", "ussr"},
      {"location:moldova", "ussr"}, {"location:germany", "west-germany"},
      {"location:united-arab-emirates", "uae"}, {"location:myanmar", "burma"},
      {"location:cambodia", "kampuchea"}, {"location:cote-d-ivoire", "ivory-coast"},
      {"location:republic-of-the-congo", "congo"},
      {"location:democratic-republic-of-the-congo", "zaire"},
      {"location:czech-republic", "czechoslovakia"}, {"location:slovakia", "czechoslovakia"},
      {"location:croatia", "yugoslavia"}, {"location:serbia", "yugoslavia"},
      {"location:slovenia", "yugoslavia"}, {"location:bosnia-and-herzegovina", "yugoslavia"},
      {"location:north-macedonia", "yugoslavia"}, {"location:montenegro", "yugoslavia"},
      {"location:trinidad-and-tobago", "trinidad-tobago"}, {"location:samoa", "western-samoa"},
      {"location:north-yemen", "yemen-arab-republic"}, {"location:yemen", "yemen-arab-republic"},
      {"location:south-yemen", "yemen-demo-republic"}, {"location:vatican-city", "vatican"},
      {"location:antigua-and-barbuda", "antigua"}, {"location:macau", "macao"},
      {"location:u-s-virgin-islands", "us-virgin-islands"},
  };
  return *table;
}

// Organisations whose Reuters label is not their name or an alias of it.
const absl::flat_hash_map<std::string, std::string>& OrgTable() {
  static const auto* table = new absl::flat_hash_map<std::string, std::string>{
      {"organization:world-bank", "worldbank"},
      {"organization:international-coffee-organization", "ico-coffee"},
      {"organization:organization-of-islamic-cooperation", "ico-islam"},
      {"organization:international-wheat-council", "iwc-wheat"},
      {"organization:international-whaling-commission", "iwc-whale"},
      {"organization:asian-development-bank", "adb-asia"},
      {"organization:african-development-bank", "adb-africa"},
      {"organization:european-commission", "ec"},
      {"organization:european-parliament", "ec"},
      {"organization:council-of-the-european-union", "ec"},
      {"organization:european-court-of-justice", "ec"},
      {"organization:european-monetary-system", "ec"},
      {"organization:un-security-council", "un"},
      {"organization:un-general-assembly", "un"},
      {"organization:international-sugar-organization", "isa"},
  };
  return *table;
}

// People whose Reuters label is spelt differently from their name.
const absl::flat_hash_map<std::string, std::string>& PersonTable() {
  static const auto* table = new absl::flat_hash_map<std::string, std::string>{
      {"person:ali-khamenei", "khameini"},
      {"person:gholamreza-aqazadeh", "aqazadeh"},
      {"person:mohammed-abalkhail", "mohammed-ali-abal-khail"},
      {"person:mohammad-khan-junejo", "mohammad-khan-junejo"},
      {"person:miguel-mancera", "mancera-aguayo"},
      {"person:luiz-carlos-bresser-pereira", "bresser-pereira"},
      {"person:yu-kuo-hwa", "yu-kuo-hua"},
      {"person:zia-ul-haq", "zia-ul-haq"},
      {"person:carlos-salinas-de-gortari", "salinas"},
      {"person:mailson-da-nobrega", "nobrega"},
  };
  return *table;
}

// "Pöhl" -> "poehl", as Reuters transliterates German umlauts.
std::string LabelSlug(absl::string_view name) {
  std::string s(name);
  for (auto [from, to] : {std::pair{"\xC3\xA4", "ae"}, {"\xC3\xB6", "oe"}, {"\xC3\xBC", "ue"},
                          {"\xC3\x84", "Ae"}, {"\xC3\x96", "Oe"}, {"\xC3\x9C", "Ue"}}) {
    size_t pos;
    while ((pos = s.find(from)) != std::string::npos) s.replace(pos, 2, to);
  }
  return Slugify(s);
}

std::string MapPerson(const Entity& e, const Vocabulary& vocab) {
  if (auto it = PersonTable().find(e.id); it != PersonTable().end()) return it->second;
  // Reuters labels people by surname ("volcker", "de-larosiere") or, for
  // ambiguous surnames and East Asian names, the full name ("james-baker",
  // "deng-xiaoping"): try the longest word suffix of the name in the vocabulary.
  std::vector<std::string> words = absl::StrSplit(LabelSlug(e.name), '-', absl::SkipEmpty());
  for (size_t start = 0; start < words.size(); ++start) {
    std::vector<std::string> tail(words.begin() + start, words.end());
    std::string label = absl::StrJoin(tail, "-");
    if (vocab.contains(label)) return label;
  }
  return "";
}

std::string MapOrg(const Entity& e, const Vocabulary& vocab) {
  if (auto it = OrgTable().find(e.id); it != OrgTable().end()) return it->second;
  if (std::string s = LabelSlug(e.name); vocab.contains(s)) return s;
  for (const std::string& alias : e.aliases) {
    if (std::string s = LabelSlug(alias); vocab.contains(s)) return s;
  }
  return "";
}

std::string MapPlaceId(absl::string_view id, const Vocabulary& vocab) {
  if (auto it = PlaceTable().find(id); it != PlaceTable().end()) return it->second;
  absl::string_view slug = id;
  absl::ConsumePrefix(&slug, "location:");
  if (vocab.contains(slug)) return std::string(slug);
  return "";
}

// A city or region counts as the country it lies in ("Tokyo" -> "japan",
// "Atlanta" -> Georgia -> "usa").
std::string MapPlace(const Entity& e, const Vocabulary& vocab, const EntityExtractor& extractor) {
  std::string label = MapPlaceId(e.id, vocab);
  absl::optional<std::string> parent;
  if (!e.located_in.empty()) parent = e.located_in;
  for (int depth = 0; label.empty() && parent && depth < 4; ++depth) {
    label = MapPlaceId(*parent, vocab);
    parent = extractor.LocatedIn(*parent);
  }
  return label;
}

struct Score {
  int docs = 0;
  long gold = 0, predicted = 0, predicted_in_vocab = 0, correct = 0;
  std::map<std::string, int> missed, wrong, unmapped;
};

double Ratio(long a, long b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; }

void Print(const std::string& kind, const Score& s, int errors) {
  double p = Ratio(s.correct, s.predicted), r = Ratio(s.correct, s.gold);
  double pv = Ratio(s.correct, s.predicted_in_vocab);
  double f = p + r == 0 ? 0 : 2 * p * r / (p + r), fv = pv + r == 0 ? 0 : 2 * pv * r / (pv + r);
  std::printf("%-7s docs %5d  gold %5ld  predicted %6ld (in vocabulary %5ld)  correct %5ld\n",
              kind.c_str(), s.docs, s.gold, s.predicted, s.predicted_in_vocab, s.correct);
  std::printf("        precision %.3f  recall %.3f  F1 %.3f | precision@voc %.3f  F1@voc %.3f\n",
              p, r, f, pv, fv);
  auto top = [errors](const char* title, const std::map<std::string, int>& counts) {
    std::vector<std::pair<int, std::string>> sorted;
    for (const auto& [label, n] : counts) sorted.push_back({-n, label});
    std::sort(sorted.begin(), sorted.end());
    std::printf("        %s:", title);
    for (int i = 0; i < errors && i < static_cast<int>(sorted.size()); ++i) {
      std::printf(" %s(%d)", sorted[i].second.c_str(), -sorted[i].first);
    }
    std::printf("\n");
  };
  if (errors > 0) {
    top("most missed", s.missed);
    top("most wrong", s.wrong);
    top("most unmapped", s.unmapped);
  }
}

absl::StatusOr<Vocabulary> ReadVocabulary(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read " + path);
  Vocabulary vocab;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view v = absl::StripAsciiWhitespace(line);
    if (!v.empty()) vocab.insert(std::string(v));
  }
  return vocab;
}

int Evaluate(const std::string& folder, int errors, const std::string& show, bool dateline) {
  absl::StatusOr<EntityExtractor> extractor = EntityExtractor::Create();
  if (!extractor.ok()) {
    std::cerr << extractor.status() << "\n";
    return 1;
  }
  const std::vector<std::string> kinds = {"people", "orgs", "places"};
  const EntityType types[] = {EntityType::kPerson, EntityType::kOrganization,
                              EntityType::kLocation};
  std::vector<Vocabulary> vocabs;
  for (const std::string& kind : kinds) {
    absl::StatusOr<Vocabulary> v = ReadVocabulary(folder + "/all-" + kind + "-strings.lc.txt");
    if (!v.ok()) {
      std::cerr << v.status() << "\n";
      return 1;
    }
    vocabs.push_back(*std::move(v));
  }
  std::vector<Score> scores(kinds.size());
  long bytes = 0;
  double seconds = 0;
  absl::StatusOr<std::vector<corpora::ReutersStory>> stories = corpora::ReadReutersFolder(folder);
  if (!stories.ok()) {
    std::cerr << stories.status() << "\n";
    return 1;
  }
  {
    for (const corpora::ReutersStory& doc : *stories) {
      const std::vector<std::string>* gold_lists[] = {&doc.people, &doc.orgs, &doc.places};
      bool any = !doc.people.empty() || !doc.orgs.empty() || !doc.places.empty();
      if (!any) continue;
      std::string text = absl::StrCat(doc.title, "\n\n", dateline ? doc.dateline + " " : "",
                                      corpora::WithoutSignOff(doc.body));
      auto start = std::chrono::steady_clock::now();
      std::vector<Entity> entities = extractor->Extract(text);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      bytes += static_cast<long>(text.size());
      for (size_t k = 0; k < kinds.size(); ++k) {
        if (gold_lists[k]->empty()) continue;
        Score& s = scores[k];
        std::set<std::string> gold(gold_lists[k]->begin(), gold_lists[k]->end());
        std::set<std::string> mapped;
        std::set<std::string> unmapped_ids;
        for (const Entity& e : entities) {
          if (e.type != types[k]) continue;
          std::string label = k == 0 ? MapPerson(e, vocabs[k])
                              : k == 1 ? MapOrg(e, vocabs[k]) : MapPlace(e, vocabs[k], *extractor);
          if (label.empty()) {
            if (unmapped_ids.insert(e.id).second) ++s.unmapped[e.id];
          } else {
            mapped.insert(label);
          }
        }
        ++s.docs;
        s.gold += static_cast<long>(gold.size());
        s.predicted += static_cast<long>(mapped.size() + unmapped_ids.size());
        s.predicted_in_vocab += static_cast<long>(mapped.size());
        for (const std::string& g : gold) {
          if (mapped.count(g)) {
            ++s.correct;
          } else {
            ++s.missed[g];
            if (g == show) std::printf("missed %s in NEWID %s\n", g.c_str(), doc.new_id.c_str());
          }
        }
        for (const std::string& m : mapped) {
          if (gold.count(m)) continue;
          ++s.wrong[m];
          if (m == show) std::printf("wrong %s in NEWID %s\n", m.c_str(), doc.new_id.c_str());
        }
      }
    }
  }
  std::printf("Reuters-21578 document-level entity labels (%s)\n",
              dateline ? "TITLE + DATELINE + BODY" : "TITLE + BODY");
  for (size_t k = 0; k < kinds.size(); ++k) Print(kinds[k], scores[k], errors);
  std::printf("extraction: %.1f MB in %.2f s = %.2f MB/s\n", bytes / 1e6, seconds,
              seconds > 0 ? bytes / 1e6 / seconds : 0.0);
  return 0;
}

// The labels' main reading, TITLE + BODY; then with the dateline, where most
// stories name their city, for comparison.
int Run(const std::string& folder, int errors, const std::string& show) {
  if (int status = Evaluate(folder, errors, show, false); status != 0) return status;
  std::printf("\n");
  return Evaluate(folder, errors, show, true);
}

}  // namespace
}  // namespace chronicle::entities

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " <reuters21578 folder> [--errors N]\n";
    return 2;
  }
  int errors = 15;
  std::string show;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--errors" && absl::SimpleAtoi(argv[i + 1], &errors)) continue;
    if (flag == "--show") {
      show = argv[i + 1];
      continue;
    }
    std::cerr << "bad argument " << flag << "\n";
    return 2;
  }
  return chronicle::entities::Run(argv[1], errors, show);
}
