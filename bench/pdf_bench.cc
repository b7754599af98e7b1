// PDF sealing cost against one pass of SM3 over the same file, for generated PDFs of 1 MB and
// 50 MB (and 500 MB when GMSEAL_BENCH_PDF_500MB=1). Sealing reads the original once (copy +
// hash), so its time should be close to BM_Sm3File's. "peak_rss_mb" is the process's peak
// resident set during the iteration (VmHWM, reset through /proc/self/clear_refs before it): it
// should stay flat as the file grows (QPDF reads objects lazily; the original is streamed).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "crypto/cert_builder.h"
#include "crypto/cms_signed_data.h"
#include "crypto/signer.h"
#include "crypto/sm3.h"
#include "pdf/sign.h"

namespace {

namespace fs = std::filesystem;
using namespace gmseal;

const fs::path& bench_dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / "gmseal-pdf-bench";
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// A PDF of about `megabytes` MB: pages with a text line, each carrying a 256 KB stream of
// incompressible-looking bytes (so the size comes from real objects, one per page).
fs::path make_pdf_of(int megabytes) {
  const fs::path path = bench_dir() / ("doc-" + std::to_string(megabytes) + "mb.pdf");
  if (fs::exists(path)) return path;
  const int pages = std::max(1, megabytes * 4);
  std::ofstream out(path, std::ios::binary);
  std::vector<std::uint64_t> offsets;
  std::uint64_t at = 0;
  auto write = [&](const std::string& s) {
    out.write(s.data(), static_cast<std::streamsize>(s.size()));
    at += s.size();
  };
  auto object = [&](int number, const std::string& body) {
    if (static_cast<int>(offsets.size()) < number) offsets.resize(number);
    offsets[number - 1] = at;
    write(std::to_string(number) + " 0 obj\n" + body + "\nendobj\n");
  };
  write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  object(1, "<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>");
  std::string blob(256 * 1024, ' ');
  std::uint32_t x = 12345;
  for (char& c : blob) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>('!' + (x >> 16) % 90);
  }
  std::string kids;
  int next = 3;
  for (int p = 0; p < pages; ++p) {
    const std::string text = "BT /F1 24 Tf 72 700 Td (Page " + std::to_string(p + 1) + ") Tj ET";
    const int content = next++, pad = next++, page = next++;
    object(content,
           "<</Length " + std::to_string(text.size()) + ">>\nstream\n" + text + "\nendstream");
    object(pad, "<</Length " + std::to_string(blob.size()) + ">>\nstream\n" + blob + "\nendstream");
    object(page,
           "<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources <</Font <</F1 1 0 R>>>> "
           "/Contents " +
               std::to_string(content) + " 0 R /PieceInfo <</Bench <</Private " +
               std::to_string(pad) + " 0 R>>>>>>");
    kids += std::to_string(page) + " 0 R ";
  }
  object(2, "<</Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + ">>");
  const int catalog = next++;
  object(catalog, "<</Type /Catalog /Pages 2 0 R>>");
  const std::uint64_t xref = at;
  write("xref\n0 " + std::to_string(next) + "\n0000000000 65535 f\r\n");
  char entry[32];
  for (const std::uint64_t o : offsets) {
    std::snprintf(entry, sizeof entry, "%010llu 00000 n\r\n", static_cast<unsigned long long>(o));
    write(entry);
  }
  write("trailer\n<</Size " + std::to_string(next) + " /Root " + std::to_string(catalog) +
        " 0 R>>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n");
  return path;
}

struct Signing {
  crypto::Sm2PrivateKey key;
  crypto::Certificate cert;
};

const Signing& signing() {
  static const Signing s = [] {
    auto key = crypto::Sm2PrivateKey::generate();
    crypto::SoftSigner signer(*key);
    crypto::CertTemplate spec;
    spec.profile = crypto::CertProfile::kRoot;
    spec.name = "gmseal PDF bench";
    spec.not_before = now() - std::chrono::hours(1);
    spec.not_after = now() + std::chrono::hours(24);
    return Signing{*key, *crypto::issue_certificate(spec, key->public_key(), nullptr, signer)};
  }();
  return s;
}

Bytes seal_png() {
  // A tiny valid PNG (1x1, red, opaque) keeps the benchmark about the document, not the image.
  return *hex_decode(
      "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763"
      "f8cfc000000301010018dd8db00000000049454e44ae426082");
}

void reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
}

double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

std::vector<int> sizes() {
  std::vector<int> s = {1, 50};
  const char* big = std::getenv("GMSEAL_BENCH_PDF_500MB");
  if (big != nullptr && std::string(big) == "1") s.push_back(500);
  return s;
}

void BM_SealPdf(benchmark::State& state) {
  const fs::path in = make_pdf_of(static_cast<int>(state.range(0)));
  const fs::path out = bench_dir() / "sealed.pdf";
  pdf::SignOptions options;
  options.picture = seal_png();
  options.reserve_bytes = 4096;
  auto signer = std::make_shared<crypto::SoftSigner>(signing().key);
  const crypto::Certificate cert = signing().cert;
  options.build_container = [signer, cert](const pdf::ContainerRequest& r) {
    return crypto::build_cms_signed_data(r.digest, cert, *signer);
  };
  double peak = 0;
  for (auto _ : state) {
    reset_peak_rss();
    auto result = pdf::sign_pdf(in, out, options);
    if (!result.ok()) state.SkipWithError(result.error().to_string().c_str());
    peak = std::max(peak, peak_rss_mb());
  }
  state.counters["peak_rss_mb"] = peak;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(fs::file_size(in)));
  fs::remove(out);
}

// One streaming pass of SM3 over the same file (the floor for sealing).
void BM_Sm3File(benchmark::State& state) {
  const fs::path in = make_pdf_of(static_cast<int>(state.range(0)));
  Bytes buffer(1 << 20);
  double peak = 0;
  for (auto _ : state) {
    reset_peak_rss();
    std::ifstream f(in, std::ios::binary);
    crypto::Sm3 hash;
    while (f) {
      f.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(buffer.size()));
      hash.update(ByteView(buffer.data(), static_cast<std::size_t>(f.gcount())));
    }
    benchmark::DoNotOptimize(hash.final());
    peak = std::max(peak, peak_rss_mb());
  }
  state.counters["peak_rss_mb"] = peak;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(fs::file_size(in)));
}

void sizes_arg(benchmark::internal::Benchmark* b) {
  for (const int mb : sizes()) b->Arg(mb);
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_Sm3File)->Apply(sizes_arg);
BENCHMARK(BM_SealPdf)->Apply(sizes_arg);

}  // namespace
