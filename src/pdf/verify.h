// Verifying every signature of a PDF.
//
// For each signature field: the /ByteRange checks (byte_range.h), SM3 over the two segments,
// the container detected from its DER (CMS SignedData with GB/T 35275 or PKCS#7 OIDs, or a
// GB/T 38540 SES_Signature) and verified, the signer's chain when trust anchors are given, and
// what each later revision changed (revision_history.h, judged by the rule in revision_diff.h):
// any disallowed change (page content, resources, the page tree, the catalog, a field's value or
// appearance, optional content, an object deleted) is "modified after signing". Signatures are
// collected from every revision, so one that a later update unlinks is still verified (and fails).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/cms_signed_data.h"
#include "crypto/sm3.h"
#include "pdf/byte_range.h"
#include "pdf/revision_history.h"
#include "ses/signature.h"
#include "ses/verify_report.h"
#include "ses/verify_seal.h"

namespace gmseal::pdf {

// Check names of the PDF steps (the container's own checks use ses/verify_report.h and
// ses/cms_signature_check.h names: format, signed_data, data_hash, signature_value,
// signer_certificate_match, seal.*, signer_certificate, signing_time, timestamp, property_info).
inline constexpr std::string_view kCheckByteRange = "byte_range";
inline constexpr std::string_view kCheckContainer = "container";
inline constexpr std::string_view kCheckModifiedAfterSigning = "modified_after_signing";
inline constexpr std::string_view kCheckPdfStructure = "pdf_structure";

struct SignatureReport {
  std::string field_name;
  std::string sub_filter;
  std::string container;  // "cms", "ses" or "unknown"
  std::vector<std::int64_t> byte_range;
  std::vector<int> pages;
  std::vector<SignatureField::WidgetBox> boxes;  // its visible widgets (byte_range.h)
  bool covers_whole_file = false;                // the signed range ends at the file's end
  bool modified_after_signing = false;
  std::vector<std::string> later_changes;     // disallowed changes, "revision k: page p: object.."
  int later_signatures = 0;                   // signatures added by later revisions
  std::vector<RevisionInfo> later_revisions;  // every revision after the signed one
  bool in_current_revision = true;            // the document's last revision still references it
  // Every step as a named check, in order: byte_range, the container's checks (SES: every
  // GB/T 38540 §7.3 check and property_info; CMS: signed_data, data_hash, signature_value,
  // signing_time, signer_certificate, timestamp), modified_after_signing.
  ses::VerifyReport checks;
  std::optional<ses::Signature> ses_signature;  // SES containers that parsed
  std::optional<crypto::Certificate> signer;    // CMS: the verified signer
  std::optional<crypto::CmsOidStyle> cms_oids;  // CMS containers that parsed
  std::string signature_algorithm;              // CMS: the verified signature's OID
  std::optional<Time> signed_at;    // CMS: a verified timestamp's genTime, else signingTime
  bool signed_at_from_tsa = false;  // signed_at is the TSA's genTime
  std::optional<crypto::CmsTimestampInfo> timestamp;  // CMS: the carried RFC 3161 token
  bool valid() const { return checks.valid(); }
  bool trusted() const { return checks.trusted(); }
};

struct PdfVerifyReport {
  bool valid = false;    // at least one signature, and every one valid
  bool trusted = false;  // at least one signature, and every one trusted
  std::vector<SignatureReport> signatures;
  std::vector<std::string> notes;  // e.g. that the document is not signed
};

struct PdfVerifyOptions {
  // Anchors, intermediates and CRLs: the signer's chain and its revocation at the signing time.
  std::optional<crypto::TrustStore> trust;
  std::vector<crypto::Certificate> extra_certificates;
  // Each SES seal's online status ("seal.online_status" among the SES checks); CMS signatures
  // carry no seal and get none.
  ses::SealStatusCheck status_check;
};

// Errors only for input that is not a readable PDF (pdf.open_failed, pdf.encrypted); every
// per-signature problem is in the report. A PDF without signatures gives a report with no
// signatures (not valid) and a note saying so.
Result<PdfVerifyReport> verify_pdf(ByteView file, const PdfVerifyOptions& options = {});

// The shared verdict shape (ses/verdict_json.h): {"valid", "trusted", "signatures": [{"valid",
// "trusted", "checks", "seal", "signer", "signedAt", "format", ...}], "notes"} plus the PDF keys
// of each signature ("field", "subFilter", "container", "byteRange", "pages", "boxes": [{"page",
// "x", "y", "width", "height"}] (each visible widget's box, mm from the displayed page's top-left
// corner, as the signing API's positions and OFD's boxes are), "coversWholeFile",
// "coversWholeDocument", "modifiedAfterSigning", "laterChanges", "laterSignatures",
// "laterRevisions": [{"revision", "startOffset", "endOffset", "allowed", "newSignatures",
// "changes": [{"object", "pages", "key", "what", "allowed"}]}], "inCurrentRevision"; CMS:
// "oidStyle", "signatureAlgorithm", "timeStamp", "timeStampTime").
nlohmann::json report_json(const PdfVerifyReport& report);
std::string report_to_json(const PdfVerifyReport& report);
// Human-readable lines: each signature with every check, then the document verdict.
std::string report_to_text(const PdfVerifyReport& report);

}  // namespace gmseal::pdf
