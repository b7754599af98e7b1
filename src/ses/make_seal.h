// Making an electronic seal (GB/T 38540-2020 §6.2): build SES_SealInfo, sign its DER with the
// maker's key (SM2-with-SM3, ID 1234567812345678, DER r,s), assemble SESeal. Writes v4 (default)
// or v5 (header version 5, optional timeStamp over signedValue).
//
// The maker key is reached through crypto::Signer, so a UKey or an HSM can make seals.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "ses/seal.h"
#include "ses/seal_info.h"

namespace gmseal::ses {

// Returns a timestamp token (DER) over `signed_value` (GB/T 20520); the TSA client plugs in here.
using TimestampFn = std::function<Result<Bytes>(ByteView signed_value)>;

struct SealSpec {
  Format format = Format::kV4;  // kV4 or kV5
  std::string vid;              // vendor id (IA5)
  std::string es_id;            // unique seal id (IA5)
  std::int64_t type = 1;
  std::string name;
  CertListType cert_list_type = CertListType::kCertificates;
  std::vector<crypto::Certificate> signer_certs;  // at least one
  // type: PNG, GIF, BMP, JPG, SVG or ofd in any case (written as PNG/GIF/BMP/JPG/SVG/ofd).
  SealPicture picture;
  std::optional<Time> create_date;  // now when absent
  Time valid_start{};
  Time valid_end{};
  std::vector<ExtData> ext_datas;
  TimestampFn timestamper;  // v5 only, optional
};

// Errors: ses.make.bad_spec (field names the offending input), ses.make.key_mismatch (the
// signer's key is not the maker certificate's), ses.encode.*, and the signer's errors.
Result<Seal> make_seal(const SealSpec& spec, const crypto::Certificate& maker_cert,
                       crypto::Signer& maker);

// The canonical spelling of a picture type ("png" -> "PNG", "jpeg" -> "JPG", "OFD" -> "ofd").
// Errors: ses.make.bad_spec for types outside GIF/BMP/JPG/PNG/SVG/ofd.
Result<std::string> canonical_picture_type(std::string_view type);

}  // namespace gmseal::ses
