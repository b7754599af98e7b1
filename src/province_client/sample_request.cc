#include "province_client/sample_request.h"

#include <cmath>

#include "crypto/cert_builder.h"
#include "crypto/random.h"
#include "validate/gmt0015_subject.h"
#include "validate/seal_code.h"
#include "validate/seal_image.h"
#include "validate/uscc.h"

namespace gmseal::province_client {

Result<Bytes> sample_seal_image(std::uint32_t size) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size) * size, 0);
  const double c = size / 2.0;
  for (std::uint32_t y = 0; y < size; ++y) {
    for (std::uint32_t x = 0; x < size; ++x) {
      const double d = std::hypot(x + 0.5 - c, y + 0.5 - c);
      const bool ring = d < c * 0.96 && d > c * 0.86;
      const bool star = std::fabs(x + 0.5 - c) + std::fabs(y + 0.5 - c) < c * 0.25;
      if (ring || star) pixels[static_cast<std::size_t>(y) * size + x] = 1;
    }
  }
  return validate::encode_palette_png(size, size, {0, 0, 0, 0, 230, 0, 18, 255}, pixels, 600);
}

std::string random_uscc(const std::string& region) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string first17 = "91" + region + crypto::random_string(9, kAlphabet);
  return first17 + validate::uscc_check_character(first17);
}

Result<SampleFactory> SampleFactory::create() {
  GMSEAL_ASSIGN_OR_RETURN(auto key, crypto::Sm2PrivateKey::generate());
  crypto::SoftSigner signer(key);
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kRoot;
  spec.name = "gmseal sample applicant CA";
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24 * 365 * 5);
  GMSEAL_RETURN_IF_ERROR(validate::check_cert_template(spec));
  GMSEAL_ASSIGN_OR_RETURN(auto cert,
                          crypto::issue_certificate(spec, key.public_key(), nullptr, signer));
  GMSEAL_ASSIGN_OR_RETURN(auto image, sample_seal_image());
  return SampleFactory(std::move(cert), std::move(key), std::move(image));
}

Result<Applicant> SampleFactory::new_applicant(const std::string& name) {
  GMSEAL_ASSIGN_OR_RETURN(auto key, crypto::Sm2PrivateKey::generate());
  crypto::SoftSigner signer(ca_key_);
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kUnit;
  spec.name = name;
  spec.id_code = random_uscc();
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24 * 365 * 2);
  GMSEAL_RETURN_IF_ERROR(validate::check_cert_template(spec));
  GMSEAL_ASSIGN_OR_RETURN(auto cert,
                          crypto::issue_certificate(spec, key.public_key(), &ca_cert_, signer));
  return Applicant{std::move(cert), std::move(key), spec.id_code, name};
}

Result<protocol::SealMakingData> SampleFactory::seal_data(const Applicant& applicant,
                                                          const std::string& org_code,
                                                          const std::string& vendor,
                                                          const std::string& region) const {
  protocol::SealMakingData d;
  d.seal_name = applicant.name + "合同专用章";
  GMSEAL_ASSIGN_OR_RETURN(const validate::SealCode code,
                          validate::SealCode::random(vendor, region));
  d.seal_num = code.text();
  d.seal_specific_category = "04";
  d.seal_height = "40";
  d.seal_width = "40";
  d.seal_img = base64_encode(image_);
  const Time start = now() - std::chrono::minutes(1);
  d.valid_start_time = format_beijing_time(start);
  d.valid_end_time = format_beijing_time(start + std::chrono::hours(24 * 365));
  d.sign_cert = base64_encode(applicant.cert.der());
  d.bak_type = "1";
  d.seal_carrier = "1";
  d.local_or = "N";
  d.seal_type = "PNG";
  d.org_code = org_code;
  return d;
}

}  // namespace gmseal::province_client
