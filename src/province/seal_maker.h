// Making the seal of an accepted seal-making request: a GB/T 38540 v4 SES_Seal signed by the
// province's seal-maker certificate, with the applicant's signer certificate (appendix 2
// signCert) as its certificate list.
//
// Appendix 2 -> SES_SealInfo:  sealNum -> esID; sealName -> property.name;
// sealSpecificCategory 01..05 -> property.type 1..5; signCert -> certList (type 1,
// certificates); validStartTime / validEndTime -> validStart / validEnd; sealImg -> picture
// (type "PNG", data, width/height = sealWidth/sealHeight rounded to whole millimetres);
// header.vid = the province's vid setting.
#pragma once

#include <string>

#include "crypto/certificate.h"
#include "protocol/messages.h"
#include "province/province_data.h"
#include "util/bytes.h"

namespace gmseal::province {

// The DER of the seal. Precondition: `data` passed protocol::seal_making_violations.
// Errors: ses.make.* and crypto.* (the request is then answered with 5000).
Result<Bytes> make_provincial_seal(const protocol::SealMakingData& data,
                                   const crypto::Certificate& signer_cert, const Identity& maker,
                                   const std::string& vid);

}  // namespace gmseal::province
