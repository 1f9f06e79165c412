// Opaque page tokens (AIP-158) for Search and Timeline.
//
// A token pins the feed sequence the first page was computed at, so documents
// created after it never shift later pages, and a fingerprint of the request,
// so a token is only accepted with the request it was issued for.
#ifndef CHRONICLE_CORE_INDEX_PAGE_TOKEN_H_
#define CHRONICLE_CORE_INDEX_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace chronicle::index {

struct PageToken {
  int64_t offset = 0;             // results already returned
  int64_t snapshot_sequence = 0;  // only documents created at or before it
  uint32_t fingerprint = 0;       // of the request, without page_token/page_size
  // The segment index's commit the first page read (0: none), read again
  // by later pages while it is retained.
  int64_t generation = 0;
};

std::string EncodePageToken(const PageToken& token);

// Errors: INVALID_ARGUMENT "page_token: ..." when the token is malformed, was
// not issued by Chronicle, or belongs to a different request.
absl::StatusOr<PageToken> DecodePageToken(absl::string_view encoded, uint32_t expected_fingerprint);

// Fingerprint of `request` with the named fields cleared (page_token,
// page_size, min_sequence: they may change between pages). Stable across
// processes, so any replica accepts another's token.
uint32_t RequestFingerprint(const google::protobuf::Message& request);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_PAGE_TOKEN_H_
