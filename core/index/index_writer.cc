#include "core/index/index_writer.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/index/schema.h"
#include "core/index/xapian_status.h"

namespace chronicle::index {
namespace {

using schema::BooleanTerm;

// The created-sequence of the article's current document, if it has one: an
// update keeps its place in paginations that started before it.
absl::optional<std::string> CreatedSequenceOf(const Xapian::Database& db, const std::string& id_term) {
  Xapian::PostingIterator it = db.postlist_begin(id_term);
  if (it == db.postlist_end(id_term)) return absl::nullopt;
  return db.get_document(*it).get_value(schema::kCreatedSequenceSlot);
}

}  // namespace

absl::StatusOr<std::unique_ptr<IndexWriter>> IndexWriter::Open(const IndexWriterOptions& options) {
  try {
    Xapian::WritableDatabase db(options.path, Xapian::DB_CREATE_OR_OPEN);
    const std::string version = db.get_metadata(schema::kSchemaVersionKey);
    if (!version.empty() && version != std::to_string(schema::kVersion)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "index at ", options.path, " has schema version ", version, ", this binary writes ",
          schema::kVersion, "; it must be rebuilt from the feed"));
    }
    int64_t applied = 0;
    const std::string applied_text = db.get_metadata(schema::kAppliedSequenceKey);
    if (!applied_text.empty() && !absl::SimpleAtoi(applied_text, &applied)) {
      return absl::DataLossError(absl::StrCat("index at ", options.path,
                                              " has an unreadable applied sequence \"",
                                              applied_text, "\""));
    }
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(db), applied));
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, absl::StrCat("opening index ", options.path));
  }
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db, int64_t applied_sequence)
    : db_(std::move(db)), applied_sequence_(applied_sequence), committed_sequence_(applied_sequence) {}

absl::Status IndexWriter::Apply(const v1::Change& change) {
  if (change.sequence() <= applied_sequence_) return absl::OkStatus();
  try {
    switch (change.kind()) {
      case v1::Change::UPSERT:
        ApplyUpsert(change);
        break;
      case v1::Change::DELETE:
        ApplyDelete(change.article_id());
        break;
      default:
        return absl::InvalidArgumentError(
            absl::StrCat("change ", change.sequence(), " has unknown kind ", change.kind()));
    }
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, absl::StrCat("applying change ", change.sequence()));
  }
  applied_sequence_ = change.sequence();
  return absl::OkStatus();
}

void IndexWriter::ApplyUpsert(const v1::Change& change) {
  const v1::StoredArticle& stored = change.article();
  const std::string& id = stored.article().id();
  const std::string id_term = BooleanTerm(schema::kIdPrefix, id);
  int64_t created_sequence = change.sequence();
  if (absl::optional<std::string> created = CreatedSequenceOf(db_, id_term);
      created.has_value() && !created->empty()) {
    created_sequence = static_cast<int64_t>(Xapian::sortable_unserialise(*created));
  }
  // Events are re-derived from the new version.
  db_.delete_document(BooleanTerm(schema::kArticlePrefix, id));
  if (stored.duplicate_of().empty()) {
    db_.replace_document(id_term, builder_.BuildArticle(stored, created_sequence));
    for (Xapian::Document& event : builder_.BuildEvents(stored, created_sequence)) {
      db_.add_document(event);
    }
  } else {
    db_.replace_document(id_term, builder_.BuildDuplicate(stored, created_sequence));
  }
}

void IndexWriter::ApplyDelete(const std::string& article_id) {
  db_.delete_document(BooleanTerm(schema::kIdPrefix, article_id));
  db_.delete_document(BooleanTerm(schema::kArticlePrefix, article_id));
}

absl::Status IndexWriter::Commit() {
  try {
    db_.set_metadata(schema::kAppliedSequenceKey, std::to_string(applied_sequence_));
    db_.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kVersion));
    db_.commit();
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, "committing index");
  }
  committed_sequence_ = applied_sequence_;
  return absl::OkStatus();
}

int64_t IndexWriter::CountDocuments(absl::string_view type) const {
  try {
    return db_.get_termfreq(BooleanTerm(schema::kTypePrefix, type));
  } catch (const Xapian::Error&) {
    return -1;
  }
}

}  // namespace chronicle::index
