#include "crypto/sm4.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>

#include "crypto/internal/ossl.h"
#include "crypto/random.h"

namespace gmseal::crypto {

using internal::CipherCtxPtr;
using internal::openssl_error;

namespace {

Status check_key(ByteView key) {
  if (key.size() != kSm4KeySize) {
    return make_error("crypto.sm4.bad_key",
                      "SM4 key must be 16 bytes, got " + std::to_string(key.size()));
  }
  return {};
}

Result<Bytes> run_cipher(const EVP_CIPHER* cipher, bool encrypt, ByteView key, ByteView iv,
                         ByteView input, bool padding) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(),
                                iv.empty() ? nullptr : iv.data(), encrypt ? 1 : 0) != 1) {
    return openssl_error("crypto.sm4.failed", "cannot initialise SM4");
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), padding ? 1 : 0);
  Bytes out(input.size() + kSm4BlockSize);
  int written = 0;
  int final_written = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &written, input.data(),
                       static_cast<int>(input.size())) != 1) {
    return openssl_error("crypto.sm4.failed", "SM4 operation failed");
  }
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + written, &final_written) != 1) {
    return openssl_error("crypto.sm4.bad_padding",
                         "SM4-CBC decryption failed: wrong key or corrupted data");
  }
  out.resize(static_cast<std::size_t>(written + final_written));
  return out;
}

}  // namespace

Result<Bytes> sm4_cbc_encrypt(ByteView key, ByteView iv, ByteView plaintext) {
  GMSEAL_RETURN_IF_ERROR(check_key(key));
  if (iv.size() != kSm4BlockSize)
    return make_error("crypto.sm4.bad_iv", "SM4-CBC IV must be 16 bytes");
  return run_cipher(EVP_sm4_cbc(), true, key, iv, plaintext, true);
}

Result<Bytes> sm4_cbc_decrypt(ByteView key, ByteView iv, ByteView ciphertext) {
  GMSEAL_RETURN_IF_ERROR(check_key(key));
  if (iv.size() != kSm4BlockSize)
    return make_error("crypto.sm4.bad_iv", "SM4-CBC IV must be 16 bytes");
  if (ciphertext.empty() || ciphertext.size() % kSm4BlockSize != 0) {
    return make_error("crypto.sm4.bad_padding",
                      "SM4-CBC ciphertext length must be a non-zero multiple of 16");
  }
  return run_cipher(EVP_sm4_cbc(), false, key, iv, ciphertext, true);
}

Result<Bytes> sm4_ecb_encrypt_block(ByteView key, ByteView block) {
  GMSEAL_RETURN_IF_ERROR(check_key(key));
  if (block.size() != kSm4BlockSize)
    return make_error("crypto.sm4.bad_block", "block must be 16 bytes");
  return run_cipher(EVP_sm4_ecb(), true, key, {}, block, false);
}

// SM4-GCM (NIST SP 800-38D with SM4 as the block cipher, as RFC 8998 uses it). OpenSSL 3.0 has
// no SM4-GCM, so the mode is built here from SM4-ECB (for H and the tag mask), SM4-CTR (for the
// keystream) and a bitwise GHASH. Secrets at rest are small; speed is not a concern here.
namespace {

struct Block {
  std::uint64_t hi = 0, lo = 0;
};

Block load_block(const std::uint8_t* p, std::size_t n) {
  std::uint8_t buffer[16] = {};
  std::memcpy(buffer, p, n);
  Block b;
  for (int i = 0; i < 8; ++i) b.hi = b.hi << 8 | buffer[i];
  for (int i = 8; i < 16; ++i) b.lo = b.lo << 8 | buffer[i];
  return b;
}

void store_block(const Block& b, std::uint8_t* out) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(b.hi >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) out[8 + i] = static_cast<std::uint8_t>(b.lo >> (56 - 8 * i));
}

// X * Y in GF(2^128) with the GCM bit order (SP 800-38D algorithm 1).
Block gf_multiply(const Block& x, const Block& y) {
  Block z, v = y;
  for (int i = 0; i < 128; ++i) {
    const std::uint64_t word = i < 64 ? x.hi : x.lo;
    if ((word >> (63 - (i % 64))) & 1) {
      z.hi ^= v.hi;
      z.lo ^= v.lo;
    }
    const bool carry = (v.lo & 1) != 0;
    v.lo = v.lo >> 1 | v.hi << 63;
    v.hi >>= 1;
    if (carry) v.hi ^= 0xe100000000000000ull;
  }
  return z;
}

