// Answers for a stream of ingest requests, written in request order while
// many writes are in flight.
//
// A client streaming articles one by one would pay one commit (one fsync) per
// article if each answer had to be written before the next article was read.
// Instead the reading thread keeps up to `window` writes queued here, and one
// thread owned by this object waits for each write's commit in order and
// writes its answer, so that the queued writes share commits.
#ifndef CHRONICLE_CORE_INGEST_STREAM_ANSWERS_H_
#define CHRONICLE_CORE_INGEST_STREAM_ANSWERS_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "chronicle/v1/ingest.pb.h"
#include "core/ingest/article_writer.h"

namespace chronicle::ingest {

// Copies a committed write's outcome into its answer.
void FillResponse(const WriteOutcome& outcome, v1::IngestArticleResponse* response);

// Marks the answer REJECTED with `status` (the field at fault, when an
// INVALID_ARGUMENT message starts with its path: "article.content: ...").
void FillRejection(const absl::Status& status, v1::IngestArticleResponse* response);

// One request's place in the stream.
struct StreamedWrite {
  // Null when the request was refused before reaching the writer; `response`
  // then already says why.
  std::shared_ptr<PendingWrite> pending;
  // Filled in so far (the article's summary); the outcome is added when the
  // write has committed.
  v1::IngestArticleResponse response;
};

class StreamAnswers {
 public:
  // Writes each answer with `write`, which returns false when the client is
  // gone. Starts the answering thread.
  StreamAnswers(int window, std::function<bool(const v1::IngestArticleResponse&)> write);
  // Finishes (see Finish).
  ~StreamAnswers();
  StreamAnswers(const StreamAnswers&) = delete;
  StreamAnswers& operator=(const StreamAnswers&) = delete;

  // Queues the next answer; blocks while `window` answers are owed. False
  // when an earlier answer could not be written: stop reading.
  bool Push(StreamedWrite write);

  // No more requests: waits until every queued answer is written and joins
  // the thread. False when an answer could not be written. Idempotent.
  bool Finish();

 private:
  void Run();

  const int window_;
  const std::function<bool(const v1::IngestArticleResponse&)> write_;
  std::mutex mutex_;
  std::condition_variable changed_;  // any change to the three below
  std::deque<StreamedWrite> queue_;  // guarded by mutex_
  bool reading_done_ = false;  // guarded by mutex_
  bool write_failed_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace chronicle::ingest

#endif  // CHRONICLE_CORE_INGEST_STREAM_ANSWERS_H_
