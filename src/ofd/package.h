// ofd::Package: the files of an OFD container (GB/T 33190-2016 §7.2: a ZIP archive), read
// tolerantly and within limits.
//
// Tolerated: bytes before or after the archive (KingGrid, OfdSharp #6: the archive is located by
// its end-of-central-directory record and cut out), entry names with "./", "\" or a leading "/"
// (normalised to canonical paths, see ofd/path.h), directory entries (skipped).
// Refused with an error: not a ZIP (ofd.package.not_zip), no /OFD.xml
// (ofd.package.missing_ofd_xml), two entries with one canonical name (ofd.package.duplicate_entry),
// encrypted entries (ofd.package.encrypted), an entry that does not inflate or fails its CRC
// (ofd.package.corrupt_entry), more inflated bytes or entries than PackageLimits allow
// (ofd.package.too_large: zip bombs are stopped while inflating, whatever the headers claim).
//
// A Package holds every file inflated in memory plus the (cut-out) archive bytes, which the
// writer copies unchanged entries from. Immutable after open(); safe to share between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::ofd {

struct PackageLimits {
  std::uint64_t max_entry_size = 256ull << 20;   // inflated bytes of one file
  std::uint64_t max_total_size = 1024ull << 20;  // inflated bytes of all files
  std::uint64_t max_entries = 100000;
};

struct PackageEntry {
  std::string path;        // canonical, "/Doc_0/Document.xml"
  std::string entry_name;  // the name as stored in the archive
  Bytes data;              // inflated content
};

class Package {
 public:
  static Result<Package> open(ByteView data, const PackageLimits& limits = {});
  static Result<Package> open_file(const std::filesystem::path& file,
                                   const PackageLimits& limits = {});

  // Files in archive order (directories excluded).
  const std::vector<PackageEntry>& entries() const { return entries_; }
  bool contains(std::string_view canonical_path) const;
  // The entry at `canonical_path`; when absent, a unique case-insensitive match (Windows
  // producers mix "TPLS" and "Tpls"). Null when neither exists.
  const PackageEntry* find(std::string_view canonical_path) const;
  // Content of `canonical_path`. Errors: ofd.package.missing_file (field = the path).
  Result<ByteView> read(std::string_view canonical_path) const;

  // The ZIP archive itself, without stray bytes around it.
  ByteView archive() const { return archive_; }
  // Bytes dropped before / after the archive (0 for a clean file).
  std::size_t leading_junk() const { return leading_junk_; }
  std::size_t trailing_junk() const { return trailing_junk_; }

 private:
  Package() = default;
  Bytes archive_;
  std::size_t leading_junk_ = 0;
  std::size_t trailing_junk_ = 0;
  std::vector<PackageEntry> entries_;
  std::map<std::string, std::size_t, std::less<>> index_;
  // Lower-cased path -> entry index, or kAmbiguous when two entries differ only in case.
  std::map<std::string, std::size_t, std::less<>> lower_index_;
  static constexpr std::size_t kAmbiguous = static_cast<std::size_t>(-1);
};

}  // namespace gmseal::ofd
