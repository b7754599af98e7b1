// gmseal's SM2 engine beside OpenSSL 3.0's EVP SM2, in the same run, one thread.
//   BM_Engine*: the engine on a prepared key and a 32-byte digest e (the raw operation).
//   BM_Api*:    crypto::sm2_sign_digest / sm2_verify_digest as every caller uses them (the engine
//               by default; GMSEAL_SM2_ENGINE=openssl routes them to OpenSSL), DER included.
//               BM_ApiVerifyDigest cycles through 100 keys (no per-key table);
//               BM_ApiVerifyDigestRepeatedKey and BM_ApiVerifyMessage repeat one key, which the
//               verification cache serves with a table after its third verification.
//   BM_EngineVerifyCachedKey: the engine through a key's table (sm2_engine::PublicKeyTable);
//               BM_EngineVerifyBuildKeyTable: what building that table costs, once per key.
//   BM_OpenSsl*: EVP_PKEY_sign / EVP_PKEY_verify on the same key and digest, one context reused
//               (OpenSSL's best case).
//   BM_*Message: whole-message sign/verify (Z and e with SM3, 1 KB) through crypto::sm2_sign /
//               sm2_verify and through OpenSSL EVP_DigestSign / EVP_DigestVerify.
// Figures and field mul/sqr counts: docs/benchmarks.md.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <vector>

#include "crypto/sm2.h"
#include "crypto/sm2_engine/engine.h"

namespace {

using gmseal::Bytes;
using gmseal::ByteView;
using gmseal::crypto::Sm2PrivateKey;
using gmseal::crypto::Sm2PublicKey;
namespace se = gmseal::crypto::sm2_engine;

const Sm2PrivateKey& bench_key() {
  static const Sm2PrivateKey key = *Sm2PrivateKey::generate();
  return key;
}
const Sm2PublicKey& bench_public_key() {
  static const Sm2PublicKey key = bench_key().public_key();
  return key;
}

const Bytes& digest() {
  static const Bytes e = [] {
    Bytes v(32);
    RAND_bytes(v.data(), 32);
    return v;
  }();
  return e;
}

const Bytes& message() {
  static const Bytes m(1024, 0x5a);
  return m;
}

EVP_PKEY* openssl_key() {
  static EVP_PKEY* pkey = [] {
    const Bytes der = bench_key().to_der();
    const unsigned char* p = der.data();
    return d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()));
  }();
  return pkey;
}

const se::PrivateKey& engine_key() {
  static const se::PrivateKey key = [] {
    se::PrivateKey k{};
    const Bytes d = bench_key().raw();
    se::make_private_key(k, d.data());
    return k;
  }();
  return key;
}

