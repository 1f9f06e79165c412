// TLS, mutual TLS (the feed included) and bearer tokens against the real
// binaries. Certificates are made per test with the openssl command.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "core/common/status_macros.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using HealthResponse = grpc::health::v1::HealthCheckResponse;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A throwaway CA with a server certificate for 127.0.0.1/localhost and a
// client certificate, as PEM files in `dir`.
struct TestPki {
  std::string dir;
  std::string ca() const { return dir + "/ca.crt"; }
  std::string server_cert() const { return dir + "/server.crt"; }
  std::string server_key() const { return dir + "/server.key"; }
  std::string client_cert() const { return dir + "/client.crt"; }
  std::string client_key() const { return dir + "/client.key"; }
};

absl::Status Openssl(const std::vector<std::string>& args) {
  absl::StatusOr<CommandResult> result = RunCommand("/usr/bin/openssl", args);
  if (!result.ok()) return result.status();
  if (result->exit_code != 0) return absl::InternalError(absl::StrCat("openssl ", args[0], " failed"));
  return absl::OkStatus();
}

absl::StatusOr<TestPki> MakePki(const std::string& dir) {
  TestPki pki{dir};
  const std::vector<std::string> ec_key = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
  auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  RETURN_IF_ERROR(Openssl(with(with({"req", "-x509"}, ec_key),
                               {"-keyout", dir + "/ca.key", "-out", pki.ca(), "-days", "2", "-subj",
                                "/CN=chronicle-test-ca"})));
  WriteFile(dir + "/server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  WriteFile(dir + "/client.ext", "extendedKeyUsage=clientAuth\n");
  for (const std::string& who : {std::string("server"), std::string("client")}) {
    RETURN_IF_ERROR(Openssl(with(with({"req"}, ec_key), {"-keyout", dir + "/" + who + ".key", "-out",
                                                          dir + "/" + who + ".csr", "-subj", "/CN=" + who})));
    RETURN_IF_ERROR(Openssl({"x509", "-req", "-in", dir + "/" + who + ".csr", "-CA", pki.ca(), "-CAkey",
                             dir + "/ca.key", "-CAcreateserial", "-out", dir + "/" + who + ".crt", "-days", "2",
                             "-extfile", dir + "/" + who + ".ext"}));
  }
  return pki;
}

grpc::StatusCode HealthCode(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  SetTestDeadline(context, absl::Seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  HealthResponse response;
  return stub->Check(&context, request, &response).error_code();
}

std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address, const server::ClientTlsFiles& tls) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = server::MakeChannel(address, tls, args);
  EXPECT_TRUE(channel.ok()) << channel.status();
  return *channel;
}

std::shared_ptr<grpc::Channel> PlainChannel(const std::string& address) {
  return TlsChannel(address, {});
}

// TLS that verifies the server with `ca` and shows no client certificate.
server::ClientTlsFiles TrustOnly(const std::string& ca) {
  server::ClientTlsFiles tls;
  tls.ca = ca;
  return tls;
}

TEST(TlsTest, TlsServesTlsClientsAndRefusesPlaintext) {
  const std::string dir = FreshTestDir("tls");
  absl::StatusOr<TestPki> pki = MakePki(dir);
  ASSERT_TRUE(pki.ok()) << pki.status();
  auto ingest = ServiceProcess::Start(IngestBinary(),
                                      {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/ingest",
                                       "--tls_cert=" + pki->server_cert(), "--tls_key=" + pki->server_key()},
                                      dir + "/ingest.log");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  (*ingest)->UseTls(TrustOnly(pki->ca()));
  ASSERT_TRUE((*ingest)->WaitServing().ok());

  {
    // Scoped: a channel still open at SIGTERM would hold the shutdown up.
    auto stub = v1::IngestService::NewStub((*ingest)->channel());
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    EXPECT_TRUE(stub->IngestArticle(&context, TextArticle("tls-1", "Quay repaired\n\nThe quay was repaired."),
                                    &response)
                    .ok());
  }
  EXPECT_EQ(HealthCode(PlainChannel((*ingest)->address())), grpc::StatusCode::UNAVAILABLE);
  // A client that does not trust the server's CA is refused too.
  EXPECT_NE(HealthCode(TlsChannel((*ingest)->address(), TrustOnly(pki->client_cert()))), grpc::StatusCode::OK);
  EXPECT_EQ((*ingest)->Terminate(), 0);
}

