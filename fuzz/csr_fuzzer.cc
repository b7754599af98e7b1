// PKCS#10 request parsing (DER, PEM or base64) must never crash on any input.
#include <cstddef>
#include <cstdint>

#include "crypto/csr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (auto request = gmseal::crypto::CertificateRequest::parse(gmseal::ByteView(data, size));
      request.ok()) {
    (void)request->subject().to_string();
    (void)request->public_key().to_der();
    (void)request->pem();
  }
  return 0;
}
