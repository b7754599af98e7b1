// gmseal's own SM2 signature engine (GB/T 32918.2) over raw bytes: private scalars, 32-byte
// digests e = SM3(Z || M), public keys as X||Y (64 bytes) and signatures as r||s (64 bytes).
// Hashing, key parsing and DER stay with the callers (src/crypto/sm2.cc, over OpenSSL).
//
// Secrets (d, k) never decide a branch or a memory index: k·G is a constant-time comb, scalar
// arithmetic is masked Montgomery arithmetic, and the only decisions taken after signing (retry
// when r = 0, r + k = n or s = 0) concern values that are public or thrown away. Verification
// handles public data only and runs in variable time.
#pragma once

#include <cstdint>
#include <memory>

#include "crypto/sm2_engine/point.h"
#include "crypto/sm2_engine/scalar_mult.h"

namespace gmseal::crypto::sm2_engine {

// A private key ready for signing: d and (1 + d)^-1 in Montgomery form mod n, and the public key.
// Building one costs a scalar inversion and a k·G; keep it for repeated signing.
struct PrivateKey {
  U256 d_mont;
  U256 inv_one_plus_d_mont;
  std::uint8_t public_xy[64];
};

// Wipes a private key (volatile writes the optimiser keeps).
void wipe(PrivateKey& key);

// d must be in [1, n - 2] (SM2 needs 1 + d invertible). False otherwise.
bool make_private_key(PrivateKey& key, const std::uint8_t d[32]);

// A fresh private key from the system RNG (OpenSSL RAND_priv_bytes). False if the RNG fails.
bool generate_private_key(PrivateKey& key, std::uint8_t d_out[32]);

enum class NonceMode {
  // k from the system RNG (OpenSSL RAND_priv_bytes), rejection-sampled into [1, n - 1].
  kRandom,
  // k from HMAC-DRBG(SM3) seeded with d, e and 32 fresh random bytes (RFC 6979 section 3.6
  // style). A weak or repeating RNG then cannot make two signatures share k (k still differs
  // whenever d or e does), and the fresh bytes keep k unpredictable against fault and
  // side-channel attacks that exploit a purely deterministic k.
  kHedged,
};

enum class SignResult {
  kOk,
  kRetry,      // this k gives r = 0, r + k = n or s = 0 (or k is not in [1, n - 1])
  kRngFailed,  // the system RNG failed
};

// r||s for the digest e (32 bytes). Loops over fresh nonces until one succeeds.
SignResult sign_digest(std::uint8_t rs[64], const PrivateKey& key, const std::uint8_t e[32],
                       NonceMode mode = NonceMode::kRandom);

// One signing attempt with the given nonce k (tests and known-answer vectors).
SignResult sign_digest_with_k(std::uint8_t rs[64], const PrivateKey& key, const std::uint8_t e[32],
                              const std::uint8_t k[32]);

// A public key checked to be on the curve (the curve has cofactor 1, so every affine point on it
// is in the group of order n).
struct PublicKey {
  Affine point;
};

// False when a coordinate is >= p or the point is not on the curve.
bool parse_public_key(PublicKey& key, const std::uint8_t xy[64]);

// True when r||s is a valid signature of e under key. r and s outside [1, n - 1] are refused.
bool verify_digest(const PublicKey& key, const std::uint8_t e[32], const std::uint8_t rs[64]);

// A public key with a table of its multiples (scalar_mult.h, KeyTable: 43 rows × 32 affine points,
// 88 KB), for keys that verify many signatures: verification then needs no doubling and runs
// about three times as fast. Building one costs about as much as four plain verifications
// (docs/sm2-engine.md has the figures). Immutable once built; share it freely across threads.
struct PublicKeyTable {
  PublicKey key;
  KeyTable multiples;
};

// The table of a parsed (curve-checked) key. Never null.
std::unique_ptr<const PublicKeyTable> make_public_key_table(const PublicKey& key);

// Same verdict as verify_digest(table.key, e, rs), through the table.
bool verify_digest(const PublicKeyTable& table, const std::uint8_t e[32],
                   const std::uint8_t rs[64]);

// k·G as X||Y (64 bytes) for k in [1, n - 1], constant time; false when k is out of range.
bool base_point_mult(std::uint8_t xy[64], const std::uint8_t k[32]);

}  // namespace gmseal::crypto::sm2_engine
