// Writing a changed OFD package without disturbing what signatures cover.
//
// The new archive holds every entry of the old one in the same order; entries not named in
// `writes` are copied as stored (compressed bytes, CRC and method unchanged: libzip copies
// unchanged entries raw), so earlier signatures' digests and any byte-level comparison hold.
// Named entries are replaced in place, new ones appended (deflated).
#pragma once

#include <string>
#include <vector>

#include "ofd/package.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::ofd {

struct FileWrite {
  std::string path;  // canonical; replaces the entry when present, adds it otherwise
  Bytes data;
};

// Returns the new archive. `mtime` stamps the written entries (tests pass a fixed clock).
// Errors: ofd.package.write_failed (libzip's reason in the message).
Result<Bytes> rewrite_package(const Package& base, const std::vector<FileWrite>& writes,
                              Time mtime);

// A new archive holding `files` in order (deflated). Errors: ofd.package.write_failed.
Result<Bytes> build_package(const std::vector<FileWrite>& files, Time mtime);

}  // namespace gmseal::ofd
