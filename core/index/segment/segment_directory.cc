#include "core/index/segment/segment_directory.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "zlib.h"

namespace chronicle::index::segment {
namespace {

constexpr char kManifestName[] = "MANIFEST";
constexpr absl::string_view kHeader = "chronicle-segments 1";
constexpr absl::string_view kSegmentPrefix = "segment-";

uint32_t Crc(absl::string_view text) {
  return static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(text.data()), text.size()));
}

absl::Status Damaged(absl::string_view what) { return absl::DataLossError(absl::StrCat("segment manifest: ", what)); }

// A name the manifest may hold: made by Commit, inside the directory.
bool IsSegmentName(absl::string_view name) {
  return absl::StartsWith(name, kSegmentPrefix) && name.size() > kSegmentPrefix.size() &&
         name.find('/') == absl::string_view::npos && !absl::EndsWith(name, ".partial");
}

}  // namespace

std::string SerializeManifest(const Manifest& manifest) {
  std::string text = absl::StrCat(kHeader, "\ngeneration ", manifest.generation, "\napplied_sequence ",
                                  manifest.applied_sequence, "\n");
  for (const Manifest::Entry& entry : manifest.segments) absl::StrAppend(&text, "segment ", entry.file, " ", entry.bytes, "\n");
  absl::StrAppend(&text, "crc32 ", absl::StrFormat("%08x", Crc(text)), "\n");
  return text;
}

absl::StatusOr<Manifest> ParseManifest(absl::string_view text) {
  if (!absl::EndsWith(text, "\n")) return Damaged("cut short");
  const size_t crc_line = text.rfind('\n', text.size() - 2);
  if (crc_line == absl::string_view::npos) return Damaged("no checksum line");
  const absl::string_view body = text.substr(0, crc_line + 1);
  const absl::string_view crc_text = text.substr(crc_line + 1, text.size() - crc_line - 2);
  uint32_t crc = 0;
  if (!absl::StartsWith(crc_text, "crc32 ") ||
      !absl::SimpleHexAtoi(crc_text.substr(6), &crc) || crc != Crc(body)) {
    return Damaged("checksum mismatch");
  }
  Manifest manifest;
  std::vector<absl::string_view> lines = absl::StrSplit(body.substr(0, body.size() - 1), '\n');
  if (lines.size() < 3 || lines[0] != kHeader) return Damaged("not a segment manifest of format 1");
  if (!absl::ConsumePrefix(&lines[1], "generation ") || !absl::SimpleAtoi(lines[1], &manifest.generation) ||
      manifest.generation < 1) {
    return Damaged("bad generation line");
  }
  if (!absl::ConsumePrefix(&lines[2], "applied_sequence ") ||
      !absl::SimpleAtoi(lines[2], &manifest.applied_sequence) || manifest.applied_sequence < 0) {
    return Damaged("bad applied_sequence line");
  }
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 3; i < lines.size(); ++i) {
    std::vector<absl::string_view> fields = absl::StrSplit(lines[i], ' ');
    Manifest::Entry entry;
    if (fields.size() != 3 || fields[0] != "segment" || !IsSegmentName(fields[1]) ||
        !absl::SimpleAtoi(fields[2], &entry.bytes)) {
      return Damaged(absl::StrCat("bad line ", i + 1));
    }
    entry.file = std::string(fields[1]);
    if (!seen.insert(entry.file).second) return Damaged(absl::StrCat(entry.file, " named twice"));
    manifest.segments.push_back(std::move(entry));
  }
  return manifest;
}

