#include "province/seal_maker.h"

#include <cmath>

#include "ses/make_seal.h"
#include "validate/seal_fields.h"

namespace gmseal::province {

Result<Bytes> make_provincial_seal(const protocol::SealMakingData& data,
                                   const crypto::Certificate& signer_cert, const Identity& maker,
                                   const std::string& vid) {
  GMSEAL_ASSIGN_OR_RETURN(const Time start,
                          validate::parse_wire_time(data.valid_start_time, "validStartTime"));
  GMSEAL_ASSIGN_OR_RETURN(const Time end,
                          validate::parse_wire_time(data.valid_end_time, "validEndTime"));
  GMSEAL_ASSIGN_OR_RETURN(const double width,
                          validate::parse_seal_size(data.seal_width, "sealWidth"));
  GMSEAL_ASSIGN_OR_RETURN(const double height,
                          validate::parse_seal_size(data.seal_height, "sealHeight"));
  GMSEAL_ASSIGN_OR_RETURN(Bytes png, base64_decode(data.seal_img));

  ses::SealSpec spec;
  spec.format = ses::Format::kV4;
  spec.vid = vid;
  spec.es_id = data.seal_num;
  spec.type = std::stoll(data.seal_specific_category);  // "01".."05", checked before
  spec.name = data.seal_name;
  spec.cert_list_type = ses::CertListType::kCertificates;
  spec.signer_certs = {signer_cert};
  spec.picture.type = "PNG";
  spec.picture.data = std::move(png);
  spec.picture.width_mm = std::llround(width);
  spec.picture.height_mm = std::llround(height);
  spec.create_date = now();
  spec.valid_start = start;
  spec.valid_end = end;
  crypto::SoftSigner signer(maker.key);
  GMSEAL_ASSIGN_OR_RETURN(const ses::Seal seal, ses::make_seal(spec, maker.cert, signer));
  return seal.der();
}

}  // namespace gmseal::province
