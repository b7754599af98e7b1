// A small in-memory PKI for seal tests: a root, a seal maker and two unit signers, all SM2, made
// fresh for every test process (nothing is read from or written to the repository).
#pragma once

#include <memory>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "ses/make_seal.h"

namespace gmseal::ses::testing {

struct Party {
  crypto::Sm2PrivateKey key;
  crypto::Certificate cert;
  std::unique_ptr<crypto::SoftSigner> signer() const {
    return std::make_unique<crypto::SoftSigner>(key);
  }
};

struct Pki {
  Party root;
  Party maker;
  Party signer;
  Party other_signer;  // not listed in seals made by seal_spec()
  crypto::TrustStore trust() const;
};

// Built once per process (SM2 keys and certificates valid from a day ago for ten years).
const Pki& pki();

// A v4 seal spec listing pki().signer, valid from an hour ago for a year, with a small PNG-ish
// picture and one extension.
SealSpec seal_spec(Format format = Format::kV4,
                   CertListType list_type = CertListType::kCertificates);

// make_seal(seal_spec(...)) with the fixture's maker; aborts the test binary on failure.
Seal make_test_seal(Format format = Format::kV4,
                    CertListType list_type = CertListType::kCertificates);

}  // namespace gmseal::ses::testing
