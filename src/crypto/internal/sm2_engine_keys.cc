#include "crypto/internal/sm2_engine_keys.h"

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string_view>

#include "crypto/internal/key_access.h"
#include "crypto/internal/ossl.h"

namespace gmseal::crypto::internal {

namespace {

struct CacheEntry {
  bool has_private = false;
  sm2_engine::PrivateKey private_key{};
  bool has_public = false;
  EnginePublic public_key{};
};

void free_entry(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) {
  auto* entry = static_cast<CacheEntry*>(ptr);
  if (entry == nullptr) return;
  sm2_engine::wipe(entry->private_key);
  delete entry;
}

int dup_entry(CRYPTO_EX_DATA*, const CRYPTO_EX_DATA*, void** from_d, int, long, void*) {
  // OpenSSL copies the pointer into the duplicate; give the duplicate its own entry.
  auto** slot = reinterpret_cast<CacheEntry**>(from_d);
  if (*slot != nullptr) *slot = new CacheEntry(**slot);
  return 1;
}

int ex_index() {
  static const int index =
      CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_EVP_PKEY, 0, nullptr, nullptr, dup_entry, free_entry);
  return index;
}

std::shared_mutex& cache_mutex() {
  static std::shared_mutex mutex;
  return mutex;
}

// A filled part of an entry is never written again, so it may be read after the lock is released.
const sm2_engine::PrivateKey* cached_private(EVP_PKEY* pkey) {
  std::shared_lock lock(cache_mutex());
  const auto* entry = static_cast<const CacheEntry*>(EVP_PKEY_get_ex_data(pkey, ex_index()));
  return entry != nullptr && entry->has_private ? &entry->private_key : nullptr;
}

const EnginePublic* cached_public(EVP_PKEY* pkey) {
  std::shared_lock lock(cache_mutex());
  const auto* entry = static_cast<const CacheEntry*>(EVP_PKEY_get_ex_data(pkey, ex_index()));
  return entry != nullptr && entry->has_public ? &entry->public_key : nullptr;
}

// Stores `fill`'s result unless another thread got there first; returns the stored entry.
template <class Fill>
CacheEntry* fill_entry(EVP_PKEY* pkey, Fill fill) {
  std::unique_lock lock(cache_mutex());
  auto* entry = static_cast<CacheEntry*>(EVP_PKEY_get_ex_data(pkey, ex_index()));
  if (entry == nullptr) {
    entry = new CacheEntry();
    if (EVP_PKEY_set_ex_data(pkey, ex_index(), entry) != 1) {
      delete entry;
      return nullptr;
    }
  }
  fill(*entry);
  return entry;
}

}  // namespace

bool use_own_sm2_engine() {
  static const bool own = [] {
    const char* env = std::getenv("GMSEAL_SM2_ENGINE");
    return env == nullptr || std::string_view(env) != "openssl";
  }();
  return own;
}

const sm2_engine::PrivateKey* engine_private_key(const Sm2PrivateKey& key) {
  EVP_PKEY* pkey = KeyAccess::get0(key);
  if (const auto* cached = cached_private(pkey)) return cached;
  Bytes d = key.raw();
  sm2_engine::PrivateKey converted{};
  const bool ok = sm2_engine::make_private_key(converted, d.data());
  OPENSSL_cleanse(d.data(), d.size());
  if (!ok) return nullptr;
  const CacheEntry* entry = fill_entry(pkey, [&](CacheEntry& e) {
    if (!e.has_private) {
      e.private_key = converted;
      e.has_private = true;
    }
  });
  sm2_engine::wipe(converted);
  return entry != nullptr ? &entry->private_key : nullptr;
}

const EnginePublic* engine_public_key(const Sm2PublicKey& key) {
  EVP_PKEY* pkey = KeyAccess::get0(key);
  if (const auto* cached = cached_public(pkey)) return cached;
  const Bytes point = key.point();
  EnginePublic converted{};
  if (point.size() != 65 || point[0] != 0x04) return nullptr;
  std::memcpy(converted.xy, point.data() + 1, 64);
  if (!sm2_engine::parse_public_key(converted.key, converted.xy)) return nullptr;
  const CacheEntry* entry = fill_entry(pkey, [&](CacheEntry& e) {
    if (!e.has_public) {
      e.public_key = converted;
      e.has_public = true;
    }
  });
  return entry != nullptr ? &entry->public_key : nullptr;
}

}  // namespace gmseal::crypto::internal
