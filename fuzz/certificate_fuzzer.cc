// Certificate and CRL parsing, then every accessor, must never crash on any input.
#include <cstddef>
#include <cstdint>

#include "crypto/certificate.h"
#include "crypto/crl.h"
#include "validate/gmt0015_subject.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const gmseal::ByteView input(data, size);
  if (auto cert = gmseal::crypto::Certificate::parse_any(input); cert.ok()) {
    (void)cert->subject().to_string();
    (void)cert->issuer().to_string();
    (void)cert->serial_hex();
    (void)cert->key_usage();
    (void)cert->extended_key_usage();
    (void)cert->subject_key_id();
    (void)cert->authority_key_id();
    (void)cert->signature_algorithm_oid();
    (void)gmseal::validate::check_gmt0015_subject(cert->subject(),
                                                  gmseal::crypto::SubjectKind::kUnit);
    if (auto key = cert->public_key(); key.ok()) (void)cert->verify_signature(*key);
  }
  if (auto crl = gmseal::crypto::Crl::parse_any(input); crl.ok()) {
    (void)crl->issuer().to_string();
    (void)crl->revoked();
  }
  return 0;
}
