// dudect-style timing check of SM2 signing (Reparaz, Balasch, Verbauwhede 2017): two classes of
// inputs, measured interleaved in random order, compared with Welch's t-test.
//   class 0: a fixed key d = 1 and a fixed nonce k = 1 (nearly every comb digit zero: a
//            table scan or addition skipped for zero digits would show at once);
//   class 1: fresh random keys and nonces.
// |t| above 4.5 (the usual dudect threshold) is a leak. Measurements above the 90th percentile are
// cropped as dudect does, to keep the other processes on a shared machine out of the figures.
// As a control the same harness times the variable-time verification multiplication with a small
// against a random scalar, which must show a leak: the check can fail.
//
// Usage: sm2_dudect [seconds per check]   (default 20)
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "crypto/sm2_engine/engine.h"
#include "crypto/sm2_engine/scalar_mult.h"

namespace se = gmseal::crypto::sm2_engine;

namespace {

constexpr double kThreshold = 4.5;
constexpr int kBatch = 256;

struct Sample {
  int cls;
  double nanos;
};

double welch_t(const std::vector<Sample>& samples, double crop_at) {
  double n[2] = {0, 0}, mean[2] = {0, 0}, m2[2] = {0, 0};
  for (const Sample& s : samples) {
    if (s.nanos > crop_at) continue;
    const int c = s.cls;
    n[c] += 1;
    const double delta = s.nanos - mean[c];
    mean[c] += delta / n[c];
    m2[c] += delta * (s.nanos - mean[c]);
  }
  if (n[0] < 2 || n[1] < 2) return 0;
  const double var0 = m2[0] / (n[0] - 1), var1 = m2[1] / (n[1] - 1);
  return (mean[0] - mean[1]) / std::sqrt(var0 / n[0] + var1 / n[1]);
}

double percentile(std::vector<Sample> samples, double q) {
  std::vector<double> v;
  v.reserve(samples.size());
  for (const Sample& s : samples) v.push_back(s.nanos);
  std::nth_element(v.begin(), v.begin() + static_cast<long>(q * (v.size() - 1)), v.end());
  return v[static_cast<std::size_t>(q * (v.size() - 1))];
}

// Runs `prepare(cls, slot)` outside and `operation(slot)` inside the timed region, for `seconds`.
template <class Prepare, class Operation>
double measure(const char* name, double seconds, Prepare prepare, Operation operation) {
  std::vector<Sample> samples;
  const auto stop = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::uint8_t classes[kBatch];
  while (std::chrono::steady_clock::now() < stop) {
    RAND_bytes(classes, sizeof classes);
    for (int i = 0; i < kBatch; ++i) prepare(classes[i] & 1, i);
    for (int i = 0; i < kBatch; ++i) {
      const auto begin = std::chrono::steady_clock::now();
      operation(i);
      const auto end = std::chrono::steady_clock::now();
      samples.push_back({classes[i] & 1, std::chrono::duration<double, std::nano>(end - begin).count()});
    }
  }
  const double t = welch_t(samples, percentile(samples, 0.90));
  std::printf("sm2_dudect: %-32s %8zu measurements, t = %7.2f\n", name, samples.size(), t);
  return t;
}

void random_scalar(std::uint8_t out[32]) {
  RAND_bytes(out, 32);
  out[0] &= 0x7f;  // below n
  out[31] |= 1;    // not zero
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 20.0;
  (void)se::comb_table();
  std::uint8_t e[32];
  RAND_bytes(e, sizeof e);

  // Keys for both classes are made outside the timed region.
  std::uint8_t one[32] = {};
  one[31] = 1;
  se::PrivateKey fixed_key{};
  se::make_private_key(fixed_key, one);
  static se::PrivateKey keys[kBatch];
  static std::uint8_t nonces[kBatch][32];
  static std::uint8_t signatures[kBatch][64];
  const double t_sign = measure(
      "sign (d = k = 1 vs random)", seconds,
      [&](int cls, int slot) {
        if (cls == 0) {
          keys[slot] = fixed_key;
          std::memcpy(nonces[slot], one, 32);
        } else {
          std::uint8_t d[32];
          random_scalar(d);
          se::make_private_key(keys[slot], d);
          random_scalar(nonces[slot]);
        }
      },
      [&](int slot) { se::sign_digest_with_k(signatures[slot], keys[slot], e, nonces[slot]); });

  // Control: the variable-time u1·G + u2·P of verification must be caught.
  static se::U256 scalars[kBatch];
  const se::Affine& g = se::ec::generator();
  const double t_control = measure(
      "control: verify mult (small vs random)", seconds / 4,
      [&](int cls, int slot) {
        std::uint8_t s[32];
        random_scalar(s);
        if (cls == 0) std::memset(s, 0, 28);
        scalars[slot] = se::u256_from_be(s);
      },
      [&](int slot) {
        volatile auto sink = se::double_mult_public(scalars[slot], g, scalars[slot]).z.m.v[0];
        (void)sink;
      });

  bool ok = true;
  if (std::fabs(t_sign) > kThreshold) {
    std::printf("sm2_dudect: LEAK: signing time depends on the key and nonce (|t| > %.1f)\n", kThreshold);
    ok = false;
  }
  if (std::fabs(t_control) <= kThreshold) {
    std::printf("sm2_dudect: the control leak was not detected: the measurement is not trustworthy\n");
    ok = false;
  }
  std::printf("sm2_dudect: %s\n", ok ? "no leak found" : "FAILED");
  return ok ? 0 : 1;
}
