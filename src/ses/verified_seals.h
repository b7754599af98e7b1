// Seals whose maker signature has verified, remembered by their exact DER.
//
// Why: every signature made with a seal, and every signature verified, checks the seal's maker
// signature again: an SM3 over the whole SES_SealInfo (picture included, ~15 kB) and an SM2
// verification, about half the cost of signing a digest in the signing service
// (bench/signing_bench.cc). A service uses the same few seals all day.
//
// Only a strict pass is remembered (a DER SM2 signature over the bytes GB/T 38540 names); a
// seal that verified only leniently, or failed, is checked every time. The key is the full DER,
// which determines the maker certificate, the signed bytes and the signature (no hash to
// collide). Time-dependent checks (certificate and seal validity, revocation) are never
// remembered. At most kVerifiedSealCapacity entries and kVerifiedSealBytes of DER (anyone can
// make a seal that verifies under a key of their own, so a public verify endpoint must not be
// made to hold hundreds of large ones); emptied when full. Thread-safe.
#pragma once

#include <cstddef>

#include "util/bytes.h"

namespace gmseal::ses {

inline constexpr std::size_t kVerifiedSealCapacity = 256;
inline constexpr std::size_t kVerifiedSealBytes = 16 * 1024 * 1024;

// Whether the maker signature of the seal with this DER verified strictly before.
bool maker_signature_verified_before(ByteView seal_der);

// Records that the maker signature of the seal with this DER verified strictly.
void remember_maker_signature_verified(ByteView seal_der);

// Turns remembering on (default) or off (every verification runs the SM2 check; for
// measurements and tests), and forgets every seal.
void set_verified_seal_cache_enabled(bool enabled);

}  // namespace gmseal::ses
