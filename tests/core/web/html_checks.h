// Checks that a rendered page holds no markup the pages do not write
// themselves: every tag is one of the page's own elements, and none of the
// hostile strings the tests feed in appears unescaped.
#ifndef CHRONICLE_TESTS_CORE_WEB_HTML_CHECKS_H_
#define CHRONICLE_TESTS_CORE_WEB_HTML_CHECKS_H_

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::web {

// Text a hostile article, query or service could send: each must come out
// as text.
inline constexpr absl::string_view kScript = "<script>alert(1)</script>";
inline constexpr absl::string_view kImage = "\"><img src=x onerror=alert(1)>";
inline constexpr absl::string_view kAttribute = "x' onmouseover='alert(1)' \" onfocus=\"alert(2)";

// Every element name that follows a '<' ("/a" for a closing tag).
inline std::set<std::string> TagNames(absl::string_view html) {
  std::set<std::string> names;
  for (size_t at = html.find('<'); at != absl::string_view::npos; at = html.find('<', at + 1)) {
    size_t end = at + 1;
    if (end < html.size() && (html[end] == '/' || html[end] == '!')) ++end;
    while (end < html.size() && absl::ascii_isalnum(static_cast<unsigned char>(html[end]))) ++end;
    names.insert(absl::AsciiStrToLower(html.substr(at + 1, end - at - 1)));
  }
  return names;
}

inline void ExpectOnlyOwnMarkup(absl::string_view html) {
  static const std::set<std::string> kAllowed = {
      "!doctype", "html", "head",   "meta",    "title",  "style", "body",    "header",  "nav",        "main",
      "a",        "h1",   "h2",     "h3",      "form",   "label", "input",   "select",  "option",     "button",
      "p",        "span", "div",    "ol",      "ul",     "li",    "details", "summary", "time",       "mark",
      "q",        "br",   "strong", "section", "aside",  "dl",    "dt",      "dd",      "blockquote", "article",
      "svg",      "g",    "line",   "rect",    "circle", "text"};
  for (const std::string& name : TagNames(html)) {
    const std::string element = name.empty() || name[0] != '/' ? name : name.substr(1);
    EXPECT_TRUE(kAllowed.count(element) == 1) << "unexpected <" << name << "> in the page";
  }
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("<script")));
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("<img")));
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("' onmouseover='")));
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("\" onfocus=\"")));
  EXPECT_THAT(html, ::testing::Not(::testing::HasSubstr("href=\"javascript:")));
}

}  // namespace chronicle::web

#endif  // CHRONICLE_TESTS_CORE_WEB_HTML_CHECKS_H_
