// Timestamp tokens per second: the TSA core in process, and over loopback HTTP (keep-alive
// clients, one per benchmark thread), beside plain in-process SM2 signing, the floor a token
// cannot beat (each token is one SM2 signature plus DER work). Target (issue 14): tokens over
// HTTP at >= 80 % of the in-process SM2 signing rate, on the same 2 cores. p50/p99 latencies are
// reported as counters (microseconds).
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <vector>

#include "crypto/cert_builder.h"
#include "crypto/random.h"
#include "tsa/authority.h"
#include "tsa/http/tsa_http.h"
#include "tsa/imprint_hash.h"
#include "tsa/request.h"
#include "tsa/response.h"

namespace {

using namespace gmseal;

struct Fixture {
  std::shared_ptr<crypto::SoftSigner> signer;
  std::shared_ptr<tsa::Authority> authority;
  std::unique_ptr<tsa::TsaServer> server;
  int port = 0;
  Bytes request;
};

Fixture& fixture() {
  static Fixture* f = [] {
    auto* out = new Fixture;
    auto root_key = crypto::Sm2PrivateKey::generate();
    crypto::SoftSigner root_signer(*root_key);
    crypto::CertTemplate spec;
    spec.profile = crypto::CertProfile::kRoot;
    spec.name = "bench root";
    spec.not_before = now() - std::chrono::hours(1);
    spec.not_after = now() + std::chrono::hours(24);
    auto root = crypto::issue_certificate(spec, root_key->public_key(), nullptr, root_signer);
    auto key = crypto::Sm2PrivateKey::generate();
    out->signer = std::make_shared<crypto::SoftSigner>(*key);
    spec.profile = crypto::CertProfile::kTsa;
    spec.name = "bench TSA";
    auto cert = crypto::issue_certificate(spec, key->public_key(), &*root, root_signer);
    tsa::AuthorityConfig config;
    config.data_dir = std::filesystem::temp_directory_path() /
                      ("gmseal-tsa-bench-" + hex_encode(crypto::random_bytes(4)));
    out->authority = *tsa::Authority::open(config, *cert, out->signer);
    out->server = std::make_unique<tsa::TsaServer>(out->authority, 8);
    out->port = *out->server->start("127.0.0.1", 0);
    tsa::TimeStampRequest request;
    request.hash_oid = std::string(tsa::oid_of(tsa::ImprintHash::kSm3));
    request.hashed_message = tsa::digest(tsa::ImprintHash::kSm3, to_bytes("document"));
    request.nonce = Bytes{0x01, 0x02, 0x03, 0x04};
    request.cert_req = true;
    out->request = tsa::build_request(request);
    return out;
  }();
  return *f;
}

// p50/p99 of one thread's latencies, averaged over the threads by the framework.
void report_percentiles(benchmark::State& state, std::vector<double>& micros) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  const double p50 = micros[micros.size() / 2];
  const double p99 = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  state.counters["p50_us"] = benchmark::Counter(p50, benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] = benchmark::Counter(p99, benchmark::Counter::kAvgThreads);
}

void BM_Sm2SignInProcess(benchmark::State& state) {
  Fixture& f = fixture();
  const Bytes message(200, 0x5a);
  for (auto _ : state) {
    auto signature = f.signer->sign(message);
    benchmark::DoNotOptimize(signature);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sm2SignInProcess)->Threads(1)->Threads(2)->UseRealTime();

void BM_TokenInProcess(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) {
    tsa::TsaReply reply = f.authority->respond(f.request);
    if (reply.status != tsa::kGranted) state.SkipWithError(reply.detail.c_str());
    benchmark::DoNotOptimize(reply);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TokenInProcess)->Threads(1)->Threads(2)->UseRealTime();

void BM_TokenOverHttp(benchmark::State& state) {
  Fixture& f = fixture();
  httplib::Client client("127.0.0.1", f.port);
  client.set_tcp_nodelay(true);
  client.set_keep_alive(true);
  const std::string body(f.request.begin(), f.request.end());
  std::vector<double> micros;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto result = client.Post("/tsa", body, tsa::kQueryContentType);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    if (!result || result->status != 200) {
      state.SkipWithError("HTTP request failed");
      break;
    }
    benchmark::DoNotOptimize(result->body);
  }
  report_percentiles(state, micros);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TokenOverHttp)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

void BM_TokenInProcessLatency(benchmark::State& state) {
  Fixture& f = fixture();
  std::vector<double> micros;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    tsa::TsaReply reply = f.authority->respond(f.request);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    benchmark::DoNotOptimize(reply);
  }
  report_percentiles(state, micros);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TokenInProcessLatency)->Threads(2)->UseRealTime();

}  // namespace
