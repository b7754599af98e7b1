// CMS SignedData parsing and verification (also of a nested timestamp token) must never crash.
#include <cstddef>
#include <cstdint>

#include "crypto/cms_signed_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const gmseal::ByteView input(data, size);
  if (auto parsed = gmseal::crypto::parse_cms_signed_data(input); parsed.ok()) {
    for (const auto& signer : parsed->signers) (void)signer.serial_hex.size();
  }
  gmseal::crypto::CmsVerifyInput verify_input;
  verify_input.content = input.first(size / 2);
  (void)gmseal::crypto::verify_cms_signed_data(input, verify_input);
  return 0;
}
