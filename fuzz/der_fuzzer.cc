// Walks any input as nested DER; every error must come back as a gmseal::Error.
#include <cstddef>
#include <cstdint>

#include "util/der.h"

namespace {
void walk(gmseal::ByteView input, int depth) {
  if (depth > 32) return;
  gmseal::der::Reader reader(input);
  while (!reader.at_end()) {
    auto element = reader.next();
    if (!element.ok()) return;
    (void)gmseal::der::read_oid(*element, "oid");
    (void)gmseal::der::read_integer(*element, "int");
    (void)gmseal::der::read_bit_string(*element, "bits");
    if (element->constructed()) walk(element->content, depth + 1);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  walk(gmseal::ByteView(data, size), 0);
  return 0;
}
