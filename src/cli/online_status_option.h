// `gmseal verify FILE --status-url URL [--status-cert CERT]...`: the online seal-status check
// (status/online_status.h) built from the verify options. The answers' signer is trusted when
// it chains to a --trust anchor (with --cert intermediates and --crl CRLs) or is a
// --status-cert.
#pragma once

#include "cli/document_formats.h"
#include "ses/verify_seal.h"
#include "util/error.h"

namespace gmseal::cli {

// The hook for the format's verify options; empty without --status-url. Errors: cli.usage
// (--status-cert without --status-url), status.bad_url, unreadable certificate files.
Result<ses::SealStatusCheck> online_status_check(const VerifyRequest& request);

}  // namespace gmseal::cli
