#include "core/ingest/stream_answers.h"

#include <string>
#include <utility>

namespace chronicle::ingest {

void FillResponse(const WriteOutcome& outcome, v1::IngestArticleResponse* response) {
  response->set_article_id(outcome.article_id);
  response->set_outcome(outcome.outcome);
  response->set_duplicate_of(outcome.duplicate_of);
  response->set_sequence(outcome.sequence);
}

void FillRejection(const absl::Status& status, v1::IngestArticleResponse* response) {
  response->set_outcome(v1::IngestArticleResponse::REJECTED);
  v1::ArticleError* error = response->mutable_error();
  error->set_code(static_cast<int32_t>(status.code()));
  error->set_message(std::string(status.message()));
  const size_t colon = status.message().find(':');
  if (status.code() == absl::StatusCode::kInvalidArgument && colon != absl::string_view::npos) {
    error->set_field(std::string(status.message().substr(0, colon)));
  }
}

StreamAnswers::StreamAnswers(int window, std::function<bool(const v1::IngestArticleResponse&)> write)
    : window_(window), write_(std::move(write)), thread_([this] { Run(); }) {}

StreamAnswers::~StreamAnswers() { Finish(); }

void StreamAnswers::Run() {
  while (true) {
    StreamedWrite next;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || reading_done_; });
      if (queue_.empty()) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    changed_.notify_all();  // room for the reader
    if (next.pending != nullptr) {
      const absl::StatusOr<WriteOutcome>& outcome = next.pending->Wait();
      if (outcome.ok()) {
        FillResponse(*outcome, &next.response);
      } else {
        FillRejection(outcome.status(), &next.response);
      }
    }
    if (!write_(next.response)) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        write_failed_ = true;
      }
      changed_.notify_all();
    }
  }
}

bool StreamAnswers::Push(StreamedWrite write) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return write_failed_ || static_cast<int>(queue_.size()) < window_; });
    if (write_failed_) return false;
    queue_.push_back(std::move(write));
  }
  changed_.notify_all();
  return true;
}

bool StreamAnswers::Finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    reading_done_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  return !write_failed_;
}

}  // namespace chronicle::ingest
