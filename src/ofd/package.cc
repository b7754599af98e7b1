#include "ofd/package.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "ofd/path.h"
#include "util/file_io.h"

namespace gmseal::ofd {

namespace {

constexpr std::size_t kEocdSize = 22;
constexpr std::size_t kZip64LocatorSize = 20;

std::uint32_t le16(const std::uint8_t* p) { return p[0] | (p[1] << 8); }
std::uint32_t le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
bool has_signature(ByteView data, std::size_t at, std::uint8_t a, std::uint8_t b) {
  return at + 4 <= data.size() && data[at] == 'P' && data[at + 1] == 'K' && data[at + 2] == a &&
         data[at + 3] == b;
}

struct ArchiveSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Finds the archive inside `data` from its end-of-central-directory record (APPNOTE 4.3.16).
// Junk written before a whole archive shifts every offset by the same amount: the central
// directory ends where the EOCD record begins, so (where it really starts) - (where the EOCD says
// it starts) is the length of the junk.
std::optional<ArchiveSpan> locate_archive(ByteView data) {
  if (data.size() < kEocdSize) return std::nullopt;
  for (std::size_t e = data.size() - kEocdSize + 1; e-- > 0;) {
    if (!has_signature(data, e, 5, 6)) continue;
    const std::uint8_t* p = data.data() + e;
    const std::size_t comment_length = le16(p + 20);
    const std::size_t end = e + kEocdSize + comment_length;
    if (end > data.size()) continue;
    const std::uint32_t entries = le16(p + 10);
    const std::uint32_t cd_size = le32(p + 12);
    const std::uint32_t cd_offset = le32(p + 16);
    if (cd_offset == 0xffffffffu || cd_size == 0xffffffffu || entries == 0xffffu) {
      // ZIP64: the real sizes live in the ZIP64 record; only trailing junk is cut.
      if (e < kZip64LocatorSize || !has_signature(data, e - kZip64LocatorSize, 6, 7)) continue;
      return ArchiveSpan{0, end};
    }
    if (cd_size > e) continue;
    const std::size_t cd_start = e - cd_size;
    if (cd_start < cd_offset) continue;
    if (entries > 0 && !has_signature(data, cd_start, 1, 2)) continue;
    return ArchiveSpan{cd_start - cd_offset, end};
  }
  return std::nullopt;
}

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  return out;
}

}  // namespace

