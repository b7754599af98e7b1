// Timestamp serial numbers that stay unique across restarts and across processes sharing one
// data folder: numbers are handed out from blocks reserved in `<dir>/tsa-serial` (the next
// unreserved number, decimal), each reservation written atomically under the folder's lock
// before any number of its block is used. A crash loses at most the rest of a block.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>

#include "util/error.h"

namespace gmseal::tsa {

class SerialCounter {
 public:
  // Errors: io.* (folder not writable), tsa.serial.corrupt (the file is not a number).
  static Result<std::unique_ptr<SerialCounter>> open(const std::filesystem::path& dir,
                                                     std::uint64_t block_size = 256);
  // Thread-safe. Errors: those of reserving a new block.
  Result<std::uint64_t> next();

 private:
  SerialCounter(std::filesystem::path dir, std::uint64_t block_size)
      : dir_(std::move(dir)), block_size_(block_size) {}
  Status reserve_block();

  std::filesystem::path dir_;
  std::uint64_t block_size_;
  std::mutex mutex_;
  std::uint64_t next_ = 0;
  std::uint64_t block_end_ = 0;  // exclusive
};

}  // namespace gmseal::tsa
