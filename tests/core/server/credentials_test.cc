#include "core/server/credentials.h"

#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace chronicle::server {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

ServerTlsFiles Server(const std::string& cert, const std::string& key, const std::string& client_ca) {
  ServerTlsFiles tls;
  tls.cert = cert;
  tls.key = key;
  tls.client_ca = client_ca;
  return tls;
}

ClientTlsFiles Client(const std::string& ca, const std::string& cert) {
  ClientTlsFiles tls;
  tls.ca = ca;
  tls.cert = cert;
  return tls;
}

TEST(CredentialsTest, PlaintextNeedsNoFiles) {
  EXPECT_TRUE(MakeServerCredentials({}, nullptr).ok());
  EXPECT_TRUE(MakeChannelCredentials({}).ok());
  EXPECT_FALSE(ClientTlsFiles{}.enabled());
  EXPECT_TRUE(Client("ca.pem", "").enabled());
}

TEST(CredentialsTest, HalfAKeyPairIsRefused) {
  const std::string pem = WriteTemp("half.pem", "not really PEM");
  EXPECT_EQ(MakeServerCredentials(Server(pem, "", ""), nullptr).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeServerCredentials(Server("", pem, ""), nullptr).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeServerCredentials(Server("", "", pem), nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeChannelCredentials(Client("", pem)).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CredentialsTest, MissingFilesAreNotFound) {
  const std::string absent = ::testing::TempDir() + "/absent.pem";
  EXPECT_EQ(MakeServerCredentials(Server(absent, absent, ""), nullptr).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(MakeChannelCredentials(Client(absent, "")).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace chronicle::server