Result<Package> Package::open(ByteView data, const PackageLimits& limits) {
  const auto span = locate_archive(data);
  if (!span) {
    return make_error("ofd.package.not_zip",
                      "not an OFD package: no ZIP end-of-central-directory record found");
  }
  Package package;
  package.archive_.assign(data.begin() + static_cast<std::ptrdiff_t>(span->begin),
                          data.begin() + static_cast<std::ptrdiff_t>(span->end));
  package.leading_junk_ = span->begin;
  package.trailing_junk_ = data.size() - span->end;

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(package.archive_.data(), package.archive_.size(), 0, &error);
  if (source == nullptr) {
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return make_error("ofd.package.not_zip", "cannot read the ZIP archive: " + message);
  }
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(source);
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return make_error("ofd.package.not_zip", "not a readable ZIP archive: " + message);
  }
  zip_error_fini(&error);

  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    return make_error("ofd.package.too_large", "the archive lists " + std::to_string(count) +
                                                   " entries; the limit is " +
                                                   std::to_string(limits.max_entries));
  }
  std::uint64_t total = 0;
  std::vector<std::uint8_t> chunk(64 * 1024);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), index, ZIP_FL_ENC_RAW, &stat) != 0 || stat.name == nullptr) {
      return make_error("ofd.package.corrupt_entry",
                        "entry " + std::to_string(i) +
                            " of the archive cannot be read: " + zip_strerror(archive.get()));
    }
    const std::string name = stat.name;
    if (!name.empty() && (name.back() == '/' || name.back() == '\\')) continue;  // a folder
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
      return make_error("ofd.package.encrypted", "entry '" + name + "' is encrypted", name);
    }
    auto path = resolve_loc(name, "/");
    if (!path.ok()) {
      return make_error("ofd.package.bad_entry_name",
                        "entry name '" + name + "' is not a package path: " + path.error().message,
                        name);
    }
    if (package.index_.count(*path) != 0) {
      return make_error("ofd.package.duplicate_entry",
                        "two archive entries name the same file '" + *path + "'", *path);
    }
    if ((stat.valid & ZIP_STAT_SIZE) && stat.size > limits.max_entry_size) {
      return make_error("ofd.package.too_large",
                        "entry '" + name + "' declares " + std::to_string(stat.size) +
                            " inflated bytes; the limit is " +
                            std::to_string(limits.max_entry_size),
                        *path);
    }
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive.get(), index, 0));
    if (!file) {
      return make_error("ofd.package.corrupt_entry",
                        "entry '" + name + "' cannot be opened: " + zip_strerror(archive.get()),
                        *path);
    }
    Bytes content;
    if (stat.valid & ZIP_STAT_SIZE) content.reserve(static_cast<std::size_t>(stat.size));
    for (;;) {
      const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
      if (n < 0) {
        return make_error("ofd.package.corrupt_entry",
                          "entry '" + name + "' does not inflate: " +
                              zip_error_strerror(zip_file_get_error(file.get())),
                          *path);
      }
      if (n == 0) break;
      // Headers can lie about sizes: the caps are enforced on the bytes actually inflated.
      total += static_cast<std::uint64_t>(n);
      if (content.size() + static_cast<std::size_t>(n) > limits.max_entry_size ||
          total > limits.max_total_size) {
        return make_error("ofd.package.too_large",
                          "entry '" + name + "' inflates beyond the limit (" +
                              std::to_string(limits.max_entry_size) + " bytes per file, " +
                              std::to_string(limits.max_total_size) + " in all)",
                          *path);
      }
      content.insert(content.end(), chunk.begin(), chunk.begin() + n);
    }
    const auto [lower, inserted] =
        package.lower_index_.emplace(ascii_lower(*path), package.entries_.size());
    if (!inserted) lower->second = kAmbiguous;
    package.index_.emplace(*path, package.entries_.size());
    package.entries_.push_back(PackageEntry{*path, name, std::move(content)});
  }
  if (package.find("/OFD.xml") == nullptr) {
    return make_error("ofd.package.missing_ofd_xml",
                      "the archive has no OFD.xml at its root: not an OFD package", "/OFD.xml");
  }
  return package;
}

Result<Package> Package::open_file(const std::filesystem::path& file, const PackageLimits& limits) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(file));
  auto package = open(data, limits);
  if (!package.ok()) {
    const Error& e = package.error();
    return make_error(e.code, "'" + file.string() + "': " + e.message, e.field);
  }
  return package;
}

bool Package::contains(std::string_view canonical_path) const {
  return index_.find(canonical_path) != index_.end();
}

const PackageEntry* Package::find(std::string_view canonical_path) const {
  if (auto it = index_.find(canonical_path); it != index_.end()) return &entries_[it->second];
  // Lookups stay logarithmic: a hostile package cannot make every miss scan every entry.
  const auto it = lower_index_.find(ascii_lower(canonical_path));
  if (it == lower_index_.end() || it->second == kAmbiguous) return nullptr;
  return &entries_[it->second];
}

Result<ByteView> Package::read(std::string_view canonical_path) const {
  const PackageEntry* entry = find(canonical_path);
  if (entry == nullptr) {
    return make_error("ofd.package.missing_file",
                      "the package has no file '" + std::string(canonical_path) + "'",
                      std::string(canonical_path));
  }
  return ByteView(entry->data);
}

}  // namespace gmseal::ofd
