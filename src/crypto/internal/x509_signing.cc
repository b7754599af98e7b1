#include "crypto/internal/x509_signing.h"

#include "crypto/internal/key_access.h"
#include "util/der.h"

namespace gmseal::crypto::internal {

namespace {

EVP_PKEY* throwaway_key() {
  static const Sm2PrivateKey key = [] {
    auto generated = Sm2PrivateKey::generate();
    if (!generated.ok()) std::abort();
    return *generated;
  }();
  return KeyAccess::get0(key);
}

// Re-assembles SEQUENCE { tbs, algorithm (copied from `provisional`), BIT STRING signature }.
Result<Bytes> assemble(ByteView tbs, ByteView provisional, ByteView signature) {
  GMSEAL_ASSIGN_OR_RETURN(const der::Element top, der::parse_single(provisional));
  der::Reader reader(top.content);
  GMSEAL_RETURN_IF_ERROR(reader.next());
  GMSEAL_ASSIGN_OR_RETURN(const der::Element algorithm, reader.next());
  Bytes bit_string{0x00};
  bit_string.insert(bit_string.end(), signature.begin(), signature.end());
  Bytes content(tbs.begin(), tbs.end());
  content.insert(content.end(), algorithm.whole.begin(), algorithm.whole.end());
  const Bytes encoded_signature = der::encode_tlv(der::kBitString, bit_string);
  content.insert(content.end(), encoded_signature.begin(), encoded_signature.end());
  return der::encode_tlv(der::kSequence, content);
}

template <typename Encode>
Bytes encode(Encode encode_fn) {
  unsigned char* out = nullptr;
  const int size = encode_fn(&out);
  if (size <= 0) return {};
  Bytes bytes(out, out + size);
  OPENSSL_free(out);
  return bytes;
}

}  // namespace

Result<Bytes> sign_certificate(X509* certificate, Signer& signer, std::string_view id) {
  if (X509_sign(certificate, throwaway_key(), EVP_sm3()) <= 0) {
    return openssl_error("crypto.cert.sign_failed", "cannot prepare the certificate for signing");
  }
  const Bytes tbs = encode([&](unsigned char** out) { return i2d_re_X509_tbs(certificate, out); });
  const Bytes provisional = encode([&](unsigned char** out) { return i2d_X509(certificate, out); });
  if (tbs.empty() || provisional.empty()) {
    return openssl_error("crypto.cert.sign_failed", "cannot encode the certificate");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature, signer.sign(tbs, id));
  return assemble(tbs, provisional, signature);
}

Result<Bytes> sign_crl(X509_CRL* crl, Signer& signer, std::string_view id) {
  if (X509_CRL_sign(crl, throwaway_key(), EVP_sm3()) <= 0) {
    return openssl_error("crypto.crl.sign_failed", "cannot prepare the CRL for signing");
  }
  const Bytes tbs = encode([&](unsigned char** out) { return i2d_re_X509_CRL_tbs(crl, out); });
  const Bytes provisional = encode([&](unsigned char** out) { return i2d_X509_CRL(crl, out); });
  if (tbs.empty() || provisional.empty()) {
    return openssl_error("crypto.crl.sign_failed", "cannot encode the CRL");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature, signer.sign(tbs, id));
  return assemble(tbs, provisional, signature);
}

Result<Bytes> sign_request(X509_REQ* request, Signer& signer, std::string_view id) {
  if (X509_REQ_sign(request, throwaway_key(), EVP_sm3()) <= 0) {
    return openssl_error("crypto.csr.sign_failed", "cannot prepare the request for signing");
  }
  const Bytes info = encode([&](unsigned char** out) { return i2d_re_X509_REQ_tbs(request, out); });
  const Bytes provisional = encode([&](unsigned char** out) { return i2d_X509_REQ(request, out); });
  if (info.empty() || provisional.empty()) {
    return openssl_error("crypto.csr.sign_failed", "cannot encode the request");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature, signer.sign(info, id));
  return assemble(info, provisional, signature);
}

}  // namespace gmseal::crypto::internal
