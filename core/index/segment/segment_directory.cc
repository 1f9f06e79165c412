#include "core/index/segment/segment_directory.h"

#include <algorithm>
#include <filesystem>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/common/durable_file.h"
#include "zlib.h"

namespace chronicle::index::segment {
namespace {

constexpr char kManifestName[] = "MANIFEST";
constexpr absl::string_view kHeader = "chronicle-segments 1";
constexpr absl::string_view kSegmentPrefix = "segment-";
constexpr absl::string_view kDeletionsPrefix = "deletes-";

uint32_t Crc(absl::string_view text) {
  return static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(text.data()), text.size()));
}

absl::Status Damaged(absl::string_view what) { return absl::DataLossError(absl::StrCat("segment manifest: ", what)); }

// A name the manifest may hold: made by Commit, inside the directory.
bool IsFileName(absl::string_view name, absl::string_view prefix) {
  return absl::StartsWith(name, prefix) && name.size() > prefix.size() &&
         name.find('/') == absl::string_view::npos && !absl::EndsWith(name, ".partial");
}

absl::Status CheckSize(const std::string& directory, const std::string& name, uint64_t bytes) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(directory + "/" + name, error);
  if (error) return Damaged(absl::StrCat(name, " is missing"));
  if (size != bytes) return Damaged(absl::StrCat(name, " holds ", size, " bytes, the manifest says ", bytes));
  return absl::OkStatus();
}

}  // namespace

std::string SerializeManifest(const Manifest& manifest) {
  std::string text = absl::StrCat(kHeader, "\ngeneration ", manifest.generation, "\napplied_sequence ",
                                  manifest.applied_sequence, "\n");
  for (const Manifest::Entry& entry : manifest.segments) {
    absl::StrAppend(&text, "segment ", entry.file, " ", entry.bytes);
    if (!entry.deletions_file.empty()) absl::StrAppend(&text, " ", entry.deletions_file, " ", entry.deletions_bytes);
    absl::StrAppend(&text, "\n");
  }
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
    if ((fields.size() != 3 && fields.size() != 5) || fields[0] != "segment" ||
        !IsFileName(fields[1], kSegmentPrefix) || !absl::SimpleAtoi(fields[2], &entry.bytes) ||
        (fields.size() == 5 &&
         (!IsFileName(fields[3], kDeletionsPrefix) || !absl::SimpleAtoi(fields[4], &entry.deletions_bytes)))) {
      return Damaged(absl::StrCat("bad line ", i + 1));
    }
    entry.file = std::string(fields[1]);
    if (!seen.insert(entry.file).second) return Damaged(absl::StrCat(entry.file, " named twice"));
    if (fields.size() == 5) {
      entry.deletions_file = std::string(fields[3]);
      if (!seen.insert(entry.deletions_file).second) return Damaged(absl::StrCat(entry.deletions_file, " named twice"));
    }
    manifest.segments.push_back(std::move(entry));
  }
  return manifest;
}

absl::StatusOr<Manifest> ReadManifest(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path + "/" + kManifestName);
  if (absl::IsNotFound(text.status())) return Manifest();  // nothing committed yet
  if (!text.ok()) return text.status();
  return ParseManifest(*text);
}

absl::StatusOr<Deletions> ReadDeletions(const std::string& path, const Manifest::Entry& entry,
                                        uint32_t document_count) {
  if (entry.deletions_file.empty()) return Deletions(document_count);
  absl::StatusOr<std::string> bytes = ReadFile(path + "/" + entry.deletions_file);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<Deletions> deletions = Deletions::Parse(*bytes);
  if (deletions.ok() && deletions->document_count() != document_count) {
    return Damaged(absl::StrCat(entry.deletions_file, " is not for ", entry.file));
  }
  return deletions;
}

absl::StatusOr<SegmentDirectory> SegmentDirectory::Open(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return absl::InternalError(absl::StrCat("segments: cannot create ", path, ": ", error.message()));
  absl::StatusOr<Manifest> manifest = ReadManifest(path);
  if (!manifest.ok()) return manifest.status();
  for (const Manifest::Entry& entry : manifest->segments) {
    if (absl::Status size = CheckSize(path, entry.file, entry.bytes); !size.ok()) return size;
    if (entry.deletions_file.empty()) continue;
    if (absl::Status size = CheckSize(path, entry.deletions_file, entry.deletions_bytes); !size.ok()) return size;
  }
  SegmentDirectory directory(path, *std::move(manifest));
  if (absl::Status removed = directory.RemoveUnnamedFiles(); !removed.ok()) return removed;
  return directory;
}

