// Field operation counts of the SM2 engine per operation (docs/benchmarks.md): built from the
// engine's sources with GMSEAL_SM2_COUNT_OPS, which compiles the counters in.
#include <openssl/rand.h>

#include <cstdio>

#include "crypto/sm2_engine/engine.h"
#include "crypto/sm2_engine/op_count.h"
#include "crypto/sm2_engine/scalar_mult.h"

namespace se = gmseal::crypto::sm2_engine;

namespace {

template <class Operation>
void report(const char* name, int runs, Operation operation) {
  se::op_counts() = {};
  for (int i = 0; i < runs; ++i) operation();
  const se::OpCounts& c = se::op_counts();
  std::printf("%-28s field mul %6.0f  sqr %6.0f  inv %4.1f  scalar mul %6.1f\n", name,
              static_cast<double>(c.field_mul) / runs, static_cast<double>(c.field_sqr) / runs,
              static_cast<double>(c.field_inv) / runs, static_cast<double>(c.scalar_mul) / runs);
}

}  // namespace

int main() {
  (void)se::comb_table();  // the static tables are built once per process, not counted
  (void)se::odd_multiples_of_g();
  std::uint8_t d[32], e[32], rs[64];
  RAND_bytes(e, sizeof e);
  se::PrivateKey key{};
  se::generate_private_key(key, d);
  se::PublicKey pub{};
  se::parse_public_key(pub, key.public_xy);
  se::sign_digest(rs, key, e);
  const int runs = 200;
  report("sign (random k)", runs, [&] { se::sign_digest(rs, key, e); });
  report("sign (hedged k)", runs, [&] { se::sign_digest(rs, key, e, se::NonceMode::kHedged); });
  report("verify", runs, [&] { se::verify_digest(pub, e, rs); });
  const auto table = se::make_public_key_table(pub);
  report("verify (key table)", runs, [&] { se::verify_digest(*table, e, rs); });
  report("key table build", 20, [&] { (void)se::make_public_key_table(pub); });
  report("key setup (make_private_key)", runs, [&] { se::make_private_key(key, d); });
  return 0;
}
