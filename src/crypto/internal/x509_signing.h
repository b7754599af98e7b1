// Internal to src/crypto: signing X.509 certificates and CRLs through a crypto::Signer.
//
// OpenSSL signs only with an EVP_PKEY it holds, but issuer keys may live in a UKey or HSM. So
// the structure is first signed with a throwaway SM2 key, which makes OpenSSL fill in both
// AlgorithmIdentifiers and cache the TBS encoding; the TBS bytes are then signed through the
// Signer (with the SM2 ID) and the final DER assembled from TBS, algorithm and signature.
#pragma once

#include <openssl/x509.h>

#include "crypto/signer.h"

namespace gmseal::crypto::internal {

Result<Bytes> sign_certificate(X509* certificate, Signer& signer, std::string_view id);
Result<Bytes> sign_crl(X509_CRL* crl, Signer& signer, std::string_view id);
Result<Bytes> sign_request(X509_REQ* request, Signer& signer, std::string_view id);

}  // namespace gmseal::crypto::internal
