// The benchmark corpus: articles as every system under test receives them,
// stored as NDJSON (optionally gzip-compressed), one article per line:
//
//   {"id":"gen-0000042","title":"...","published_at":"1987-03-02","source":"Reuters","body":"..."}
//
// The same file feeds Chronicle (one RawArticle per line), the peers' loaders
// and the query-mix builder, so every system indexes exactly the same text.
#ifndef CHRONICLE_BENCH_SYSTEM_CORPUS_H_
#define CHRONICLE_BENCH_SYSTEM_CORPUS_H_

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::bench {

struct CorpusArticle {
  // Unique within the corpus: "reuters-123", "t17-H1N1_bbc-132", "gen-0000042".
  std::string id;
  std::string title;
  // Publication day, "YYYY-MM-DD".
  std::string published_at;
  // Publisher name: "Reuters", "BBC", ...
  std::string source;
  // Plain text; paragraphs separated by one blank line.
  std::string body;
};

// One NDJSON line (without the newline) for `article`. Text must be UTF-8.
std::string ToNdjsonLine(const CorpusArticle& article);

// Parses a line written by ToNdjsonLine. Missing fields stay empty.
// Errors: INVALID_ARGUMENT when the line is not a JSON object.
absl::StatusOr<CorpusArticle> FromNdjsonLine(absl::string_view line);

// Writes a corpus file; gzip-compressed when the path ends in ".gz".
class CorpusWriter {
 public:
  // Errors: INTERNAL when the file cannot be created.
  static absl::StatusOr<CorpusWriter> Open(const std::string& path);
  CorpusWriter(CorpusWriter&& other) noexcept;
  CorpusWriter& operator=(CorpusWriter&&) = delete;
  ~CorpusWriter();

  absl::Status Write(const CorpusArticle& article);
  // Flushes and closes; further writes fail. Errors: INTERNAL on a write error.
  absl::Status Close();

  int64_t articles_written() const { return articles_; }

 private:
  CorpusWriter(gzFile file, std::string path) : file_(file), path_(std::move(path)) {}
  gzFile file_;
  std::string path_;
  int64_t articles_ = 0;
};

// Reads a corpus file line by line (plain or gzip, detected from the content).
class CorpusReader {
 public:
  // Errors: NOT_FOUND when the file cannot be opened.
  static absl::StatusOr<CorpusReader> Open(const std::string& path);
  CorpusReader(CorpusReader&& other) noexcept;
  CorpusReader& operator=(CorpusReader&&) = delete;
  ~CorpusReader();

  // The next article into `article`; false at the end of the file.
  // Errors: INVALID_ARGUMENT naming the line number of a malformed line;
  // INTERNAL on a read error.
  absl::StatusOr<bool> Next(CorpusArticle* article);

  // The raw bytes of the last line returned by Next (its NDJSON form).
  const std::string& last_line() const { return line_; }

 private:
  CorpusReader(gzFile file, std::string path) : file_(file), path_(std::move(path)) {}
  absl::StatusOr<bool> ReadLine();

  gzFile file_;
  std::string path_;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool eof_ = false;
  std::string line_;
  int64_t line_number_ = 0;
};

// Every article of the file, or the first `limit` when limit > 0.
absl::StatusOr<std::vector<CorpusArticle>> ReadCorpus(const std::string& path, int64_t limit = 0);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_CORPUS_H_
