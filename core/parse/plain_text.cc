#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "core/parse/blocks.h"
#include "core/parse/dates.h"
#include "core/text/encoding.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace chronicle::parse {
namespace {

constexpr size_t kWrapWidth = 100;

struct Line {
  absl::string_view content;  // without leading/trailing white space
  int indent = 0;
  size_t length = 0;  // code points
  bool blank = true;
};

size_t CountCodePoints(absl::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

// Bullet markers: a symbol followed by a space, or "1." / "1)" / "a)".
size_t BulletLength(absl::string_view s) {
  size_t length = 0;
  const UChar32 c = text::FirstCodePoint(s, &length);
  const bool symbol = c == 0x2022 || c == 0x25E6 || c == 0x25AA || c == 0x25CF || c == 0x2023 ||
                      c == 0x00B7 || c == 0x2043 || c == 0x25A0 || c == 0x2013 || c == 0x2014 ||
                      c == '-' || c == '*' || c == 0x2219;
  if (symbol && s.size() > length && s[length] == ' ') return length + 1;
  size_t digits = 0;
  while (digits < s.size() && digits < 3 && absl::ascii_isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits > 0 && digits + 1 < s.size() && (s[digits] == '.' || s[digits] == ')') && s[digits + 1] == ' ') {
    return digits + 2;
  }
  return 0;
}

bool StartsWithPictograph(absl::string_view s) {
  size_t length = 0;
  const UChar32 c = text::FirstCodePoint(s, &length);
  return c > 0x7f && (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
                      u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION));
}

// "Q1:", "A2.", "Q:", "Question 3:", "Answer:".
bool StartsWithQaLabel(absl::string_view s) {
  size_t i = 0;
  if (absl::StartsWithIgnoreCase(s, "question")) i = 8;
  else if (absl::StartsWithIgnoreCase(s, "answer")) i = 6;
  else if (!s.empty() && (s[0] == 'Q' || s[0] == 'A')) i = 1;
  else return false;
  if (i < s.size() && s[i] == ' ' && i > 1) ++i;
  while (i < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i < s.size() && (s[i] == ':' || (s[i] == '.' && i > 1)) && i + 1 < s.size() && s[i + 1] == ' ';
}

bool IsDateOnly(const Line& line) {
  return line.length <= 60 && ParseDateString(line.content).has_value();
}

bool EndsMidSentence(absl::string_view s) {
  if (s.empty()) return false;
  const char last = s.back();
  return last == ',' || last == ';' || last == '-' || last == '(';
}

Line MakeLine(absl::string_view raw) {
  Line line;
  int indent = 0;
  size_t i = 0;
  while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) {
    indent += raw[i] == '\t' ? 4 : 1;
    ++i;
  }
  size_t end = raw.size();
  while (end > i && (raw[end - 1] == ' ' || raw[end - 1] == '\t')) --end;
  line.content = raw.substr(i, end - i);
  line.indent = indent;
  line.length = CountCodePoints(line.content);
  // A line of only invisible or space-like characters (NBSP) counts as blank.
  line.blank = text::CollapseWhitespace(line.content).empty();
  return line;
}

Block MakeBlock(const std::vector<absl::string_view>& lines) {
  Block block;
  std::string joined = absl::StrJoin(lines, " ");
  absl::string_view view = joined;
  const size_t bullet = BulletLength(view);
  if (bullet > 0) {
    block.bulleted = true;
    block.kind = Block::Kind::kListItem;
    view.remove_prefix(bullet);
  }
  block.text = text::CollapseWhitespace(view);
  block.single_line = lines.size() == 1;
  return block;
}

void SplitChunk(const std::vector<Line>& chunk, std::vector<Block>& blocks) {
  size_t max_length = 0;
  int min_indent = chunk.front().indent;
  for (const Line& line : chunk) {
    max_length = std::max(max_length, line.length);
    min_indent = std::min(min_indent, line.indent);
  }
  const bool line_per_block = max_length > kWrapWidth;
  std::vector<absl::string_view> current;
  for (size_t i = 0; i < chunk.size(); ++i) {
    const Line& line = chunk[i];
    bool starts_block = i == 0 || line_per_block;
    if (!starts_block) {
      const Line& previous = chunk[i - 1];
      // A line holding only a date ("26-FEB-1987 15:01:01.79") stands alone.
      starts_block = IsDateOnly(line) || IsDateOnly(previous) || BulletLength(line.content) > 0 ||
                     StartsWithPictograph(line.content) ||
                     StartsWithQaLabel(line.content) || line.indent > min_indent ||
                     (previous.length * 10 < max_length * 6 && !EndsMidSentence(previous.content));
    }
    if (starts_block && !current.empty()) {
      blocks.push_back(MakeBlock(current));
      current.clear();
    }
    current.push_back(line.content);
  }
  if (!current.empty()) blocks.push_back(MakeBlock(current));
}

}  // namespace

std::string PrepareText(absl::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0) continue;  // callers validate; never emit broken bytes
    if (c == '\r') {
      if (i < length && data[i] == '\n') ++i;
      out.push_back('\n');
    } else if (c == 0x2028 || c == 0x2029) {
      out.push_back('\n');
    } else if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c < 0xa0)) {
      out.push_back(' ');  // control characters separate words at most
    } else {
      out.append(utf8.data() + start, static_cast<size_t>(i - start));
    }
  }
  return text::NormalizeNfc(out);
}

std::vector<Block> SplitPlainText(absl::string_view prepared) {
  std::vector<Block> blocks;
  std::vector<Line> chunk;
  size_t pos = 0;
  while (pos <= prepared.size()) {
    size_t end = prepared.find('\n', pos);
    if (end == absl::string_view::npos) end = prepared.size();
    const Line line = MakeLine(prepared.substr(pos, end - pos));
    if (line.blank) {
      if (!chunk.empty()) SplitChunk(chunk, blocks);
      chunk.clear();
    } else {
      chunk.push_back(line);
    }
    pos = end + 1;
  }
  if (!chunk.empty()) SplitChunk(chunk, blocks);
  blocks.erase(std::remove_if(blocks.begin(), blocks.end(), [](const Block& b) { return b.text.empty(); }),
               blocks.end());
  return blocks;
}

}  // namespace chronicle::parse
