// Verifying every signature of a PDF.
//
// For each signature field: the /ByteRange checks (byte_range.h), SM3 over the two segments,
// the container detected from its DER (CMS SignedData with GB/T 35275 or PKCS#7 OIDs, or a
// GB/T 38540 SES_Signature) and verified, the signer's chain when trust anchors are given, and
// what later revisions changed. Allowed after a signature: new signature fields and widgets, new
// annotations (/Annots extended), the AcroForm's /Fields, /SigFlags, /DR, /DA, the Catalog's
// /AcroForm and /DSS, the document information dictionary, and new unreferenced objects. Any
// other change (page content, resources, an object redefined) is "modified after signing".
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/sm3.h"
#include "pdf/byte_range.h"
#include "ses/verify_report.h"
#include "ses/verify_seal.h"

namespace gmseal::pdf {

struct SignatureReport {
  std::string field_name;
  std::string sub_filter;
  std::string container;  // "cms", "ses" or "unknown"
  std::vector<std::int64_t> byte_range;
  std::vector<int> pages;
  bool byte_range_ok = false;
  bool signature_ok = false;  // digest + container signature
  bool covers_whole_file = false;
  bool modified_after_signing = false;
  std::vector<std::string> later_changes;  // disallowed changes, each "object n g: what"
  int later_signatures = 0;                // signatures added by later revisions
  std::string signer;                      // certificate subject
  std::string signing_time;                // ISO 8601 when known
  std::string timestamp;                   // "valid <time>" / problem, empty when absent
  std::optional<bool> trusted;             // unset without trust anchors
  std::string trust_detail;
  std::optional<ses::VerifyReport> ses_report;  // every GB/T 38540 check, for SES containers
  std::string error_code, error;                // why not valid
  bool valid = false;  // byte range + signature + not modified after signing
};

struct PdfVerifyReport {
  bool valid = false;
  std::optional<bool> trusted;
  std::vector<SignatureReport> signatures;
};

struct PdfVerifyOptions {
  std::optional<crypto::TrustStore> trust;
  std::vector<crypto::Certificate> extra_certificates;
  // Each SES seal's online status ("seal.online_status" among the SES checks); CMS signatures
  // carry no seal and get none.
  ses::SealStatusCheck status_check;
};

// Errors only for input that is not a readable PDF (pdf.open_failed, pdf.encrypted) or that
// carries no signature (pdf.verify.no_signatures); every per-signature problem is in the report.
Result<PdfVerifyReport> verify_pdf(ByteView file, const PdfVerifyOptions& options = {});

// The shared verdict shape (ses/verdict_json.h): {"valid", "trusted", "signatures": [{"valid",
// "trusted", "checks", "signer", "signedAt", "format", ...}]} plus the PDF keys of each signature
// ("field", "subFilter", "byteRange", "pages", "coversWholeFile", "modifiedAfterSigning",
// "laterChanges", "laterSignatures", "timestamp", "error").
std::string report_to_json(const PdfVerifyReport& report);
// Human-readable lines.
std::string report_to_text(const PdfVerifyReport& report);

}  // namespace gmseal::pdf
