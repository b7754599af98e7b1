#include "ses/cms_signature_check.h"

#include <algorithm>

#include "tsa/token_verify.h"

namespace gmseal::ses {

void pass_signed_data(const crypto::CmsSignedData& parsed, VerifyReport& report) {
  report.pass(kCheckSignedData,
              std::string("SignedData with ") +
                  (parsed.oid_style == crypto::CmsOidStyle::kGbt35275 ? "GB/T 35275" : "PKCS#7") +
                  " OIDs");
}

std::optional<crypto::CmsVerification> check_cms_signature(
    ByteView der, const crypto::CmsSignedData& parsed, const CmsSignedPart& part,
    const std::vector<crypto::Certificate>& extra_certificates, VerifyReport& report) {
  crypto::CmsVerifyInput input;
  input.extra_certificates = extra_certificates;
  input.accept_raw_rs = true;  // reported as a warning below
  if (parsed.encap_content) {
    // Attached content: oesplugin signs SM3(Signature.xml) as the content.
    const ByteView content = *parsed.encap_content;
    const bool is_digest =
        std::equal(content.begin(), content.end(), part.sm3.begin(), part.sm3.end());
    const bool is_file = part.bytes && std::equal(content.begin(), content.end(),
                                                  part.bytes->begin(), part.bytes->end());
    if (is_digest || is_file) {
      report.pass(kCheckDataHash, is_digest ? "the signed content is SM3 of " + part.name
                                            : "the signed content is " + part.name);
    } else {
      report.fail(kCheckDataHash,
                  "the signed content is neither " + part.name + " nor its SM3 digest (" +
                      part.changed + ")",
                  "eContent");
    }
    input.content = content;
  } else if (part.bytes) {
    input.content = *part.bytes;
  } else {
    input.content_sm3 = part.sm3;
  }
  auto result = crypto::verify_cms_signed_data(der, input);
  if (!result.ok()) {
    if (result.error().code == "crypto.cms.digest_mismatch") {
      report.fail(kCheckDataHash,
                  "messageDigest is not SM3 of " + part.name + " (changed after signing)",
                  "messageDigest");
    } else if (result.error().code == "crypto.cms.signer_not_found") {
      report.fail(kCheckSignatureValue,
                  result.error().message + " (give the signer certificate with --cert)",
                  "signerInfos");
    } else {
      report.fail(kCheckSignatureValue, result.error().message, "signerInfos");
    }
    return std::nullopt;
  }
  if (!parsed.encap_content) report.pass(kCheckDataHash, "messageDigest is SM3 of " + part.name);
  if (result->raw_signature) {
    report.warn(kCheckSignatureValue,
                "the SM2 signature verifies, but is written as raw 64-byte r||s, not DER",
                "signature");
  } else {
    report.pass(kCheckSignatureValue,
                "the SM2 signature verifies (" + result->signature_algorithm + ")");
  }
  return *result;
}

void check_signer_certificate(const crypto::Certificate& cert, std::optional<Time> at,
                              const std::optional<crypto::TrustStore>& trust, bool require_crl,
                              VerifyReport& report) {
  const Time when = at ? *at : now();
  if (when < cert.not_before() || when > cert.not_after()) {
    report.fail(kCheckSignerCertificate,
                "the signer certificate was not valid at " + format_iso8601(when) + " (" +
                    format_iso8601(cert.not_before()) + " .. " + format_iso8601(cert.not_after()) +
                    ")",
                "cert");
    return;
  }
  if (!trust) {
    report.pass(kCheckSignerCertificate,
                "valid at " + format_iso8601(when) + "; chain not checked (no trust anchors)");
    return;
  }
  crypto::ChainOptions chain;
  chain.at = when;
  chain.require_crl = require_crl;
  auto validated = crypto::validate_chain(cert, *trust, chain);
  if (!validated.ok()) {
    report.fail(kCheckSignerCertificate, validated.error().message, "cert");
    return;
  }
  // Revoked only after the signing time, or a stale CRL: good at signing time, but say so.
  std::string notes;
  for (const std::string& warning : validated->warnings) notes += "; " + warning;
  report.add(kCheckSignerCertificate, notes.empty() ? CheckResult::kPass : CheckResult::kWarn,
             "chains to " + validated->path.back().subject().to_string() + notes);
  report.set_trusted(true);
}

std::optional<Time> check_cms_timestamp(const std::optional<crypto::CmsTimestampInfo>& timestamp,
                                        VerifyReport& report,
                                        const std::optional<crypto::TrustStore>& trust) {
  if (!timestamp) {
    report.skip(kCheckTimestamp, "no timestamp token (unsigned attribute timeStampToken)");
    return std::nullopt;
  }
  tsa::TokenCheckInput input;
  input.stamped_data = timestamp->stamped;
  input.trust = trust;
  const tsa::TokenCheck checked = tsa::verify_token(timestamp->token, input);
  if (!checked.valid) {
    report.fail(
        kCheckTimestamp,
        "the RFC 3161 timestamp token fails at " + checked.failed_step + ": " + checked.detail,
        "timeStampToken");
    return std::nullopt;
  }
  std::string detail = "RFC 3161 token of " + format_iso8601(checked.tst->gen_time) + " by " +
                       checked.tsa_certificate->subject().to_string() +
                       ": its imprint is the signature value and its signature verifies";
  if (!checked.chain_trusted) detail += "; TSA chain not checked (no trust anchors)";
  for (const std::string& warning : checked.warnings) detail += "; " + warning;
  report.add(kCheckTimestamp, checked.warnings.empty() ? CheckResult::kPass : CheckResult::kWarn,
             detail, "timeStampToken");
  return checked.tst->gen_time;
}

}  // namespace gmseal::ses
