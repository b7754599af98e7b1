// Valid appendix 2 seal-making data for tests, benchmarks and the access-test kit: a throwaway
// CA issues each applicant a GM/T 0015 unit certificate (a fresh key and a random valid USCC);
// the seal image is a two-colour 600 DPI PNG ring well under 25 KB.
#pragma once

#include <string>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "protocol/messages.h"

namespace gmseal::province_client {

struct Applicant {
  crypto::Certificate cert;
  crypto::Sm2PrivateKey key;
  std::string uscc;
  std::string name;
};

class SampleFactory {
 public:
  static Result<SampleFactory> create();

  // A unit with a random USCC and a signer certificate valid for two years.
  Result<Applicant> new_applicant(const std::string& name);
  // Valid seal data for `applicant`, owned by the registered `org_code`; the seal code is
  // validate::SealCode::random(vendor, region).
  Result<protocol::SealMakingData> seal_data(const Applicant& applicant,
                                             const std::string& org_code,
                                             const std::string& vendor = "GMST",
                                             const std::string& region = "110108") const;

  const crypto::Certificate& ca_certificate() const { return ca_cert_; }

 private:
  SampleFactory(crypto::Certificate ca_cert, crypto::Sm2PrivateKey ca_key, Bytes image)
      : ca_cert_(std::move(ca_cert)), ca_key_(std::move(ca_key)), image_(std::move(image)) {}
  crypto::Certificate ca_cert_;
  crypto::Sm2PrivateKey ca_key_;
  Bytes image_;
};

// A red ring on a transparent background: 2 colours, 600 DPI, `size` pixels square.
Result<Bytes> sample_seal_image(std::uint32_t size = 472);
// A random valid unified social credit code in `region`.
std::string random_uscc(const std::string& region = "110108");

}  // namespace gmseal::province_client
