// How a vendor's SKF/SDF library lays out its C types, when it differs from the standard's
// Linux x86-64 reading (32-bit ULONG and BOOL, naturally aligned structures, 64-byte ECC fields).
//
// Real vendor headers disagree: some declare ULONG as `unsigned long` (64-bit on LP64), BOOL as
// `long`, wrap structures in `#pragma pack(1)`, or build SDF with 32-byte ECC fields. The loaders
// never include a vendor header; they marshal every structure by a layout computed from these
// options and call through function types of the chosen widths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "util/error.h"

namespace gmseal::keys {

struct AbiOptions {
  unsigned ulong_bits = 32;       // 32 or 64: width of ULONG / unsigned int parameters
  unsigned bool_bits = 32;        // 32 or 64: width of BOOL
  bool packed = false;            // structures declared under #pragma pack(1)
  unsigned ecc_field_bytes = 64;  // SDF ECCref fields: 64 (ECCref_MAX_BITS 512) or 32

  // Errors: keys.abi.bad_option.
  Status validate() const;
  std::string to_string() const;  // "ulong=32;bool=32;pack=natural;ecc=64"
};

// Computes member offsets of a C structure under AbiOptions, and reads/writes ULONG members
// (little-endian, x86-64).
class StructLayout {
 public:
  explicit StructLayout(const AbiOptions& options) : options_(options) {}

  // Appends a member and returns its offset.
  std::size_t add_ulong();
  std::size_t add_bytes(std::size_t count);  // BYTE/CHAR arrays and VERSION (alignment 1)
  // Total size including trailing padding.
  std::size_t size() const;

  std::uint64_t get_ulong(std::span<const std::uint8_t> buffer, std::size_t offset) const;
  void put_ulong(std::span<std::uint8_t> buffer, std::size_t offset, std::uint64_t value) const;

 private:
  std::size_t ulong_size() const { return options_.ulong_bits / 8; }
  AbiOptions options_;
  std::size_t size_ = 0;
  std::size_t alignment_ = 1;
};

}  // namespace gmseal::keys
