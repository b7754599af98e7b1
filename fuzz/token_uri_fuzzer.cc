// Token URI parsing (skf:/sdf:/soft: with %-escapes and ABI options) must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "keys/token_uri.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto uri = gmseal::keys::TokenUri::parse(text); uri.ok()) {
    (void)uri->abi();
    (void)uri->to_display_string();
    // Parsing what we display (pin masked) must not crash either.
    (void)gmseal::keys::TokenUri::parse(uri->to_display_string());
  }
  return 0;
}