TEST(TlsTest, MutualTlsRefusesClientsWithoutCertificatesAndCarriesTheFeed) {
  const std::string dir = FreshTestDir("mtls");
  absl::StatusOr<TestPki> pki = MakePki(dir);
  ASSERT_TRUE(pki.ok()) << pki.status();
  const std::vector<std::string> server_tls = {"--tls_cert=" + pki->server_cert(), "--tls_key=" + pki->server_key(),
                                               "--tls_client_ca=" + pki->ca()};
  std::vector<std::string> ingest_args = {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/ingest"};
  ingest_args.insert(ingest_args.end(), server_tls.begin(), server_tls.end());
  auto ingest = ServiceProcess::Start(IngestBinary(), ingest_args, dir + "/ingest.log");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  const server::ClientTlsFiles client_tls = {pki->ca(), pki->client_cert(), pki->client_key(), ""};
  (*ingest)->UseTls(client_tls);
  ASSERT_TRUE((*ingest)->WaitServing().ok());

  EXPECT_EQ(HealthCode(TlsChannel((*ingest)->address(), TrustOnly(pki->ca()))), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(HealthCode(PlainChannel((*ingest)->address())), grpc::StatusCode::UNAVAILABLE);

  // The CLI probe: SERVING with a certificate, a failure without.
  const std::vector<std::string> probe = {"--address=" + (*ingest)->address(), "--timeout=10s",
                                          "--tls_ca=" + pki->ca()};
  std::vector<std::string> with_cert = {"health", "--tls_cert=" + pki->client_cert(),
                                        "--tls_key=" + pki->client_key()};
  with_cert.insert(with_cert.end(), probe.begin(), probe.end());
  std::vector<std::string> without_cert = {"health"};
  without_cert.insert(without_cert.end(), probe.begin(), probe.end());
  auto healthy = RunCommand(CliBinary(), with_cert);
  ASSERT_TRUE(healthy.ok());
  EXPECT_EQ(healthy->exit_code, 0);
  EXPECT_EQ(healthy->output, "SERVING\n");
  auto refused = RunCommand(CliBinary(), without_cert);
  ASSERT_TRUE(refused.ok());
  EXPECT_NE(refused->exit_code, 0);

  // A replica follows the feed over mutual TLS and serves its own clients over TLS.
  std::vector<std::string> query_args = {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/query",
                                         "--ingest_address=" + (*ingest)->address(),
                                         "--ingest_tls_ca=" + pki->ca(),
                                         "--ingest_tls_cert=" + pki->client_cert(),
                                         "--ingest_tls_key=" + pki->client_key()};
  query_args.insert(query_args.end(), server_tls.begin(), server_tls.end());
  auto query = ServiceProcess::Start(QueryBinary(), query_args, dir + "/query.log");
  ASSERT_TRUE(query.ok()) << query.status();
  (*query)->UseTls(client_tls);
  ASSERT_TRUE((*query)->WaitServing().ok());

  {
    auto ingest_stub = v1::IngestService::NewStub((*ingest)->channel());
    grpc::ClientContext ingest_context;
    SetTestDeadline(ingest_context);
    v1::IngestArticleResponse ingested;
    ASSERT_TRUE(ingest_stub
                    ->IngestArticle(&ingest_context,
                                    TextArticle("mtls-1", "Lighthouse relit\n\nThe old lighthouse was relit."),
                                    &ingested)
                    .ok());
    auto query_stub = v1::QueryService::NewStub((*query)->channel());
    grpc::ClientContext query_context;
    SetTestDeadline(query_context);
    v1::SearchRequest search;
    search.set_query("lighthouse");
    search.set_min_sequence(ingested.sequence());
    v1::SearchResponse found;
    ASSERT_TRUE(query_stub->Search(&query_context, search, &found).ok());
    EXPECT_EQ(found.results_size(), 1);
  }
  EXPECT_EQ((*query)->Terminate(), 0);
  EXPECT_EQ((*ingest)->Terminate(), 0);
}

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = FreshTestDir("tokens");
    writer_file_ = dir + "/writer.tokens";
    reader_file_ = dir + "/reader.tokens";
    wrong_file_ = dir + "/wrong.tokens";
    WriteFile(writer_file_, "# writers\nwriter-secret-0000000001\n");
    WriteFile(reader_file_, "reader-secret-0000000001\nreader-secret-0000000002\n");
    WriteFile(wrong_file_, "not-a-known-secret-000001\n");
    const std::vector<std::string> tokens = {"--writer_token_file=" + writer_file_,
                                             "--reader_token_file=" + reader_file_,
                                             "--metrics_listen=127.0.0.1:0"};
    ASSERT_TRUE(cluster_.StartIngest(tokens).ok());
    std::vector<std::string> query_args = tokens;
    query_args.push_back("--ingest_token_file=" + reader_file_);
    ASSERT_TRUE(cluster_.StartQuery(0, query_args).ok());
  }

  grpc::StatusCode Ingest(const std::string& authorization, int64_t* sequence = nullptr) {
    auto stub = cluster_.IngestStub();
    grpc::ClientContext context;
    SetTestDeadline(context);
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    v1::IngestArticleResponse response;
    const grpc::Status status = stub->IngestArticle(
        &context, TextArticle("token-1", "Canal lock fixed\n\nThe canal lock gates were fixed."), &response);
    if (sequence != nullptr) *sequence = response.sequence();
    return status.error_code();
  }

  Cluster cluster_;
  std::string writer_file_, reader_file_, wrong_file_;
};

