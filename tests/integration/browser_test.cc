// The web pages in a real browser: headless Chromium loads them from a
// running query service, and the tests check what a person would see — a
// timeline drawn (a screenshot that is not blank, at desktop and phone
// widths), the entries in the DOM, links that lead somewhere, and article
// text that tries to be markup shown as text, never run.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/sample_articles.h"
#include "zlib.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The browser, from PATH; "" when there is none.
std::string FindChromium() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  for (const auto& directory : absl::StrSplit(path, ':')) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const std::string candidate = absl::StrCat(directory, "/", name);
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "";
}

uint32_t BigEndian32(const unsigned char* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | bytes[3];
}

int Paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// The share of a PNG's pixels that differ from its first pixel: 0 for a
// blank page. Reads 8-bit RGB or RGBA, non-interlaced (what Chromium
// writes); -1 for anything else or a damaged file.
double ShareOfPixelsDrawn(const std::string& png) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(png.data());
  if (png.size() < 8 + 25 || png.compare(1, 3, "PNG") != 0) return -1;
  uint32_t width = 0, height = 0, channels = 0;
  std::string compressed;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = BigEndian32(bytes + at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + length > png.size()) return -1;
    const unsigned char* data = bytes + at + 8;
    if (type == "IHDR") {
      width = BigEndian32(data);
      height = BigEndian32(data + 4);
      if (data[8] != 8 || data[12] != 0 || (data[9] != 2 && data[9] != 6)) return -1;
      channels = data[9] == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      compressed.append(reinterpret_cast<const char*>(data), length);
    }
    at += 12 + length;
  }
  if (width == 0 || height == 0 || width > 10000 || height > 20000) return -1;
  const size_t stride = size_t{width} * channels;
  std::vector<unsigned char> raw((stride + 1) * height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(compressed.data()), compressed.size()) != Z_OK ||
      raw_size != raw.size()) {
    return -1;
  }
  // Undo each row's filter (PNG's five), then compare pixels.
  std::vector<unsigned char> image(stride * height), previous(stride, 0);
  for (uint32_t y = 0; y < height; ++y) {
    const unsigned char filter = raw[y * (stride + 1)];
    const unsigned char* in = &raw[y * (stride + 1) + 1];
    unsigned char* out = &image[y * stride];
    for (size_t x = 0; x < stride; ++x) {
      const int left = x >= channels ? out[x - channels] : 0, up = previous[x];
      const int upper_left = x >= channels ? previous[x - channels] : 0;
      int predicted = 0;
      if (filter == 1) predicted = left;
      if (filter == 2) predicted = up;
      if (filter == 3) predicted = (left + up) / 2;
      if (filter == 4) predicted = Paeth(left, up, upper_left);
      if (filter > 4) return -1;
      out[x] = static_cast<unsigned char>(in[x] + predicted);
    }
    std::copy(out, out + stride, previous.begin());
  }
  size_t drawn = 0;
  for (size_t pixel = 1; pixel < size_t{width} * height; ++pixel) {
    if (!std::equal(image.begin() + pixel * channels, image.begin() + (pixel + 1) * channels, image.begin())) ++drawn;
  }
  return static_cast<double>(drawn) / (static_cast<double>(width) * height);
}

