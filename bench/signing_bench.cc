// The signing service (`gmseal signing serve`) over loopback HTTP against the same per-document
// work in-process, in one run: a digest (SES_Signature), a one-page PDF by keyword and a
// one-page OFD by position. Over HTTP each request is authenticated, checked against its grant,
// signed with the key in the soft SDF device, and its use and audit record committed (SQLite);
// in-process is the signature alone (document_signing.h) with the same device key. Latencies
// (p50, p99) are per request, one keep-alive client. Results: docs/benchmarks.md.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "../tests/pdf/pdf_test_support.h"
#include "ca/test_ca.h"
#include "crypto/random.h"
#include "crypto/sm3.h"
#include "ofd/sample_document.h"
#include "ses/make_seal.h"
#include "signing/grants.h"
#include "signing/signing_service.h"
#include "util/bytes.h"
#include "validate/seal_image.h"
#include "validate/uscc.h"

namespace gmseal {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kPassword = "bench password 1";

void must(const Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "signing_bench: %s\n", status.error().to_string().c_str());
    std::abort();
  }
}

// A red ring, 2-colour palette PNG (what the platform's seals carry).
Bytes ring_png() {
  const unsigned size = 200;
  std::vector<std::uint8_t> pixels(size * size, 0);
  for (unsigned y = 0; y < size; ++y) {
    for (unsigned x = 0; x < size; ++x) {
      const double r = std::hypot(x - size / 2.0, y - size / 2.0);
      if (r > 80 && r < 95) pixels[y * size + x] = 1;
    }
  }
  return validate::encode_palette_png(size, size, {0, 0, 0, 0, 220, 20, 20, 255}, pixels, 600)
      .value();
}

// One service with one imported seal (made by a test CA acting as the platform's maker) and a
// grant for "signer"; no platform gating (its cost is one cached lookup).
struct Bench {
  fs::path dir;
  std::unique_ptr<signing::SigningService> service;
  std::string code, token;
  std::unique_ptr<httplib::Client> client;
  Bytes pdf = pdf::testing::make_simple_pdf(1);  // one page with "contract"
  Bytes ofd;

