// GB/T 38540 seals and signatures: seals verified, signatures made and verified per second, next
// to the bare SM2 operations they contain, measured in the same run. The format work (DER
// parsing, certificate parsing, checks, encoding) should cost under 10 % of the crypto.
//
//   BM_Sm2Sign / BM_Sm2Verify        bare crypto::sm2_sign / sm2_verify over the same bytes
//   BM_SealParseVerify               Seal::parse + verify_seal         (1 SM2 verify inside)
//   BM_SignatureSign                 ses::sign                          (1 verify + 1 sign)
//   BM_SignatureParseVerify          Signature::parse + verify_signature (2 SM2 verifies)
//   ...ColdCerts                     the same with the certificate cache off (cert_cache.h)
//   BM_CertificateDecode             Certificate::from_der + public_key (what the cache saves)
// Overhead = time(op) / time(the bare SM2 operations it contains) - 1; see docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "crypto/cert_builder.h"
#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "ses/cert_cache.h"
#include "ses/make_seal.h"
#include "ses/sign.h"
#include "ses/verified_seals.h"
#include "ses/verify_seal.h"
#include "ses/verify_signature.h"

namespace {

using namespace gmseal;

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "ses_bench setup: %s\n", r.error().to_string().c_str());
    std::abort();
  }
  return std::move(*r);
}

struct Fixture {
  crypto::Sm2PrivateKey root_key = must(crypto::Sm2PrivateKey::generate());
  crypto::Certificate root_cert;
  crypto::Sm2PrivateKey maker_key = must(crypto::Sm2PrivateKey::generate());
  crypto::Sm2PrivateKey signer_key = must(crypto::Sm2PrivateKey::generate());
  crypto::Certificate maker_cert;
  crypto::Certificate signer_cert;
  ses::SignRequest request;  // before `signature`, which make_signature() fills it for
  ses::Seal seal;
  ses::Signature signature;

  crypto::Certificate issue(crypto::CertProfile profile, const std::string& name,
                            const crypto::Sm2PrivateKey& key) {
    crypto::CertTemplate spec{
        profile, name, "", now() - std::chrono::hours(24), now() + std::chrono::days(3650), ""};
    crypto::SoftSigner root(root_key);
    return must(crypto::issue_certificate(
        spec, key.public_key(), profile == crypto::CertProfile::kRoot ? nullptr : &root_cert,
        root));
  }

  // Chains are not verified here (no trust store): the benchmark measures the format work.
  Fixture()
      : root_cert(issue(crypto::CertProfile::kRoot, "bench root", root_key)),
        maker_cert(issue(crypto::CertProfile::kMaker, "bench maker", maker_key)),
        signer_cert(issue(crypto::CertProfile::kMaker, "bench signer", signer_key)),
        seal(make_seal()),
        signature(make_signature()) {}

  ses::Seal make_seal() {
    ses::SealSpec spec;
    spec.vid = "gmseal";
    spec.es_id = "43010000000001";
    spec.name = "长沙市测试科技有限公司合同专用章";
    spec.signer_certs = {signer_cert};
    spec.picture.type = "PNG";
    spec.picture.data = Bytes(15 * 1024, 0x42);  // the size of a typical 40 mm PNG seal
    spec.picture.width_mm = 40;
    spec.picture.height_mm = 40;
    spec.valid_start = now() - std::chrono::hours(1);
    spec.valid_end = now() + std::chrono::days(365);
    crypto::SoftSigner maker(maker_key);
    return must(ses::make_seal(spec, maker_cert, maker));
  }

  ses::Signature make_signature() {
    const auto digest = crypto::sm3(to_bytes("document"));
    request.data_hash.assign(digest.begin(), digest.end());
    request.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
    crypto::SoftSigner signer(signer_key);
    return must(ses::sign(seal, signer_cert, signer, request));
  }
};

// The measurements below compare each operation with the bare SM2 work it contains, so the
// maker signature of the seal is checked every time (ses/verified_seals.h off), except in
// BM_SignatureSignKnownSeal, which shows what remembering it saves.
const Fixture& fixture() {
  static const Fixture* f = [] {
    ses::set_verified_seal_cache_enabled(false);
    return new Fixture();
  }();
  return *f;
}

