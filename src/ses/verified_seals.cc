#include "ses/verified_seals.h"

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace gmseal::ses {

namespace {

// Looks seals up by a view of their DER, without copying it first.
struct DerHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view der) const { return std::hash<std::string_view>{}(der); }
};

struct Memory {
  std::mutex mutex;
  bool enabled = true;
  std::unordered_set<std::string, DerHash, std::equal_to<>> seals;
  std::size_t bytes = 0;  // of the DER in `seals`
};

Memory& memory() {
  static Memory* instance = new Memory();  // never destroyed: usable during static teardown
  return *instance;
}

std::string_view view_of(ByteView der) {
  return {reinterpret_cast<const char*>(der.data()), der.size()};
}

}  // namespace

bool maker_signature_verified_before(ByteView seal_der) {
  Memory& m = memory();
  const std::lock_guard<std::mutex> lock(m.mutex);
  return m.enabled && m.seals.find(view_of(seal_der)) != m.seals.end();
}

void remember_maker_signature_verified(ByteView seal_der) {
  Memory& m = memory();
  const std::string_view key = view_of(seal_der);
  const std::lock_guard<std::mutex> lock(m.mutex);
  if (!m.enabled || key.size() > kVerifiedSealBytes) return;
  if (m.seals.size() >= kVerifiedSealCapacity || m.bytes + key.size() > kVerifiedSealBytes) {
    m.seals.clear();
    m.bytes = 0;
  }
  if (m.seals.emplace(key).second) m.bytes += key.size();
}

void set_verified_seal_cache_enabled(bool enabled) {
  Memory& m = memory();
  const std::lock_guard<std::mutex> lock(m.mutex);
  m.enabled = enabled;
  m.seals.clear();
  m.bytes = 0;
}

}  // namespace gmseal::ses
