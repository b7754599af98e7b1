#include "tsa/serial_counter.h"

#include <charconv>
#include <memory>
#include <string>

#include "util/dir_lock.h"
#include "util/file_io.h"

namespace gmseal::tsa {

namespace {
constexpr const char* kFileName = "tsa-serial";
}

Result<std::unique_ptr<SerialCounter>> SerialCounter::open(const std::filesystem::path& dir,
                                                           std::uint64_t block_size) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return make_error("io.create_dir_failed",
                      "cannot create the TSA data folder " + dir.string() + ": " + ec.message(),
                      "data");
  }
  std::unique_ptr<SerialCounter> counter(new SerialCounter(dir, block_size == 0 ? 1 : block_size));
  GMSEAL_RETURN_IF_ERROR(counter->reserve_block());
  return counter;
}

Status SerialCounter::reserve_block() {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, DirLock::Mode::kExclusive));
  const std::filesystem::path file = dir_ / kFileName;
  std::uint64_t first = 1;
  if (std::filesystem::exists(file)) {
    GMSEAL_ASSIGN_OR_RETURN(std::string text, read_text_file(file));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), first);
    if (ec != std::errc() || end != text.data() + text.size() || first == 0) {
      return make_error("tsa.serial.corrupt",
                        file.string() +
                            " does not hold a positive decimal number; refusing to "
                            "guess the next serial",
                        "data");
    }
  }
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(file, std::to_string(first + block_size_) + "\n", 0600));
  next_ = first;
  block_end_ = first + block_size_;
  return {};
}

Result<std::uint64_t> SerialCounter::next() {
  std::lock_guard<std::mutex> guard(mutex_);
  if (next_ >= block_end_) GMSEAL_RETURN_IF_ERROR(reserve_block());
  return next_++;
}

}  // namespace gmseal::tsa
