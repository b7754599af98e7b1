// SM2 digital signatures (GB/T 32918.2) with an explicit signer ID.
//
// e = SM3(Z || M) where Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA). OpenSSL 3.0's
// default ID is empty, while every Chinese standard and vendor uses "1234567812345678"
// (GM/T 0009 default); gmseal always passes the ID explicitly.
//
// Signatures are DER SEQUENCE{r INTEGER, s INTEGER} (GM/T 0009). Some vendors emit the raw
// 64-byte r||s; verifiers accept it only when asked (Sm2VerifyOptions::accept_raw_rs).
#pragma once

#include <string>
#include <string_view>

#include "crypto/sm2_key.h"
#include "crypto/sm3.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::crypto {

inline constexpr std::string_view kDefaultSm2Id = "1234567812345678";
inline constexpr std::string_view kOidSm2WithSm3 = "1.2.156.10197.1.501";
inline constexpr std::string_view kOidSm3 = "1.2.156.10197.1.401";
inline constexpr std::string_view kOidSm2Curve = "1.2.156.10197.1.301";

// Z value of `key` under `id` (32 bytes). ID longer than 8191 bytes: crypto.sm2.bad_id.
Result<Sm3Digest> sm2_z(const Sm2PublicKey& key, std::string_view id = kDefaultSm2Id);
// e = SM3(Z || message): the digest that UKeys and HSMs sign.
Result<Sm3Digest> sm2_message_digest(const Sm2PublicKey& key, ByteView message,
                                     std::string_view id = kDefaultSm2Id);

// Which engine signs and verifies: gmseal's own constant-time SM2 engine (src/crypto/sm2_engine,
// docs/sm2-engine.md) unless the environment has GMSEAL_SM2_ENGINE=openssl, which switches every
// sign and verify of the process back to OpenSSL. Z and e are SM3 from OpenSSL either way.
//
// Nonces (own engine): k from the system RNG, or, with kHedged (also GMSEAL_SM2_NONCE=hedged),
// k = HMAC-DRBG-SM3(d, e, 32 fresh random bytes): a failing or repeating RNG can then not make two
// different signatures share k (which would reveal d), and the fresh bytes keep k unpredictable.
enum class Sm2NonceMode { kRandom, kHedged };
void set_sm2_nonce_mode(Sm2NonceMode mode);
Sm2NonceMode sm2_nonce_mode();

// Signs `message` (Z and SM3 computed inside). Returns DER SEQUENCE{r,s}.
Result<Bytes> sm2_sign(const Sm2PrivateKey& key, ByteView message,
                       std::string_view id = kDefaultSm2Id);
// Signs a precomputed 32-byte e. Errors: crypto.sm2.bad_digest (size).
Result<Bytes> sm2_sign_digest(const Sm2PrivateKey& key, ByteView digest);

struct Sm2VerifyOptions {
  std::string id = std::string(kDefaultSm2Id);
  bool accept_raw_rs = false;  // also accept a 64-byte r||s signature
};

// ok() means the signature is valid. Errors: crypto.sm2.bad_signature (does not verify),
// crypto.sm2.malformed_signature (not DER {r,s}, or raw when not accepted).
Status sm2_verify(const Sm2PublicKey& key, ByteView message, ByteView signature,
                  const Sm2VerifyOptions& options = {});
Status sm2_verify_digest(const Sm2PublicKey& key, ByteView digest, ByteView signature,
                         const Sm2VerifyOptions& options = {});

// DER SEQUENCE{r,s} <-> raw 64-byte r||s (each right-aligned in 32 bytes).
Result<Bytes> sm2_signature_der_to_raw(ByteView der);
Result<Bytes> sm2_signature_raw_to_der(ByteView raw);

}  // namespace gmseal::crypto
