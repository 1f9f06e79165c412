// chronicle: a command-line client for people without grpcurl.
//
//   chronicle ingest FILE...                 store articles (.txt .html .json .ndjson)
//   chronicle analyze FILE                   show what ingest would make of a file
//   chronicle search QUERY                   full-text search
//   chronicle timeline [--query Q] [--entity E] [--start D] [--end D]
//   chronicle get ID                         one stored article
//   chronicle status                         the query replica's index status
//   chronicle health --address=HOST:PORT     exit 0 only when grpc.health.v1 says SERVING
//
// Readable text by default, one JSON object per line with --json.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chronicle/v1/ingest_service.grpc.pb.h"
#include "chronicle/v1/query_service.grpc.pb.h"
#include "core/server/credentials.h"
#include "core/server/token_auth.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tools/chronicle/article_files.h"
#include "tools/chronicle/printing.h"

ABSL_FLAG(std::string, ingest_address, "127.0.0.1:50051", "ingest service host:port");
ABSL_FLAG(std::string, query_address, "127.0.0.1:50052", "query service host:port");
ABSL_FLAG(bool, json, false, "print one JSON object per line instead of text");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(60), "deadline of each call");
ABSL_FLAG(std::string, source, "", "ingest: publisher name for every article");
ABSL_FLAG(int, page_size, 0, "search/timeline: results per page (0 = service default)");
ABSL_FLAG(std::string, page_token, "", "search/timeline: continue from a previous page");
ABSL_FLAG(int64_t, min_sequence, 0, "search/timeline/get: wait until this feed sequence is applied");
ABSL_FLAG(std::string, order_by, "relevance", "search: relevance, newest or oldest");
ABSL_FLAG(std::string, query, "", "timeline: words the events must match");
ABSL_FLAG(std::string, entity, "", "timeline: entity the events must mention");
ABSL_FLAG(std::string, start, "", "timeline: first date (YYYY, YYYY-MM or YYYY-MM-DD)");
ABSL_FLAG(std::string, end, "", "timeline: last date");
ABSL_FLAG(std::string, granularity, "auto", "timeline: auto, day, month or year");
ABSL_FLAG(bool, match_article, false,
          "timeline: every event of the articles --query matches, not only those about it");
ABSL_FLAG(int32_t, max_entries, 0, "timeline: a summary of this many most important dates (0: the whole timeline)");
ABSL_FLAG(std::string, address, "", "health: host:port to check (default: --ingest_address)");
ABSL_FLAG(std::string, service, "", "health: service name to check (default: the whole server)");
ABSL_FLAG(std::string, tls_ca, "", "use TLS; PEM CA bundle to verify the server with (empty: system roots)");
ABSL_FLAG(std::string, tls_cert, "", "use TLS; PEM client certificate for servers requiring mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "the key of --tls_cert");
ABSL_FLAG(std::string, tls_server_name, "", "name the server certificate must carry, if not the address's host");
ABSL_FLAG(std::string, token_file, "", "file whose first line is the bearer token to send");

namespace chronicle::cli {
namespace {

constexpr int kMaxAttempts = 6;

// How to reach the services: transport security and the token, read once.
struct Connection {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string server_name;
  std::string authorization;
};

absl::StatusOr<Connection> ConnectionFromFlags() {
  const server::ClientTlsFiles tls = {absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert),
                                      absl::GetFlag(FLAGS_tls_key), absl::GetFlag(FLAGS_tls_server_name)};
  Connection connection;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = server::MakeChannelCredentials(tls);
  if (!credentials.ok()) return credentials.status();
  connection.credentials = *std::move(credentials);
  if (tls.enabled()) connection.server_name = tls.server_name;
  if (!absl::GetFlag(FLAGS_token_file).empty()) {
    absl::StatusOr<std::string> authorization = server::ReadAuthorizationHeader(absl::GetFlag(FLAGS_token_file));
    if (!authorization.ok()) return authorization.status();
    connection.authorization = *std::move(authorization);
  }
  return connection;
}

std::shared_ptr<grpc::Channel> Channel(const Connection& connection, const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  if (!connection.server_name.empty()) args.SetSslTargetNameOverride(connection.server_name);
  return grpc::CreateCustomChannel(address, connection.credentials, args);
}

// Sets the call's deadline and credentials.
void Prepare(const Connection& connection, grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
  if (!connection.authorization.empty()) context.AddMetadata("authorization", connection.authorization);
}

int Fail(const std::string& what, const grpc::Status& status) {
  std::cerr << "chronicle: " << what << ": " << status.error_message() << " (code "
            << status.error_code() << ")\n";
  return 1;
}

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

// Backoff with full jitter between attempts.
void Backoff(int attempt) {
  static thread_local std::mt19937 random(std::random_device{}());
  const int ceiling_ms = std::min(8000, 200 << attempt);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution<int>(ceiling_ms / 2, ceiling_ms)(random)));
}

struct Item {
  std::string file;
  v1::RawArticle article;
  v1::IngestArticleResponse response;
  bool done = false;
};

