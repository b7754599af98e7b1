#include "pdf/seal_document.h"

#include "pdf/seal_image.h"
#include "pdf/ses_container.h"

namespace gmseal::pdf {

std::size_t ses_reserve_bytes(const ses::Seal& seal, const crypto::Certificate& signer_cert) {
  // The container holds the seal and the certificate whole; 4 KB covers the rest (TBS fields,
  // the signature, an eventual timestamp token's headroom).
  return seal.der().size() + signer_cert.der().size() + 4096;
}

void use_seal_picture(const ses::Seal& seal, const SealChoices& choices, SignOptions& options) {
  const ses::SealPicture& picture = seal.info().picture;
  if (!choices.picture_given) {
    options.picture = picture.data;
    options.picture_type = picture.type;
  }
  if (!choices.size_given && picture.width_mm > 0 && picture.height_mm > 0) {
    options.width_mm = static_cast<double>(picture.width_mm);
    options.height_mm = static_cast<double>(picture.height_mm);
  }
}

Result<SignResult> seal_pdf(const std::filesystem::path& in, const std::filesystem::path& out,
                            const ses::Seal& seal, const crypto::Certificate& signer_cert,
                            std::shared_ptr<crypto::Signer> signer, SignOptions options,
                            const SealChoices& choices) {
  use_seal_picture(seal, choices, options);
  options.sub_filter = choices.sub_filter.empty() ? std::string(kSesSubFilter) : choices.sub_filter;
  options.reserve_bytes = choices.reserve_bytes != 0
                              ? choices.reserve_bytes
                              : ses_reserve_bytes(seal, signer_cert) +
                                    (choices.timestamper ? kTimestampReserveBytes : 0);
  options.build_container = ses_container_builder(seal, signer_cert, std::move(signer),
                                                  std::nullopt, choices.timestamper);
  return sign_pdf(in, out, options);
}

Result<SignResult> sign_pdf_digital(const std::filesystem::path& in,
                                    const std::filesystem::path& out,
                                    const crypto::Certificate& signer_cert,
                                    std::shared_ptr<crypto::Signer> signer,
                                    const crypto::CmsSignOptions& cms, SignOptions options,
                                    const ses::Seal* seal, const SealChoices& choices) {
  if (seal != nullptr) use_seal_picture(*seal, choices, options);
  if (options.picture.empty()) {
    return make_error("pdf.sign.no_picture",
                      "a digital signature needs a picture to show: the seal's or another one",
                      "picture");
  }
  if (seal != nullptr && !choices.picture_given) {
    // Refused before signing: the seal's picture is in a form PDF cannot draw.
    if (auto drawable = decode_seal_image(options.picture, options.picture_type); !drawable.ok()) {
      return drawable.error();
    }
  }
  options.sub_filter = choices.sub_filter.empty() ? "adbe.pkcs7.detached" : choices.sub_filter;
  options.reserve_bytes = choices.reserve_bytes != 0
                              ? choices.reserve_bytes
                              : kCmsReserveBytes + (cms.timestamper ? kTimestampReserveBytes : 0);
  options.build_container = [signer = std::move(signer), signer_cert,
                             cms](const ContainerRequest& request) {
    crypto::CmsSignOptions with_time = cms;  // the signingTime attribute is the signing time
    with_time.signing_time = request.signing_time;
    return crypto::build_cms_signed_data(request.digest, signer_cert, *signer, with_time);
  };
  return sign_pdf(in, out, options);
}

}  // namespace gmseal::pdf