void BM_Sm2Sign(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteView message = f.signature.tbs_bytes();
  for (auto _ : state) benchmark::DoNotOptimize(crypto::sm2_sign(f.signer_key, message));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sm2Sign);

void BM_Sm2Verify(benchmark::State& state) {
  const Fixture& f = fixture();
  const ByteView message = f.seal.signed_bytes();
  const crypto::Sm2PublicKey key = f.maker_key.public_key();
  for (auto _ : state) {
    if (!crypto::sm2_verify(key, message, f.seal.signed_value()).ok()) state.SkipWithError("bad");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sm2Verify);

void BM_SealParseVerify(benchmark::State& state) {
  const Fixture& f = fixture();
  const Bytes der = f.seal.der();
  for (auto _ : state) {
    const ses::VerifyReport report = ses::verify_seal_der(der);
    if (!report.valid()) state.SkipWithError("seal invalid");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SealParseVerify);

void BM_SignatureSign(benchmark::State& state) {
  const Fixture& f = fixture();
  crypto::SoftSigner signer(f.signer_key);
  for (auto _ : state) {
    auto signature = ses::sign(f.seal, f.signer_cert, signer, f.request);
    if (!signature.ok()) state.SkipWithError("sign failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignatureSign);

// As BM_SignatureSign, with the seal's verified maker signature remembered (the default in
// services: a signing service signs with the same few seals all day).
void BM_SignatureSignKnownSeal(benchmark::State& state) {
  const Fixture& f = fixture();
  crypto::SoftSigner signer(f.signer_key);
  ses::set_verified_seal_cache_enabled(true);
  for (auto _ : state) {
    auto signature = ses::sign(f.seal, f.signer_cert, signer, f.request);
    if (!signature.ok()) state.SkipWithError("sign failed");
  }
  ses::set_verified_seal_cache_enabled(false);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignatureSignKnownSeal);

void BM_SignatureParseVerify(benchmark::State& state) {
  const Fixture& f = fixture();
  const Bytes der = f.signature.der();
  ses::SignatureVerifyOptions options;
  options.data_hash = [&](const ses::Signature&) -> Result<Bytes> { return f.request.data_hash; };
  for (auto _ : state) {
    const ses::VerifyReport report = ses::verify_signature_der(der, options);
    if (!report.valid()) state.SkipWithError("signature invalid");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignatureParseVerify);

// Cold: no certificate cache, every verification decodes the certificates again.
void BM_SealParseVerifyColdCerts(benchmark::State& state) {
  const Fixture& f = fixture();
  const Bytes der = f.seal.der();
  ses::set_certificate_cache_enabled(false);
  for (auto _ : state) {
    if (!ses::verify_seal_der(der).valid()) state.SkipWithError("seal invalid");
  }
  ses::set_certificate_cache_enabled(true);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SealParseVerifyColdCerts);

void BM_SignatureParseVerifyColdCerts(benchmark::State& state) {
  const Fixture& f = fixture();
  const Bytes der = f.signature.der();
  ses::set_certificate_cache_enabled(false);
  for (auto _ : state) {
    if (!ses::verify_signature_der(der).valid()) state.SkipWithError("signature invalid");
  }
  ses::set_certificate_cache_enabled(true);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignatureParseVerifyColdCerts);

// What the cache saves: decoding one certificate and its SM2 key (OpenSSL 3.0 d2i_X509 + key).
void BM_CertificateDecode(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto cert = crypto::Certificate::from_der(f.maker_cert.der());
    benchmark::DoNotOptimize(cert->public_key());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CertificateDecode);

// The format work alone: parsing a signature (with its seal) and encoding a TBS_Sign.
void BM_SignatureParseOnly(benchmark::State& state) {
  const Fixture& f = fixture();
  const Bytes der = f.signature.der();
  for (auto _ : state) benchmark::DoNotOptimize(ses::Signature::parse(der));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignatureParseOnly);

}  // namespace