// Streams every item not yet done; returns the stream's final status.
grpc::Status StreamOnce(const Connection& connection, v1::IngestService::Stub& stub, std::vector<Item>& items) {
  std::vector<Item*> todo;
  for (Item& item : items) {
    if (!item.done) todo.push_back(&item);
  }
  grpc::ClientContext context;
  Prepare(connection, context);
  auto stream = stub.IngestArticles(&context);
  // Writes go on their own thread so responses are read while sending:
  // otherwise both sides' flow-control windows could fill and stall.
  std::thread sender([&] {
    v1::IngestArticleRequest request;
    for (Item* item : todo) {
      *request.mutable_article() = item->article;
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  v1::IngestArticleResponse response;
  size_t next = 0;
  while (next < todo.size() && stream->Read(&response)) {
    Item& item = *todo[next++];
    item.response = response;
    const bool transient = response.outcome() == v1::IngestArticleResponse::REJECTED &&
                           Retryable(static_cast<grpc::StatusCode>(response.error().code()));
    item.done = !transient;
  }
  sender.join();
  return stream->Finish();
}

int Ingest(const Connection& connection, const std::vector<char*>& files) {
  if (files.empty()) {
    std::cerr << "chronicle ingest: name at least one file\n";
    return 2;
  }
  std::vector<Item> items;
  for (const char* file : files) {
    absl::StatusOr<std::vector<v1::RawArticle>> articles = ReadArticleFile(file);
    if (!articles.ok()) {
      std::cerr << "chronicle: " << articles.status().message() << "\n";
      return 1;
    }
    for (v1::RawArticle& article : *articles) {
      if (!absl::GetFlag(FLAGS_source).empty()) article.set_source(absl::GetFlag(FLAGS_source));
      items.push_back({file, std::move(article), {}, false});
    }
  }
  auto stub = v1::IngestService::NewStub(Channel(connection, absl::GetFlag(FLAGS_ingest_address)));
  grpc::Status status;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) Backoff(attempt);
    status = StreamOnce(connection, *stub, items);
    const bool all_done = std::all_of(items.begin(), items.end(), [](const Item& i) { return i.done; });
    if (all_done) break;
    if (!status.ok() && !Retryable(status.error_code())) break;
  }
  int64_t last_sequence = 0;
  int stored = 0, rejected = 0;
  for (const Item& item : items) {
    if (!item.done) continue;
    if (absl::GetFlag(FLAGS_json)) {
      std::cout << ToJsonLine(item.response) << "\n";
    } else {
      std::cout << FormatIngestResult(item.file, item.response) << "\n";
    }
    if (item.response.outcome() == v1::IngestArticleResponse::REJECTED) {
      ++rejected;
    } else {
      ++stored;
      last_sequence = std::max(last_sequence, item.response.sequence());
    }
  }
  const int unanswered = static_cast<int>(items.size()) - stored - rejected;
  if (!absl::GetFlag(FLAGS_json)) {
    std::cout << stored << " stored, " << rejected << " rejected; feed sequence " << last_sequence
              << "\n";
  }
  if (unanswered > 0) return Fail(absl::StrCat(unanswered, " article(s) not acknowledged"), status);
  return rejected > 0 ? 1 : 0;
}

int Analyze(const Connection& connection, const std::vector<char*>& args) {
  if (args.size() != 1) {
    std::cerr << "chronicle analyze: name one file\n";
    return 2;
  }
  absl::StatusOr<std::vector<v1::RawArticle>> articles = ReadArticleFile(args[0]);
  if (!articles.ok()) {
    std::cerr << "chronicle: " << articles.status().message() << "\n";
    return 1;
  }
  auto stub = v1::IngestService::NewStub(Channel(connection, absl::GetFlag(FLAGS_ingest_address)));
  for (const v1::RawArticle& article : *articles) {
    v1::AnalyzeArticleRequest request;
    *request.mutable_article() = article;
    v1::AnalyzeArticleResponse response;
    grpc::ClientContext context;
    Prepare(connection, context);
    grpc::Status status = stub->AnalyzeArticle(&context, request, &response);
    if (!status.ok()) return Fail("analyze", status);
    std::cout << ToJsonLine(response.article()) << "\n";
  }
  return 0;
}

// Calls a query-service method, retrying while the replica is not reachable.
template <typename Request, typename Response, typename Method>
grpc::Status CallQuery(const Connection& connection, Method method, const Request& request,
                       Response* response) {
  auto stub = v1::QueryService::NewStub(Channel(connection, absl::GetFlag(FLAGS_query_address)));
  grpc::Status status;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) Backoff(attempt);
    grpc::ClientContext context;
    Prepare(connection, context);
    status = ((*stub).*method)(&context, request, response);
    if (!Retryable(status.error_code())) break;
  }
  return status;
}

