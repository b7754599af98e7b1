// JSON for the provincial envelopes: a strict parser and the RFC 8785 (JSON Canonicalization
// Scheme, JCS) serializer whose output is the default signing input (envelope.h).
//
// RFC 8785 in short: no whitespace; object members sorted by their names compared as UTF-16
// code units; strings escaped minimally (\" \\ \b \f \n \r \t, other controls as \u00xx, the
// rest literal UTF-8); numbers as ECMAScript's Number.prototype.toString of the IEEE double.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::protocol {

using Json = nlohmann::json;

inline constexpr std::size_t kMaxMessageBytes = 1 << 20;
inline constexpr int kMaxJsonDepth = 32;

// Parses one JSON text. Rejects what RFC 8785 (I-JSON) rejects: invalid UTF-8, duplicate member
// names; also input over kMaxMessageBytes and nesting over kMaxJsonDepth. Never throws.
// Errors: protocol.json.malformed (with the parser's position), protocol.json.duplicate_key,
// protocol.json.too_large, protocol.json.too_deep.
Result<Json> parse_json(std::string_view text);

// The RFC 8785 form of `value`. Never throws (values from parse_json or built from valid UTF-8;
// an invalid UTF-8 string is written with U+FFFD replacements).
std::string canonical_json(const Json& value);

// ECMAScript Number.prototype.toString of `value` (finite), as RFC 8785 §3.2.2.3 requires.
std::string es_number_to_string(double value);

}  // namespace gmseal::protocol
