// Every appendix 2 rule applied to a seal-making request, shared by the first-level emulator
// (which refuses a request that breaks one) and the second-level platform (which checks before
// sending). Field rules live in src/validate; this file ties them to the message.
#pragma once

#include <string>
#include <vector>

#include "protocol/messages.h"
#include "util/error.h"
#include "util/time.h"
#include "validate/region_code.h"

namespace gmseal::protocol {

struct SealMakingContext {
  std::string registered_org_code;  // subSystemInfo.orgCode of the sender's registration
  const validate::RegionCodes* regions = &validate::RegionCodes::builtin();
  Time now{};  // for the signer certificate's validity
};

// Every violation, in appendix 2 order (empty = acceptable). Codes are validate.* (see
// src/validate) plus protocol.message.carrier_mismatch (extendData.sealCarrier differs from
// data.sealCarrier).
std::vector<Error> seal_making_violations(const SealMakingRequest& request,
                                          const SealMakingContext& context);

}  // namespace gmseal::protocol
