#include "core/server/token_auth.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace chronicle::server {
namespace {

constexpr absl::string_view kBearer = "Bearer ";
constexpr size_t kMinTokenBytes = 16;

// Looks at every byte of both strings whatever they hold, so the time taken
// does not tell an attacker how much of a guess was right.
bool SameSecret(absl::string_view a, absl::string_view b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    difference |= x ^ y;
  }
  return difference == 0;
}

bool AnyMatches(const std::vector<std::string>& tokens, absl::string_view presented) {
  bool found = false;
  for (const std::string& token : tokens) found |= SameSecret(token, presented);
  return found;
}

}  // namespace

absl::Status TokenPolicy::Check(absl::string_view path, absl::string_view authorization) const {
  for (const std::string& prefix : open_prefixes) {
    if (absl::StartsWith(path, prefix)) return absl::OkStatus();
  }
  absl::string_view token = absl::StripAsciiWhitespace(authorization);
  // The scheme is case-insensitive (RFC 9110, section 11.1).
  if (token.size() < kBearer.size() || !absl::EqualsIgnoreCase(token.substr(0, kBearer.size()), kBearer)) {
    return absl::UnauthenticatedError("missing \"authorization: Bearer <token>\" metadata");
  }
  token = absl::StripLeadingAsciiWhitespace(token.substr(kBearer.size()));
  if (AnyMatches(writer_tokens, token)) return absl::OkStatus();
  if (!AnyMatches(reader_tokens, token)) return absl::UnauthenticatedError("unknown token");
  if (std::find(write_methods.begin(), write_methods.end(), path) != write_methods.end()) {
    return absl::PermissionDeniedError(absl::StrCat("a reader token may not call ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ReadTokenFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read token file ", path));
  std::stringstream content;
  content << file.rdbuf();
  std::vector<std::string> tokens;
  for (absl::string_view line : absl::StrSplit(content.str(), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    if (line.size() < kMinTokenBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("token file ", path, ": tokens must be at least ", kMinTokenBytes, " bytes"));
    }
    tokens.emplace_back(line);
  }
  if (tokens.empty()) return absl::InvalidArgumentError(absl::StrCat("token file ", path, " holds no token"));
  return tokens;
}

absl::StatusOr<std::string> ReadAuthorizationHeader(const std::string& path) {
  absl::StatusOr<std::vector<std::string>> tokens = ReadTokenFile(path);
  if (!tokens.ok()) return tokens.status();
  return absl::StrCat(kBearer, tokens->front());
}

}  // namespace chronicle::server
