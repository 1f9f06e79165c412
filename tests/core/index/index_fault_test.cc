// The index under storage faults: each write, sync and read of a commit
// failing in turn. Whatever fails, the index must never record a sequence
// whose changes it does not hold, and following the feed again from where it
// resumes must end with every article present exactly once.
#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/common/sequence_watch.h"
#include "core/feed/change_applier.h"
#include "core/index/index_reader.h"
#include "core/index/reader_pool.h"
#include "core/index/schema.h"
#include "gtest/gtest.h"
#include "tests/faults/io_faults.h"

namespace chronicle::index {
namespace {

using ::chronicle::feed::ChangeApplier;
using ::chronicle::feed::ChangeApplierOptions;
using ::chronicle::testing::ArmIoFault;
using ::chronicle::testing::DisarmIoFault;
using ::chronicle::testing::IoCall;
using ::chronicle::testing::IoCallsCounted;
using ::chronicle::testing::IoFaultFired;

constexpr int kArticles = 40;
constexpr int kFirstCommit = 12;

std::string ArticleId(int64_t sequence) { return absl::StrCat("article-", sequence); }

// Article `sequence`, created by change `sequence`, with a dated event.
v1::Change Upsert(int64_t sequence) {
  v1::Change change;
  change.set_sequence(sequence);
  change.set_kind(v1::Change::UPSERT);
  change.set_article_id(ArticleId(sequence));
  v1::Article* article = change.mutable_article()->mutable_article();
  article->set_id(ArticleId(sequence));
  article->set_body(absl::StrCat("The harbour board met for the ", sequence, "th time on 3 May 2021."));
  article->mutable_metadata()->set_title(absl::StrCat("Harbour board meeting ", sequence));
  article->mutable_metadata()->set_source("Harbor Times");
  article->mutable_metadata()->set_language("en");
  v1::Event* event = article->add_events();
  event->set_text(article->body());
  event->set_date_value("2021-05-03");
  event->mutable_when()->mutable_start()->set_seconds(1620000000);
  event->mutable_when()->mutable_end()->set_seconds(1620086400);
  event->mutable_when()->set_granularity(v1::DAY);
  return change;
}

// The changes after `after` up to `last`, as one caught-up feed message.
v1::WatchChangesResponse Message(int64_t after, int64_t last) {
  v1::WatchChangesResponse message;
  for (int64_t sequence = after + 1; sequence <= last; ++sequence) *message.add_changes() = Upsert(sequence);
  message.set_head_sequence(last);
  message.set_caught_up(true);
  return message;
}

// What a reader opening the index now finds: every article up to the
// sequence it claims, each with its one event. The duplicates' index may
// have committed further than the articles' (a replay skips it there), so
// more articles than claimed is right, fewer is not.
void ExpectIndexHoldsWhatItClaims(const std::string& path, const std::string& context) {
  absl::StatusOr<std::unique_ptr<IndexReader>> reader = IndexReader::Open(path);
  ASSERT_TRUE(reader.ok()) << context << ": " << reader.status();
  const int64_t claimed = (*reader)->applied_sequence();
  const int64_t articles = (*reader)->CountDocuments(schema::kArticleType);
  EXPECT_GE(articles, claimed) << context;
  EXPECT_LE(articles, kArticles) << context;
  EXPECT_EQ((*reader)->CountDocuments(schema::kEventType), articles) << context << ": events applied twice or lost";
  for (int64_t sequence = 1; sequence <= claimed; ++sequence) {
    auto article = (*reader)->GetArticle(ArticleId(sequence), v1::GetArticleRequest::BASIC);
    ASSERT_TRUE(article.ok()) << context << ": " << article.status();
    EXPECT_TRUE(article->has_value()) << context << ": article " << sequence << " missing at claimed sequence "
                                      << claimed;
  }
}

struct Fault {
  const char* name;
  IoCall call;
  int error;
};

void PrintTo(const Fault& fault, std::ostream* out) { *out << fault.name; }

class IndexFaultTest : public ::testing::TestWithParam<std::tuple<Fault, int>> {
 protected:
  std::string FreshDir(int nth) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = absl::StrCat("index-fault.", info->name(), ".", nth);
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    const auto dir = std::filesystem::path(::testing::TempDir()) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::remove_all(dir.string() + ".unusable");
    return std::filesystem::weakly_canonical(dir).string();
  }
};

// Applies kFirstCommit articles and commits, then fails the nth call of the
// fault's kind while the rest are applied and committed; recovers as the feed
// follower does and follows the feed to the end.
TEST_P(IndexFaultTest, EveryFailingCallOfACommitLeavesAnIndexThatHoldsWhatItClaims) {
  const auto& [fault, threads] = GetParam();
  int nth = 1;
  for (;; ++nth) {
    SCOPED_TRACE(absl::StrCat(fault.name, ", call ", nth, ", ", threads, " thread(s)"));
    const std::string path = FreshDir(nth);
    SequenceWatch applied;
    auto applier = ChangeApplier::Open({.path = path, .threads = threads}, &applied, {});
    ASSERT_TRUE(applier.ok()) << applier.status();
    ASSERT_TRUE((*applier)->Apply(Message(0, kFirstCommit), absl::Now()).ok());
    ASSERT_EQ((*applier)->resume_after(), kFirstCommit);

    ArmIoFault(path, fault.call, nth, fault.error);
    absl::Status status = (*applier)->Apply(Message(kFirstCommit, kArticles), absl::Now() + absl::Seconds(1));
    if (status.ok() && !(*applier)->needs_recovery()) status = (*applier)->Flush();
    const bool fired = IoFaultFired();
    DisarmIoFault();
    if (!fired) {
      // Past the last call of the commit: nothing failed, everything is there.
      EXPECT_TRUE(status.ok()) << status;
      EXPECT_EQ((*applier)->resume_after(), kArticles);
      ExpectIndexHoldsWhatItClaims(path, "no fault");
      break;
    }
    ExpectIndexHoldsWhatItClaims(path, "right after the fault");
    if (!status.ok()) {
      EXPECT_TRUE((*applier)->needs_recovery()) << status;
      // A failed writer refuses to commit anything more.
      EXPECT_FALSE((*applier)->Flush().ok());
      ASSERT_TRUE((*applier)->Recover().ok());
      ExpectIndexHoldsWhatItClaims(path, "after reopening");
    }
    // Follow the feed again from where the index resumes.
    const int64_t resume = (*applier)->resume_after();
    EXPECT_GE(resume, kFirstCommit);
    ASSERT_TRUE((*applier)->Apply(Message(resume, kArticles), absl::Now() + absl::Seconds(2)).ok());
    ASSERT_TRUE((*applier)->Flush().ok());
    EXPECT_EQ((*applier)->resume_after(), kArticles);
    applier->reset();  // as a restart
    ExpectIndexHoldsWhatItClaims(path, "after following the feed to its end");
    auto reopened = ChangeApplier::Open({.path = path, .threads = threads}, &applied, {});
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    EXPECT_EQ((*reopened)->resume_after(), kArticles);
    EXPECT_EQ((*reopened)->CountDocuments(schema::kArticleType), kArticles);
    std::filesystem::remove_all(path);
  }
  // The sweep reached calls to fail (a fault that never fires proves nothing).
  EXPECT_GT(nth, 1);
  RecordProperty("calls_swept", nth - 1);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, IndexFaultTest,
    // A commit reads nothing (segments are mapped; a merge reads them
    // there): failed reads are the readers' (ReaderPoolFaultTest).
    ::testing::Combine(::testing::Values(Fault{"write EIO", IoCall::kWrite, EIO},
                                         Fault{"write ENOSPC", IoCall::kWrite, ENOSPC},
                                         Fault{"sync EIO", IoCall::kSync, EIO}),
                       ::testing::Values(1, 2)),
    [](const auto& info) {
      std::string name = absl::StrCat(std::get<0>(info.param).name, "_", std::get<1>(info.param), "threads");
      for (char& c : name) {
        if (c == ' ') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace chronicle::index

namespace chronicle::index {
namespace {

// Power lost after a commit, simulated by cutting one of the index's files
// at a byte offset: the replica must rebuild, or open at a sequence whose
// every article it can read back (or fail to read, loudly). It must never
// claim a sequence and answer that an article up to it does not exist, and
// never refuse to start over a file that is merely short: that is lost data,
// which the feed repairs.
TEST(IndexTornWriteTest, ACutFileIsRebuiltOrReadBackWhole) {
  const std::string original =
      (std::filesystem::path(::testing::TempDir()) / "index-torn.original").string();
  std::filesystem::remove_all(original);
  {
    SequenceWatch applied;
    auto applier = ChangeApplier::Open({.path = original, .threads = 2}, &applied, {});
    ASSERT_TRUE(applier.ok()) << applier.status();
    ASSERT_TRUE((*applier)->Apply(Message(0, kFirstCommit), absl::Now()).ok());
    ASSERT_TRUE((*applier)->Apply(Message(kFirstCommit, kArticles), absl::Now() + absl::Seconds(1)).ok());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(original)) {
    if (entry.is_regular_file() && entry.file_size() > 0) files.push_back(entry.path());
  }
  ASSERT_FALSE(files.empty());
  int opened = 0, rebuilt = 0, refused = 0, read_errors = 0;
  for (const std::filesystem::path& file : files) {
    const uintmax_t size = std::filesystem::file_size(file);
    for (const uintmax_t cut : {uintmax_t{0}, size / 2, size - 1}) {
      const std::string relative = std::filesystem::relative(file, original).string();
      SCOPED_TRACE(absl::StrCat(relative, " cut to ", cut, " of ", size, " bytes"));
      const std::string path = (std::filesystem::path(::testing::TempDir()) / "index-torn.copy").string();
      std::filesystem::remove_all(path);
      std::filesystem::remove_all(path + ".unusable");
      std::filesystem::copy(original, path, std::filesystem::copy_options::recursive);
      std::filesystem::resize_file(std::filesystem::path(path) / relative, cut);

      SequenceWatch applied;
      auto applier = ChangeApplier::Open({.path = path, .threads = 2}, &applied, {});
      if (!applier.ok()) {
        ++refused;
        ADD_FAILURE() << "refused instead of rebuilding: " << applier.status();
        continue;
      }
      if ((*applier)->resume_after() == 0) {
        ++rebuilt;
        continue;
      }
      ++opened;
      const int64_t claimed = (*applier)->resume_after();
      applier->reset();
      auto reader = IndexReader::Open(path);
      if (!reader.ok()) {
        ++read_errors;  // refused at the reader: not silent
        continue;
      }
      for (int64_t sequence = 1; sequence <= std::min<int64_t>(claimed, (*reader)->applied_sequence()); ++sequence) {
        auto article = (*reader)->GetArticle(ArticleId(sequence), v1::GetArticleRequest::BASIC);
        if (!article.ok()) {
          ++read_errors;  // an error, not a wrong answer
          continue;
        }
        EXPECT_TRUE(article->has_value()) << "article " << sequence << " silently missing at claimed sequence "
                                          << claimed;
      }
    }
  }
  RecordProperty("opened", opened);
  RecordProperty("rebuilt", rebuilt);
  RecordProperty("refused", refused);
  RecordProperty("read_errors", read_errors);
}

}  // namespace
}  // namespace chronicle::index

namespace chronicle::index {
namespace {

// A read error answers UNAVAILABLE for that request and turns the pool
// unhealthy until the index opens again. A reader reads each segment once,
// when it first sees it, and the manifests at every request: that is where
// a failing disk shows.
TEST(ReaderPoolFaultTest, AReadErrorMakesThePoolUnhealthyUntilTheIndexReopens) {
  const std::string path = (std::filesystem::path(::testing::TempDir()) / "index-read-fault").string();
  std::filesystem::remove_all(path);
  {
    SequenceWatch applied;
    auto applier = ChangeApplier::Open({.path = path, .threads = 2}, &applied, {});
    ASSERT_TRUE(applier.ok()) << applier.status();
    ASSERT_TRUE((*applier)->Apply(Message(0, kArticles), absl::Now()).ok());
  }
  const std::string directory = std::filesystem::canonical(path).string();
  ReaderPool pool(path, nullptr, /*max_readers=*/2);
  std::vector<bool> changes;
  pool.SetHealthListener([&changes](bool healthy) { changes.push_back(healthy); });
  v1::SearchRequest request;
  request.set_query("harbour board");
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    auto result = (*lease)->Search(request);
    ASSERT_TRUE(result.ok()) << result.status();
  }

  // One failing read: the request fails, the pool is unhealthy, and the
  // next request, reading again, makes it healthy.
  ArmIoFault(directory, IoCall::kRead, 1, EIO);
  auto failed = pool.Acquire();
  EXPECT_TRUE(IoFaultFired());
  DisarmIoFault();
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_FALSE(pool.healthy());
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    EXPECT_TRUE(pool.healthy());
  }
  EXPECT_EQ(changes, (std::vector<bool>{false, true}));

  // An index that cannot be read at all keeps the pool unhealthy.
  ::chronicle::testing::ArmRandomIoFaults(directory, {IoCall::kRead}, 1.0, 1);
  EXPECT_EQ(pool.Acquire().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(pool.healthy());
  EXPECT_EQ(pool.Acquire().status().code(), absl::StatusCode::kUnavailable);
  DisarmIoFault();
  EXPECT_FALSE(pool.healthy());
  // Readable again: the next request reopens it.
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  auto result = (*lease)->Search(request);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(result->results_size(), 0);
  EXPECT_TRUE(pool.healthy());
  EXPECT_EQ(changes, (std::vector<bool>{false, true, false, true}));
}

}  // namespace
}  // namespace chronicle::index
