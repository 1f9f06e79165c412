// Xapian reports errors with exceptions; the rest of Chronicle uses statuses.
// Every call into Xapian is wrapped where it happens and converted here.
#ifndef CHRONICLE_CORE_INDEX_XAPIAN_STATUS_H_
#define CHRONICLE_CORE_INDEX_XAPIAN_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "xapian.h"

namespace chronicle::index {

// A locked database or a failed read or write is UNAVAILABLE, a corrupt,
// truncated or incompatible one DATA_LOSS / FAILED_PRECONDITION (it must be
// rebuilt), a query it cannot parse INVALID_ARGUMENT, anything else INTERNAL.
inline absl::Status FromXapianError(const Xapian::Error& error, absl::string_view context) {
  // Xapian::Error is not polymorphic; get_type() names the concrete class.
  const absl::string_view type = error.get_type();
  const std::string message = absl::StrCat(context, ": ", error.get_description());
  if (type == "DatabaseLockError") return absl::UnavailableError(message);
  if (type == "DatabaseCorruptError") return absl::DataLossError(message);
  if (type == "DatabaseVersionError" || type == "DatabaseOpeningError" ||
      type == "DatabaseNotFoundError") {
    return absl::FailedPreconditionError(message);
  }
  if (type == "QueryParserError") return absl::InvalidArgumentError(message);
  if (type == "DatabaseModifiedError") return absl::AbortedError(message);
  if (type == "DatabaseError") {
    // A file shorter than the committed revision says ("EOF reading block 2"):
    // written data was lost, as after a power cut or a truncated copy.
    if (absl::StrContains(error.get_msg(), "EOF reading block")) return absl::DataLossError(message);
    // Otherwise a failed read, write or sync ("Error writing block 14"): the
    // storage is in trouble, the data may not be.
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_XAPIAN_STATUS_H_
