// Text output and option plumbing shared by `gmseal seal ...` and `gmseal ses ...` (and usable
// by the OFD/PDF verify commands): seal fields, check lists, trust stores from CLI files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/cert_verify.h"
#include "ses/seal.h"
#include "ses/signature.h"
#include "ses/verify_report.h"
#include "util/error.h"

namespace gmseal::cli {

// Every field of `seal`, indented by `indent`.
void print_seal_text(const ses::Seal& seal, const std::string& indent = "");
// The fields of a signature (its seal included).
void print_signature_text(const ses::Signature& signature);
// "VALID (trusted)" / "VALID (not trusted: ...)" / "INVALID" then one line per check.
void print_report_text(const ses::VerifyReport& report, const std::string& indent = "");

// A trust store from --trust (anchors), --cert (intermediates) and --crl files; nullopt when no
// --trust was given (chains are then not checked).
Result<std::optional<crypto::TrustStore>> load_trust_store(
    const std::vector<std::string>& trust, const std::vector<std::string>& intermediates,
    const std::vector<std::string>& crls);

// For a verify command whose input did not parse (`report` holds only the failed format
// check): such a file is an input error, not an invalid seal or signature. Prints
// "gmseal: FILE is not WHAT: <why>" to stderr and returns kExitUsage (2). The caller prints the
// verdict first when --json asks for it.
int report_unparsable(const ses::VerifyReport& report, const std::string& file,
                      const std::string& what);

// Writes the seal picture to `path` (atomically).
Status extract_picture(const ses::Seal& seal, const std::string& path);

}  // namespace gmseal::cli
