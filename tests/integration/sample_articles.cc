#include "tests/integration/sample_articles.h"

#include <algorithm>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/service_process.h"
#include "tools/chronicle/article_files.h"

namespace chronicle::testing {

std::vector<v1::RawArticle> SampleArticles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SamplesDir())) {
    if (entry.path().extension() != ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<v1::RawArticle> articles;
  for (const std::filesystem::path& file : files) {
    auto read = cli::ReadArticleFile(file.string());
    EXPECT_TRUE(read.ok()) << file << ": " << read.status();
    if (read.ok()) articles.insert(articles.end(), read->begin(), read->end());
  }
  return articles;
}

}  // namespace chronicle::testing
