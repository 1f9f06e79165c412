#include "bench/system/corpus.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

std::string ToNdjsonLine(const CorpusArticle& article) {
  nlohmann::ordered_json json = {{"id", article.id},
                                 {"title", article.title},
                                 {"published_at", article.published_at},
                                 {"source", article.source},
                                 {"body", article.body}};
  // Replace rather than throw: a stray invalid byte must not stop a
  // million-article run, and every reader sees the same replaced text.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<CorpusArticle> FromNdjsonLine(absl::string_view line) {
  nlohmann::json json = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  CorpusArticle article;
  auto field = [&json](const char* name, std::string* out) {
    auto it = json.find(name);
    if (it != json.end() && it->is_string()) *out = it->get<std::string>();
  };
  field("id", &article.id);
  field("title", &article.title);
  field("published_at", &article.published_at);
  field("source", &article.source);
  field("body", &article.body);
  return article;
}

absl::StatusOr<CorpusWriter> CorpusWriter::Open(const std::string& path) {
  // "T" writes without compression through the same interface.
  const char* mode = absl::EndsWith(path, ".gz") ? "wb6" : "wbT";
  gzFile file = gzopen(path.c_str(), mode);
  if (file == nullptr) return absl::InternalError(absl::StrCat("cannot create ", path));
  gzbuffer(file, 1 << 20);
  return CorpusWriter(file, path);
}

CorpusWriter::CorpusWriter(CorpusWriter&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)), path_(std::move(other.path_)), articles_(other.articles_) {}

CorpusWriter::~CorpusWriter() {
  if (file_ != nullptr) gzclose(file_);
}

absl::Status CorpusWriter::Write(const CorpusArticle& article) {
  if (file_ == nullptr) return absl::FailedPreconditionError("corpus writer is closed");
  std::string line = ToNdjsonLine(article);
  line.push_back('\n');
  if (gzwrite(file_, line.data(), static_cast<unsigned>(line.size())) != static_cast<int>(line.size())) {
    return absl::InternalError(absl::StrCat("cannot write ", path_));
  }
  ++articles_;
  return absl::OkStatus();
}

absl::Status CorpusWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  const int result = gzclose(std::exchange(file_, nullptr));
  if (result != Z_OK) return absl::InternalError(absl::StrCat("cannot finish ", path_));
  return absl::OkStatus();
}

absl::StatusOr<CorpusReader> CorpusReader::Open(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  gzbuffer(file, 1 << 20);
  return CorpusReader(file, path);
}

CorpusReader::CorpusReader(CorpusReader&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)),
      path_(std::move(other.path_)),
      buffer_(std::move(other.buffer_)),
      buffer_pos_(other.buffer_pos_),
      eof_(other.eof_),
      line_(std::move(other.line_)),
      line_number_(other.line_number_) {}

CorpusReader::~CorpusReader() {
  if (file_ != nullptr) gzclose(file_);
}

absl::StatusOr<bool> CorpusReader::ReadLine() {
  line_.clear();
  while (true) {
    const size_t newline = buffer_.find('\n', buffer_pos_);
    if (newline != std::string::npos) {
      line_.append(buffer_, buffer_pos_, newline - buffer_pos_);
      buffer_pos_ = newline + 1;
      ++line_number_;
      return true;
    }
    line_.append(buffer_, buffer_pos_, std::string::npos);
    buffer_.clear();
    buffer_pos_ = 0;
    if (eof_) {
      if (line_.empty()) return false;
      ++line_number_;
      return true;
    }
    buffer_.resize(1 << 20);
    const int n = gzread(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (n < 0) return absl::InternalError(absl::StrCat("cannot read ", path_));
    buffer_.resize(static_cast<size_t>(n));
    if (n == 0) eof_ = true;
  }
}

absl::StatusOr<bool> CorpusReader::Next(CorpusArticle* article) {
  while (true) {
    absl::StatusOr<bool> more = ReadLine();
    if (!more.ok() || !*more) return more;
    if (line_.find_first_not_of(" \t\r") == std::string::npos) continue;
    absl::StatusOr<CorpusArticle> parsed = FromNdjsonLine(line_);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path_, ":", line_number_, ": ", parsed.status().message()));
    }
    *article = *std::move(parsed);
    return true;
  }
}

absl::StatusOr<std::vector<CorpusArticle>> ReadCorpus(const std::string& path, int64_t limit) {
  absl::StatusOr<CorpusReader> reader = CorpusReader::Open(path);
  if (!reader.ok()) return reader.status();
  std::vector<CorpusArticle> articles;
  CorpusArticle article;
  while (limit <= 0 || static_cast<int64_t>(articles.size()) < limit) {
    absl::StatusOr<bool> more = reader->Next(&article);
    if (!more.ok()) return more.status();
    if (!*more) break;
    articles.push_back(std::move(article));
  }
  return articles;
}

}  // namespace chronicle::bench
