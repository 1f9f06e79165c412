#include "tools/eval/reuters_sgml.h"

#include <zlib.h>

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace chronicle::entities {
namespace {

// Content of the first <tag>...</tag> in `doc`, or empty.
absl::string_view Element(absl::string_view doc, absl::string_view tag) {
  std::string open = absl::StrCat("<", tag, ">");
  std::string close = absl::StrCat("</", tag, ">");
  size_t begin = doc.find(open);
  if (begin == absl::string_view::npos) return {};
  begin += open.size();
  size_t end = doc.find(close, begin);
  if (end == absl::string_view::npos) return {};
  return doc.substr(begin, end - begin);
}

std::vector<std::string> Labels(absl::string_view doc, absl::string_view tag) {
  std::vector<std::string> labels;
  absl::string_view list = Element(doc, tag);
  size_t pos = 0;
  while ((pos = list.find("<D>", pos)) != absl::string_view::npos) {
    size_t end = list.find("</D>", pos);
    if (end == absl::string_view::npos) break;
    labels.emplace_back(list.substr(pos + 3, end - pos - 3));
    pos = end + 4;
  }
  return labels;
}

void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Length of the valid UTF-8 sequence at `pos`, or 0.
size_t Utf8Length(absl::string_view s, size_t pos) {
  unsigned char b = static_cast<unsigned char>(s[pos]);
  size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (n == 0 || pos + n > s.size()) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((static_cast<unsigned char>(s[pos + i]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Decodes &lt; &gt; &amp; and &#N;, drops control characters other than
// newline and tab, and reads invalid UTF-8 bytes as Latin-1.
std::string Clean(absl::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    char c = raw[i];
    if (c == '&') {
      size_t semi = raw.find(';', i);
      if (semi != absl::string_view::npos && semi - i <= 8) {
        absl::string_view ref = raw.substr(i + 1, semi - i - 1);
        uint32_t code = 0;
        bool known = true;
        if (ref == "lt") code = '<';
        else if (ref == "gt") code = '>';
        else if (ref == "amp") code = '&';
        else if (ref == "quot") code = '"';
        else if (!(absl::ConsumePrefix(&ref, "#") && absl::SimpleAtoi(ref, &code))) known = false;
        if (known) {
          if (code >= 0x20 || code == '\n' || code == '\t') AppendUtf8(code, &out);
          i = semi + 1;
          continue;
        }
      }
    }
    unsigned char b = static_cast<unsigned char>(c);
    if (b >= 0x80) {
      size_t n = Utf8Length(raw, i);
      if (n > 0) {
        out.append(raw.data() + i, n);
        i += n;
      } else {
        AppendUtf8(b, &out);
        ++i;
      }
      continue;
    }
    if (b >= 0x20 || c == '\n' || c == '\t') out.push_back(c);
    ++i;
  }
  return out;
}

// Bodies end with " Reuter": the agency's sign-off, not part of the story.
std::string StripSignOff(std::string body) {
  absl::string_view v = absl::StripTrailingAsciiWhitespace(body);
  if (absl::EndsWith(v, "Reuter")) {
    v.remove_suffix(6);
    body = std::string(absl::StripTrailingAsciiWhitespace(v));
  }
  return body;
}

}  // namespace

std::vector<ReutersDocument> ParseReutersSgml(absl::string_view sgml) {
  std::vector<ReutersDocument> docs;
  size_t pos = 0;
  while ((pos = sgml.find("<REUTERS", pos)) != absl::string_view::npos) {
    size_t end = sgml.find("</REUTERS>", pos);
    if (end == absl::string_view::npos) break;
    absl::string_view doc = sgml.substr(pos, end - pos);
    pos = end;
    ReutersDocument d;
    size_t id = doc.find("NEWID=\"");
    if (id != absl::string_view::npos) {
      size_t close = doc.find('"', id + 7);
      d.new_id = std::string(doc.substr(id + 7, close - id - 7));
    }
    d.title = Clean(Element(doc, "TITLE"));
    d.dateline = std::string(absl::StripAsciiWhitespace(Clean(Element(doc, "DATELINE"))));
    d.body = StripSignOff(Clean(Element(doc, "BODY")));
    d.places = Labels(doc, "PLACES");
    d.people = Labels(doc, "PEOPLE");
    d.orgs = Labels(doc, "ORGS");
    docs.push_back(std::move(d));
  }
  return docs;
}

absl::StatusOr<std::vector<ReutersDocument>> ReadReutersFile(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return absl::NotFoundError("cannot open " + path);
  std::string data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) data.append(buffer, n);
  bool failed = n < 0;
  gzclose(file);
  if (failed) return absl::DataLossError("cannot decompress " + path);
  return ParseReutersSgml(data);
}

}  // namespace chronicle::entities
