// Decodes any input as a seal request package (docs/seal-request-package.md): parse() must never
// crash, and a package that parses re-encodes its requestInfo and runs verify() safely.
#include <cstddef>
#include <cstdint>

#include "protocol/seal_request_package.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto package = gmseal::protocol::SealRequestPackage::parse(gmseal::ByteView(data, size));
  if (!package.ok()) return 0;
  (void)package->verify();
  (void)package->info().encode();
  return 0;
}