absl::Status SegmentDirectory::RemoveUnnamedFiles() const {
  absl::flat_hash_set<std::string> named;
  for (const Manifest::Entry& entry : manifest_.segments) {
    named.insert(entry.file);
    if (!entry.deletions_file.empty()) named.insert(entry.deletions_file);
  }
  std::error_code error;
  for (const auto& file : std::filesystem::directory_iterator(path_, error)) {
    const std::string name = file.path().filename().string();
    const bool ours = absl::StartsWith(name, kSegmentPrefix) || absl::StartsWith(name, kDeletionsPrefix) ||
                      name == std::string(kManifestName) + ".partial";
    // A reserved name's file may be being written (through its .partial)
    // on another thread.
    absl::string_view written = name;
    absl::ConsumeSuffix(&written, ".partial");
    if (ours && !named.contains(name) && !reserved_.contains(written)) std::filesystem::remove(file.path(), error);
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

absl::StatusOr<Deletions> SegmentDirectory::ReadDeletions(const Manifest::Entry& entry,
                                                          uint32_t document_count) const {
  return segment::ReadDeletions(path_, entry, document_count);
}

std::string SegmentDirectory::ReserveName() {
  std::string name = absl::StrCat(kSegmentPrefix, manifest_.generation, "-m", ++reservations_);
  reserved_.insert(name);
  return name;
}

void SegmentDirectory::ReleaseName(const std::string& name) {
  if (reserved_.erase(name) == 0) return;
  if (std::any_of(manifest_.segments.begin(), manifest_.segments.end(),
                  [&](const Manifest::Entry& entry) { return entry.file == name; })) {
    return;
  }
  std::error_code ignored;
  std::filesystem::remove(path_ + "/" + name, ignored);
}

absl::Status SegmentDirectory::Commit(const std::vector<std::string>& kept, const std::vector<const Segment*>& added,
                                      int64_t applied_sequence) {
  std::vector<CommitEntry> segments;
  for (const std::string& name : kept) segments.push_back({name, nullptr, nullptr, ""});
  for (const Segment* segment : added) segments.push_back({"", segment, nullptr, ""});
  return Commit(segments, applied_sequence);
}

absl::Status SegmentDirectory::Commit(const std::vector<CommitEntry>& segments, int64_t applied_sequence) {
  Manifest next;
  next.generation = manifest_.generation + 1;
  next.applied_sequence = applied_sequence;
  // New files first, each durable before the manifest names it; on any
  // failure they are removed again and the previous commit stands.
  std::vector<std::string> written;
  auto abandon = [&](absl::Status status) {
    std::error_code ignored;
    for (const std::string& name : written) std::filesystem::remove(path_ + "/" + name, ignored);
    return status;
  };
  for (size_t i = 0; i < segments.size(); ++i) {
    const CommitEntry& segment = segments[i];
    Manifest::Entry entry;
    if (!segment.adopted.empty()) {
      if (!reserved_.contains(segment.adopted) || segment.added == nullptr) {
        return abandon(absl::InvalidArgumentError(absl::StrCat("segments: ", segment.adopted, " was not reserved")));
      }
      entry.file = segment.adopted;
      entry.bytes = segment.added->bytes().size();
    } else if (segment.added != nullptr) {
      entry.file = absl::StrCat(kSegmentPrefix, next.generation, "-", i);
      if (absl::Status status = segment.added->Write(path_ + "/" + entry.file); !status.ok()) {
        return abandon(status);
      }
      written.push_back(entry.file);
      entry.bytes = segment.added->bytes().size();
    } else {
      auto it = std::find_if(manifest_.segments.begin(), manifest_.segments.end(),
                             [&](const Manifest::Entry& named) { return named.file == segment.kept; });
      if (it == manifest_.segments.end()) {
        return abandon(absl::InvalidArgumentError(absl::StrCat("segments: ", segment.kept, " is not in the index")));
      }
      entry = *it;
    }
    if (segment.deletions != nullptr) {
      entry.deletions_file.clear();
      entry.deletions_bytes = 0;
      if (!segment.deletions->empty()) {
        entry.deletions_file = absl::StrCat(kDeletionsPrefix, next.generation, "-", i);
        const std::string bytes = segment.deletions->Serialize();
        if (absl::Status status = WriteFileDurably(path_ + "/" + entry.deletions_file, bytes); !status.ok()) {
          return abandon(status);
        }
        written.push_back(entry.deletions_file);
        entry.deletions_bytes = bytes.size();
      }
    }
    next.segments.push_back(std::move(entry));
  }
  bool replaced = false;
  absl::Status status = WriteFileDurably(path_ + "/" + kManifestName, SerializeManifest(next), &replaced);
  if (!status.ok() && !replaced) return abandon(status);
  // Renamed: the directory shows the new manifest, so its files stay and
  // this object describes it; a failed directory sync is still an error
  // (the commit may not survive a crash), for the caller to reopen on.
  manifest_ = std::move(next);
  for (const CommitEntry& segment : segments) {
    if (!segment.adopted.empty()) reserved_.erase(segment.adopted);
  }
  if (!status.ok()) return status;
  // Only now may the files the previous commit named go; what this leaves
  // behind goes at the next Open.
  (void)RemoveUnnamedFiles();
  return absl::OkStatus();
}

}  // namespace chronicle::index::segment
