// Gazetteer::Load's readers: ICU's countries and regions, then the TSV files.
#include <unicode/locdspnm.h>
#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/entities/gazetteer.h"
#include "core/entities/text_utils.h"

namespace chronicle::entities {
namespace {

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Rows of a TSV file: '#' comments and blank lines skipped, each row padded to
// `columns` fields. Fails on a row with more fields.
absl::Status ForEachRow(absl::string_view tsv, absl::string_view file, size_t columns,
                        const std::function<absl::Status(const std::vector<absl::string_view>&)>& fn) {
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++line_number;
    absl::ConsumeSuffix(&line, "\r");
    if (absl::StripAsciiWhitespace(line).empty() || line[0] == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() > columns) {
      return absl::InvalidArgumentError(absl::StrCat(file, " line ", line_number, ": ",
                                                     fields.size(), " fields, expected ",
                                                     columns));
    }
    for (auto& f : fields) f = absl::StripAsciiWhitespace(f);
    fields.resize(columns);
    absl::Status status = fn(fields);
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, " line ", line_number, ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

std::vector<absl::string_view> SplitList(absl::string_view field) {
  return absl::StrSplit(field, '|', absl::SkipWhitespace());
}

// "St. Lucia" is also written "Saint Lucia"; "Antigua & Barbuda" with "and".
std::vector<std::string> CountryVariants(const std::string& name) {
  std::vector<std::string> variants;
  if (absl::StrContains(name, " & ")) {
    variants.push_back(absl::StrReplaceAll(name, {{" & ", " and "}}));
  }
  if (absl::StartsWith(name, "St. ")) variants.push_back("Saint " + name.substr(4));
  return variants;
}

}  // namespace

absl::Status Gazetteer::LoadCountries() {
  // The short forms add "US", "UK", "Hong Kong", "Palestine".
  UDisplayContext contexts[] = {UDISPCTX_LENGTH_SHORT};
  std::unique_ptr<icu::LocaleDisplayNames> short_names(
      icu::LocaleDisplayNames::createInstance(icu::Locale::getEnglish(), contexts, 1));
  int countries = 0;
  for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
    icu::UnicodeString display;
    icu::Locale("", *code).getDisplayCountry(icu::Locale::getEnglish(), display);
    std::string name = ToUtf8(display);
    if (name.empty() || name == *code) continue;
    std::string alias;
    // "Myanmar (Burma)": the bracketed form is another name.
    size_t open = name.find(" (");
    if (open != std::string::npos && name.back() == ')') {
      alias = name.substr(open + 2, name.size() - open - 3);
      name.resize(open);
    }
    std::vector<std::string> variants = CountryVariants(name);
    std::string canonical = variants.empty() || !absl::StrContains(name, "&") ? name : variants[0];
    uint32_t e = AddEntity(EntityType::kLocation, canonical);
    entities_[e].kind = "country";
    ++countries;
    by_iso_code_[*code] = entities_[e].id;
    if (canonical != name) AddAlias(e, name);
    for (const std::string& v : variants) AddAlias(e, v);
    if (!alias.empty()) AddAlias(e, alias);
    if (short_names != nullptr) {
      icu::UnicodeString short_name;
      short_names->regionDisplayName(*code, short_name);
      std::string s = ToUtf8(short_name);
      if (!s.empty() && s != *code) AddAlias(e, s);
    }
  }
  return countries > 100 ? absl::OkStatus()
                         : absl::InternalError("ICU has no English country names");
}

void Gazetteer::LoadRegions() {
  static constexpr absl::string_view kSkipped[] = {"EU", "EZ", "UN", "QO", "057"};
  for (URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT, URGN_GROUPING}) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> regions(icu::Region::getAvailable(type, status));
    if (U_FAILURE(status) || regions == nullptr) continue;
    while (const char* code = regions->next(nullptr, status)) {
      if (U_FAILURE(status)) break;
      bool skipped = false;
      for (absl::string_view s : kSkipped) skipped = skipped || s == code;
      if (skipped) continue;
      icu::UnicodeString display;
      icu::Locale("", code).getDisplayCountry(icu::Locale::getEnglish(), display);
      std::string name = ToUtf8(display);
      if (name.empty() || name == code) continue;
      uint32_t e = AddEntity(EntityType::kLocation, name);
      if (entities_[e].kind.empty()) entities_[e].kind = "region";
    }
  }
}

absl::StatusOr<std::string> Gazetteer::LocationRef(absl::string_view ref) const {
  if (ref.empty()) return std::string();
  auto code = by_iso_code_.find(ref);
  if (code != by_iso_code_.end()) return code->second;
  std::string id = absl::StrContains(ref, ':') ? std::string(ref)
                                               : MakeEntityId(EntityType::kLocation, ref);
  if (by_id_.contains(id)) return id;
  return absl::InvalidArgumentError(absl::StrCat("unknown location ", ref));
}