TEST_F(TokenTest, WritesNeedAWriterToken) {
  EXPECT_EQ(Ingest(""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest("Bearer not-a-known-secret-000001"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest("Basic writer-secret-0000000001"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest("Bearer reader-secret-0000000002"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Ingest("Bearer writer-secret-0000000001"), grpc::StatusCode::OK);

  absl::StatusOr<std::string> metrics = HttpGet(cluster_.ingest().metrics_address(), "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(*metrics, ::testing::HasSubstr("chronicle_auth_refused_total{grpc_code=\"UNAUTHENTICATED\"} 3\n"));
  EXPECT_THAT(*metrics, ::testing::HasSubstr("chronicle_auth_refused_total{grpc_code=\"PERMISSION_DENIED\"} 1\n"));
}

TEST_F(TokenTest, HealthStaysOpenAndReadersReadWhatTheFeedBrought) {
  auto ingest_health = cluster_.ingest().HealthStatus("chronicle.v1.IngestService");
  ASSERT_TRUE(ingest_health.ok()) << ingest_health.status();
  EXPECT_EQ(*ingest_health, HealthResponse::SERVING);
  auto query_health = cluster_.query().HealthStatus("chronicle.v1.QueryService");
  ASSERT_TRUE(query_health.ok());
  EXPECT_EQ(*query_health, HealthResponse::SERVING);  // it follows the feed with its reader token

  int64_t sequence = 0;
  ASSERT_EQ(Ingest("Bearer writer-secret-0000000001", &sequence), grpc::StatusCode::OK);
  auto search = [&](const std::string& authorization) {
    auto stub = cluster_.QueryStub();
    grpc::ClientContext context;
    SetTestDeadline(context);
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    v1::SearchRequest request;
    request.set_query("canal");
    request.set_min_sequence(sequence);
    v1::SearchResponse response;
    const grpc::Status status = stub->Search(&context, request, &response);
    return status.ok() ? response.results_size() : -static_cast<int>(status.error_code());
  };
  EXPECT_EQ(search(""), -static_cast<int>(grpc::StatusCode::UNAUTHENTICATED));
  EXPECT_EQ(search("Bearer reader-secret-0000000001"), 1);
  EXPECT_EQ(search("Bearer writer-secret-0000000001"), 1);

  // The CLI sends the first token of its --token_file.
  auto cli = RunCommand(CliBinary(), {"--query_address=" + cluster_.query().address(),
                                      "--token_file=" + reader_file_, "search", "canal"});
  ASSERT_TRUE(cli.ok());
  EXPECT_EQ(cli->exit_code, 0);
  EXPECT_THAT(cli->output, ::testing::HasSubstr("lock fixed"));
}

}  // namespace
}  // namespace chronicle::testing
