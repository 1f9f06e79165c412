#include "bench/system/sources.h"

#include <dirent.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "nlohmann/json.hpp"
#include "tools/corpora/reuters_sgml.h"

namespace chronicle::bench {
namespace {

absl::StatusOr<std::string> ReadGzipOrPlain(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::string data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) data.append(buffer, static_cast<size_t>(n));
  const bool failed = n < 0;
  gzclose(file);
  if (failed) return absl::InternalError(absl::StrCat("cannot read ", path));
  return data;
}

std::vector<std::string> ListDir(const std::string& folder) {
  std::vector<std::string> names;
  if (DIR* dir = opendir(folder.c_str())) {
    while (dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// "26-FEB-1987 15:01:01.79" -> "1987-02-26"; empty when it does not parse.
std::string ReutersDay(absl::string_view date) {
  static constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                            "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  date = absl::StripLeadingAsciiWhitespace(date);
  std::vector<absl::string_view> parts = absl::StrSplit(date.substr(0, date.find(' ')), '-');
  int day = 0, year = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &day) || !absl::SimpleAtoi(parts[2], &year)) return "";
  for (int m = 0; m < 12; ++m) {
    if (absl::AsciiStrToUpper(parts[1]) == kMonths[m]) {
      return absl::FormatCivilTime(absl::CivilDay(year, m + 1, day));
    }
  }
  return "";
}

// Joins Reuters' hard-wrapped lines: an indented line starts a paragraph.
std::string UnwrapReutersBody(absl::string_view body) {
  std::vector<std::string> paragraphs;
  std::string current;
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    const bool indented = absl::StartsWith(line, " ") || absl::StartsWith(line, "\t");
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || indented) {
      if (!current.empty()) paragraphs.push_back(std::move(current));
      current.clear();
    }
    if (text.empty()) continue;
    if (!current.empty()) current.push_back(' ');
    absl::StrAppend(&current, text);
  }
  if (!current.empty()) paragraphs.push_back(std::move(current));
  return absl::StrJoin(paragraphs, "\n\n");
}

std::string PublisherOfTopic(absl::string_view topic) {
  static const std::map<std::string, std::string, std::less<>> kPublishers = {
      {"bbc", "BBC"},         {"cnn", "CNN"},         {"guardian", "The Guardian"},
      {"reuters", "Reuters"}, {"foxnews", "Fox News"}, {"washingtonpost", "The Washington Post"}};
  const size_t underscore = topic.rfind('_');
  const absl::string_view suffix = underscore == absl::string_view::npos ? topic : topic.substr(underscore + 1);
  auto it = kPublishers.find(suffix);
  return it != kPublishers.end() ? it->second : std::string(suffix);
}

// At most `max_words` words of `sentence`, without a trailing comma or colon.
std::string TitleFrom(absl::string_view sentence, size_t max_words) {
  std::vector<absl::string_view> words = absl::StrSplit(sentence, ' ', absl::SkipEmpty());
  if (words.size() > max_words) words.resize(max_words);
  std::string title = absl::StrJoin(words, " ");
  while (!title.empty() && (title.back() == ',' || title.back() == ':' || title.back() == ';')) title.pop_back();
  return title;
}

bool IsClosingToken(absl::string_view token) {
  static const char* kClosing[] = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "...",
                                   "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "'"};
  for (const char* closing : kClosing) {
    if (token == closing) return true;
  }
  return false;
}

}  // namespace

std::string Detokenize(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool glue_next = true;  // no space before the first token
  for (absl::string_view raw : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    std::string token(raw);
    bool opening = false;
    if (token == "-LRB-") token = "(", opening = true;
    else if (token == "-LSB-") token = "[", opening = true;
    else if (token == "-LCB-") token = "{", opening = true;
    else if (token == "-RRB-") token = ")";
    else if (token == "-RSB-") token = "]";
    else if (token == "-RCB-") token = "}";
    else if (token == "``") token = "\"", opening = true;
    else if (token == "''") token = "\"";
    else if (token == "$" || token == "#") opening = true;
    const bool closing = token == "\"" && !opening ? true : IsClosingToken(token);
    if (!glue_next && !closing) out.push_back(' ');
    out += token;
    glue_next = opening;
  }
  return out;
}

