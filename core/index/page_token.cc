#include "core/index/page_token.h"

#include <zlib.h>

#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace chronicle::index {
namespace {

// p2 added the generation; p1 tokens, issued before, read as generation 0.
constexpr absl::string_view kVersion = "p2";
constexpr absl::string_view kVersionWithoutGeneration = "p1";

uint32_t Crc32(absl::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

absl::Status Malformed(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("page_token: ", why));
}

}  // namespace

std::string EncodePageToken(const PageToken& token) {
  const std::string body = absl::StrCat(kVersion, ":", token.offset, ":", token.snapshot_sequence, ":",
                                       token.fingerprint, ":", token.generation);
  // The checksum tells a damaged or hand-made token from a stale one.
  return absl::WebSafeBase64Escape(absl::StrCat(body, ":", Crc32(body)));
}

absl::StatusOr<PageToken> DecodePageToken(absl::string_view encoded, uint32_t expected_fingerprint) {
  std::string decoded;
  if (encoded.size() > 256 || !absl::WebSafeBase64Unescape(encoded, &decoded)) {
    return Malformed("not a token issued by this service");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(decoded, ':');
  const bool with_generation = parts.size() == 6 && parts[0] == kVersion;
  if (!with_generation && !(parts.size() == 5 && parts[0] == kVersionWithoutGeneration)) {
    return Malformed("not a token issued by this service");
  }
  const size_t body_length = decoded.size() - parts.back().size() - 1;
  uint32_t checksum = 0;
  PageToken token;
  if (!absl::SimpleAtoi(parts.back(), &checksum) ||
      checksum != Crc32(absl::string_view(decoded).substr(0, body_length)) ||
      !absl::SimpleAtoi(parts[1], &token.offset) ||
      !absl::SimpleAtoi(parts[2], &token.snapshot_sequence) ||
      !absl::SimpleAtoi(parts[3], &token.fingerprint) ||
      (with_generation && !absl::SimpleAtoi(parts[4], &token.generation)) || token.offset < 0 ||
      token.snapshot_sequence < 0 || token.generation < 0) {
    return Malformed("damaged token");
  }
  if (token.fingerprint != expected_fingerprint) {
    return Malformed("the token was issued for a different request; keep every field but page_token "
                     "and page_size the same while paging");
  }
  return token;
}

uint32_t RequestFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::Descriptor* descriptor = copy->GetDescriptor();
  for (const char* name : {"page_token", "page_size", "min_sequence"}) {
    if (const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByName(name)) {
      copy->GetReflection()->ClearField(copy.get(), field);
    }
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Crc32(bytes);
}

}  // namespace chronicle::index
