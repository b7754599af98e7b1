#include "util/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace gmseal {

Result<Bytes> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error("io.read_failed",
                      "cannot open '" + path.string() + "': " + std::strerror(errno));
  }
  // Block reads (a byte-wise istreambuf_iterator copy took a minute for a 256 MB program in the
  // sanitizer build); the size is only a hint, so pipes and growing files read to their end.
  Bytes data;
  std::error_code ec;
  if (const auto size = std::filesystem::file_size(path, ec); !ec) data.reserve(size);
  std::vector<char> chunk(1 << 16);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    const auto count = static_cast<std::size_t>(in.gcount());
    data.insert(data.end(), chunk.data(), chunk.data() + count);
  }
  if (in.bad()) return make_error("io.read_failed", "error while reading '" + path.string() + "'");
  return data;
}

Result<std::string> read_text_file(const std::filesystem::path& path) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  return to_string(data);
}

Status write_file_atomic(const std::filesystem::path& path, ByteView data, unsigned mode) {
  // mkostemp picks the unique name (util stays below crypto: no random source of our own).
  std::string name = path.string() + ".tmp-XXXXXX";
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  const std::filesystem::path temp = name;
  if (fd < 0) {
    return make_error("io.write_failed",
                      "cannot create '" + temp.string() + "': " + std::strerror(errno));
  }
  // mkostemp creates 0600; give the file the mode asked for (exactly: reading the umask would
  // mean changing it, which races with other threads).
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    ::unlink(temp.c_str());
    return make_error("io.write_failed", "cannot set the mode of '" + temp.string() + "': " + why);
  }
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return make_error("io.write_failed", "cannot write '" + temp.string() + "': " + why);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return make_error("io.write_failed", "cannot flush '" + temp.string() + "': " + why);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return make_error("io.write_failed",
                      "cannot rename '" + temp.string() + "' to '" + path.string() + "': " + why);
  }
  return {};
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view text, unsigned mode) {
  return write_file_atomic(
      path, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), mode);
}

}  // namespace gmseal
