// Small builders for timeline test events.
#ifndef CHRONICLE_TESTS_CORE_TIMELINE_TEST_EVENTS_H_
#define CHRONICLE_TESTS_CORE_TIMELINE_TEST_EVENTS_H_

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/timeline/event.h"

namespace chronicle::timeline::testing {

// The interval a TIMEX3 date value names: "2019-12-24", "2019-12", "2019",
// "199X", "19XX", or a range of those "1910/1945".
inline v1::TimeInterval IntervalOf(const std::string& value) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  auto bounds = [&](const std::string& v, absl::Time& start, absl::Time& end, v1::Granularity& g) {
    std::vector<std::string> parts = absl::StrSplit(v, '-');
    int year = 0;
    if (v.size() == 4 && v.substr(2) == "XX") {
      year = std::atoi(v.substr(0, 2).c_str()) * 100;
      start = absl::FromCivil(absl::CivilYear(year), utc);
      end = absl::FromCivil(absl::CivilYear(year + 100), utc);
      g = v1::CENTURY;
      return;
    }
    if (v.size() == 4 && v[3] == 'X') {
      year = std::atoi(v.substr(0, 3).c_str()) * 10;
      start = absl::FromCivil(absl::CivilYear(year), utc);
      end = absl::FromCivil(absl::CivilYear(year + 10), utc);
      g = v1::DECADE;
      return;
    }
    year = std::atoi(parts[0].c_str());
    if (parts.size() == 1) {
      start = absl::FromCivil(absl::CivilYear(year), utc);
      end = absl::FromCivil(absl::CivilYear(year + 1), utc);
      g = v1::YEAR;
    } else if (parts.size() == 2) {
      const absl::CivilMonth month(year, std::atoi(parts[1].c_str()));
      start = absl::FromCivil(month, utc);
      end = absl::FromCivil(month + 1, utc);
      g = v1::MONTH;
    } else {
      const absl::CivilDay day(year, std::atoi(parts[1].c_str()), std::atoi(parts[2].c_str()));
      start = absl::FromCivil(day, utc);
      end = absl::FromCivil(day + 1, utc);
      g = v1::DAY;
    }
  };
  absl::Time start, end, ignored;
  v1::Granularity granularity, last_granularity;
  const size_t slash = value.find('/');
  if (slash == std::string::npos) {
    bounds(value, start, end, granularity);
  } else {
    bounds(value.substr(0, slash), start, ignored, granularity);
    bounds(value.substr(slash + 1), ignored, end, last_granularity);
  }
  v1::TimeInterval interval;
  interval.mutable_start()->set_seconds(absl::ToUnixSeconds(start));
  interval.mutable_end()->set_seconds(absl::ToUnixSeconds(end));
  interval.set_granularity(granularity);
  return interval;
}

// One event: `article`'s sentence dated `date_value`, published on
// `published` ("2020-01-05"; empty for unknown), mentioning `entities`.
inline TimelineEvent MakeEvent(const std::string& article, const std::string& sentence,
                               const std::string& date_value, const std::string& published = "2020-01-05",
                               std::vector<std::string> entities = {}, double relevance = 0) {
  TimelineEvent event;
  v1::Citation& citation = *event.citation;
  citation.set_article_id(article);
  citation.set_title("Title of " + article);
  citation.set_source("Source of " + article);
  if (!published.empty()) {
    citation.mutable_published_at()->set_seconds(IntervalOf(published).start().seconds());
  }
  citation.set_sentence(sentence);
  citation.set_end(static_cast<uint32_t>(sentence.size()));
  citation.set_date_value(date_value);
  *citation.mutable_interval() = IntervalOf(date_value);
  for (std::string& entity : entities) citation.add_entity_ids(std::move(entity));
  event.relevance = relevance;
  return event;
}

}  // namespace chronicle::timeline::testing

#endif  // CHRONICLE_TESTS_CORE_TIMELINE_TEST_EVENTS_H_
