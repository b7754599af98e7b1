// Sealing and signing PDF documents: the policy on top of sign_pdf (pdf/sign.h), as OFD has
// ofd/seal_document.h. Used by `gmseal sign pdf` and by the signing service.
//
//   电子签章 (seal_pdf):  SES_Signature v4 container (pdf/ses_container.h) under kSesSubFilter,
//                        room for the seal, the signer certificate and 4 KB of signature data;
//                        the appearance is the seal's picture at the seal's size.
//   数字签名 (sign_pdf_digital): GB/T 35275 CMS SignedData under adbe.pkcs7.detached, 8 KB
//                        reserved; the appearance is a picture the caller gives or the seal's,
//                        which must then be one that PDF can draw.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/certificate.h"
#include "crypto/cms_signed_data.h"
#include "crypto/signer.h"
#include "pdf/sign.h"
#include "ses/seal.h"
#include "ses/sign.h"
#include "util/bytes.h"

namespace gmseal::pdf {

// What a caller chose itself; everything left unset is the policy's choice.
struct SealChoices {
  std::size_t reserve_bytes = 0;  // 0 = the policy's reserve
  std::string sub_filter;         // empty = the container's usual /SubFilter
  bool picture_given = false;     // options.picture holds the caller's picture
  bool size_given = false;        // options.width_mm / height_mm are the caller's
  // 电子签章 only: a TSA token over the SES_Signature's value (its timeStamp); none when empty.
  // Digital signatures take theirs from CmsSignOptions::timestamper. Either adds 4 KB of room.
  ses::TimestampFn timestamper;
};
inline constexpr std::size_t kTimestampReserveBytes = 4096;

// Room for an SES_Signature container: the seal and certificate DER plus 4 KB.
std::size_t ses_reserve_bytes(const ses::Seal& seal, const crypto::Certificate& signer_cert);
inline constexpr std::size_t kCmsReserveBytes = 8192;

// Shows the seal's picture (unless the caller gave one) at the size choose_picture_size picks.
void use_seal_picture(const ses::Seal& seal, const SealChoices& choices, SignOptions& options);

// The physical size `picture` states through its density (PNG pHYs, JPEG JFIF, BMP pels per
// metre; see PdfImage::dpi_x), in mm rounded to 0.1 mm; nullopt when it states none, cannot be
// decoded, or the size is implausible for a seal (under 5 mm or over 500 mm a side).
struct PictureSizeMm {
  double width = 0;
  double height = 0;
};
std::optional<PictureSizeMm> picture_size_mm(ByteView picture, std::string_view type = {});

// Sets options.width_mm / height_mm unless the caller gave a size (choices.size_given): a
// picture is shown at its true size. The caller's own picture (choices.picture_given) at the size
// its density states, else at the seal's; the seal's picture at the seal's size, else at the size
// its density states. When none of these is known, SignOptions' default (40 x 40 mm) stays.
// `seal` may be null (a digital signature with only a picture).
void choose_picture_size(const ses::Seal* seal, const SealChoices& choices, SignOptions& options);

// 电子签章 with `seal` (its certList must hold `signer_cert`). Errors: sign_pdf's and
// ses::sign's.
Result<SignResult> seal_pdf(const std::filesystem::path& in, const std::filesystem::path& out,
                            const ses::Seal& seal, const crypto::Certificate& signer_cert,
                            std::shared_ptr<crypto::Signer> signer, SignOptions options,
                            const SealChoices& choices = {});

// 数字签名, showing the caller's picture or, without one, `seal`'s. Errors: pdf.sign.no_picture
// (neither given), the picture decoder's (the seal's picture cannot be drawn), crypto.cms.*,
// sign_pdf's.
Result<SignResult> sign_pdf_digital(const std::filesystem::path& in,
                                    const std::filesystem::path& out,
                                    const crypto::Certificate& signer_cert,
                                    std::shared_ptr<crypto::Signer> signer,
                                    const crypto::CmsSignOptions& cms, SignOptions options,
                                    const ses::Seal* seal = nullptr,
                                    const SealChoices& choices = {});

}  // namespace gmseal::pdf