Block ghash(const Block& h, ByteView aad, ByteView ciphertext) {
  Block y;
  auto absorb = [&](ByteView data) {
    for (std::size_t i = 0; i < data.size(); i += 16) {
      const Block b = load_block(data.data() + i, std::min<std::size_t>(16, data.size() - i));
      y.hi ^= b.hi;
      y.lo ^= b.lo;
      y = gf_multiply(y, h);
    }
  };
  absorb(aad);
  absorb(ciphertext);
  y.hi ^= static_cast<std::uint64_t>(aad.size()) * 8;
  y.lo ^= static_cast<std::uint64_t>(ciphertext.size()) * 8;
  return gf_multiply(y, h);
}

// Computes the ciphertext (or plaintext: CTR is symmetric) and the expected tag.
Result<Bytes> gcm_core(ByteView key, ByteView nonce, ByteView aad, ByteView input, bool encrypt,
                       Bytes* tag) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes h_bytes, sm4_ecb_encrypt_block(key, Bytes(16, 0)));
  Bytes j0(nonce.begin(), nonce.end());
  j0.insert(j0.end(), {0, 0, 0, 1});
  Bytes counter = j0;
  counter[15] = 2;
  Bytes output;
  if (!input.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(output, run_cipher(EVP_sm4_ctr(), true, key, counter, input, false));
  }
  const Block h = load_block(h_bytes.data(), 16);
  const Block s = ghash(h, aad, encrypt ? ByteView(output) : input);
  GMSEAL_ASSIGN_OR_RETURN(const Bytes mask, sm4_ecb_encrypt_block(key, j0));
  tag->assign(16, 0);
  store_block(s, tag->data());
  for (std::size_t i = 0; i < 16; ++i) (*tag)[i] ^= mask[i];
  return output;
}

}  // namespace

Result<Bytes> sm4_gcm_seal_with_nonce(ByteView key, ByteView nonce, ByteView plaintext,
                                      ByteView aad) {
  GMSEAL_RETURN_IF_ERROR(check_key(key));
  if (nonce.size() != kSm4GcmNonceSize) {
    return make_error("crypto.sm4.bad_iv", "SM4-GCM nonce must be 12 bytes");
  }
  // The 32-bit block counter must not wrap (SP 800-38D: at most 2^32 - 2 blocks).
  if (plaintext.size() > (std::uint64_t{1} << 36) - 32) {
    return make_error("crypto.sm4.too_long", "SM4-GCM input is too long");
  }
  Bytes tag;
  GMSEAL_ASSIGN_OR_RETURN(const Bytes body, gcm_core(key, nonce, aad, plaintext, true, &tag));
  Bytes out(nonce.begin(), nonce.end());
  out.insert(out.end(), body.begin(), body.end());
  out.insert(out.end(), tag.begin(), tag.end());
  return out;
}

Result<Bytes> sm4_gcm_seal(ByteView key, ByteView plaintext, ByteView aad) {
  return sm4_gcm_seal_with_nonce(key, random_bytes(kSm4GcmNonceSize), plaintext, aad);
}

Result<Bytes> sm4_gcm_open(ByteView key, ByteView sealed, ByteView aad) {
  GMSEAL_RETURN_IF_ERROR(check_key(key));
  if (sealed.size() < kSm4GcmNonceSize + kSm4GcmTagSize) {
    return make_error("crypto.sm4.auth_failed", "SM4-GCM data is shorter than nonce and tag");
  }
  const ByteView nonce = sealed.first(kSm4GcmNonceSize);
  const ByteView body =
      sealed.subspan(kSm4GcmNonceSize, sealed.size() - kSm4GcmNonceSize - kSm4GcmTagSize);
  const ByteView tag = sealed.last(kSm4GcmTagSize);
  Bytes expected;
  GMSEAL_ASSIGN_OR_RETURN(Bytes plaintext, gcm_core(key, nonce, aad, body, false, &expected));
  if (!constant_time_equal(expected, tag)) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return make_error("crypto.sm4.auth_failed",
                      "SM4-GCM authentication failed: wrong key, wrong context or tampered data");
  }
  return plaintext;
}

}  // namespace gmseal::crypto
