#include "pdf/ses_container.h"

#include "ses/sign.h"
#include "ses/verify_signature.h"

namespace gmseal::pdf {

std::string ses_property_info(const std::array<std::uint64_t, 4>& byte_range) {
  return "ByteRange=[" + std::to_string(byte_range[0]) + " " + std::to_string(byte_range[1]) + " " +
         std::to_string(byte_range[2]) + " " + std::to_string(byte_range[3]) + "]";
}

ContainerBuilder ses_container_builder(ses::Seal seal, crypto::Certificate signer_cert,
                                       std::shared_ptr<crypto::Signer> signer,
                                       std::optional<crypto::TrustStore> trust,
                                       ses::TimestampFn timestamper) {
  return [seal = std::move(seal), signer_cert = std::move(signer_cert), signer,
          trust = std::move(trust),
          timestamper = std::move(timestamper)](const ContainerRequest& request) -> Result<Bytes> {
    ses::SignRequest sign_request;
    sign_request.data_hash.assign(request.digest.begin(), request.digest.end());
    sign_request.property_info = ses_property_info(request.byte_range);
    sign_request.trust = trust;
    sign_request.timestamper = timestamper;
    sign_request.signing_time = request.signing_time;
    GMSEAL_ASSIGN_OR_RETURN(ses::Signature signature,
                            ses::sign(seal, signer_cert, *signer, sign_request));
    return signature.der();
  };
}

ses::VerifyReport verify_ses_container(ByteView der, const crypto::Sm3Digest& digest,
                                       const std::vector<std::int64_t>& byte_range,
                                       const std::optional<crypto::TrustStore>& trust,
                                       std::optional<ses::Signature>* parsed,
                                       const ses::SealStatusCheck& status_check) {
  ses::SignatureVerifyOptions options;
  options.trust = trust;
  options.status_check = status_check;
  options.data_hash = [&digest](const ses::Signature&) -> Result<Bytes> {
    return Bytes(digest.begin(), digest.end());
  };
  ses::VerifyReport report = ses::verify_signature_der(der, options, parsed);
  if (*parsed) {
    std::array<std::uint64_t, 4> range{};
    for (std::size_t i = 0; i < 4 && i < byte_range.size(); ++i) {
      range[i] = static_cast<std::uint64_t>(byte_range[i]);
    }
    const std::string expected = ses_property_info(range);
    if ((*parsed)->property_info() == expected) {
      report.pass("property_info", "propertyInfo names this /ByteRange", "propertyInfo");
    } else if ((*parsed)->property_info().find("ByteRange") != std::string::npos) {
      report.fail("property_info",
                  "propertyInfo \"" + (*parsed)->property_info() + "\" differs from " + expected,
                  "propertyInfo");
    } else {
      report.warn("property_info",
                  "propertyInfo \"" + (*parsed)->property_info() + "\" does not name a ByteRange",
                  "propertyInfo");
    }
  }
  return report;
}

}  // namespace gmseal::pdf