absl::StatusOr<std::vector<CorpusArticle>> LoadReuters(const std::string& folder) {
  absl::StatusOr<std::vector<corpora::ReutersStory>> stories = corpora::ReadReutersFolder(folder);
  if (!stories.ok()) return stories.status();
  std::vector<CorpusArticle> articles;
  articles.reserve(stories->size());
  for (const corpora::ReutersStory& story : *stories) {
    std::string body = UnwrapReutersBody(corpora::WithoutSignOff(story.body));
    const std::string day = ReutersDay(story.date);
    if (body.empty() || day.empty()) continue;
    CorpusArticle article;
    article.id = absl::StrCat("reuters-", story.new_id);
    article.title = std::string(absl::StripAsciiWhitespace(story.title));
    article.published_at = day;
    article.source = "Reuters";
    article.body = std::move(body);
    articles.push_back(std::move(article));
  }
  return articles;
}

absl::StatusOr<std::vector<CorpusArticle>> LoadTimeline17(const std::string& folder) {
  std::vector<CorpusArticle> articles;
  for (const std::string& topic : ListDir(folder)) {
    std::string path = absl::StrCat(folder, "/", topic, "/articles.jsonl.gz");
    absl::StatusOr<std::string> data = ReadGzipOrPlain(path);
    if (!data.ok()) {
      path = absl::StrCat(folder, "/", topic, "/articles.jsonl");
      data = ReadGzipOrPlain(path);
    }
    if (!data.ok()) continue;  // SOURCE.txt and other files
    for (absl::string_view line : absl::StrSplit(*data, '\n', absl::SkipWhitespace())) {
      nlohmann::json json = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
      if (json.is_discarded() || !json.is_object()) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": a line is not a JSON object"));
      }
      const std::string id = json.value("id", "");
      const std::string time = json.value("time", "");
      const std::string text = json.value("text", "");
      std::vector<std::string> paragraphs;
      for (absl::string_view sentence : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
        paragraphs.push_back(Detokenize(sentence));
      }
      if (id.empty() || time.size() < 10 || paragraphs.empty()) continue;
      CorpusArticle article;
      article.id = absl::StrCat("t17-", topic, "-", id);
      article.title = TitleFrom(paragraphs.front(), 10);
      article.published_at = time.substr(0, 10);
      article.source = PublisherOfTopic(topic);
      article.body = absl::StrJoin(paragraphs, "\n\n");
      articles.push_back(std::move(article));
    }
  }
  if (articles.empty()) {
    return absl::NotFoundError(absl::StrCat("no <topic>/articles.jsonl[.gz] in ", folder));
  }
  return articles;
}

absl::StatusOr<std::vector<CorpusArticle>> LoadTextFolder(const std::string& folder,
                                                          absl::string_view first_day) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(first_day, &day)) {
    return absl::InvalidArgumentError(absl::StrCat("not a day: ", first_day));
  }
  std::vector<CorpusArticle> articles;
  for (const std::string& name : ListDir(folder)) {
    if (!absl::EndsWith(name, ".txt")) continue;
    absl::StatusOr<std::string> data = ReadGzipOrPlain(absl::StrCat(folder, "/", name));
    if (!data.ok()) return data.status();
    absl::string_view text = absl::StripLeadingAsciiWhitespace(*data);
    const size_t newline = text.find('\n');
    CorpusArticle article;
    article.id = absl::StrCat("text-", name.substr(0, name.size() - 4));
    article.title = std::string(absl::StripAsciiWhitespace(text.substr(0, newline)));
    article.body = newline == absl::string_view::npos
                       ? ""
                       : std::string(absl::StripAsciiWhitespace(text.substr(newline + 1)));
    article.published_at = absl::FormatCivilTime(day + static_cast<int>(articles.size()));
    article.source = "Samples";
    if (!article.body.empty()) articles.push_back(std::move(article));
  }
  if (articles.empty()) return absl::NotFoundError(absl::StrCat("no .txt article in ", folder));
  return articles;
}

absl::StatusOr<std::vector<HtmlPage>> LoadHtmlPages(const std::string& folder) {
  std::string dir = absl::StrCat(folder, "/html");
  if (ListDir(dir).empty()) dir = folder;
  std::vector<HtmlPage> pages;
  for (const std::string& name : ListDir(dir)) {
    absl::string_view stem = name;
    if (!absl::ConsumeSuffix(&stem, ".gz")) stem = name;
    if (!absl::ConsumeSuffix(&stem, ".html")) continue;
    absl::StatusOr<std::string> html = ReadGzipOrPlain(absl::StrCat(dir, "/", name));
    if (!html.ok()) return html.status();
    pages.push_back({std::string(stem), *std::move(html)});
  }
  if (pages.empty()) return absl::NotFoundError(absl::StrCat("no .html[.gz] page in ", folder));
  return pages;
}

}  // namespace chronicle::bench
