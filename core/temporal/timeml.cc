#include "core/temporal/timeml.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace chronicle::temporal {
namespace {

// Value of attribute `name` in a start tag's text, or "".
std::string Attribute(absl::string_view tag, absl::string_view name) {
  size_t pos = 0;
  while (true) {
    pos = tag.find(name, pos);
    if (pos == absl::string_view::npos) return "";
    const bool starts = pos > 0 && (tag[pos - 1] == ' ' || tag[pos - 1] == '\t' ||
                                    tag[pos - 1] == '\n');
    size_t p = pos + name.size();
    if (starts && p + 1 < tag.size() && tag[p] == '=' && (tag[p + 1] == '"' || tag[p + 1] == '\'')) {
      const char quote = tag[p + 1];
      const size_t close = tag.find(quote, p + 2);
      if (close == absl::string_view::npos) return "";
      return std::string(tag.substr(p + 2, close - p - 2));
    }
    pos = p;
  }
}

// Decodes the entity at `s` (starting with '&'); returns the bytes consumed.
size_t DecodeEntity(absl::string_view s, std::string* out) {
  const size_t semi = s.find(';');
  if (semi == absl::string_view::npos || semi > 10) {
    out->push_back('&');
    return 1;
  }
  const absl::string_view name = s.substr(1, semi - 1);
  if (name == "amp") out->push_back('&');
  else if (name == "lt") out->push_back('<');
  else if (name == "gt") out->push_back('>');
  else if (name == "quot") out->push_back('"');
  else if (name == "apos") out->push_back('\'');
  else if (!name.empty() && name[0] == '#') {
    uint32_t code = 0;
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const bool ok = hex ? absl::SimpleHexAtoi(name.substr(2), &code)
                        : absl::SimpleAtoi(name.substr(1), &code);
    if (!ok) {
      out->append(s.data(), semi + 1);
      return semi + 1;
    }
    if (code < 0x80) {
      out->push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (code >> 6)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xE0 | (code >> 12)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  } else {
    out->append(s.data(), semi + 1);
  }
  return semi + 1;
}

double Ratio(int a, int b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; }
double F1(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

absl::StatusOr<AnnotatedText> ParseInlineTimex(absl::string_view in) {
  AnnotatedText out;
  out.text.reserve(in.size());
  bool open = false;
  GoldTimex current;
  size_t i = 0;
  while (i < in.size()) {
    const char c = in[i];
    if (c == '&') {
      i += DecodeEntity(in.substr(i), &out.text);
      continue;
    }
    if (c != '<') {
      out.text.push_back(c);
      ++i;
      continue;
    }
    const size_t close = in.find('>', i);
    if (close == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("unterminated tag at byte ", i));
    }
    const absl::string_view tag = in.substr(i + 1, close - i - 1);
    i = close + 1;
    if (absl::StartsWith(tag, "TIMEX3")) {
      if (open) return absl::InvalidArgumentError("nested TIMEX3");
      open = true;
      current = GoldTimex();
      current.begin = out.text.size();
      current.type = Attribute(tag, "type");
      current.value = Attribute(tag, "value");
      current.mod = Attribute(tag, "mod");
      if (!tag.empty() && tag.back() == '/') {  // empty element
        open = false;
      }
    } else if (absl::StartsWith(tag, "/TIMEX3")) {
      if (!open) return absl::InvalidArgumentError("closing TIMEX3 without opening");
      open = false;
      current.end = out.text.size();
      out.timexes.push_back(current);
    }
  }
  if (open) return absl::InvalidArgumentError("unclosed TIMEX3");
  return out;
}

absl::StatusOr<TimeMlDocument> ParseTimeMl(absl::string_view xml) {
  const size_t text_open = xml.find("<TEXT>");
  const size_t text_close = xml.find("</TEXT>");
  if (text_open == absl::string_view::npos || text_close == absl::string_view::npos ||
      text_close < text_open) {
    return absl::InvalidArgumentError("no TEXT element");
  }
  TimeMlDocument doc;
  absl::StatusOr<AnnotatedText> body =
      ParseInlineTimex(xml.substr(text_open + 6, text_close - text_open - 6));
  if (!body.ok()) return body.status();
  doc.body = *std::move(body);
  const size_t dct = xml.find("<DCT>");
  if (dct != absl::string_view::npos) {
    const size_t tag_end = xml.find('>', dct + 5);
    if (tag_end != absl::string_view::npos) {
      const std::string value = Attribute(xml.substr(dct + 5, tag_end - dct - 5), "value");
      int y = 0, m = 0, d = 0;
      if (value.size() >= 10 && absl::SimpleAtoi(value.substr(0, 4), &y) &&
          absl::SimpleAtoi(value.substr(5, 2), &m) && absl::SimpleAtoi(value.substr(8, 2), &d)) {
        doc.creation_time = ReferenceDate{absl::CivilSecond(y, m, d), Granularity::kDay};
      }
    }
  }
  return doc;
}

void TimexScores::Add(const TimexScores& o) {
  gold += o.gold;
  predicted += o.predicted;
  strict += o.strict;
  relaxed += o.relaxed;
  type += o.type;
  value += o.value;
}

double TimexScores::StrictPrecision() const { return Ratio(strict, predicted); }
double TimexScores::StrictRecall() const { return Ratio(strict, gold); }
double TimexScores::StrictF1() const { return F1(StrictPrecision(), StrictRecall()); }
double TimexScores::RelaxedPrecision() const { return Ratio(relaxed, predicted); }
double TimexScores::RelaxedRecall() const { return Ratio(relaxed, gold); }
double TimexScores::RelaxedF1() const { return F1(RelaxedPrecision(), RelaxedRecall()); }
double TimexScores::TypeAccuracy() const { return Ratio(type, relaxed); }
double TimexScores::ValueF1() const { return RelaxedF1() * Ratio(value, relaxed); }

std::string NormalizeValueForScoring(absl::string_view value) {
  auto digits = [](absl::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (value.size() == 4 && value[3] == 'X' && digits(value.substr(0, 3))) {
    return std::string(value.substr(0, 3));
  }
  if (value.size() == 4 && value.substr(2) == "XX" && digits(value.substr(0, 2))) {
    return std::string(value.substr(0, 2));
  }
  // "2000-W7" is "2000-W07".
  const size_t w = value.find("-W");
  if (w != absl::string_view::npos && w + 3 <= value.size() && digits(value.substr(w + 2, 1)) &&
      (w + 3 == value.size() || !digits(value.substr(w + 3, 1)))) {
    return absl::StrCat(value.substr(0, w + 2), "0", value.substr(w + 2));
  }
  return std::string(value);
}

TimexScores ScoreTimexes(const AnnotatedText& gold,
                         const std::vector<TemporalExpression>& predicted,
                         std::vector<std::string>* errors) {
  TimexScores s;
  s.gold = static_cast<int>(gold.timexes.size());
  s.predicted = static_cast<int>(predicted.size());
  std::vector<bool> used(gold.timexes.size(), false);
  for (const TemporalExpression& p : predicted) {
    bool matched = false;
    for (size_t g = 0; g < gold.timexes.size(); ++g) {
      const GoldTimex& t = gold.timexes[g];
      if (used[g] || t.end <= p.begin || p.end <= t.begin) continue;
      used[g] = true;
      matched = true;
      ++s.relaxed;
      if (t.begin == p.begin && t.end == p.end) ++s.strict;
      if (t.type == TimexTypeName(p.type)) ++s.type;
      const bool value_ok = NormalizeValueForScoring(p.value) == NormalizeValueForScoring(t.value);
      if (value_ok) ++s.value;
      if (errors != nullptr && (!value_ok || t.begin != p.begin || t.end != p.end ||
                                t.type != TimexTypeName(p.type))) {
        errors->push_back(absl::StrCat(
            value_ok ? "SPAN " : "VALUE ", "gold [",
            gold.text.substr(t.begin, t.end - t.begin), "] ", t.type, " ", t.value, " | got [",
            p.text, "] ", TimexTypeName(p.type), " ", p.value));
      }
      break;
    }
    if (!matched && errors != nullptr) {
      errors->push_back(absl::StrCat("SPURIOUS [", p.text, "] ", TimexTypeName(p.type), " ",
                                     p.value));
    }
  }
  if (errors != nullptr) {
    for (size_t g = 0; g < gold.timexes.size(); ++g) {
      if (used[g]) continue;
      const GoldTimex& t = gold.timexes[g];
      errors->push_back(absl::StrCat("MISSED [", gold.text.substr(t.begin, t.end - t.begin),
                                     "] ", t.type, " ", t.value));
    }
  }
  return s;
}

}  // namespace chronicle::temporal
