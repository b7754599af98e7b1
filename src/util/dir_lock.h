// Advisory locks (flock) on a folder, so that several threads and processes can share one
// on-disk store (a software token, the test CA): readers share, writers exclude. Each lock opens
// its own descriptor, so two threads of one process exclude each other just as two processes do.
#pragma once

#include <filesystem>

#include "util/error.h"

namespace gmseal {

class DirLock {
 public:
  enum class Mode { kShared, kExclusive };
  // Locks `<dir>/.lock` (created if missing), blocking until granted. Errors: io.lock_failed.
  static Result<DirLock> acquire(const std::filesystem::path& dir, Mode mode);

  DirLock(DirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DirLock& operator=(DirLock&&) = delete;
  DirLock(const DirLock&) = delete;
  ~DirLock();

 private:
  explicit DirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace gmseal
