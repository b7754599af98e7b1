// SM2 signatures per second through gmseal's key carriers, in one run: a soft key in memory
// (crypto::SoftSigner), the soft UKey (libgmseal_skf.so via dlopen: SKF_ECCSignData reads and
// unseals the container key from disk under the device lock on every call, as a card works on
// its own storage), and the soft crypto device (libgmseal_sdf.so: the key is unsealed once by
// SDF_GetPrivateKeyAccessRight and kept in the session). Each signs e = SM3(Z||M) of 1 KiB.
//
// The ratios say what the C ABI, handle checks and (for SKF) the per-signature key unsealing
// cost next to the bare SM2 signature.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "crypto/signer.h"
#include "keys/soft/sdf_store.h"
#include "keys/soft/skf_store.h"
#include "keys/token_signer.h"

namespace {

using gmseal::Bytes;

struct Carriers {
  std::filesystem::path dir;
  std::unique_ptr<gmseal::crypto::Signer> soft, soft_raw, skf, sdf;

  Carriers() {
    std::string pattern = (std::filesystem::temp_directory_path() / "gmseal-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    dir = pattern;
    ::setenv("GMSEAL_SKF_ROOT", (dir / "skf").c_str(), 1);
    ::setenv("GMSEAL_SDF_ROOT", (dir / "sdf").c_str(), 1);
    std::filesystem::create_directories(dir / "skf");
    namespace soft_store = gmseal::keys::soft;
    auto device = soft_store::SkfDeviceStore::create(dir / "skf", "ukey0", {.label = "bench"});
    soft_store::SkfAppSpec app_spec;
    app_spec.admin_pin = "admin-123456";
    app_spec.user_pin = "user-1234";
    auto app = device->create_application("GMSEAL", app_spec);
    auto unlocked = app->verify_pin(soft_store::PinType::kUser, "user-1234");
    if (!app->create_container("seal").ok() ||
        !app->generate_sign_key("seal", unlocked->master_key).ok()) {
      std::abort();
    }
    auto hsm = soft_store::SdfDeviceStore::create(dir / "sdf", {});
    if (!hsm.ok() || !hsm->generate_sign_key(1, "hsm-pass-1").ok()) std::abort();

    const auto key = *gmseal::crypto::Sm2PrivateKey::generate();
    soft = std::make_unique<gmseal::crypto::SoftSigner>(key);
    // The same scalar loaded the way the tokens load theirs (Sm2PrivateKey::from_raw).
    soft_raw = std::make_unique<gmseal::crypto::SoftSigner>(
        *gmseal::crypto::Sm2PrivateKey::from_raw(key.raw()));
    skf = must(gmseal::keys::make_signer(std::string("skf:lib=") + GMSEAL_SKF_LIBRARY +
                                         ";dev=ukey0;con=seal;pin=user-1234"));
    sdf = must(gmseal::keys::make_signer(std::string("sdf:lib=") + GMSEAL_SDF_LIBRARY +
                                         ";index=1;pin=hsm-pass-1"));
  }
  ~Carriers() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  static std::unique_ptr<gmseal::crypto::Signer> must(
      gmseal::Result<std::unique_ptr<gmseal::crypto::Signer>> signer) {
    if (!signer.ok()) std::abort();
    return std::move(*signer);
  }
};

Carriers& carriers() {
  static Carriers instance;
  return instance;
}

void sign_with(benchmark::State& state, gmseal::crypto::Signer& signer) {
  const Bytes message(1024, 0x5a);
  for (auto _ : state) {
    auto signature = signer.sign(message);
    if (!signature.ok()) state.SkipWithError("signing failed");
    benchmark::DoNotOptimize(signature);
  }
  state.counters["sig/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SignSoftKey(benchmark::State& state) { sign_with(state, *carriers().soft); }
void BM_SignSoftKeyFromRaw(benchmark::State& state) { sign_with(state, *carriers().soft_raw); }
void BM_SignSkfToken(benchmark::State& state) { sign_with(state, *carriers().skf); }
void BM_SignSdfToken(benchmark::State& state) { sign_with(state, *carriers().sdf); }

BENCHMARK(BM_SignSoftKey);
BENCHMARK(BM_SignSoftKeyFromRaw);
BENCHMARK(BM_SignSkfToken);
BENCHMARK(BM_SignSdfToken);

}  // namespace
