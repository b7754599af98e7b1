#include "ofd/package_writer.h"

#include <zip.h>

#include <cstdlib>
#include <cstring>

#include "ofd/path.h"

namespace gmseal::ofd {

namespace {

Error write_error(const std::string& what, zip_error_t* error) {
  return make_error("ofd.package.write_failed", what + ": " + zip_error_strerror(error));
}

}  // namespace

namespace {

// Applies `writes` to the archive in `initial` (empty: a new archive) and returns the result.
// `base` locates entries to replace (may be null for a new archive).
Result<Bytes> write_archive(ByteView initial, const Package* base,
                            const std::vector<FileWrite>& writes, Time mtime) {
  zip_error_t error;
  zip_error_init(&error);
  // The buffer source reads the old archive and collects the new one in memory (libzip's
  // in-memory pattern). It is handed a malloc'd copy it owns: when the written archive replaces
  // the buffer's content, libzip 1.7 frees the old buffer whatever ownership it was given.
  void* copy = nullptr;
  if (!initial.empty()) {
    copy = std::malloc(initial.size());
    if (copy == nullptr) return make_error("ofd.package.write_failed", "out of memory");
    std::memcpy(copy, initial.data(), initial.size());
  }
  zip_source_t* source = zip_source_buffer_create(copy, initial.size(), 1, &error);
  if (source == nullptr) {
    std::free(copy);
    Error e = write_error("cannot read the package", &error);
    zip_error_fini(&error);
    return e;
  }
  zip_source_keep(source);
  zip_t* archive = zip_open_from_source(source, initial.empty() ? ZIP_TRUNCATE : 0, &error);
  if (archive == nullptr) {
    Error e = write_error("cannot reopen the package", &error);
    zip_error_fini(&error);
    zip_source_free(source);
    return e;
  }
  const auto fail = [&](const std::string& what) -> Error {
    Error e = write_error(what, zip_get_error(archive));
    zip_discard(archive);
    zip_source_free(source);
    zip_error_fini(&error);
    return e;
  };
  const time_t stamp = static_cast<time_t>(to_unix(mtime));
  for (const FileWrite& write : writes) {
    zip_source_t* data = zip_source_buffer(archive, write.data.data(), write.data.size(), 0);
    if (data == nullptr) return fail("cannot stage " + write.path);
    zip_int64_t index = -1;
    if (const PackageEntry* entry = base ? base->find(write.path) : nullptr; entry != nullptr) {
      index = zip_name_locate(archive, entry->entry_name.c_str(), ZIP_FL_ENC_RAW);
    }
    if (index >= 0) {
      if (zip_file_replace(archive, static_cast<zip_uint64_t>(index), data, 0) != 0) {
        zip_source_free(data);
        return fail("cannot replace " + write.path);
      }
    } else {
      index = zip_file_add(archive, to_entry_name(write.path).c_str(), data, ZIP_FL_ENC_UTF_8);
      if (index < 0) {
        zip_source_free(data);
        return fail("cannot add " + write.path);
      }
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0);
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), stamp, 0);
  }
  if (zip_close(archive) != 0) return fail("cannot write the package");

  Bytes out;
  if (zip_source_open(source) != 0) {
    Error e = write_error("cannot read the written package", zip_source_error(source));
    zip_source_free(source);
    zip_error_fini(&error);
    return e;
  }
  std::uint8_t chunk[64 * 1024];
  for (;;) {
    const zip_int64_t n = zip_source_read(source, chunk, sizeof chunk);
    if (n < 0) {
      Error e = write_error("cannot read the written package", zip_source_error(source));
      zip_source_close(source);
      zip_source_free(source);
      zip_error_fini(&error);
      return e;
    }
    if (n == 0) break;
    out.insert(out.end(), chunk, chunk + n);
  }
  zip_source_close(source);
  zip_source_free(source);
  zip_error_fini(&error);
  return out;
}

}  // namespace

Result<Bytes> rewrite_package(const Package& base, const std::vector<FileWrite>& writes,
                              Time mtime) {
  return write_archive(base.archive(), &base, writes, mtime);
}

Result<Bytes> build_package(const std::vector<FileWrite>& files, Time mtime) {
  return write_archive({}, nullptr, files, mtime);
}

}  // namespace gmseal::ofd
