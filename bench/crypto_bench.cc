// SM2 sign/verify and SM3 throughput through gmseal's API, next to the same operations called
// directly on OpenSSL in the same run (the overhead ratio should be about 1.0).
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "crypto/sm4.h"

namespace {

using gmseal::Bytes;
using gmseal::crypto::Sm2PrivateKey;

const Sm2PrivateKey& bench_key() {
  static const Sm2PrivateKey key = *Sm2PrivateKey::generate();
  return key;
}

const Bytes& message() {
  static const Bytes m(1024, 0x5a);
  return m;
}

// The same key as a plain OpenSSL EVP_PKEY, loaded from its DER.
EVP_PKEY* openssl_key() {
  static EVP_PKEY* pkey = [] {
    const Bytes der = bench_key().to_der();
    const unsigned char* p = der.data();
    return d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()));
  }();
  return pkey;
}

Bytes openssl_sign(const Bytes& msg) {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new(openssl_key(), nullptr);
  EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16);
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  EVP_DigestSignInit(md, nullptr, EVP_sm3(), nullptr, openssl_key());
  Bytes sig(80);
  size_t len = sig.size();
  EVP_DigestSign(md, sig.data(), &len, msg.data(), msg.size());
  sig.resize(len);
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
  return sig;
}

bool openssl_verify(const Bytes& msg, const Bytes& sig) {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new(openssl_key(), nullptr);
  EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16);
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  EVP_DigestVerifyInit(md, nullptr, EVP_sm3(), nullptr, openssl_key());
  const bool ok = EVP_DigestVerify(md, sig.data(), sig.size(), msg.data(), msg.size()) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
  return ok;
}

void BM_Sm2Sign_Gmseal(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(gmseal::crypto::sm2_sign(bench_key(), message()));
  state.SetItemsProcessed(state.iterations());
}
void BM_Sm2Sign_OpenSSL(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(openssl_sign(message()));
  state.SetItemsProcessed(state.iterations());
}
void BM_Sm2Verify_Gmseal(benchmark::State& state) {
  const Bytes sig = *gmseal::crypto::sm2_sign(bench_key(), message());
  const auto pub = bench_key().public_key();
  for (auto _ : state) {
    if (!gmseal::crypto::sm2_verify(pub, message(), sig).ok()) state.SkipWithError("verify failed");
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_Sm2Verify_OpenSSL(benchmark::State& state) {
  const Bytes sig = openssl_sign(message());
  for (auto _ : state) {
    if (!openssl_verify(message(), sig)) state.SkipWithError("verify failed");
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Sm3_Gmseal(benchmark::State& state) {
  const Bytes data(static_cast<std::size_t>(state.range(0)), 0x33);
  for (auto _ : state) benchmark::DoNotOptimize(gmseal::crypto::sm3(data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
void BM_Sm3_OpenSSL(benchmark::State& state) {
  const Bytes data(static_cast<std::size_t>(state.range(0)), 0x33);
  unsigned char out[32];
  unsigned int len = 0;
  for (auto _ : state) {
    EVP_Digest(data.data(), data.size(), out, &len, EVP_sm3(), nullptr);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

// GB/T 32907 appendix A example 2: 1,000,000 SM4 encryptions of the key under itself.
void BM_Sm4MillionIterationVector(benchmark::State& state) {
  const Bytes key = *gmseal::hex_decode("0123456789abcdeffedcba9876543210");
  for (auto _ : state) {
    Bytes block = key;
    for (int i = 0; i < 1000000; ++i) block = *gmseal::crypto::sm4_ecb_encrypt_block(key, block);
    if (gmseal::hex_encode(block) != "595298c7c6fd271f0402f804c33d3f66") {
      state.SkipWithError("SM4 1,000,000-iteration vector mismatch");
    }
  }
}

BENCHMARK(BM_Sm2Sign_Gmseal);
BENCHMARK(BM_Sm2Sign_OpenSSL);
BENCHMARK(BM_Sm2Verify_Gmseal);
BENCHMARK(BM_Sm2Verify_OpenSSL);
BENCHMARK(BM_Sm3_Gmseal)->Arg(1 << 20);
BENCHMARK(BM_Sm3_OpenSSL)->Arg(1 << 20);
BENCHMARK(BM_Sm4MillionIterationVector)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
