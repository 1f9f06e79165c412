#include "core/text/encoding.h"

#include <string>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"

namespace chronicle::text {
namespace {

using ::testing::HasSubstr;

TEST(FindInvalidUtf8Test, AcceptsValidText) {
  EXPECT_EQ(FindInvalidUtf8("Seoul, 11 December — Yoon’s visit 서울"), absl::nullopt);
}

TEST(FindInvalidUtf8Test, ReportsOffsetOfFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("abc\xff" "def"), 3u);
  EXPECT_EQ(FindInvalidUtf8("ok \xc3"), 3u);              // truncated sequence
  EXPECT_EQ(FindInvalidUtf8("\xc0\xaf"), 0u);              // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("x\xed\xa0\x80"), 1u);         // UTF-16 surrogate
}

TEST(ConvertToUtf8Test, ConvertsLatin1) {
  auto converted = ConvertToUtf8("caf\xe9 cr\xe8me", "ISO-8859-1");
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(*converted, "café crème");
}

TEST(ConvertToUtf8Test, ConvertsWindows1252Quotes) {
  auto converted = ConvertToUtf8("\x93quoted\x94", "windows-1252");
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(*converted, "“quoted”");
}

TEST(ConvertToUtf8Test, RejectsUnknownCharset) {
  auto converted = ConvertToUtf8("abc", "no-such-charset");
  EXPECT_EQ(converted.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(converted.status().message(), HasSubstr("no-such-charset"));
}

TEST(ConvertToUtf8Test, RejectsInvalidUtf8WithOffset) {
  auto converted = ConvertToUtf8("good\xfe", "UTF-8");
  EXPECT_EQ(converted.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(converted.status().message(), HasSubstr("byte 4"));
}

TEST(NormalizeNfcTest, ComposesDecomposedAccents) {
  EXPECT_EQ(NormalizeNfc("Cafe\xcc\x81"), "Caf\xc3\xa9");  // e + combining acute -> é
  EXPECT_EQ(NormalizeNfc("already NFC é"), "already NFC é");
}

// The ASCII shortcuts of the byte-at-a-time loops (here, in the
// near-duplicate fingerprint, in boilerplate's words and in language
// detection's script census) must answer as ICU does for every ASCII
// character.
TEST(AsciiShortcutsTest, AnswerAsIcuDoes) {
  for (int c = 0; c < 128; ++c) {
    EXPECT_EQ(IsAsciiWhiteSpace(static_cast<char>(c)), static_cast<bool>(u_isUWhiteSpace(c))) << c;
    EXPECT_EQ(absl::ascii_isalnum(static_cast<unsigned char>(c)), static_cast<bool>(u_isalnum(c))) << c;
    EXPECT_EQ(absl::ascii_isalpha(static_cast<unsigned char>(c)), static_cast<bool>(u_isalpha(c))) << c;
    if (u_isalpha(c)) {
      UErrorCode status = U_ZERO_ERROR;
      EXPECT_EQ(uscript_getScript(c, &status), USCRIPT_LATIN) << c;
    }
    const std::string text = std::string("a ") + static_cast<char>(c) + " b";
    const std::string expected = u_isUWhiteSpace(c) ? "a b" : text;
    EXPECT_EQ(CollapseWhitespace(text), expected) << c;
  }
}

TEST(CollapseWhitespaceTest, CollapsesUnicodeSpacesAndTrims) {
  EXPECT_EQ(CollapseWhitespace("  Japan,\u00a0South\t\tKorea \u2028seek\u200b "), "Japan, South Korea seek");
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \u00a0 "), "");
}

TEST(CollapseWhitespaceTest, DropsInvisibleBreakHints) {
  EXPECT_EQ(CollapseWhitespace("Ja\u00adpan\u200b and\ufeff Korea"), "Japan and Korea");
}

}  // namespace
}  // namespace chronicle::text