  Bench() {
    dir =
        fs::temp_directory_path() / ("gmseal-signing-bench-" + hex_encode(crypto::random_bytes(4)));
    signing::SigningConfig config;
    config.data_dir = dir;
    config.sdf_library = GMSEAL_SDF_LIBRARY;
    config.sdf_soft_root = dir / "sdf";
    config.demo = true;
    config.http_threads = 8;  // the default of `gmseal signing serve`
    service = signing::SigningService::open(config, "admin", kPassword).value();
    service->users()->create("sealadmin", kPassword, {"sealadmin"}, "admin", "bench").value();
    service->users()->create("signer", kPassword, {"signer"}, "admin", "bench").value();
    const std::string uscc =
        std::string("91430100MA4L00001") + validate::uscc_check_character("91430100MA4L00001");
    auto request =
        service->requests()
            .create({uscc, "长沙市示例科技有限公司", "合同专用章", "04"}, "sealadmin", "bench")
            .value();
    // The maker: a test CA certifies the request's key and makes the seal.
    auto ca = ca::TestCa::init(dir / "maker-ca", "bench maker CA", 3650, "").value();
    auto maker_key = crypto::Sm2PrivateKey::generate().value();
    const crypto::CertTemplate maker_spec{crypto::CertProfile::kMaker,
                                          "bench maker",
                                          "",
                                          now() - std::chrono::hours(1),
                                          now() + std::chrono::hours(24 * 365),
                                          ""};
    auto maker_cert = ca.issue(maker_spec, maker_key.public_key()).value();
    auto csr = crypto::CertificateRequest::parse(
                   protocol::SealRequestPackage::parse(request.package).value().info().cert_request)
                   .value();
    const crypto::CertTemplate unit_spec{crypto::CertProfile::kUnit,
                                         "长沙市示例科技有限公司",
                                         uscc,
                                         now() - std::chrono::hours(1),
                                         now() + std::chrono::hours(24 * 365),
                                         ""};
    auto signer_cert = ca.issue(unit_spec, csr.public_key()).value();
    ses::SealSpec spec;
    spec.vid = "GMSEAL";
    spec.es_id = "BENCH4301000000001";
    spec.name = "合同专用章";
    spec.signer_certs = {signer_cert};
    spec.picture = {"PNG", ring_png(), 40, 40};
    spec.valid_start = now() - std::chrono::hours(1);
    spec.valid_end = now() + std::chrono::hours(24 * 365);
    crypto::SoftSigner maker(maker_key);
    auto seal = ses::make_seal(spec, maker_cert, maker).value();
    code = service->vault().import(seal.der(), "sealadmin", "bench").value().code;
    signing::Grant grant;
    grant.username = "signer";
    grant.seal_code = code;
    grant.not_before = now() - std::chrono::hours(1);
    grant.not_after = now() + std::chrono::hours(24);
    grant.kinds = {"pdf", "ofd", "digest"};
    grant.created_by = "sealadmin";
    must(service->db().transact([&](soci::session& sql) -> Status {
      auto made = signing::insert_grant(sql, grant);
      if (!made.ok()) return made.error();
      return {};
    }));
    must(service->start("127.0.0.1", 0));
    client = std::make_unique<httplib::Client>("127.0.0.1", service->port());
    client->set_tcp_nodelay(true);
    client->set_keep_alive(true);
    auto res = client->Post("/api/v1/session",
                            json({{"username", "signer"}, {"password", kPassword}}).dump(),
                            "application/json");
    token = json::parse(res->body).value("token", "");
    ofd = ofd::make_sample_document({{"合同 contract"}}, now()).value();
  }
  ~Bench() {
    service->stop();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

Bench& bench() {
  static Bench b;
  return b;
}

void report(benchmark::State& state, std::vector<double>& ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  // Per thread, averaged over the benchmark's threads (each is one client); per_second is the
  // total.
  state.counters["p50_ms"] = benchmark::Counter(ms[ms.size() / 2], benchmark::Counter::kAvgThreads);
  state.counters["p99_ms"] = benchmark::Counter(ms[std::min(ms.size() - 1, ms.size() * 99 / 100)],
                                                benchmark::Counter::kAvgThreads);
  state.counters["per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

template <typename Fn>
void timed(benchmark::State& state, Fn&& fn) {
  std::vector<double> ms;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    if (!fn()) {
      state.SkipWithError("request failed");
      break;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  report(state, ms);
}

void BM_HttpDigest(benchmark::State& state) {
  Bench& b = bench();
  const std::string body =
      json({{"sealCode", b.code}, {"digest", hex_encode(crypto::sm3(to_bytes("x")))}}).dump();
  const httplib::Headers headers = {{"Authorization", "Bearer " + b.token}};
  timed(state, [&] {
    auto res = b.client->Post("/api/v1/sign/digest", headers, body, "application/json");
    return res && res->status == 200;
  });
}

// As BM_HttpDigest with state.threads() clients at once, each on its own keep-alive connection:
// what the service does for several users on the two cores. per_second is the total.
void BM_HttpDigestClients(benchmark::State& state) {
  Bench& b = bench();
  httplib::Client client("127.0.0.1", b.service->port());
  client.set_tcp_nodelay(true);
  client.set_keep_alive(true);
  const std::string body =
      json({{"sealCode", b.code}, {"digest", hex_encode(crypto::sm3(to_bytes("x")))}}).dump();
  const httplib::Headers headers = {{"Authorization", "Bearer " + b.token}};
  timed(state, [&] {
    auto res = client.Post("/api/v1/sign/digest", headers, body, "application/json");
    return res && res->status == 200;
  });
}

// Many digests per request (POST /api/v1/sign/digests): the per-request work (HTTP, session,
// grant, status, key, transaction) is shared by state.range(0) signatures.
void BM_HttpDigests(benchmark::State& state) {
  Bench& b = bench();
  const auto n = static_cast<std::size_t>(state.range(0));
  json digests = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    digests.push_back(hex_encode(crypto::sm3(to_bytes("x" + std::to_string(i)))));
  }
  const std::string body = json({{"sealCode", b.code}, {"digests", digests}}).dump();
  const httplib::Headers headers = {{"Authorization", "Bearer " + b.token}};
  timed(state, [&] {
    auto res = b.client->Post("/api/v1/sign/digests", headers, body, "application/json");
    return res && res->status == 200;
  });
  state.counters["digests_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
}

void BM_HttpPdf(benchmark::State& state) {
  Bench& b = bench();
  const std::string body(b.pdf.begin(), b.pdf.end());
  const httplib::Headers headers = {{"Authorization", "Bearer " + b.token}};
  const std::string path = "/api/v1/sign/pdf?sealCode=" + b.code + "&keyword=contract";
  timed(state, [&] {
    auto res = b.client->Post(path.c_str(), headers, body, "application/pdf");
    return res && res->status == 200;
  });
}

void BM_HttpOfd(benchmark::State& state) {
  Bench& b = bench();
  const std::string body(b.ofd.begin(), b.ofd.end());
  const httplib::Headers headers = {{"Authorization", "Bearer " + b.token}};
  const std::string path = "/api/v1/sign/ofd?sealCode=" + b.code + "&page=1&x=60&y=60";
  timed(state, [&] {
    auto res = b.client->Post(path.c_str(), headers, body, "application/ofd");
    return res && res->status == 200;
  });
}

// In-process: the signature alone, with the same seal and device key.
template <typename Fn>
void in_process(benchmark::State& state, Fn&& sign) {
  Bench& b = bench();
  auto seal = b.service->vault().usable(b.code).value();
  auto signer = b.service->device().signer(seal->key_index, seal->key_password).value();
  timed(state, [&] { return sign(*seal, *signer).ok(); });
}

void BM_InProcessDigest(benchmark::State& state) {
  const crypto::Sm3Digest sm3 = crypto::sm3(to_bytes("x"));
  const Bytes digest(sm3.begin(), sm3.end());
  in_process(state, [&](const signing::UsableSeal& seal, crypto::Signer& signer) {
    return signing::seal_digest(seal, signer, digest, "");
  });
}

// Many digests at one signing time in process (signing::seal_digests, the seal checked once): the
// work /sign/digests does per request, without HTTP, grant, status or audit.
void BM_InProcessDigests(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<Bytes> digests;
  for (std::size_t i = 0; i < n; ++i) {
    const crypto::Sm3Digest sm3 = crypto::sm3(to_bytes("x" + std::to_string(i)));
    digests.emplace_back(sm3.begin(), sm3.end());
  }
  in_process(state, [&](const signing::UsableSeal& seal, crypto::Signer& signer) {
    return signing::seal_digests(seal, signer, digests, {});
  });
  state.counters["digests_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations() * n), benchmark::Counter::kIsRate);
}

// The SM2 signature alone (the device key's Signer over a 32-byte value): the floor of any use.
void BM_InProcessSm2Sign(benchmark::State& state) {
  const crypto::Sm3Digest sm3 = crypto::sm3(to_bytes("x"));
  const Bytes message(sm3.begin(), sm3.end());
  in_process(state, [&](const signing::UsableSeal&, crypto::Signer& signer) {
    return signer.sign(message);
  });
}

void BM_InProcessPdf(benchmark::State& state) {
  signing::Position position;
  position.kind = signing::Position::Kind::kKeyword;
  position.keyword = "contract";
  in_process(state, [&](const signing::UsableSeal& seal, crypto::Signer& signer) {
    return signing::seal_pdf_bytes(seal, signer, bench().pdf, position);
  });
}

void BM_InProcessOfd(benchmark::State& state) {
  signing::Position position;
  position.x = position.y = 60;
  in_process(state, [&](const signing::UsableSeal& seal, crypto::Signer& signer) {
    return signing::seal_ofd_bytes(seal, signer, bench().ofd, position);
  });
}

BENCHMARK(BM_InProcessDigest)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HttpDigest)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HttpDigestClients)
    ->Threads(2)
    ->Threads(4)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_InProcessSm2Sign)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_InProcessDigests)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HttpDigests)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_InProcessPdf)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HttpPdf)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_InProcessOfd)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_HttpOfd)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace gmseal
