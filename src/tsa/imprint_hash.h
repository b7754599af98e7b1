// The hash algorithms a timestamp request's messageImprint may name: SM3 (GB/T 20520), SHA-256
// and SHA-384 (RFC 3161 clients such as iText and `openssl ts -query`). Anything else is badAlg.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::tsa {

inline constexpr std::string_view kOidSha256 = "2.16.840.1.101.3.4.2.1";
inline constexpr std::string_view kOidSha384 = "2.16.840.1.101.3.4.2.2";
inline constexpr std::string_view kOidSha1 = "1.3.14.3.2.26";

enum class ImprintHash { kSm3, kSha256, kSha384 };

std::optional<ImprintHash> imprint_hash_from_oid(std::string_view oid);
std::string_view oid_of(ImprintHash hash);
std::string_view name_of(ImprintHash hash);  // "sm3", "sha256", "sha384"
std::size_t digest_size(ImprintHash hash);
Bytes digest(ImprintHash hash, ByteView data);
// "sm3" | "sha256" | "sha384" (also with dashes / upper case). Errors: cli.usage.
Result<ImprintHash> parse_imprint_hash(std::string_view name);

// Any digest gmseal may meet in ESS certificate IDs (the above plus SHA-1, RFC 2634's default).
// Errors: tsa.unsupported_hash.
Result<Bytes> digest_by_oid(std::string_view oid, ByteView data);

}  // namespace gmseal::tsa
