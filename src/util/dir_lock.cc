#include "util/dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gmseal {

Result<DirLock> DirLock::acquire(const std::filesystem::path& dir, Mode mode) {
  const std::filesystem::path path = dir / ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error("io.lock_failed",
                      "cannot open lock file '" + path.string() + "': " + std::strerror(errno));
  }
  const int operation = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  while (::flock(fd, operation) != 0) {
    if (errno == EINTR) continue;
    const int saved = errno;
    ::close(fd);
    return make_error("io.lock_failed",
                      "cannot lock '" + path.string() + "': " + std::strerror(saved));
  }
  return DirLock(fd);
}

DirLock::~DirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace gmseal
