#include "pdf/seal_document.h"

#include <cmath>

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
  choose_picture_size(&seal, choices, options);
}

std::optional<PictureSizeMm> picture_size_mm(ByteView picture, std::string_view type) {
  auto image = decode_seal_image(picture, type);
  if (!image.ok() || image->dpi_x <= 0 || image->dpi_y <= 0) return std::nullopt;
  // Whole pixels leave the size up to half a pixel short or long (Ø42 mm at 600 DPI is 992.1
  // px, drawn as 992 = 41.99 mm); seal sizes are whole or tenths of millimetres, so round to
  // 0.1 mm, which that error never crosses at 300 DPI and above.
  const auto mm = [](double px, double dpi) { return std::round(px / dpi * 254) / 10; };
  const PictureSizeMm size{mm(image->width, image->dpi_x), mm(image->height, image->dpi_y)};
  const auto plausible = [](double mm) { return mm >= 5 && mm <= 500; };
  if (!plausible(size.width) || !plausible(size.height)) return std::nullopt;
  return size;
}

void choose_picture_size(const ses::Seal* seal, const SealChoices& choices, SignOptions& options) {
  if (choices.size_given) return;
  std::optional<PictureSizeMm> seal_size;
  if (seal != nullptr) {
    const ses::SealPicture& p = seal->info().picture;
    if (p.width_mm > 0 && p.height_mm > 0) {
      seal_size = PictureSizeMm{static_cast<double>(p.width_mm), static_cast<double>(p.height_mm)};
    }
  }
  // A picture drawn for 1:1 print (gmseal seal image writes 600 DPI) knows its size; a seal's
  // own size is what its maker registered for its own picture, so it comes first for that one.
  std::optional<PictureSizeMm> size;
  if (choices.picture_given) {
    size = picture_size_mm(options.picture, options.picture_type);
    if (!size) size = seal_size;
  } else {
    size = seal_size ? seal_size : picture_size_mm(options.picture, options.picture_type);
  }
  if (size) {
    options.width_mm = size->width;
    options.height_mm = size->height;
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
  if (seal != nullptr) {
    use_seal_picture(*seal, choices, options);
  } else {
    choose_picture_size(nullptr, choices, options);
  }
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