absl::StatusOr<SegmentDirectory> SegmentDirectory::Open(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return absl::InternalError(absl::StrCat("segments: cannot create ", path, ": ", error.message()));
  Manifest manifest;
  const std::string manifest_path = path + "/" + kManifestName;
  if (std::filesystem::exists(manifest_path, error)) {
    std::ifstream in(manifest_path, std::ios::binary);
    if (!in.is_open()) return absl::InternalError(absl::StrCat("segments: cannot open ", manifest_path));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return absl::InternalError(absl::StrCat("segments: cannot read ", manifest_path));
    absl::StatusOr<Manifest> parsed = ParseManifest(text.str());
    if (!parsed.ok()) return parsed.status();
    manifest = *std::move(parsed);
    for (const Manifest::Entry& entry : manifest.segments) {
      const std::string file = path + "/" + entry.file;
      const uintmax_t size = std::filesystem::file_size(file, error);
      if (error) return Damaged(absl::StrCat(entry.file, " is missing"));
      if (size != entry.bytes) {
        return Damaged(absl::StrCat(entry.file, " holds ", size, " bytes, the manifest says ", entry.bytes));
      }
    }
  }
  SegmentDirectory directory(path, std::move(manifest));
  if (absl::Status removed = directory.RemoveUnnamedFiles(); !removed.ok()) return removed;
  return directory;
}

absl::Status SegmentDirectory::RemoveUnnamedFiles() const {
  absl::flat_hash_set<std::string> named;
  for (const Manifest::Entry& entry : manifest_.segments) named.insert(entry.file);
  std::error_code error;
  for (const auto& file : std::filesystem::directory_iterator(path_, error)) {
    const std::string name = file.path().filename().string();
    const bool ours = absl::StartsWith(name, kSegmentPrefix) || name == std::string(kManifestName) + ".partial";
    if (ours && !named.contains(name)) std::filesystem::remove(file.path(), error);
    if (error) return absl::InternalError(absl::StrCat("segments: cannot remove ", name, ": ", error.message()));
  }
  if (error) return absl::InternalError(absl::StrCat("segments: cannot list ", path_, ": ", error.message()));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Segment>> SegmentDirectory::ReadSegments() const {
  std::vector<Segment> segments;
  for (const Manifest::Entry& entry : manifest_.segments) {
    absl::StatusOr<Segment> segment = Segment::Read(path_ + "/" + entry.file);
    if (!segment.ok()) return segment.status();
    segments.push_back(*std::move(segment));
  }
  return segments;
}

absl::Status SegmentDirectory::Commit(const std::vector<std::string>& kept, const std::vector<const Segment*>& added,
                                      int64_t applied_sequence) {
  Manifest next;
  next.generation = manifest_.generation + 1;
  next.applied_sequence = applied_sequence;
  for (const std::string& name : kept) {
    auto it = std::find_if(manifest_.segments.begin(), manifest_.segments.end(),
                           [&](const Manifest::Entry& entry) { return entry.file == name; });
    if (it == manifest_.segments.end()) {
      return absl::InvalidArgumentError(absl::StrCat("segments: ", name, " is not in the index"));
    }
    next.segments.push_back(*it);
  }
  // New segments first, each durable before the manifest names it; on any
  // failure they are removed again and the previous commit stands.
  std::vector<std::string> written;
  auto abandon = [&](absl::Status status) {
    std::error_code ignored;
    for (const std::string& name : written) std::filesystem::remove(path_ + "/" + name, ignored);
    return status;
  };
  for (size_t i = 0; i < added.size(); ++i) {
    const std::string name = absl::StrCat(kSegmentPrefix, next.generation, "-", i);
    if (absl::Status status = added[i]->Write(path_ + "/" + name); !status.ok()) return abandon(status);
    written.push_back(name);
    next.segments.push_back({name, added[i]->bytes().size()});
  }
  bool replaced = false;
  absl::Status status = WriteFileDurably(path_ + "/" + kManifestName, SerializeManifest(next), &replaced);
  if (!status.ok() && !replaced) return abandon(status);
  // Renamed: the directory shows the new manifest, so its files stay and
  // this object describes it; a failed directory sync is still an error
  // (the commit may not survive a crash), for the caller to reopen on.
  manifest_ = std::move(next);
  if (!status.ok()) return status;
  // Only now may the files the previous commit named go; what this leaves
  // behind goes at the next Open.
  (void)RemoveUnnamedFiles();
  return absl::OkStatus();
}

}  // namespace chronicle::index::segment
