// Applications made per minute, end to end over loopback: an operator submits 100 new
// applications (server-held seals) through the HTTP API, a second user (reviewer) approves each
// (the platform then issues the signer key and certificate), and the platform's outbox worker
// has every seal made, signed and downloaded through the first-level emulator over loopback
// HTTP; an iteration ends when all 100 applications are ready. Everything (client, platform,
// emulator) shares the machine's 2 cores. Figures: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <chrono>

#include "server_loopback.h"

namespace {

using namespace gmseal;

constexpr int kApplications = 100;

void BM_ApplicationsEndToEnd(benchmark::State& state) {
  auto platform = bench::BenchPlatform::start();
  if (!platform.ok()) {
    state.SkipWithError(platform.error().to_string().c_str());
    return;
  }
  std::chrono::duration<double> made_in{0};
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto codes = (*platform)->make_seals(kApplications);
    if (!codes.ok() || codes->size() != static_cast<std::size_t>(kApplications)) {
      state.SkipWithError(codes.ok() ? "some applications were not made"
                                     : codes.error().to_string().c_str());
      break;
    }
    made_in += std::chrono::steady_clock::now() - start;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kApplications);
  // A plain figure per minute (a kIsRate counter would print it "per second").
  if (made_in.count() > 0) {
    state.counters["apps_per_min"] =
        static_cast<double>(state.iterations()) * kApplications * 60 / made_in.count();
  }
}
// Each iteration is 100 applications (several seconds): two iterations per run bound the time.
BENCHMARK(BM_ApplicationsEndToEnd)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(2);

}  // namespace
