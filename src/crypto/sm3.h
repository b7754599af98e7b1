// SM3 (GB/T 32905-2016): one-shot and streaming.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "util/bytes.h"

namespace gmseal::crypto {

inline constexpr std::size_t kSm3DigestSize = 32;
using Sm3Digest = std::array<std::uint8_t, kSm3DigestSize>;

Sm3Digest sm3(ByteView data);

// Streaming SM3. Not thread-safe; movable, not copyable. After final() the object is reset and
// may be reused.
class Sm3 {
 public:
  Sm3();
  ~Sm3();
  Sm3(Sm3&&) noexcept;
  Sm3& operator=(Sm3&&) noexcept;
  Sm3(const Sm3&) = delete;
  Sm3& operator=(const Sm3&) = delete;

  void update(ByteView data);
  Sm3Digest final();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace gmseal::crypto
