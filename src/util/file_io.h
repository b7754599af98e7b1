// Whole-file reads and atomic writes.
#pragma once

#include <filesystem>
#include <string>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal {

// Reads a whole file. Errors: io.read_failed (with the path in the message).
Result<Bytes> read_file(const std::filesystem::path& path);
Result<std::string> read_text_file(const std::filesystem::path& path);

// Writes to a temporary file beside `path`, flushes it to disk and renames it over `path`, so a
// reader sees either the old content or the new, never a torn file. `mode` is the permission of
// a newly created file (0600 for secrets). Errors: io.write_failed.
Status write_file_atomic(const std::filesystem::path& path, ByteView data, unsigned mode = 0644);
Status write_file_atomic(const std::filesystem::path& path, std::string_view text,
                         unsigned mode = 0644);

}  // namespace gmseal
