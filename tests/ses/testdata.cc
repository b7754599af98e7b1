#include "ses/testdata.h"

#include <zip.h>

#include "util/file_io.h"

namespace gmseal::ses::testing {

std::optional<std::filesystem::path> testdata_dir() {
  const std::filesystem::path dir(GMSEAL_TESTDATA_DIR);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir / "seals", ec)) return std::nullopt;
  return dir;
}

Bytes testdata_file(const std::string& relative) {
  const auto dir = testdata_dir();
  if (!dir) return {};
  auto data = read_file(*dir / relative);
  return data.ok() ? *data : Bytes{};
}

Bytes testdata_zip_entry(const std::string& relative, const std::string& entry) {
  const auto dir = testdata_dir();
  if (!dir) return {};
  int error = 0;
  zip_t* archive = zip_open((*dir / relative).c_str(), ZIP_RDONLY, &error);
  if (archive == nullptr) return {};
  Bytes out;
  zip_stat_t stat;
  if (zip_stat(archive, entry.c_str(), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0) {
    if (zip_file_t* file = zip_fopen(archive, entry.c_str(), 0); file != nullptr) {
      out.resize(stat.size);
      const zip_int64_t n = zip_fread(file, out.data(), stat.size);
      if (n < 0 || static_cast<zip_uint64_t>(n) != stat.size) out.clear();
      zip_fclose(file);
    }
  }
  zip_discard(archive);
  return out;
}

}  // namespace gmseal::ses::testing
