// Field multiplication and squaring counters, compiled in only for the operation-count tool
// (GMSEAL_SM2_COUNT_OPS); they cost nothing otherwise.
#pragma once

#include <cstdint>

namespace gmseal::crypto::sm2_engine {

struct OpCounts {
  std::uint64_t field_mul = 0;
  std::uint64_t field_sqr = 0;
  std::uint64_t field_inv = 0;
  std::uint64_t scalar_mul = 0;
};

#ifdef GMSEAL_SM2_COUNT_OPS
inline OpCounts& op_counts() {
  static thread_local OpCounts counts;
  return counts;
}
#define GMSEAL_SM2_COUNT(field) (++::gmseal::crypto::sm2_engine::op_counts().field)
#else
#define GMSEAL_SM2_COUNT(field) ((void)0)
#endif

}  // namespace gmseal::crypto::sm2_engine
