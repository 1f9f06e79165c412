#include "tools/chronicle/article_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace chronicle::cli {

absl::StatusOr<std::vector<v1::RawArticle>> ReadArticleFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string content = buffer.str();
  const std::string extension =
      absl::AsciiStrToLower(std::filesystem::path(path).extension().string());

  std::vector<v1::RawArticle> articles;
  if (extension == ".ndjson" || extension == ".jsonl") {
    for (absl::string_view line : absl::StrSplit(content, '\n', absl::SkipWhitespace())) {
      v1::RawArticle& article = articles.emplace_back();
      article.set_content_type("application/json");
      article.set_content(std::string(line));
    }
    return articles;
  }
  std::string content_type;
  if (extension == ".html" || extension == ".htm") {
    content_type = "text/html";
  } else if (extension == ".json") {
    content_type = "application/json";
  } else if (extension == ".txt" || extension == ".text" || extension == ".md" || extension.empty()) {
    content_type = "text/plain";
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": unknown extension \"", extension,
                     "\"; use .txt, .html, .json or .ndjson"));
  }
  v1::RawArticle& article = articles.emplace_back();
  article.set_content_type(content_type);
  article.set_content(content);
  return articles;
}

}  // namespace chronicle::cli
