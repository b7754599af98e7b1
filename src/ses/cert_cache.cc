#include "ses/cert_cache.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace gmseal::ses {

namespace {

struct Cache {
  std::mutex mutex;
  bool enabled = true;
  std::unordered_map<std::string, CachedCertificate> entries;
};

Cache& cache() {
  static Cache* instance = new Cache();  // never destroyed: usable during static teardown
  return *instance;
}

Result<CachedCertificate> parse(ByteView der) {
  GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate cert, crypto::Certificate::from_der(der));
  CachedCertificate entry{cert, std::nullopt};
  if (auto key = cert.public_key(); key.ok()) entry.key = std::move(*key);
  return entry;
}

}  // namespace

Result<CachedCertificate> cached_certificate(ByteView der) {
  Cache& c = cache();
  std::string key(der.begin(), der.end());
  {
    const std::lock_guard<std::mutex> lock(c.mutex);
    if (!c.enabled) return parse(der);
    if (auto it = c.entries.find(key); it != c.entries.end()) return it->second;
  }
  // Parsed outside the lock: two threads may parse the same certificate once each.
  GMSEAL_ASSIGN_OR_RETURN(CachedCertificate entry, parse(der));
  const std::lock_guard<std::mutex> lock(c.mutex);
  if (c.entries.size() >= kCertCacheCapacity) c.entries.clear();
  c.entries.emplace(std::move(key), entry);
  return entry;
}

void set_certificate_cache_enabled(bool enabled) {
  Cache& c = cache();
  const std::lock_guard<std::mutex> lock(c.mutex);
  c.enabled = enabled;
  c.entries.clear();
}

}  // namespace gmseal::ses
