#include "core/metrics/http_endpoint.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// One HTTP/1.0 exchange with 127.0.0.1:port; the whole response, headers too.
std::string Fetch(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return "";
  }
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char chunk[4096];
  ssize_t got;
  while ((got = read(fd, chunk, sizeof(chunk))) > 0) response.append(chunk, static_cast<size_t>(got));
  close(fd);
  return response;
}

TEST(HttpEndpointTest, ServesTheRegistryAtMetrics) {
  Registry registry;
  (*registry.AddCounter("demo_scraped_total", "x"))->WithLabels({}).Increment(3);
  auto endpoint = HttpEndpoint::Start("127.0.0.1:0", &registry);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  ASSERT_GT((*endpoint)->port(), 0);
  EXPECT_EQ((*endpoint)->address(), "127.0.0.1:" + std::to_string((*endpoint)->port()));

  const std::string response = Fetch((*endpoint)->port(), "GET /metrics HTTP/1.0\r\n\r\n");
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(response, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(response, HasSubstr("\r\n\r\n# HELP demo_scraped_total x\n"));
  EXPECT_THAT(response, HasSubstr("demo_scraped_total 3\n"));

  // Each scrape renders afresh.
  (*registry.AddGauge("demo_later", "y"))->WithLabels({}).Set(1);
  EXPECT_THAT(Fetch((*endpoint)->port(), "GET /metrics HTTP/1.0\r\n\r\n"), HasSubstr("demo_later 1\n"));
}

TEST(HttpEndpointTest, OtherPathsAndMethodsAreRefused) {
  Registry registry;
  auto endpoint = HttpEndpoint::Start("127.0.0.1:0", &registry);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  EXPECT_THAT(Fetch((*endpoint)->port(), "GET /secrets HTTP/1.0\r\n\r\n"), StartsWith("HTTP/1.1 404"));
  EXPECT_THAT(Fetch((*endpoint)->port(), "POST /metrics HTTP/1.0\r\nContent-Length: 0\r\n\r\n"),
              StartsWith("HTTP/1.1 405"));
}

TEST(HttpEndpointTest, NoHostMeansEveryInterfaceIpv4Included) {
  Registry registry;
  (*registry.AddGauge("demo_everywhere", "x"))->WithLabels({}).Set(2);
  auto endpoint = HttpEndpoint::Start(":0", &registry);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  EXPECT_THAT(Fetch((*endpoint)->port(), "GET /metrics HTTP/1.0\r\n\r\n"), HasSubstr("demo_everywhere 2\n"));
}

TEST(HttpEndpointTest, BadOrTakenAddressesAreErrors) {
  Registry registry;
  EXPECT_EQ(HttpEndpoint::Start("no-port", &registry).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpEndpoint::Start("127.0.0.1:99999", &registry).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto first = HttpEndpoint::Start("127.0.0.1:0", &registry);
  ASSERT_TRUE(first.ok());
  auto second = HttpEndpoint::Start("127.0.0.1:" + std::to_string((*first)->port()), &registry);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace chronicle::metrics
