// SESeal decoding (v1/v4/v5), verification and JSON rendering must never crash; a seal that
// re-encodes must parse again and re-encode to the same bytes (DER round trip).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "ses/seal.h"
#include "ses/verdict_json.h"
#include "ses/verify_seal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gmseal;
  const ByteView input(data, size);
  auto seal = ses::Seal::parse(input);
  if (!seal.ok()) return 0;
  (void)seal->signed_bytes();
  (void)seal->alternate_signed_bytes();
  const ses::VerifyReport report = ses::verify_seal(*seal);
  (void)ses::seal_verdict_json(&*seal, report).dump();
  if (auto encoded = seal->encode(); encoded.ok()) {
    auto again = ses::Seal::parse(*encoded);
    if (!again.ok()) std::abort();
    auto twice = again->encode();
    if (!twice.ok() || *twice != *encoded) std::abort();
  }
  return 0;
}
