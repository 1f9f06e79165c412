// An ingest service and query replicas, each a real process on an ephemeral
// port with its own data directory under the test's temp dir.
#ifndef CHRONICLE_TESTS_INTEGRATION_CLUSTER_H_
#define CHRONICLE_TESTS_INTEGRATION_CLUSTER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chronicle/v1/ingest_service.grpc.pb.h"
#include "chronicle/v1/query_service.grpc.pb.h"
#include "tests/integration/service_process.h"

namespace chronicle::testing {

class Cluster {
 public:
  Cluster();
  // Stops the services, then removes their directories unless the test
  // failed (RemoveTestDirUnlessFailed).
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Starts (or restarts) the ingest service on its data dir and waits until
  // it is SERVING.
  absl::Status StartIngest(const std::vector<std::string>& extra_args = {});
  // Starts the ingest service again on the port it had, so that replicas
  // following it reconnect (after a crash or a stop).
  absl::Status RestartIngestOnSamePort(const std::vector<std::string>& extra_args = {});
  // Starts (or restarts) query replica `replica` following the ingest service
  // and waits until it is SERVING (caught up).
  absl::Status StartQuery(int replica = 0, const std::vector<std::string>& extra_args = {});

  ServiceProcess& ingest() { return *ingest_; }
  ServiceProcess& query(int replica = 0) { return *queries_.at(replica); }
  bool has_query(int replica) const { return queries_.count(replica) > 0 && queries_.at(replica); }

  std::unique_ptr<v1::IngestService::Stub> IngestStub() const;
  std::unique_ptr<v1::QueryService::Stub> QueryStub(int replica = 0) const;
  // IngestArticle of `article` (with `authorization` metadata unless empty);
  // the feed sequence it was stored at.
  absl::StatusOr<int64_t> Ingest(const v1::RawArticle& article, const std::string& authorization = "") const;

  const std::string& ingest_dir() const { return ingest_dir_; }
  std::string query_dir(int replica) const;
  std::string log_path(const std::string& name) const;

 private:
  std::string root_;
  std::string ingest_dir_;
  std::unique_ptr<ServiceProcess> ingest_;
  std::map<int, std::unique_ptr<ServiceProcess>> queries_;
};

// A plain-text article request.
v1::IngestArticleRequest TextArticle(const std::string& id, const std::string& text,
                                     const std::string& published_at = "");

// A context with a deadline a test can afford to wait.
void SetTestDeadline(grpc::ClientContext& context, absl::Duration timeout = absl::Seconds(30));

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_INTEGRATION_CLUSTER_H_
