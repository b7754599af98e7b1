// ctgrind check of the SM2 engine: private keys and nonces are marked undefined with valgrind's
// memcheck client requests, so `valgrind --error-exitcode=1` reports every branch or memory index
// that depends on them in key generation and signing. The engine declassifies only what becomes
// public (r, s, the public key, the verdict that a candidate is in range).
#include <openssl/rand.h>
#include <valgrind/memcheck.h>

#include <cstdio>
#include <cstring>

#include "crypto/sm2_engine/engine.h"
#include "crypto/sm2_engine/scalar_mult.h"

namespace se = gmseal::crypto::sm2_engine;

namespace {

void secret(void* p, std::size_t n) { VALGRIND_MAKE_MEM_UNDEFINED(p, n); }

int check(bool ok, const char* what) {
  if (!ok) std::fprintf(stderr, "sm2_ctgrind: %s failed\n", what);
  return ok ? 0 : 1;
}

// The control (--control): the variable-time verification multiplication on a secret scalar must
// be reported, which shows that the check can fail.
int run_control() {
  std::uint8_t k[32];
  RAND_bytes(k, sizeof k);
  k[0] &= 0x7f;
  secret(k, sizeof k);
  const se::Jacobian p = se::double_mult_public(se::u256_from_be(k), se::ec::generator(), se::u256_from_be(k));
  VALGRIND_MAKE_MEM_DEFINED(&p, sizeof p);
  std::printf("sm2_ctgrind: control ran\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--control") == 0) return run_control();
  int failures = 0;
  // Build the public comb table before anything is secret.
  (void)se::comb_table();
  std::uint8_t e[32];
  RAND_bytes(e, sizeof e);

  for (int round = 0; round < 4; ++round) {
    // Key from given secret bytes.
    std::uint8_t d[32];
    RAND_bytes(d, sizeof d);
    d[0] &= 0x7f;  // below n
    if (round == 1) {
      std::memset(d, 0, sizeof d);
      d[31] = 1;  // d = 1: almost every comb digit zero
    }
    secret(d, sizeof d);
    se::PrivateKey key{};
    failures += check(se::make_private_key(key, d), "make_private_key");

    // One signature with a given secret k, one with each nonce mode.
    std::uint8_t k[32];
    RAND_bytes(k, sizeof k);
    k[0] &= 0x7f;
    if (round == 2) {
      std::memset(k, 0, sizeof k);
      k[31] = 1;
    }
    secret(k, sizeof k);
    std::uint8_t rs[64];
    failures += check(se::sign_digest_with_k(rs, key, e, k) == se::SignResult::kOk, "sign_digest_with_k");
    failures += check(se::sign_digest(rs, key, e, se::NonceMode::kRandom) == se::SignResult::kOk, "sign random");
    failures += check(se::sign_digest(rs, key, e, se::NonceMode::kHedged) == se::SignResult::kOk, "sign hedged");

    // The signature is public: verification (variable time by design) runs on defined data.
    se::PublicKey pub{};
    failures += check(se::parse_public_key(pub, key.public_xy), "parse_public_key");
    failures += check(se::verify_digest(pub, e, rs), "verify_digest");

    // Key generation from the RNG (the engine marks the fresh d secret itself).
    std::uint8_t fresh[32];
    se::PrivateKey generated{};
    failures += check(se::generate_private_key(generated, fresh), "generate_private_key");
    failures += check(se::sign_digest(rs, generated, e) == se::SignResult::kOk, "sign with generated key");
    se::wipe(key);
    se::wipe(generated);
  }
  if (RUNNING_ON_VALGRIND == 0) std::fprintf(stderr, "sm2_ctgrind: not under valgrind, nothing checked\n");
  std::printf("sm2_ctgrind: %s\n", failures == 0 ? "signing and key generation ran" : "FAILED");
  return failures == 0 ? 0 : 1;
}
