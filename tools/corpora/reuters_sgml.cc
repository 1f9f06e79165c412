#include "tools/corpora/reuters_sgml.h"

#include <zlib.h>

#include <algorithm>
#include <dirent.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/text/encoding.h"

namespace chronicle::corpora {
namespace {

absl::StatusOr<std::string> ReadGzipOrPlain(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");  // reads plain files too
  if (file == nullptr) return absl::InternalError(absl::StrCat("cannot open ", path));
  std::string data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) data.append(buffer, static_cast<size_t>(n));
  const bool failed = n < 0;
  gzclose(file);
  if (failed) return absl::InternalError(absl::StrCat("cannot read ", path));
  return data;
}

absl::string_view Element(absl::string_view doc, absl::string_view tag) {
  const std::string open = absl::StrCat("<", tag, ">");
  const std::string close = absl::StrCat("</", tag, ">");
  const size_t begin = doc.find(open);
  if (begin == absl::string_view::npos) return {};
  const size_t content = begin + open.size();
  const size_t end = doc.find(close, content);
  if (end == absl::string_view::npos) return {};
  return doc.substr(content, end - content);
}

std::string Attribute(absl::string_view doc, absl::string_view name) {
  const std::string key = absl::StrCat(name, "=\"");
  const size_t begin = doc.find(key);
  if (begin == absl::string_view::npos) return "";
  const size_t value = begin + key.size();
  const size_t end = doc.find('"', value);
  if (end == absl::string_view::npos) return "";
  return std::string(doc.substr(value, end - value));
}

std::vector<std::string> Labels(absl::string_view doc, absl::string_view tag) {
  std::vector<std::string> labels;
  const absl::string_view list = Element(doc, tag);
  for (size_t pos = list.find("<D>"); pos != absl::string_view::npos; pos = list.find("<D>", pos)) {
    const size_t end = list.find("</D>", pos);
    if (end == absl::string_view::npos) break;
    labels.emplace_back(list.substr(pos + 3, end - pos - 3));
    pos = end + 4;
  }
  return labels;
}

}  // namespace

absl::string_view WithoutSignOff(absl::string_view body) {
  body = absl::StripTrailingAsciiWhitespace(body);
  while (!body.empty() && static_cast<unsigned char>(body.back()) < 0x20) body.remove_suffix(1);
  body = absl::StripTrailingAsciiWhitespace(body);
  if (absl::EndsWith(body, "Reuter")) body.remove_suffix(6);
  return absl::StripTrailingAsciiWhitespace(body);
}

std::string DecodeSgmlEntities(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    const size_t semi = text.find(';', i);
    if (semi == absl::string_view::npos || semi - i > 8) {
      out.push_back('&');
      continue;
    }
    const absl::string_view name = text.substr(i + 1, semi - i - 1);
    int code = 0;
    if (name == "lt") out.push_back('<');
    else if (name == "gt") out.push_back('>');
    else if (name == "amp") out.push_back('&');
    else if (name == "quot") out.push_back('"');
    else if (!name.empty() && name[0] == '#' && absl::SimpleAtoi(name.substr(1), &code) &&
             code > 0 && code < 128) out.push_back(static_cast<char>(code));
    else {
      out.push_back('&');
      continue;
    }
    i = semi;
  }
  return out;
}

absl::StatusOr<std::vector<ReutersStory>> ReadReutersFolder(const std::string& folder) {
  std::vector<std::string> files;
  if (DIR* dir = opendir(folder.c_str())) {
    while (dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      if (absl::StartsWith(name, "reut2-") &&
          (absl::EndsWith(name, ".sgm") || absl::EndsWith(name, ".sgm.gz"))) {
        files.push_back(absl::StrCat(folder, "/", name));
      }
    }
    closedir(dir);
  }
  if (files.empty()) return absl::NotFoundError(absl::StrCat("no reut2-*.sgm[.gz] in ", folder));
  std::sort(files.begin(), files.end());

  std::vector<ReutersStory> stories;
  for (const std::string& path : files) {
    auto data = ReadGzipOrPlain(path);
    if (!data.ok()) return data.status();
    if (text::FindInvalidUtf8(*data).has_value()) {
      auto converted = text::ConvertToUtf8(*data, "ISO-8859-1");
      if (!converted.ok()) return converted.status();
      *data = std::move(*converted);
    }
    absl::string_view rest = *data;
    for (size_t start = rest.find("<REUTERS "); start != absl::string_view::npos;
         start = rest.find("<REUTERS ")) {
      const size_t end = rest.find("</REUTERS>", start);
      if (end == absl::string_view::npos) break;
      const absl::string_view doc = rest.substr(start, end - start);
      ReutersStory story;
      story.new_id = Attribute(doc, "NEWID");
      story.date = DecodeSgmlEntities(Element(doc, "DATE"));
      story.title = DecodeSgmlEntities(Element(doc, "TITLE"));
      story.dateline = DecodeSgmlEntities(Element(doc, "DATELINE"));
      story.body = DecodeSgmlEntities(Element(doc, "BODY"));
      story.places = Labels(doc, "PLACES");
      story.people = Labels(doc, "PEOPLE");
      story.orgs = Labels(doc, "ORGS");
      stories.push_back(std::move(story));
      rest.remove_prefix(end);
    }
  }
  return stories;
}

}  // namespace chronicle::corpora