int Search(const Connection& connection, const std::vector<char*>& args) {
  v1::SearchRequest request;
  request.set_query(absl::StrJoin(args, " "));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  request.set_min_sequence(absl::GetFlag(FLAGS_min_sequence));
  const std::string order = absl::AsciiStrToLower(absl::GetFlag(FLAGS_order_by));
  if (order == "newest") request.set_order_by(v1::SearchRequest::NEWEST);
  if (order == "oldest") request.set_order_by(v1::SearchRequest::OLDEST);
  v1::SearchResponse response;
  grpc::Status status = CallQuery(connection, &v1::QueryService::Stub::Search, request, &response);
  if (!status.ok()) return Fail("search", status);
  std::cout << (absl::GetFlag(FLAGS_json) ? ToJsonLine(response) + "\n" : FormatSearch(response));
  return 0;
}

int Timeline(const Connection& connection) {
  v1::TimelineRequest request;
  request.set_query(absl::GetFlag(FLAGS_query));
  request.set_entity(absl::GetFlag(FLAGS_entity));
  request.set_start(absl::GetFlag(FLAGS_start));
  request.set_end(absl::GetFlag(FLAGS_end));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  request.set_min_sequence(absl::GetFlag(FLAGS_min_sequence));
  request.set_match_article(absl::GetFlag(FLAGS_match_article));
  request.set_max_entries(absl::GetFlag(FLAGS_max_entries));
  const std::string granularity = absl::AsciiStrToUpper(absl::GetFlag(FLAGS_granularity));
  v1::TimelineRequest::Bucket bucket;
  if (!v1::TimelineRequest::Bucket_Parse(granularity, &bucket)) {
    std::cerr << "chronicle timeline: --granularity must be auto, day, month or year\n";
    return 2;
  }
  request.set_granularity(bucket);
  v1::TimelineResponse response;
  grpc::Status status = CallQuery(connection, &v1::QueryService::Stub::Timeline, request, &response);
  if (!status.ok()) return Fail("timeline", status);
  std::cout << (absl::GetFlag(FLAGS_json) ? ToJsonLine(response) + "\n" : FormatTimeline(response));
  return 0;
}

int Get(const Connection& connection, const std::vector<char*>& args) {
  if (args.size() != 1) {
    std::cerr << "chronicle get: name one article id\n";
    return 2;
  }
  v1::GetArticleRequest request;
  request.set_article_id(args[0]);
  request.set_min_sequence(absl::GetFlag(FLAGS_min_sequence));
  v1::StoredArticle response;
  grpc::Status status = CallQuery(connection, &v1::QueryService::Stub::GetArticle, request, &response);
  if (!status.ok()) return Fail("get", status);
  std::cout << ToJsonLine(response) << "\n";
  return 0;
}

int Status(const Connection& connection) {
  v1::IndexStatus response;
  grpc::Status status =
      CallQuery(connection, &v1::QueryService::Stub::GetIndexStatus, v1::GetIndexStatusRequest(), &response);
  if (!status.ok()) return Fail("status", status);
  std::cout << ToJsonLine(response) << "\n";
  return 0;
}

// One grpc.health.v1 Check, no retries: a probe wants the answer now.
int Health(const Connection& connection) {
  const std::string address = absl::GetFlag(FLAGS_address).empty() ? absl::GetFlag(FLAGS_ingest_address)
                                                                     : absl::GetFlag(FLAGS_address);
  auto stub = grpc::health::v1::Health::NewStub(Channel(connection, address));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(absl::GetFlag(FLAGS_service));
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  Prepare(connection, context);
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return Fail(absl::StrCat("health of ", address), status);
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()) << "\n";
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}

}  // namespace
}  // namespace chronicle::cli

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "chronicle COMMAND [flags] [args]\n"
      "  ingest FILE...      store articles (.txt .html .json .ndjson)\n"
      "  analyze FILE        show what ingest would make of a file (JSON)\n"
      "  search QUERY...     full-text search\n"
      "  timeline            dated events (--query, --entity, --start, --end, --granularity, --max_entries)\n"
      "  get ID              one article from the query replica (JSON)\n"
      "  status              the query replica's index status (JSON)\n"
      "  health              exit 0 only when --address (--service) reports SERVING");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) {
    std::cerr << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  const std::string command = args[1];
  const std::vector<char*> rest(args.begin() + 2, args.end());
  namespace cli = chronicle::cli;
  absl::StatusOr<cli::Connection> connection = cli::ConnectionFromFlags();
  if (!connection.ok()) {
    std::cerr << "chronicle: " << connection.status().message() << "\n";
    return 2;
  }
  if (command == "ingest") return cli::Ingest(*connection, rest);
  if (command == "analyze") return cli::Analyze(*connection, rest);
  if (command == "search") return cli::Search(*connection, rest);
  if (command == "timeline") return cli::Timeline(*connection);
  if (command == "get") return cli::Get(*connection, rest);
  if (command == "status") return cli::Status(*connection);
  if (command == "health") return cli::Health(*connection);
  std::cerr << "chronicle: unknown command \"" << command << "\"\n" << absl::ProgramUsageMessage() << "\n";
  return 2;
}
