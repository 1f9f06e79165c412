// A file mapped read-only into memory: its bytes are read from the page
// cache on demand instead of copied whole into the heap, so that a process
// opening a large index holds only the pages it touches, the kernel can
// reclaim them under pressure, and several readers of one file (a writer and
// its readers, two processes) share one copy.
//
// Mapping has one danger reading does not: a page the device cannot give
// (an I/O error) faults with SIGBUS at whatever instruction first touches it
// instead of failing a call. Open therefore reads the whole file once through
// read(2) before it returns, so a device that cannot give the bytes is found
// there and reported as a status; the pages are then in the page cache, where
// later accesses find them. (A page evicted and failing on a later re-read is
// the risk that remains, as it is for any memory-mapped index.)
#ifndef CHRONICLE_CORE_COMMON_MAPPED_FILE_H_
#define CHRONICLE_CORE_COMMON_MAPPED_FILE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle {

class MappedFile {
 public:
  // Maps the whole of `path`. The file must not change while mapped (the
  // callers map only files that are written once, renamed into place and
  // never rewritten; removing one is safe). With `read_through` the file is
  // read once first (see above); without it, for a file this process has
  // just written and whose pages are therefore in the page cache, it is only
  // mapped. Errors: NOT_FOUND when there is no such file; INTERNAL naming
  // the failed step and the system's reason.
  enum class ReadThrough { kYes, kNo };
  static absl::StatusOr<std::shared_ptr<const MappedFile>> Open(const std::string& path,
                                                                ReadThrough read_through = ReadThrough::kYes);

  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  absl::string_view bytes() const { return absl::string_view(static_cast<const char*>(address_), size_); }

 private:
  MappedFile(void* address, size_t size) : address_(address), size_(size) {}

  void* address_;  // nullptr for an empty file, which has nothing to map
  size_t size_;
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_MAPPED_FILE_H_
