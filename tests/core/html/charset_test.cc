#include "core/html/charset.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::html {
namespace {

using ::testing::HasSubstr;

TEST(CanonicalCharsetTest, MapsLabelsToWhatBrowsersUse) {
  EXPECT_EQ(CanonicalCharset("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(CanonicalCharset(" latin1 "), "windows-1252");
  EXPECT_EQ(CanonicalCharset("US-ASCII"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("gb2312"), "GBK");
  EXPECT_EQ(CanonicalCharset("utf8"), "UTF-8");
  EXPECT_EQ(CanonicalCharset("KOI8-R"), "KOI8-R");  // unknown to the table: unchanged
}

TEST(PrescanMetaCharsetTest, FindsMetaCharset) {
  EXPECT_EQ(PrescanMetaCharset("<html><head><meta charset=\"ISO-8859-1\"><title>x</title>"), "iso-8859-1");
}

TEST(PrescanMetaCharsetTest, FindsHttpEquivContentType) {
  EXPECT_EQ(PrescanMetaCharset(
                "<meta content='text/html; charset=windows-1251' http-equiv=\"Content-Type\">"),
            "windows-1251");
}

TEST(PrescanMetaCharsetTest, SkipsCommentsAndOtherTags) {
  EXPECT_EQ(PrescanMetaCharset("<!-- <meta charset=koi8-r> --><link rel=x href='<meta charset=big5>'>"
                               "<meta name=viewport content=width><meta charset=euc-kr>"),
            "euc-kr");
}

TEST(PrescanMetaCharsetTest, IgnoresContentWithoutHttpEquiv) {
  EXPECT_EQ(PrescanMetaCharset("<meta name=description content=\"charset=koi8-r\">"), "");
}

TEST(PrescanMetaCharsetTest, OnlyLooksAtTheWindow) {
  std::string page = "<html>" + std::string(9000, ' ') + "<meta charset=koi8-r>";
  EXPECT_EQ(PrescanMetaCharset(page), "");
}

TEST(DecodePageTest, DeclaredCharsetWinsOverMeta) {
  auto page = DecodePage("<meta charset=utf-8><p>caf\xe9", "ISO-8859-1");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->source, CharsetSource::kDeclared);
  EXPECT_THAT(page->utf8, HasSubstr("café"));
}

TEST(DecodePageTest, RejectsUnknownDeclaredCharset) {
  auto page = DecodePage("<p>x", "x-no-such");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DecodePageTest, RejectsBytesInvalidInDeclaredCharset) {
  auto page = DecodePage("<p>caf\xe9 au lait", "UTF-8");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DecodePageTest, BomBeatsMeta) {
  auto page = DecodePage("\xEF\xBB\xBF<meta charset=iso-8859-1><p>caf\xC3\xA9", "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->source, CharsetSource::kByteOrderMark);
  EXPECT_EQ(page->utf8, "<meta charset=iso-8859-1><p>café");
}

TEST(DecodePageTest, DecodesUtf16WithBom) {
  const std::string utf16le("\xFF\xFE<\0p\0>\0\xE9\0", 10);
  auto page = DecodePage(utf16le, "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->utf8, "<p>é");
}

TEST(DecodePageTest, MetaCharsetDecodesLatin1) {
  auto page = DecodePage("<meta charset=\"iso-8859-1\"><p>Gr\xFC\xDF" "e aus K\xF6ln \x96 na ja</p>", "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->source, CharsetSource::kMetaTag);
  EXPECT_EQ(page->charset, "windows-1252");  // what browsers use for "iso-8859-1"
  EXPECT_THAT(page->utf8, HasSubstr("Grüße aus Köln – na ja"));
}

TEST(DecodePageTest, UndeclaredValidUtf8) {
  auto page = DecodePage("<p>Zürich</p>", "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->source, CharsetSource::kValidUtf8);
}

TEST(DecodePageTest, UndeclaredLegacyBytesFallBackToWindows1252) {
  auto page = DecodePage("<p>\x93" "Caf\xE9\x94 \x80 5</p>", "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->source, CharsetSource::kFallback);
  EXPECT_EQ(page->utf8, "<p>“Café” € 5</p>");
}

TEST(DecodePageTest, UndeclaredUtf8WithAStrayByteKeepsUtf8) {
  std::string text = "<p>";
  for (int i = 0; i < 50; ++i) text += "Grüße aus Zürich, ";
  text += "\xFF end</p>";
  auto page = DecodePage(text, "");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->source, CharsetSource::kMostlyUtf8);
  EXPECT_THAT(page->utf8, HasSubstr("Zürich, \xEF\xBF\xBD end"));
}

TEST(DecodePageTest, RejectsBinary) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  auto page = DecodePage(png, "");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(page.status().message(), HasSubstr("binary"));
}

}  // namespace
}  // namespace chronicle::html
