#include "ofd/seal_document.h"

#include "crypto/cms_signed_data.h"
#include "crypto/sm3.h"
#include "ses/sign.h"

namespace gmseal::ofd {

SealSize seal_size(const ses::Seal& seal) {
  const ses::SealPicture& picture = seal.info().picture;
  if (picture.width_mm <= 0 || picture.height_mm <= 0 || picture.width_mm > 1000 ||
      picture.height_mm > 1000) {
    return SealSize{};
  }
  return SealSize{static_cast<double>(picture.width_mm), static_cast<double>(picture.height_mm)};
}

Result<SignedPackage> seal_document(const Package& package, const ses::Seal& seal,
                                    const crypto::Certificate& signer_cert, crypto::Signer& signer,
                                    NewSignature spec,
                                    const std::optional<crypto::TrustStore>& trust,
                                    ses::TimestampFn timestamper) {
  spec.type = "Seal";
  spec.seal_esl = seal.der();
  const Time signing_time = spec.signing_time;
  return add_signature(package, spec,
                       [&](ByteView signature_xml, const std::string& path) -> Result<Bytes> {
                         const crypto::Sm3Digest digest = crypto::sm3(signature_xml);
                         ses::SignRequest request;
                         request.data_hash.assign(digest.begin(), digest.end());
                         request.property_info = path;
                         request.signing_time = signing_time;
                         request.trust = trust;
                         request.timestamper = timestamper;
                         GMSEAL_ASSIGN_OR_RETURN(const ses::Signature signature,
                                                 ses::sign(seal, signer_cert, signer, request));
                         return signature.der();
                       });
}

Result<SignedPackage> sign_document(const Package& package, const crypto::Certificate& signer_cert,
                                    crypto::Signer& signer, NewSignature spec,
                                    ses::TimestampFn timestamper) {
  spec.type = "Sign";
  spec.seal_esl.clear();
  spec.stamps.clear();
  const Time signing_time = spec.signing_time;
  return add_signature(package, spec,
                       [&](ByteView signature_xml, const std::string&) -> Result<Bytes> {
                         crypto::CmsSignOptions options;
                         options.signing_time = signing_time;
                         options.timestamper = timestamper;
                         return crypto::build_cms_signed_data(crypto::sm3(signature_xml),
                                                              signer_cert, signer, options);
                       });
}

}  // namespace gmseal::ofd