void BM_EngineSign(benchmark::State& state) {
  std::uint8_t rs[64];
  for (auto _ : state) {
    se::sign_digest(rs, engine_key(), digest().data());
    benchmark::DoNotOptimize(rs);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineSign);

void BM_EngineSignHedged(benchmark::State& state) {
  std::uint8_t rs[64];
  for (auto _ : state) {
    se::sign_digest(rs, engine_key(), digest().data(), se::NonceMode::kHedged);
    benchmark::DoNotOptimize(rs);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineSignHedged);

void BM_EngineVerify(benchmark::State& state) {
  std::uint8_t rs[64];
  se::sign_digest(rs, engine_key(), digest().data());
  se::PublicKey pub{};
  se::parse_public_key(pub, engine_key().public_xy);
  for (auto _ : state) {
    const bool ok = se::verify_digest(pub, digest().data(), rs);
    if (!ok) state.SkipWithError("verification failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineVerify);

// The same verification through the key's table (what the per-key cache gives a repeated key).
void BM_EngineVerifyCachedKey(benchmark::State& state) {
  std::uint8_t rs[64];
  se::sign_digest(rs, engine_key(), digest().data());
  se::PublicKey pub{};
  se::parse_public_key(pub, engine_key().public_xy);
  const auto table = se::make_public_key_table(pub);
  for (auto _ : state) {
    const bool ok = se::verify_digest(*table, digest().data(), rs);
    if (!ok) state.SkipWithError("verification failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineVerifyCachedKey);

// Building a key's table (paid once per key when the cache decides to keep one).
void BM_EngineVerifyBuildKeyTable(benchmark::State& state) {
  se::PublicKey pub{};
  se::parse_public_key(pub, engine_key().public_xy);
  for (auto _ : state) {
    auto table = se::make_public_key_table(pub);
    benchmark::DoNotOptimize(table);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["table_bytes"] = sizeof(se::PublicKeyTable);
}
BENCHMARK(BM_EngineVerifyBuildKeyTable);

void BM_EngineKeyGen(benchmark::State& state) {
  se::PrivateKey key{};
  std::uint8_t d[32];
  for (auto _ : state) {
    se::generate_private_key(key, d);
    benchmark::DoNotOptimize(key);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineKeyGen);

void BM_ApiSignDigest(benchmark::State& state) {
  for (auto _ : state) {
    auto sig = gmseal::crypto::sm2_sign_digest(bench_key(), digest());
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiSignDigest);

// Keys that do not repeat: 100 keys in turn, more than the verification cache remembers
// (crypto/internal/sm2_verify_cache.h), so none reaches the threshold for a table.
void BM_ApiVerifyDigest(benchmark::State& state) {
  struct Case {
    Sm2PublicKey key;
    Bytes sig;
  };
  static const std::vector<Case> cases = [] {
    std::vector<Case> v;
    for (int i = 0; i < 100; ++i) {
      const Sm2PrivateKey key = *Sm2PrivateKey::generate();
      v.push_back(Case{key.public_key(), *gmseal::crypto::sm2_sign_digest(key, digest())});
    }
    return v;
  }();
  std::size_t i = 0;
  for (auto _ : state) {
    const Case& c = cases[i];
    i = i + 1 == cases.size() ? 0 : i + 1;
    if (!gmseal::crypto::sm2_verify_digest(c.key, digest(), c.sig).ok()) {
      state.SkipWithError("verification failed");
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiVerifyDigest);

// One key again and again (a province's or status service's key): from the third verification
// on, the cache's table serves it.
void BM_ApiVerifyDigestRepeatedKey(benchmark::State& state) {
  const Bytes sig = *gmseal::crypto::sm2_sign_digest(bench_key(), digest());
  for (auto _ : state) {
    if (!gmseal::crypto::sm2_verify_digest(bench_public_key(), digest(), sig).ok()) {
      state.SkipWithError("verification failed");
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiVerifyDigestRepeatedKey);

void BM_OpenSslSign(benchmark::State& state) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(openssl_key(), nullptr);
  EVP_PKEY_sign_init(ctx);
  unsigned char sig[80];
  for (auto _ : state) {
    std::size_t size = sizeof sig;
    EVP_PKEY_sign(ctx, sig, &size, digest().data(), digest().size());
    benchmark::DoNotOptimize(sig);
  }
  EVP_PKEY_CTX_free(ctx);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OpenSslSign);

void BM_OpenSslVerify(benchmark::State& state) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(openssl_key(), nullptr);
  EVP_PKEY_sign_init(ctx);
  unsigned char sig[80];
  std::size_t size = sizeof sig;
  EVP_PKEY_sign(ctx, sig, &size, digest().data(), digest().size());
  EVP_PKEY_verify_init(ctx);
  for (auto _ : state) {
    if (EVP_PKEY_verify(ctx, sig, size, digest().data(), digest().size()) != 1) {
      state.SkipWithError("verification failed");
    }
  }
  EVP_PKEY_CTX_free(ctx);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OpenSslVerify);

void BM_ApiSignMessage(benchmark::State& state) {
  for (auto _ : state) {
    auto sig = gmseal::crypto::sm2_sign(bench_key(), message());
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiSignMessage);

void BM_ApiVerifyMessage(benchmark::State& state) {
  const Bytes sig = *gmseal::crypto::sm2_sign(bench_key(), message());
  for (auto _ : state) {
    if (!gmseal::crypto::sm2_verify(bench_public_key(), message(), sig).ok()) {
      state.SkipWithError("verification failed");
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiVerifyMessage);

void BM_OpenSslSignMessage(benchmark::State& state) {
  unsigned char sig[80];
  for (auto _ : state) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new(openssl_key(), nullptr);
    EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16);
    EVP_MD_CTX_set_pkey_ctx(md, pctx);
    EVP_DigestSignInit(md, nullptr, EVP_sm3(), nullptr, openssl_key());
    std::size_t size = sizeof sig;
    EVP_DigestSign(md, sig, &size, message().data(), message().size());
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OpenSslSignMessage);

}  // namespace
