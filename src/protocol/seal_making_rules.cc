#include "protocol/seal_making_rules.h"

#include "validate/seal_code.h"
#include "validate/seal_fields.h"
#include "validate/seal_image.h"
#include "validate/signer_cert.h"

namespace gmseal::protocol {

std::vector<Error> seal_making_violations(const SealMakingRequest& request,
                                          const SealMakingContext& context) {
  std::vector<Error> out;
  const auto add = [&out](const Status& status) {
    if (!status.ok()) out.push_back(status.error());
  };
  const SealMakingData& d = request.data;
  add(validate::check_seal_name(d.seal_name));
  if (auto code = validate::SealCode::parse(d.seal_num, *context.regions); !code.ok()) {
    out.push_back(code.error());
  }
  add(validate::check_seal_category(d.seal_specific_category));
  if (auto h = validate::parse_seal_size(d.seal_height, "sealHeight"); !h.ok()) {
    out.push_back(h.error());
  }
  if (auto w = validate::parse_seal_size(d.seal_width, "sealWidth"); !w.ok()) {
    out.push_back(w.error());
  }
  if (auto png = base64_decode(d.seal_img); !png.ok() || png->empty()) {
    out.push_back(make_error("validate.image.base64", "sealImg is not base64 data", "sealImg"));
  } else {
    for (auto& violation : validate::seal_image_violations(*png)) out.push_back(violation);
  }
  const auto start = validate::parse_wire_time(d.valid_start_time, "validStartTime");
  const auto end = validate::parse_wire_time(d.valid_end_time, "validEndTime");
  if (!start.ok()) out.push_back(start.error());
  if (!end.ok()) out.push_back(end.error());
  if (start.ok() && end.ok())
    add(validate::check_validity_period(d.valid_start_time, d.valid_end_time));
  if (auto cert = validate::decode_signer_certificate(d.sign_cert); !cert.ok()) {
    out.push_back(cert.error());
  } else {
    for (auto& violation : validate::signer_certificate_violations(*cert, context.now)) {
      out.push_back(violation);
    }
  }
  add(validate::check_bak_type(d.bak_type));
  add(validate::check_seal_carrier(d.seal_carrier));
  add(validate::check_local_or(d.local_or));
  add(validate::check_seal_type(d.seal_type));
  add(validate::check_org_code(d.org_code, context.registered_org_code));
  add(validate::check_seal_carrier(request.header.extend.seal_carrier, "extendData.sealCarrier"));
  if (request.header.extend.seal_carrier != d.seal_carrier) {
    out.push_back(make_error("protocol.message.carrier_mismatch",
                             "extendData.sealCarrier (" + request.header.extend.seal_carrier +
                                 ") differs from data.sealCarrier (" + d.seal_carrier + ")",
                             "extendData.sealCarrier"));
  }
  return out;
}

}  // namespace gmseal::protocol
