// Byte buffers and their text forms (hex, base64).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace gmseal {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

Bytes to_bytes(std::string_view text);
std::string to_string(ByteView bytes);

// Lower-case hex, no separators.
std::string hex_encode(ByteView bytes);
// Accepts upper or lower case; whitespace and ':' separators are ignored.
Result<Bytes> hex_decode(std::string_view text);

// Standard alphabet with padding (RFC 4648 §4).
std::string base64_encode(ByteView bytes);
// Accepts missing padding and ignores whitespace; rejects other characters.
Result<Bytes> base64_decode(std::string_view text);

// Constant-time comparison for secrets (lengths are not secret).
bool constant_time_equal(ByteView a, ByteView b);

}  // namespace gmseal
