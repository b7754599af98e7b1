#include "ses/verified_seals.h"

#include <mutex>
#include <string>
#include <unordered_set>

namespace gmseal::ses {

namespace {

struct Memory {
  std::mutex mutex;
  bool enabled = true;
  std::unordered_set<std::string> seals;
  std::size_t bytes = 0;  // of the DER in `seals`
};

Memory& memory() {
  static Memory* instance = new Memory();  // never destroyed: usable during static teardown
  return *instance;
}

std::string key_of(ByteView der) { return std::string(der.begin(), der.end()); }

}  // namespace

bool maker_signature_verified_before(ByteView seal_der) {
  Memory& m = memory();
  const std::string key = key_of(seal_der);
  const std::lock_guard<std::mutex> lock(m.mutex);
  return m.enabled && m.seals.count(key) != 0;
}

void remember_maker_signature_verified(ByteView seal_der) {
  Memory& m = memory();
  std::string key = key_of(seal_der);
  const std::lock_guard<std::mutex> lock(m.mutex);
  if (!m.enabled || key.size() > kVerifiedSealBytes) return;
  if (m.seals.size() >= kVerifiedSealCapacity || m.bytes + key.size() > kVerifiedSealBytes) {
    m.seals.clear();
    m.bytes = 0;
  }
  const std::size_t size = key.size();
  if (m.seals.insert(std::move(key)).second) m.bytes += size;
}

void set_verified_seal_cache_enabled(bool enabled) {
  Memory& m = memory();
  const std::lock_guard<std::mutex> lock(m.mutex);
  m.enabled = enabled;
  m.seals.clear();
  m.bytes = 0;
}

}  // namespace gmseal::ses
