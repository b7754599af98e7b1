// SM4 (GB/T 32907-2016) for secrets at rest: CBC with PKCS#7 padding, and GCM (authenticated).
#pragma once

#include <cstddef>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::crypto {

inline constexpr std::size_t kSm4KeySize = 16;
inline constexpr std::size_t kSm4BlockSize = 16;
inline constexpr std::size_t kSm4GcmNonceSize = 12;
inline constexpr std::size_t kSm4GcmTagSize = 16;

// Errors: crypto.sm4.bad_key / bad_iv (sizes), crypto.sm4.bad_padding (decrypt).
Result<Bytes> sm4_cbc_encrypt(ByteView key, ByteView iv, ByteView plaintext);
Result<Bytes> sm4_cbc_decrypt(ByteView key, ByteView iv, ByteView ciphertext);

// Single-block ECB, for the standard's test vectors and device protocols only.
Result<Bytes> sm4_ecb_encrypt_block(ByteView key, ByteView block);

// GCM. `sealed` layout: nonce (12) || ciphertext || tag (16). A random nonce is drawn per call.
// Errors: crypto.sm4.bad_key, crypto.sm4.auth_failed (wrong key, AAD or tampered data).
Result<Bytes> sm4_gcm_seal(ByteView key, ByteView plaintext, ByteView aad = {});
Result<Bytes> sm4_gcm_open(ByteView key, ByteView sealed, ByteView aad = {});
// Deterministic-nonce variant for test vectors; never reuse a nonce with one key.
Result<Bytes> sm4_gcm_seal_with_nonce(ByteView key, ByteView nonce, ByteView plaintext,
                                      ByteView aad = {});

}  // namespace gmseal::crypto
