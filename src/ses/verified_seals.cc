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
  if (!m.enabled) return;
  if (m.seals.size() >= kVerifiedSealCapacity) m.seals.clear();
  m.seals.insert(std::move(key));
}

void set_verified_seal_cache_enabled(bool enabled) {
  Memory& m = memory();
  const std::lock_guard<std::mutex> lock(m.mutex);
  m.enabled = enabled;
  m.seals.clear();
}

}  // namespace gmseal::ses
