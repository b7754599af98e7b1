// Internal to src/keys: 8-byte storage for an integer out-parameter of a vendor function.
//
// If the loader is told the wrong ULONG width, a vendor that writes 8 bytes through a ULONG*
// would overrun a 4-byte variable on our stack. Every out-parameter therefore gets 8 bytes; on
// little-endian targets a 4-byte write lands in the low half, which is what value() reads.
#pragma once

#include <cstdint>
#include <cstring>

namespace gmseal::keys::internal {

template <typename T>
class Slot {
 public:
  explicit Slot(std::uint64_t initial) {
    const T value = static_cast<T>(initial);
    std::memcpy(bytes_, &value, sizeof value);
  }
  T* ptr() { return reinterpret_cast<T*>(bytes_); }
  std::uint64_t value() const {
    T value;
    std::memcpy(&value, bytes_, sizeof value);
    return static_cast<std::uint64_t>(value);
  }

 private:
  alignas(8) unsigned char bytes_[8] = {};
};

}  // namespace gmseal::keys::internal
