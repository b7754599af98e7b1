// A small process-wide cache of parsed certificates and their SM2 keys, keyed by the exact DER.
//
// Why: with OpenSSL 3.0, decoding an X.509 certificate (d2i_X509, which runs the provider key
// decoders) and building its SM2 key cost ~0.3-0.4 ms each - together more than the SM2
// verification itself (bench/ses_bench.cc). A platform verifies many signatures made with the
// same few seals, maker and signer certificates, so verification parses each certificate once.
//
// Entries are immutable and keyed by the full DER (no hash collisions to reason about); the
// cache holds at most kCertCacheCapacity entries and is emptied when full. Thread-safe.
#pragma once

#include <cstddef>
#include <optional>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::ses {

inline constexpr std::size_t kCertCacheCapacity = 512;

struct CachedCertificate {
  crypto::Certificate cert;
  std::optional<crypto::Sm2PublicKey> key;  // absent when the certificate holds no SM2 key
};

// The parsed certificate for `der` (parsed now or earlier). Errors: crypto.cert.parse_failed.
Result<CachedCertificate> cached_certificate(ByteView der);

// Turns caching on (default) or off (every call parses; for measurements and tests), and
// empties the cache.
void set_certificate_cache_enabled(bool enabled);

}  // namespace gmseal::ses
