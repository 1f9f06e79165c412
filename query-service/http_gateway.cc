#include "query-service/http_gateway.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/http/json_mapping.h"
#include "core/server/grpc_status.h"
#include "core/web/pages.h"
#include "google/rpc/status.pb.h"

namespace chronicle::query_service {
namespace {

constexpr char kJson[] = "application/json";
constexpr char kHtml[] = "text/html; charset=utf-8";
constexpr char kApiPrefix[] = "/v1/";
constexpr char kArticlesApi[] = "/v1/articles/";
constexpr char kArticlesPage[] = "/articles/";

// The method paths the token policy decides on: an HTTP request needs what
// the gRPC call it makes needs.
constexpr char kSearchMethod[] = "/chronicle.v1.QueryService/Search";
constexpr char kTimelineMethod[] = "/chronicle.v1.QueryService/Timeline";
constexpr char kGetArticleMethod[] = "/chronicle.v1.QueryService/GetArticle";
constexpr char kGetIndexStatusMethod[] = "/chronicle.v1.QueryService/GetIndexStatus";

// Pages are data from the index: nothing on them may run or load anything.
// Escaping is what keeps article text inert; this policy is the second line.
http::HttpResponse Page(int status, std::string html) {
  http::HttpResponse response{status, kHtml, std::move(html)};
  response.headers = {{"Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
                       "base-uri 'none'; frame-ancestors 'none'"},
                      {"X-Content-Type-Options", "nosniff"},
                      {"Referrer-Policy", "no-referrer"}};
  return response;
}

// The authorization the token policy reads ("Bearer <token>"): a Bearer
// header as it is; HTTP Basic with the token as the password (the user name
// is ignored), which is what a browser sends once asked.
std::string BearerAuthorization(const std::string& header) {
  absl::string_view value = absl::StripAsciiWhitespace(header);
  if (!absl::StartsWithIgnoreCase(value, "basic ")) return std::string(value);
  std::string decoded;
  if (!absl::Base64Unescape(absl::StripAsciiWhitespace(value.substr(6)), &decoded)) return "";
  const size_t colon = decoded.find(':');
  return absl::StrCat("Bearer ", colon == std::string::npos ? decoded : decoded.substr(colon + 1));
}

// The google.rpc.Status a failed call carries in its details, or one made
// from its code and message when it carries none (a status from gRPC itself,
// such as DEADLINE_EXCEEDED).
google::rpc::Status RpcStatusOf(const grpc::Status& status) {
  google::rpc::Status rpc;
  if (!status.error_details().empty() && rpc.ParseFromString(status.error_details()) &&
      rpc.code() == static_cast<int>(status.error_code())) {
    return rpc;
  }
  return server::ToRpcStatus(server::FromGrpcStatus(status));
}

http::HttpResponse JsonError(const google::rpc::Status& status) {
  http::HttpResponse response{http::HttpStatusFor(static_cast<absl::StatusCode>(status.code())), kJson,
                              http::ToJson(status)};
  if (status.code() == static_cast<int>(absl::StatusCode::kUnauthenticated)) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"chronicle\"");
  }
  return response;
}

http::HttpResponse JsonError(const absl::Status& status) { return JsonError(server::ToRpcStatus(status)); }

http::HttpResponse JsonReply(const grpc::Status& status, const google::protobuf::Message& reply) {
  if (!status.ok()) return JsonError(RpcStatusOf(status));
  return {200, kJson, http::ToJson(reply)};
}

// Fills a request message from the query parameters (GET, HEAD) or the JSON
// body (POST).
absl::Status ReadRequest(const http::HttpRequest& http_request, google::protobuf::Message* request) {
  if (http_request.method == "POST") return http::MergeJsonBody(http_request.body, request);
  return http::MergeQueryParameters(http_request.query, request);
}

}  // namespace

HttpGateway::HttpGateway(const HttpGatewayOptions& options, std::shared_ptr<grpc::Channel> channel)
    : options_(options), stub_(v1::QueryService::NewStub(std::move(channel))) {}

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(const HttpGatewayOptions& options,
                                                                 std::shared_ptr<grpc::Channel> channel) {
  std::unique_ptr<HttpGateway> gateway(new HttpGateway(options, std::move(channel)));
  http::HttpServerOptions server_options;
  server_options.threads = options.threads;
  server_options.connection_limit = 64;
  server_options.idle_timeout_seconds = 30;
  const HttpGateway* self = gateway.get();
  absl::StatusOr<std::unique_ptr<http::HttpServer>> server = http::HttpServer::Start(
      options.listen, [self](const http::HttpRequest& request) { return self->Handle(request); }, server_options,
      "HTTP");
  if (!server.ok()) return server.status();
  gateway->server_ = *std::move(server);
  return gateway;
}

void HttpGateway::Prepare(grpc::ClientContext& context, const std::string& authorization) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.deadline));
  if (!authorization.empty()) context.AddMetadata("authorization", authorization);
}

http::HttpResponse HttpGateway::Handle(const http::HttpRequest& request) const {
  const bool api = absl::StartsWith(request.path, kApiPrefix);
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (!read && !(api && request.method == "POST")) {
    http::HttpResponse refused =
        api ? JsonError(absl::UnimplementedError(absl::StrCat("method ", request.method, " not allowed")))
            : Page(405, web::RenderErrorPage(405, absl::StrCat("Method ", request.method, " not allowed")));
    refused.status = 405;
    refused.headers.emplace_back("Allow", api ? "GET, HEAD, POST" : "GET, HEAD");
    return refused;
  }
  const std::string authorization = BearerAuthorization(request.Header("authorization"));
  return api ? HandleApi(request, authorization) : HandlePage(request, authorization);
}

