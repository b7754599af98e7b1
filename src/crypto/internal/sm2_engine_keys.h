// Internal to src/crypto: the SM2 engine's form of a key (d and (1 + d)^-1 ready for signing, or
// a curve-checked public point), cached on the OpenSSL key it came from (EVP_PKEY ex_data), so a
// key is converted once, however many signatures it makes or checks. The cache entry is wiped and
// freed with the key, and copied when OpenSSL duplicates the key.
#pragma once

#include <cstdint>

#include "crypto/sm2_engine/engine.h"
#include "crypto/sm2_key.h"

namespace gmseal::crypto::internal {

struct EnginePublic {
  sm2_engine::PublicKey key;
  std::uint8_t xy[64];  // X||Y, big-endian
};

// nullptr when the key cannot be used by the engine (d outside [1, n - 2], which OpenSSL's own
// SM2 signing refuses too).
const sm2_engine::PrivateKey* engine_private_key(const Sm2PrivateKey& key);
// nullptr when the point is not on the curve (Sm2PublicKey never holds such a point).
const EnginePublic* engine_public_key(const Sm2PublicKey& key);

// Which engine sm2_sign / sm2_verify use: gmseal's own unless GMSEAL_SM2_ENGINE=openssl (read
// once per process).
bool use_own_sm2_engine();

}  // namespace gmseal::crypto::internal
