// A seal coming back from the province is checked before the platform publishes it: it must be a
// well-formed GB/T 38540 seal whose maker signature verifies (against the province's root when
// the registration package gave one) and whose certificate list names the signer certificate
// this platform obtained for it.
#pragma once

#include <optional>

#include "crypto/certificate.h"
#include "server/registry/seal_store.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::server {

// `der` as downloaded for `record`. Errors: seal.bad_download.
Status check_downloaded_seal(const SealRecord& record, const Bytes& der,
                             const std::optional<crypto::Certificate>& province_root);

}  // namespace gmseal::server
