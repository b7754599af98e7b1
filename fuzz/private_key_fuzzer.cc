// Key decoding (PEM/DER, encrypted or not) must reject garbage with an error, never crash.
#include <cstddef>
#include <cstdint>

#include "crypto/sm2.h"
#include "crypto/sm2_key.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const gmseal::ByteView input(data, size);
  (void)gmseal::crypto::Sm2PrivateKey::from_der(input, "password");
  (void)gmseal::crypto::Sm2PublicKey::from_der(input);
  (void)gmseal::crypto::sm2_signature_der_to_raw(input);
  if (size == 65) (void)gmseal::crypto::Sm2PublicKey::from_point(input);
  return 0;
}
