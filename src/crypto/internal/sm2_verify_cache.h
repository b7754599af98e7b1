// Internal to src/crypto: per-key tables for SM2 verification (sm2_engine::PublicKeyTable), kept
// for the keys that verify most, such as the province's key or the platform's status key.
//
// Keyed by the 64-byte public point X||Y, not by the EVP_PKEY: callers re-create the OpenSSL key
// for every certificate they parse, so the EVP_PKEY ex_data cache (sm2_engine_keys.h) alone would
// never see a key twice. A key gets a table at its kVerifyCacheThreshold-th verification within
// the cache's memory of recently seen keys (kVerifyCacheSeenKeys, least recently seen forgotten
// first); at most kVerifyCacheTables tables are kept, the least recently used evicted first.
// Memory bound: kVerifyCacheTables × sizeof(PublicKeyTable) (16 × 88 KB, about 1.4 MB) plus
// kVerifyCacheSeenKeys small counters.
//
// Thread safety: every function may be called from any thread. One mutex guards the maps and is
// never held while a table is built; tables are immutable and shared through shared_ptr, so a
// table evicted while a verification uses it lives until that verification ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "crypto/sm2_engine/engine.h"

namespace gmseal::crypto::internal {

inline constexpr std::size_t kVerifyCacheTables = 16;
inline constexpr std::size_t kVerifyCacheSeenKeys = 64;
// A table costs about four plain verifications and saves about two thirds of each later one
// (docs/sm2-engine.md), so a key verified 3 times recently is likely to repay it soon.
inline constexpr unsigned kVerifyCacheThreshold = 3;

// The table for key (xy: its X||Y) when the cache holds one or this verification brings the key
// to the threshold (the table is then built here, in the calling thread, outside the lock);
// nullptr otherwise: verify without a table. Counts the verification either way.
std::shared_ptr<const sm2_engine::PublicKeyTable> verify_table_for(const sm2_engine::PublicKey& key,
                                                                   const std::uint8_t xy[64]);

// Counters for tests and diagnostics (since the process started or the last clear).
struct VerifyCacheStats {
  std::size_t tables_held = 0;   // tables in the cache now
  std::size_t keys_counted = 0;  // keys seen recently that have no table yet
  std::uint64_t tables_built = 0;
  std::uint64_t tables_evicted = 0;
  std::uint64_t table_hits = 0;  // verifications that found a table in the cache
};
VerifyCacheStats verify_cache_stats();

// Empties the cache and zeroes the counters (tests).
void clear_verify_cache();

}  // namespace gmseal::crypto::internal
