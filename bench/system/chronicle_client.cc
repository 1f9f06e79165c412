#include "bench/system/chronicle_client.h"

#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bench/system/load.h"

namespace chronicle::bench {
namespace {

v1::IngestArticleRequest ToRequest(const IngestInput& input) {
  v1::IngestArticleRequest request;
  v1::RawArticle* raw = request.mutable_article();
  if (!input.id.empty()) raw->set_id(input.id);
  if (!input.title.empty()) raw->set_title(input.title);
  if (!input.published_at.empty()) raw->set_published_at(input.published_at);
  if (!input.source.empty()) raw->set_source(input.source);
  raw->set_content_type(input.content_type);
  raw->set_content(input.content);
  return request;
}

struct StreamResult {
  IngestRun run;
  grpc::Status status;
};

StreamResult RunStream(v1::IngestService::Stub& stub, const NextArticleFn& next, std::mutex& next_mutex) {
  StreamResult result;
  grpc::ClientContext context;
  auto stream = stub.IngestArticles(&context);
  int64_t bytes = 0;
  // The sender runs beside the reader so both directions' flow-control
  // windows keep moving.
  std::thread sender([&] {
    IngestInput input;
    while (true) {
      {
        std::lock_guard<std::mutex> lock(next_mutex);
        if (!next(&input)) break;
      }
      bytes += static_cast<int64_t>(input.title.size() + input.content.size());
      if (!stream->Write(ToRequest(input))) break;
    }
    stream->WritesDone();
  });
  v1::IngestArticleResponse response;
  while (stream->Read(&response)) {
    const std::string outcome = v1::IngestArticleResponse::Outcome_Name(response.outcome());
    ++result.run.outcomes[outcome];
    if (response.outcome() == v1::IngestArticleResponse::REJECTED) {
      ++result.run.rejected;
      if (result.run.first_errors.size() < 5) {
        result.run.first_errors.push_back(absl::StrCat(response.article_id(), ": ", response.error().message()));
      }
    } else {
      ++result.run.articles;
      result.run.last_sequence = std::max(result.run.last_sequence, response.sequence());
    }
  }
  sender.join();
  result.run.bytes = bytes;
  result.status = stream->Finish();
  return result;
}

}  // namespace

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address, int id) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("chronicle.bench.channel", id);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

absl::StatusOr<IngestRun> StreamArticles(const std::vector<std::string>& addresses, int streams,
                                         const NextArticleFn& next) {
  std::mutex next_mutex;
  std::vector<StreamResult> results(static_cast<size_t>(std::max(1, streams)));
  std::vector<std::unique_ptr<v1::IngestService::Stub>> stubs;
  for (size_t i = 0; i < results.size(); ++i) {
    // Streams take the ingest services in turn.
    const std::string& address = addresses[i % addresses.size()];
    stubs.push_back(v1::IngestService::NewStub(OwnChannel(address, static_cast<int>(i))));
  }
  const double start = MonotonicSeconds();
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = RunStream(*stubs[i], next, next_mutex); });
  }
  for (std::thread& thread : threads) thread.join();
  IngestRun total;
  total.seconds = MonotonicSeconds() - start;
  for (const StreamResult& result : results) {
    if (!result.status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(result.status.error_code()),
                          absl::StrCat("IngestArticles: ", result.status.error_message()));
    }
    total.articles += result.run.articles;
    total.rejected += result.run.rejected;
    total.bytes += result.run.bytes;
    total.last_sequence = std::max(total.last_sequence, result.run.last_sequence);
    for (const auto& [outcome, count] : result.run.outcomes) total.outcomes[outcome] += count;
    for (const std::string& error : result.run.first_errors) {
      if (total.first_errors.size() < 5) total.first_errors.push_back(error);
    }
  }
  return total;
}

absl::Status WaitSearchable(const std::string& address, int64_t sequence, absl::Duration timeout,
                            const std::function<absl::Status()>& alive) {
  auto stub = v1::QueryService::NewStub(OwnChannel(address, 1000));
  const absl::Time deadline = absl::Now() + timeout;
  v1::SearchRequest request;
  request.set_page_size(1);
  request.set_min_sequence(sequence);
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + absl::Seconds(60))));
    v1::SearchResponse response;
    const grpc::Status status = stub->Search(&context, request, &response);
    if (status.ok()) return absl::OkStatus();
    const bool retry = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                       status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
    if (!retry) return absl::InternalError(absl::StrCat("Search: ", status.error_message()));
    if (absl::Status running = alive(); !running.ok()) return running;
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat("sequence ", sequence, " not searchable within ", absl::FormatDuration(timeout)));
    }
    // UNAVAILABLE also comes back at once while the replica starts up.
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) absl::SleepFor(absl::Milliseconds(50));
  }
}

absl::Status WaitMerged(const std::string& address, absl::Duration timeout,
                        const std::function<absl::Status()>& alive) {
  auto stub = v1::QueryService::NewStub(OwnChannel(address, 1002));
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    v1::IndexStatus status;
    const grpc::Status rpc = stub->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status);
    if (!rpc.ok()) return absl::InternalError(absl::StrCat("GetIndexStatus: ", rpc.error_message()));
    if (!status.merging()) return absl::OkStatus();
    if (absl::Status running = alive(); !running.ok()) return running;
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat("still merging after ", absl::FormatDuration(timeout)));
    }
    // Merges are committed at the feed's heartbeats: polling more often
    // than that would tell nothing new.
    absl::SleepFor(absl::Milliseconds(200));
  }
}

absl::StatusOr<nlohmann::json> IndexStatusJson(const std::string& address) {
  auto stub = v1::QueryService::NewStub(OwnChannel(address, 1001));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  v1::IndexStatus status;
  const grpc::Status rpc = stub->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status);
  if (!rpc.ok()) return absl::InternalError(absl::StrCat("GetIndexStatus: ", rpc.error_message()));
  return nlohmann::json{{"applied_sequence", status.applied_sequence()},
                        {"article_count", status.article_count()},
                        {"event_count", status.event_count()},
                        {"segment_count", status.segment_count()}};
}

nlohmann::json ToJson(const IngestRun& run) {
  return {{"articles", run.articles},
          {"rejected", run.rejected},
          {"bytes", run.bytes},
          {"seconds", run.seconds},
          {"articles_per_s", run.seconds > 0 ? static_cast<double>(run.articles) / run.seconds : 0},
          {"mb_per_s", run.seconds > 0 ? static_cast<double>(run.bytes) / 1e6 / run.seconds : 0},
          {"last_sequence", run.last_sequence},
          {"outcomes", run.outcomes},
          {"first_errors", run.first_errors}};
}

}  // namespace chronicle::bench
