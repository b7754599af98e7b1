// OFD sealing and verification for generated documents of 1 to 500 pages: verify time should
// grow linearly with the bytes hashed and be dominated by SM3 (BM_Sm3OverSameBytes hashes the
// same number of bytes in the same run, for the ratio). Also the cost of opening (inflating) a
// package and of sealing.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "crypto/cert_builder.h"
#include "crypto/signer.h"
#include "crypto/sm3.h"
#include "ofd/document.h"
#include "ofd/package.h"
#include "ofd/sample_document.h"
#include "ofd/seal_document.h"
#include "ofd/stamp_placement.h"
#include "ofd/verify_document.h"
#include "ses/make_seal.h"
#include "validate/uscc.h"

namespace {

using namespace gmseal;

struct Party {
  crypto::Sm2PrivateKey key;
  crypto::Certificate cert;
};

Party issue(crypto::CertProfile profile, const std::string& name, const std::string& uscc17,
            const Party* issuer) {
  crypto::Sm2PrivateKey key = *crypto::Sm2PrivateKey::generate();
  crypto::CertTemplate spec;
  spec.profile = profile;
  spec.name = name;
  if (!uscc17.empty()) spec.id_code = uscc17 + validate::uscc_check_character(uscc17);
  spec.not_before = now() - std::chrono::hours(24);
  spec.not_after = now() + std::chrono::days(365);
  crypto::SoftSigner signer(issuer ? issuer->key : key);
  auto cert =
      crypto::issue_certificate(spec, key.public_key(), issuer ? &issuer->cert : nullptr, signer);
  if (!cert.ok()) std::abort();
  return Party{key, *cert};
}

struct Fixture {
  Party root, maker, signer;
  ses::Seal seal;
};

const Fixture& fixture() {
  static const Fixture* f = [] {
    Party root = issue(crypto::CertProfile::kRoot, "bench root", "", nullptr);
    Party maker = issue(crypto::CertProfile::kMaker, "bench maker", "91430100MA4L0XXX5", &root);
    Party signer = issue(crypto::CertProfile::kUnit, "bench unit", "91430102MA4T5YYY2", &root);
    ses::SealSpec spec;
    spec.vid = "gmseal";
    spec.es_id = "43010000000001";
    spec.name = "bench seal";
    spec.signer_certs = {signer.cert};
    spec.picture.type = "png";
    spec.picture.data = Bytes(8000, 0x42);
    spec.picture.width_mm = 40;
    spec.picture.height_mm = 40;
    spec.valid_start = now() - std::chrono::hours(1);
    spec.valid_end = now() + std::chrono::days(30);
    crypto::SoftSigner maker_signer(maker.key);
    auto seal = ses::make_seal(spec, maker.cert, maker_signer);
    if (!seal.ok()) std::abort();
    return new Fixture{root, maker, signer, *seal};
  }();
  return *f;
}

// A document of `pages` pages, 40 lines of text each (about 6 KB of page XML per page).
const Bytes& document(int pages) {
  static std::map<int, Bytes> cache;
  auto it = cache.find(pages);
  if (it != cache.end()) return it->second;
  std::vector<std::vector<std::string>> text(static_cast<std::size_t>(pages));
  for (int p = 0; p < pages; ++p) {
    for (int line = 0; line < 40; ++line) {
      text[static_cast<std::size_t>(p)].push_back("第" + std::to_string(p + 1) + "页 第" +
                                                  std::to_string(line + 1) +
                                                  "行 合同条款 contract clause text");
    }
  }
  return cache.emplace(pages, *ofd::make_sample_document(text, now())).first->second;
}

const Bytes& sealed_document(int pages) {
  static std::map<int, Bytes> cache;
  auto it = cache.find(pages);
  if (it != cache.end()) return it->second;
  const ofd::Package package = *ofd::Package::open(document(pages));
  crypto::SoftSigner signer(fixture().signer.key);
  ofd::NewSignature spec;
  spec.signing_time = now();
  spec.stamps = *ofd::place_at(*ofd::read_document(package), 1, 100, 100, {40, 40});
  auto sealed = ofd::seal_document(package, fixture().seal, fixture().signer.cert, signer, spec);
  if (!sealed.ok()) std::abort();
  return cache.emplace(pages, sealed->archive).first->second;
}

// Bytes the verifier hashes: every referenced file plus Signature.xml (dataHash).
std::int64_t hashed_bytes(const ofd::Package& package) {
  std::int64_t total = 0;
  for (const ofd::PackageEntry& e : package.entries()) {
    if (e.path.find("/SignedValue.dat") == std::string::npos &&
        e.path.find("/Signatures.xml") == std::string::npos) {
      total += static_cast<std::int64_t>(e.data.size());
    }
  }
  return total;
}

void BM_OpenPackage(benchmark::State& state) {
  const Bytes& bytes = sealed_document(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto package = ofd::Package::open(bytes);
    benchmark::DoNotOptimize(package);
  }
  state.counters["zip_bytes"] = static_cast<double>(bytes.size());
}

void BM_SealDocument(benchmark::State& state) {
  const int pages = static_cast<int>(state.range(0));
  const ofd::Package package = *ofd::Package::open(document(pages));
  const ofd::DocumentInfo info = *ofd::read_document(package);
  crypto::SoftSigner signer(fixture().signer.key);
  for (auto _ : state) {
    ofd::NewSignature spec;
    spec.signing_time = now();
    spec.stamps = *ofd::place_at(info, 1, 100, 100, {40, 40});
    auto sealed = ofd::seal_document(package, fixture().seal, fixture().signer.cert, signer, spec);
    if (!sealed.ok()) state.SkipWithError(sealed.error().message.c_str());
    benchmark::DoNotOptimize(sealed);
  }
  state.SetBytesProcessed(state.iterations() * hashed_bytes(package));
}

// Verification of an opened package (inflating is BM_OpenPackage).
void BM_VerifyDocument(benchmark::State& state) {
  const ofd::Package package =
      *ofd::Package::open(sealed_document(static_cast<int>(state.range(0))));
  ofd::DocumentVerifyOptions options;
  crypto::TrustStore store;
  store.anchors = {fixture().root.cert};
  options.trust = store;
  for (auto _ : state) {
    auto verdict = ofd::verify_document(package, options);
    if (!verdict.ok() || !verdict->valid()) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(verdict);
  }
  state.SetBytesProcessed(state.iterations() * hashed_bytes(package));
  state.counters["hashed_bytes"] = static_cast<double>(hashed_bytes(package));
}

// SM3 over as many bytes as BM_VerifyDocument hashes for the same page count.
void BM_Sm3OverSameBytes(benchmark::State& state) {
  const ofd::Package package =
      *ofd::Package::open(sealed_document(static_cast<int>(state.range(0))));
  const Bytes data(static_cast<std::size_t>(hashed_bytes(package)), 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(crypto::sm3(data));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}

BENCHMARK(BM_OpenPackage)->Arg(1)->Arg(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SealDocument)->Arg(1)->Arg(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_VerifyDocument)->Arg(1)->Arg(10)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sm3OverSameBytes)->Arg(1)->Arg(10)->Arg(100)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
