// The public status query (GET /api/v1/status/{code}, 状态查询) over loopback HTTP: the platform
// (SQLite, API server with its default 8 threads) and a first-level emulator run in this
// process; 20 seals are made for real first (applications submitted, approved by a second user,
// made by the worker through the emulator). Each benchmark thread is one keep-alive client
// (cpp-httplib) asking for the seals in turn; items_per_second is the total answer rate.
// The client runs on the same 2 cores as the server. Figures: docs/benchmarks.md.
//
// GMSEAL_BENCH_SERVER / GMSEAL_ADMIN_USER / GMSEAL_ADMIN_PASSWORD: measure a running
// `gmseal server` instead (bench/status_wrk.sh does, for wrk). GMSEAL_BENCH_CODES_FILE: write
// the seal codes there, one a line.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <mutex>

#include "crypto/certificate.h"
#include "crypto/sm2.h"
#include "protocol/canonical_json.h"
#include "server_loopback.h"

namespace {

using namespace gmseal;
using bench::json;

constexpr int kSeals = 20;

// The answer's signature must verify with the certificate it names: the benchmark measures
// real signed answers, not errors.
Status check_signed_answer(const json& answer) {
  const json signed_part = {{"code", answer.at("code")},
                            {"status", answer.at("status")},
                            {"since", answer.at("since")},
                            {"signedAt", answer.at("signedAt")}};
  GMSEAL_ASSIGN_OR_RETURN(const Bytes cert_der,
                          base64_decode(answer.at("signerCert").get<std::string>()));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, crypto::Certificate::from_der(cert_der));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature,
                          base64_decode(answer.at("signature").get<std::string>()));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey key, cert.public_key());
  return crypto::sm2_verify(key, to_bytes(protocol::canonical_json(signed_part)), signature);
}

struct Fixture {
  std::unique_ptr<bench::BenchPlatform> platform;
  std::vector<std::string> codes;
  std::string error;
};

// Made once for every benchmark of the program (making the seals takes a few seconds).
Fixture& fixture() {
  static Fixture f = [] {
    Fixture out;
    auto platform = bench::BenchPlatform::start();
    if (!platform.ok()) {
      out.error = platform.error().to_string();
      return out;
    }
    out.platform = std::move(*platform);
    auto codes = out.platform->make_seals(kSeals);
    if (!codes.ok()) {
      out.error = codes.error().to_string();
      return out;
    }
    out.codes = std::move(*codes);
    bench::ApiClient client(out.platform->host(), out.platform->port());
    for (const std::string& code : out.codes) {
      auto answer = client.get("/api/v1/status/" + code);
      if (!answer.ok()) {
        out.error = answer.error().to_string();
        return out;
      }
      if (answer->value("status", "") != "valid") {
        out.error = "seal " + code + " is not valid: " + answer->dump();
        return out;
      }
      if (auto verified = check_signed_answer(*answer); !verified.ok()) {
        out.error = "status answer for " + code + ": " + verified.error().to_string();
        return out;
      }
    }
    if (const char* file = std::getenv("GMSEAL_BENCH_CODES_FILE"); file != nullptr) {
      std::ofstream list(file);
      for (const std::string& code : out.codes) list << code << "\n";
    }
    return out;
  }();
  return f;
}

void BM_StatusQuery(benchmark::State& state) {
  Fixture& f = fixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  httplib::Client client(f.platform->host(), f.platform->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  std::vector<std::string> paths;
  for (const std::string& code : f.codes) paths.push_back("/api/v1/status/" + code);
  std::size_t next = static_cast<std::size_t>(state.thread_index());
  for (auto _ : state) {
    auto res = client.Get(paths[next++ % paths.size()]);
    if (!res || res->status != 200 || res->body.find("\"signature\"") == std::string::npos) {
      state.SkipWithError(res ? ("HTTP " + std::to_string(res->status) + " " + res->body).c_str()
                              : "no reply");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_StatusQuery)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->MinTime(2.0)
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->Threads(8);

}  // namespace
