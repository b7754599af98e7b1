// The OpenSSL side of the SM2 engine tests: the reference the engine is compared with.
#pragma once

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gmseal::crypto::sm2_engine_test {

using Bytes32 = std::array<std::uint8_t, 32>;
using Bytes64 = std::array<std::uint8_t, 64>;

struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct PointFree {
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using Point = std::unique_ptr<EC_POINT, PointFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

inline std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

inline Bytes32 hex32(const std::string& hex) {
  Bytes32 out{};
  const auto v = from_hex(hex);
  std::copy(v.begin(), v.end(), out.begin() + (32 - v.size()));
  return out;
}

inline std::string to_hex(const std::uint8_t* p, std::size_t n) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}

// The SM2 group and n, and conversions, from OpenSSL.
class Reference {
 public:
  Reference() : group_(EC_GROUP_new_by_curve_name(NID_sm2)), ctx_(BN_CTX_new()) {}
  ~Reference() {
    EC_GROUP_free(group_);
    BN_CTX_free(ctx_);
  }
  Reference(const Reference&) = delete;
  Reference& operator=(const Reference&) = delete;

  const EC_GROUP* group() const { return group_; }
  BN_CTX* ctx() const { return ctx_; }
  const BIGNUM* order() const { return EC_GROUP_get0_order(group_); }

  static Bn bn(const std::uint8_t* p, std::size_t n = 32) {
    return Bn(BN_bin2bn(p, static_cast<int>(n), nullptr));
  }
  static Bytes32 bytes(const BIGNUM* b) {
    Bytes32 out{};
    BN_bn2binpad(b, out.data(), 32);
    return out;
  }

  // k·G as X||Y.
  Bytes64 mul_base(const Bytes32& k) const {
    Point p(EC_POINT_new(group_));
    Bn kb = bn(k.data());
    EC_POINT_mul(group_, p.get(), kb.get(), nullptr, nullptr, ctx_);
    return xy(p.get());
  }

  Bytes64 xy(const EC_POINT* p) const {
    Bn x(BN_new()), y(BN_new());
    EC_POINT_get_affine_coordinates(group_, p, x.get(), y.get(), ctx_);
    Bytes64 out{};
    BN_bn2binpad(x.get(), out.data(), 32);
    BN_bn2binpad(y.get(), out.data() + 32, 32);
    return out;
  }

  // n - v.
  Bytes32 n_minus(unsigned v) const {
    Bn n(BN_dup(order()));
    BN_sub_word(n.get(), v);
    return bytes(n.get());
  }
  // v mod n.
  Bytes32 mod_n(const BIGNUM* v) const {
    Bn r(BN_new());
    BN_nnmod(r.get(), v, order(), ctx_);
    return bytes(r.get());
  }
  // 32 bytes reduced into [1, n - 2] the way a key generator would (a valid private key).
  Bytes32 to_private_range(const Bytes32& v) const {
    Bn b = bn(v.data());
    Bn range(BN_dup(order()));
    BN_sub_word(range.get(), 2);
    BN_mod(b.get(), b.get(), range.get(), ctx_);
    BN_add_word(b.get(), 1);
    return bytes(b.get());
  }

  // An OpenSSL SM2 key from d (and its public point X||Y).
  Pkey private_key(const Bytes32& d, const Bytes64& pub) const {
    std::uint8_t point[65];
    point[0] = 0x04;
    std::copy(pub.begin(), pub.end(), point + 1);
    Bn db = bn(d.data());
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, db.get());
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point);
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr);
    EVP_PKEY* pkey = nullptr;
    if (EVP_PKEY_fromdata_init(ctx) == 1) EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    return Pkey(pkey);
  }

  Pkey public_key(const Bytes64& pub) const {
    std::uint8_t point[65];
    point[0] = 0x04;
    std::copy(pub.begin(), pub.end(), point + 1);
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0);
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point);
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr);
    EVP_PKEY* pkey = nullptr;
    if (EVP_PKEY_fromdata_init(ctx) == 1)
      EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    return Pkey(pkey);
  }

  // DER SEQUENCE{r,s} <-> r||s.
  static std::vector<std::uint8_t> der(const Bytes64& rs) {
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(rs.data(), 32, nullptr), BN_bin2bn(rs.data() + 32, 32, nullptr));
    unsigned char* out = nullptr;
    const int n = i2d_ECDSA_SIG(sig, &out);
    std::vector<std::uint8_t> v(out, out + n);
    OPENSSL_free(out);
    ECDSA_SIG_free(sig);
    return v;
  }
  static Bytes64 raw(const std::vector<std::uint8_t>& der) {
    const unsigned char* p = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    Bytes64 out{};
    if (sig) {
      BN_bn2binpad(ECDSA_SIG_get0_r(sig), out.data(), 32);
      BN_bn2binpad(ECDSA_SIG_get0_s(sig), out.data() + 32, 32);
      ECDSA_SIG_free(sig);
    }
    return out;
  }

  // OpenSSL's SM2 signature of the digest e, as r||s.
  static Bytes64 sign(EVP_PKEY* key, const Bytes32& e) {
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new(key, nullptr));
    std::vector<std::uint8_t> sig(80);
    std::size_t size = sig.size();
    if (EVP_PKEY_sign_init(ctx.get()) != 1 ||
        EVP_PKEY_sign(ctx.get(), sig.data(), &size, e.data(), e.size()) != 1)
      return {};
    sig.resize(size);
    return raw(sig);
  }

  static bool verify(EVP_PKEY* key, const Bytes32& e, const Bytes64& rs) {
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new(key, nullptr));
    const auto sig = der(rs);
    return EVP_PKEY_verify_init(ctx.get()) == 1 &&
           EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), e.data(), e.size()) == 1;
  }

  // r = (e + x(k·G)) mod n, as OpenSSL computes it.
  Bytes32 r_for(const Bytes32& e, const Bytes32& k) const {
    const Bytes64 kg = mul_base(k);
    Bn x = bn(kg.data()), eb = bn(e.data()), r(BN_new());
    BN_mod_add(r.get(), eb.get(), x.get(), order(), ctx_);
    return bytes(r.get());
  }

 private:
  EC_GROUP* group_;
  BN_CTX* ctx_;
};

}  // namespace gmseal::crypto::sm2_engine_test
