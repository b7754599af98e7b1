// The software tokens' state files (key=value lines) must parse or fail cleanly on any bytes,
// and what parses must survive an encode/parse round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "keys/soft/state_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gmseal::keys::soft::StateFile;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = StateFile::parse(text);
  if (!file.ok()) return 0;
  for (const char* key : {"label", "user.remaining", "user.salt", "kdf.iterations"}) {
    (void)file->text(key);
    (void)file->number(key);
    (void)file->bytes(key);
  }
  auto again = StateFile::parse(file->encode());
  if (!again.ok() || again->encode() != file->encode()) std::abort();
  (void)gmseal::keys::soft::path_component_to_name(text);
  return 0;
}
