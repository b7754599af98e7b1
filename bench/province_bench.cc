// Seal making end to end over loopback HTTP (client signs the envelope, the emulator checks
// signature, replay and every appendix 2 rule, makes and signs a GB/T 38540 v4 seal, stores it
// in SQLite and signs its reply; the client verifies the reply), next to the bare SM2 sign
// rate measured in the same run. Figures: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "crypto/cert_builder.h"
#include "crypto/random.h"
#include "crypto/sm2.h"
#include "province/server.h"
#include "province_client/client.h"
#include "province_client/sample_request.h"

namespace {

using namespace gmseal;

struct Loopback {
  std::filesystem::path dir;
  std::shared_ptr<province::ProvinceService> service;
  std::unique_ptr<province::ProvinceServer> server;
  std::unique_ptr<province_client::ProvinceClient> client;
  std::optional<province_client::SampleFactory> samples;
  std::string org_code = "91350100M000100Y43";

  Loopback() {
    dir = std::filesystem::temp_directory_path() /
          ("gmseal-province-bench-" + hex_encode(crypto::random_bytes(6)));
    service = province::ProvinceService::open(
                  province::ProvinceData::init(dir, province::ProvinceConfig{}).value(), {})
                  .value();
    server =
        std::make_unique<province::ProvinceServer>(service, std::vector<province::FaultSpec>{});
    const int port = server->start("127.0.0.1", 0).value();
    samples = province_client::SampleFactory::create().value();
    // The platform's system certificate, from the sample CA (any CA will do for the emulator).
    auto platform = samples->new_applicant("bench platform").value();
    (void)service->register_system(platform.cert, org_code, "bench platform", "").value();
    client = std::make_unique<province_client::ProvinceClient>(
        province_client::ClientConfig{"http://127.0.0.1:" + std::to_string(port)}, platform.cert,
        std::make_shared<crypto::SoftSigner>(platform.key), service->data().system().cert);
  }
  ~Loopback() {
    client.reset();
    server->stop();
    server.reset();
    service.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

void BM_Sm2SignBare(benchmark::State& state) {
  const auto key = crypto::Sm2PrivateKey::generate().value();
  const Bytes message(1024, 0x5a);
  for (auto _ : state) benchmark::DoNotOptimize(crypto::sm2_sign(key, message).value());
  state.counters["signs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Sm2SignBare)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_SealMakingOverLoopback(benchmark::State& state) {
  Loopback loopback;
  for (auto _ : state) {
    // One certificate serves one seal only: each request needs a fresh applicant (not timed).
    state.PauseTiming();
    auto applicant = loopback.samples->new_applicant("某某科技有限公司").value();
    auto data = loopback.samples->seal_data(applicant, loopback.org_code).value();
    state.ResumeTiming();
    auto made = loopback.client->make(data);
    if (!made.ok() || made->header.result_code != "0") {
      state.SkipWithError("seal making failed");
      break;
    }
  }
  state.counters["requests/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SealMakingOverLoopback)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SealDownloadOverLoopback(benchmark::State& state) {
  Loopback loopback;
  auto applicant = loopback.samples->new_applicant("某某科技有限公司").value();
  auto data = loopback.samples->seal_data(applicant, loopback.org_code).value();
  (void)loopback.client->make(data).value();
  for (auto _ : state) {
    auto downloaded = loopback.client->download({data.seal_num});
    if (!downloaded.ok() || downloaded->items.at(0).error_code != "0") {
      state.SkipWithError("download failed");
      break;
    }
  }
  state.counters["requests/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SealDownloadOverLoopback)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