// Columns: id or ISO code | name | kind | located in | aliases | demonyms | note.
absl::Status Gazetteer::LoadLocations(absl::string_view tsv) {
  return ForEachRow(tsv, "locations.tsv", 7, [this](const std::vector<absl::string_view>& f) {
    absl::string_view ref = f[0], name = f[1], kind = f[2];
    if (name.empty() && ref.empty()) return absl::InvalidArgumentError("no name");
    uint32_t e;
    auto code = by_iso_code_.find(ref);
    if (code != by_iso_code_.end()) {
      e = by_id_.at(code->second);
      if (!name.empty() && name != entities_[e].name) {
        // The curated name becomes canonical; ICU's stays an alias. The id
        // keeps following the displayed name.
        GazetteerEntity& entity = entities_[e];
        std::string old_name = entity.name;
        by_id_.erase(entity.id);
        entity.id = MakeEntityId(EntityType::kLocation, name);
        entity.name = std::string(name);
        by_id_[entity.id] = e;
        code->second = entity.id;
        AddSurface(name, e);
        AddAlias(e, old_name);
      }
    } else {
      if (name.empty()) return absl::InvalidArgumentError(absl::StrCat("unknown code ", ref));
      bool explicit_id = absl::StartsWith(ref, "location:");
      e = AddEntity(EntityType::kLocation, name, explicit_id ? ref : absl::string_view());
      if (!explicit_id && ref.size() == 2) by_iso_code_[ref] = entities_[e].id;
    }
    if (!kind.empty()) entities_[e].kind = std::string(kind);
    if (!f[3].empty()) {
      absl::StatusOr<std::string> parent = LocationRef(f[3]);
      if (!parent.ok()) return parent.status();
      entities_[e].located_in = *parent;
    }
    for (absl::string_view alias : SplitList(f[4])) AddAlias(e, alias);
    for (absl::string_view demonym : SplitList(f[5])) AddAlias(e, demonym, kDemonym);
    return absl::OkStatus();
  });
}

// Columns: name | aliases | flags | note. Flags: "surname" (the surname alone
// names this person), "family-first", "given-first", "surname=<word>". Without
// a flag a name starting with a lexicon family-first surname ("Kim", "Xi") is
// taken as family name first.
absl::Status Gazetteer::LoadPeople(absl::string_view tsv, const Lexicon& lexicon) {
  return ForEachRow(tsv, "people.tsv", 4, [this, &lexicon](const std::vector<absl::string_view>& f) {
    if (f[0].empty()) return absl::InvalidArgumentError("no name");
    uint32_t e = AddEntity(EntityType::kPerson, f[0]);
    GazetteerEntity& person = entities_[e];
    bool surname_alone = false;
    std::vector<std::string> words = absl::StrSplit(PhraseKey(person.name), ' ');
    person.family_first =
        words.size() <= 3 && lexicon.family_first_surnames.contains(words.front());
    for (absl::string_view flag : absl::StrSplit(f[2], ',', absl::SkipWhitespace())) {
      flag = absl::StripAsciiWhitespace(flag);
      if (flag == "surname") {
        surname_alone = true;
      } else if (flag == "family-first") {
        person.family_first = true;
      } else if (flag == "given-first") {
        person.family_first = false;
      } else if (absl::ConsumePrefix(&flag, "surname=")) {
        person.surname = PhraseKey(flag);
      } else {
        return absl::InvalidArgumentError(absl::StrCat("unknown flag ", flag));
      }
    }
    if (person.surname.empty()) {
      while (words.size() > 1 && (words.back() == "jr" || words.back() == "sr" ||
                                  words.back() == "ii" || words.back() == "iii")) {
        words.pop_back();
      }
      person.surname = person.family_first ? words.front() : words.back();
    }
    person.description = std::string(f[3]);
    people_by_surname_[person.surname].push_back(e);
    for (absl::string_view alias : SplitList(f[1])) AddAlias(e, alias);
    if (surname_alone) AddSurface(entities_[e].surname, e, kSurnameOnly);
    return absl::OkStatus();
  });
}

// Columns: name | aliases | note.
absl::Status Gazetteer::LoadOrganizations(absl::string_view tsv) {
  return ForEachRow(tsv, "organizations.tsv", 3, [this](const std::vector<absl::string_view>& f) {
    if (f[0].empty()) return absl::InvalidArgumentError("no name");
    uint32_t e = AddEntity(EntityType::kOrganization, f[0]);
    for (absl::string_view alias : SplitList(f[1])) AddAlias(e, alias);
    return absl::OkStatus();
  });
}

// Columns: surface | candidate ids, most likely first | note. The first
// candidate is the reading used when the text gives no other clue.
absl::Status Gazetteer::LoadAmbiguous(absl::string_view tsv) {
  return ForEachRow(tsv, "ambiguous.tsv", 3, [this](const std::vector<absl::string_view>& f) {
    std::string key = PhraseKey(f[0]);
    std::vector<SurfaceTarget>& existing = surfaces_[key];
    uint8_t flags = existing.empty() ? 0 : existing[0].flags;
    std::vector<SurfaceTarget> ordered;
    for (absl::string_view id : SplitList(f[1])) {
      absl::optional<uint32_t> e = FindById(id);
      if (!e) return absl::InvalidArgumentError(absl::StrCat("unknown id ", id));
      SurfaceTarget target{*e, flags};
      for (const SurfaceTarget& t : existing) {
        if (t.entity == *e) target.flags = t.flags;
      }
      ordered.push_back(target);
    }
    for (const SurfaceTarget& t : existing) {
      bool listed = false;
      for (const SurfaceTarget& o : ordered) listed = listed || o.entity == t.entity;
      if (!listed) ordered.push_back(t);
    }
    existing = std::move(ordered);
    if (existing.size() > 0) {
      uint8_t& longest = first_words_[key.substr(0, key.find(' '))];
      longest = std::max<uint8_t>(longest, static_cast<uint8_t>(2 * (1 + std::count(key.begin(), key.end(), ' '))));
    }
    return absl::OkStatus();
  });
}

}  // namespace chronicle::entities
