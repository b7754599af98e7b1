#include "keys/abi_options.h"

#include <bit>

namespace gmseal::keys {

static_assert(std::endian::native == std::endian::little,
              "the loaders marshal vendor structures for little-endian targets only");

Status AbiOptions::validate() const {
  if (ulong_bits != 32 && ulong_bits != 64) {
    return make_error("keys.abi.bad_option", "ULONG width must be 32 or 64 bits", "ulong");
  }
  if (bool_bits != 32 && bool_bits != 64) {
    return make_error("keys.abi.bad_option", "BOOL width must be 32 or 64 bits", "bool");
  }
  if (ecc_field_bytes != 32 && ecc_field_bytes != 64) {
    return make_error("keys.abi.bad_option", "ECC field size must be 32 or 64 bytes", "ecc");
  }
  return {};
}

std::string AbiOptions::to_string() const {
  return "ulong=" + std::to_string(ulong_bits) + ";bool=" + std::to_string(bool_bits) +
         ";pack=" + (packed ? "1" : "natural") + ";ecc=" + std::to_string(ecc_field_bytes * 8);
}

std::size_t StructLayout::add_ulong() {
  const std::size_t align = options_.packed ? 1 : ulong_size();
  size_ = (size_ + align - 1) / align * align;
  alignment_ = std::max(alignment_, align);
  const std::size_t offset = size_;
  size_ += ulong_size();
  return offset;
}

std::size_t StructLayout::add_bytes(std::size_t count) {
  const std::size_t offset = size_;
  size_ += count;
  return offset;
}

std::size_t StructLayout::size() const {
  return (size_ + alignment_ - 1) / alignment_ * alignment_;
}

std::uint64_t StructLayout::get_ulong(std::span<const std::uint8_t> buffer,
                                      std::size_t offset) const {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < ulong_size(); ++i) {
    value |= static_cast<std::uint64_t>(buffer[offset + i]) << (8 * i);
  }
  return value;
}

void StructLayout::put_ulong(std::span<std::uint8_t> buffer, std::size_t offset,
                             std::uint64_t value) const {
  for (std::size_t i = 0; i < ulong_size(); ++i) {
    buffer[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

}  // namespace gmseal::keys