http::HttpResponse HttpGateway::HandleApi(const http::HttpRequest& request, const std::string& authorization) const {
  auto authorize = [&](const char* method) {
    return options_.auth == nullptr ? absl::OkStatus() : options_.auth->Check(method, authorization);
  };
  grpc::ClientContext context;
  Prepare(context, authorization);
  if (request.path == "/v1/search") {
    if (absl::Status allowed = authorize(kSearchMethod); !allowed.ok()) return JsonError(allowed);
    v1::SearchRequest search;
    if (absl::Status status = ReadRequest(request, &search); !status.ok()) return JsonError(status);
    v1::SearchResponse reply;
    return JsonReply(stub_->Search(&context, search, &reply), reply);
  }
  if (request.path == "/v1/timeline") {
    if (absl::Status allowed = authorize(kTimelineMethod); !allowed.ok()) return JsonError(allowed);
    v1::TimelineRequest timeline;
    if (absl::Status status = ReadRequest(request, &timeline); !status.ok()) return JsonError(status);
    v1::TimelineResponse reply;
    return JsonReply(stub_->Timeline(&context, timeline, &reply), reply);
  }
  if (absl::StartsWith(request.path, kArticlesApi) && request.path.size() > sizeof(kArticlesApi) - 1) {
    if (absl::Status allowed = authorize(kGetArticleMethod); !allowed.ok()) return JsonError(allowed);
    v1::GetArticleRequest get;
    if (absl::Status status = ReadRequest(request, &get); !status.ok()) return JsonError(status);
    get.set_article_id(request.path.substr(sizeof(kArticlesApi) - 1));  // the path names the article
    v1::StoredArticle reply;
    return JsonReply(stub_->GetArticle(&context, get, &reply), reply);
  }
  if (request.path == "/v1/status") {
    if (absl::Status allowed = authorize(kGetIndexStatusMethod); !allowed.ok()) return JsonError(allowed);
    v1::GetIndexStatusRequest get;
    if (absl::Status status = ReadRequest(request, &get); !status.ok()) return JsonError(status);
    v1::IndexStatus reply;
    return JsonReply(stub_->GetIndexStatus(&context, get, &reply), reply);
  }
  return JsonError(absl::NotFoundError(
      absl::StrCat("no ", request.path, "; the API is /v1/search, /v1/timeline, /v1/articles/{id}, /v1/status")));
}

http::HttpResponse HttpGateway::HandlePage(const http::HttpRequest& request, const std::string& authorization) const {
  const char* method = request.path == "/"                           ? kSearchMethod
                       : request.path == "/timeline"                 ? kTimelineMethod
                       : absl::StartsWith(request.path, kArticlesPage) ? kGetArticleMethod
                                                                     : nullptr;
  if (method == nullptr) {
    return Page(404, web::RenderErrorPage(404, absl::StrCat("There is no page ", request.path, ".")));
  }
  if (options_.auth != nullptr) {
    if (absl::Status allowed = options_.auth->Check(method, authorization); !allowed.ok()) {
      // Basic, so that a browser asks for the token (as the password).
      http::HttpResponse refused = Page(http::HttpStatusFor(allowed.code()),
                                        web::RenderErrorPage(http::HttpStatusFor(allowed.code()), allowed.message()));
      refused.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Chronicle\", charset=\"UTF-8\"");
      return refused;
    }
  }
  grpc::ClientContext context;
  Prepare(context, authorization);
  if (method == kSearchMethod) {
    v1::SearchRequest search;
    if (absl::Status status = http::MergeQueryParameters(request.query, &search); !status.ok()) {
      return Page(400, web::RenderSearchPage(search, nullptr, status.message()));
    }
    if (request.query.empty()) return Page(200, web::RenderSearchPage(search, nullptr, ""));
    if (search.facets().empty()) {  // the facets the page shows when none are asked for
      for (const char* facet : {"source", "entity", "year"}) search.add_facets(facet);
    }
    v1::SearchResponse reply;
    const grpc::Status status = stub_->Search(&context, search, &reply);
    if (!status.ok()) {
      return Page(http::HttpStatusFor(static_cast<absl::StatusCode>(status.error_code())),
                  web::RenderSearchPage(search, nullptr, status.error_message()));
    }
    return Page(200, web::RenderSearchPage(search, &reply, ""));
  }
  if (method == kTimelineMethod) {
    v1::TimelineRequest timeline;
    if (absl::Status status = http::MergeQueryParameters(request.query, &timeline); !status.ok()) {
      return Page(400, web::RenderTimelinePage(timeline, nullptr, status.message()));
    }
    // A timeline needs a topic or an entity; without either the form alone.
    if (timeline.query().empty() && timeline.entity().empty()) {
      return Page(200, web::RenderTimelinePage(timeline, nullptr, ""));
    }
    v1::TimelineResponse reply;
    const grpc::Status status = stub_->Timeline(&context, timeline, &reply);
    if (!status.ok()) {
      return Page(http::HttpStatusFor(static_cast<absl::StatusCode>(status.error_code())),
                  web::RenderTimelinePage(timeline, nullptr, status.error_message()));
    }
    return Page(200, web::RenderTimelinePage(timeline, &reply, ""));
  }
  v1::GetArticleRequest get;
  get.set_article_id(request.path.substr(sizeof(kArticlesPage) - 1));
  get.set_view(v1::GetArticleRequest::FULL);
  v1::StoredArticle article;
  const grpc::Status status = stub_->GetArticle(&context, get, &article);
  if (!status.ok()) {
    const int code = http::HttpStatusFor(static_cast<absl::StatusCode>(status.error_code()));
    return Page(code, web::RenderErrorPage(code, status.error_message()));
  }
  return Page(200, web::RenderArticlePage(article));
}

}  // namespace chronicle::query_service
