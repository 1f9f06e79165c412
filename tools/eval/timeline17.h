// Timeline17 (news-tls packaging) for the evaluation tools: topics with their
// gold timelines, the articles analysed and indexed as ingest would, and the
// date scores of the timeline-summarisation literature.
#ifndef CHRONICLE_TOOLS_EVAL_TIMELINE17_H_
#define CHRONICLE_TOOLS_EVAL_TIMELINE17_H_

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "chronicle/v1/query_service.pb.h"
#include "core/analysis/article_analyzer.h"
#include "core/index/index_writer.h"

namespace chronicle::eval {

struct Timeline17Topic {
  std::filesystem::path dir;
  std::string name;                                   // "H1N1_bbc"
  std::string subject;                                // "H1N1": topics of one subject share it
  std::vector<std::string> labels;                    // keywords.json
  std::vector<std::set<std::string>> gold_timelines;  // the YYYY-MM-DD dates of each
};

// The topics under `folder` (folders holding keywords.json), sorted by name.
std::vector<Timeline17Topic> ListTimeline17Topics(const std::string& folder);

struct IndexedTopic {
  int articles = 0;
  std::string first_date, last_date;  // publication dates
};

// Analyses every article of `topic` as ingest would (published_at = its date,
// source = the topic's name) and applies it to `writer` (when not null) as an
// UPSERT numbered on from `sequence`. Article ids are "<topic>:<id>".
IndexedTopic IndexTimeline17Topic(const Timeline17Topic& topic, const analysis::ArticleAnalyzer& analyzer,
                                  index::IndexWriter* writer, int64_t& sequence);

struct DateScores {
  double precision = 0, recall = 0, f1 = 0;
};
DateScores CompareDates(const std::set<std::string>& predicted, const std::set<std::string>& gold);

// Day-level entries, most sources first (then most citations, then date order).
std::vector<const v1::TimelineEntry*> DayEntriesBySources(const std::vector<v1::TimelineEntry>& entries);

// The dates of the first `count` entries of `ranked` (distinct dates).
std::set<std::string> TopDates(const std::vector<const v1::TimelineEntry*>& ranked, size_t count);

// Date scores of `ranked` against each gold timeline at its own length, averaged.
DateScores ScoreAgainstGold(const std::vector<const v1::TimelineEntry*>& ranked, const Timeline17Topic& topic);

}  // namespace chronicle::eval

#endif  // CHRONICLE_TOOLS_EVAL_TIMELINE17_H_