class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (chromium_.empty()) {
      GTEST_SKIP() << "no chromium on PATH: tools/install-deps.sh --tests installs it";
    }
    ASSERT_TRUE(cluster_.StartIngest().ok());
    ASSERT_TRUE(cluster_.StartQuery(0, {"--http_listen=127.0.0.1:0"}).ok());
    for (const v1::RawArticle& article : SampleArticles()) ASSERT_NO_FATAL_FAILURE(Ingest(article));
    // Markup in every field; if any of it became a real element, the
    // handlers would mark the document, which the tests look for.
    v1::RawArticle hostile;
    hostile.set_id("hostile-1");
    hostile.set_content_type("text/plain");
    hostile.set_source("Quay <b id=\"injected-source\">Gazette</b>");
    hostile.set_content(
        "Quay <img src=x onerror=\"document.body.dataset.injected='title'\"> reopens\n\n"
        "The quay reopened on 14 March 2021 <script>document.body.dataset.injected='script'</script> after "
        "repairs, officials said.\n\nBoats returned on 15 March 2021 <svg onload=\"document.body.dataset."
        "injected='svg'\"></svg> to the quay.");
    hostile.set_published_at("2021-03-16T08:00:00Z");
    Ingest(hostile);
    // Everything applied before the browser looks.
    absl::StatusOr<std::string> applied =
        HttpGet(cluster_.query().http_address(), absl::StrCat("/v1/search?query=quay&min_sequence=", last_sequence_));
    ASSERT_TRUE(applied.ok()) << applied.status();
    profile_ = FreshTestDir("chromium-profile");
    http_address_ = cluster_.query().http_address();
  }

  // Before cluster_'s own: the test's directory goes once both are gone.
  ~BrowserTest() override {
    if (!profile_.empty()) RemoveTestDirUnlessFailed(profile_);
  }

  void Ingest(const v1::RawArticle& article) {
    absl::StatusOr<int64_t> sequence = cluster_.Ingest(article);
    ASSERT_TRUE(sequence.ok()) << sequence.status();
    last_sequence_ = std::max(last_sequence_, *sequence);
  }

  std::string Url(const std::string& path) const { return absl::StrCat("http://", http_address_, path); }

  std::vector<std::string> BrowserArgs(int width) const {
    return {"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            "--user-data-dir=" + profile_, absl::StrCat("--window-size=", width, ",1000")};
  }

  // The DOM after the page loaded (and ran whatever script it runs).
  std::string Dom(const std::string& path) const {
    std::vector<std::string> args = BrowserArgs(1280);
    args.push_back("--dump-dom");
    args.push_back(Url(path));
    absl::StatusOr<CommandResult> result = RunCommand(chromium_, args);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return "";
    EXPECT_EQ(result->exit_code, 0);
    return result->output;
  }

  // A screenshot of the page at `width` pixels; its PNG bytes.
  std::string Screenshot(const std::string& path, int width) const {
    const std::string file = absl::StrCat(profile_, "/screenshot-", width, ".png");
    std::vector<std::string> args = BrowserArgs(width);
    args.push_back("--screenshot=" + file);
    args.push_back(Url(path));
    absl::StatusOr<CommandResult> result = RunCommand(chromium_, args);
    EXPECT_TRUE(result.ok()) << result.status();
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::string chromium_;
  std::string profile_;
  std::string http_address_;
  Cluster cluster_;
  int64_t last_sequence_ = 0;
};

TEST_F(BrowserTest, TheTimelineIsDrawnAtDesktopAndPhoneWidths) {
  const std::string path = "/timeline?query=forced+labor&granularity=DAY";
  for (const int width : {1280, 390}) {
    const std::string png = Screenshot(path, width);
    ASSERT_FALSE(png.empty()) << "no screenshot at " << width << " px";
    const double drawn = ShareOfPixelsDrawn(png);
    EXPECT_GT(drawn, 0.02) << "a blank page at " << width << " px";
  }
  const std::string dom = Dom(path);
  EXPECT_THAT(dom, HasSubstr("<svg"));
  const std::regex entry(R"(class="[^"]*\bentry\b)");
  const auto entries = std::distance(std::sregex_iterator(dom.begin(), dom.end(), entry), std::sregex_iterator());
  EXPECT_GE(entries, 4) << dom;
  EXPECT_THAT(dom, HasSubstr("2019-12-24"));
}

TEST_F(BrowserTest, LinksLeadToTheArticles) {
  const std::string dom = Dom("/?query=summit");
  std::smatch link;
  ASSERT_TRUE(std::regex_search(dom, link, std::regex(R"(href="(/articles/[^"]+)\")"))) << dom;
  const std::string article = Dom(link[1].str());
  EXPECT_THAT(article, HasSubstr("summit"));
  EXPECT_THAT(article, Not(HasSubstr("404")));
}

TEST_F(BrowserTest, MarkupInArticlesIsShownAsTextAndNeverRuns) {
  for (const std::string path : {"/?query=quay", "/articles/hostile-1", "/timeline?query=quay&granularity=DAY"}) {
    const std::string dom = Dom(path);
    ASSERT_THAT(dom, HasSubstr("Quay")) << path;
    EXPECT_THAT(dom, Not(HasSubstr("data-injected"))) << path;       // no handler or script ran
    EXPECT_THAT(dom, Not(HasSubstr("<b id=\"injected-source\""))) << path;  // no element was made
    EXPECT_THAT(dom, Not(HasSubstr("<img src=\"x\""))) << path;
  }
  EXPECT_THAT(Dom("/articles/hostile-1"), HasSubstr("&lt;script&gt;"));
}

}  // namespace
}  // namespace chronicle::testing
