#include "ses/internal/checks.h"

#include "crypto/sm2.h"
#include "tsa/token_verify.h"
#include "util/der.h"

namespace gmseal::ses::internal {

std::string describe(const crypto::Certificate& cert) {
  std::string subject = cert.subject().get(crypto::kOidCommonName);
  if (subject.empty()) subject = cert.subject().to_string();
  return "'" + subject + "' (serial " + cert.serial_hex() + ")";
}

bool check_sm2_signature(VerifyReport& report, std::string_view check, std::string_view alg_oid,
                         const std::optional<CachedCertificate>& cert, ByteView message,
                         ByteView signature, const std::string& field, const Bytes* alternate,
                         const std::string& alternate_name) {
  if (alg_oid != crypto::kOidSm2WithSm3) {
    report.fail(check,
                "unsupported signature algorithm " + std::string(alg_oid) +
                    " (only SM2-with-SM3, " + std::string(crypto::kOidSm2WithSm3) + ")",
                field);
    return false;
  }
  if (!cert) {
    report.fail(check, "no usable certificate to verify with", field);
    return false;
  }
  if (!cert->key) {
    report.fail(check, "the certificate holds no SM2 public key", field);
    return false;
  }
  const crypto::Sm2PublicKey& key = *cert->key;
  // Strict first, so that a raw r||s value is reported as a deviation.
  const Status strict = crypto::sm2_verify(key, message, signature);
  if (strict.ok()) {
    report.pass(check, std::string(kSm2VerifiesText), field);
    return true;
  }
  const crypto::Sm2VerifyOptions lenient{std::string(crypto::kDefaultSm2Id), true};
  if (signature.size() == 64 && crypto::sm2_verify(key, message, signature, lenient).ok()) {
    report.warn(check, "SM2 signature verifies, but is written as raw 64-byte r||s, not DER",
                field);
    return true;
  }
  if (alternate != nullptr && crypto::sm2_verify(key, *alternate, signature, lenient).ok()) {
    report.warn(check, "SM2 signature verifies only over " + alternate_name, field);
    return true;
  }
  report.fail(check, "SM2 signature does not verify: " + strict.error().message, field);
  return false;
}

bool check_certificate(VerifyReport& report, std::string_view check,
                       const std::optional<crypto::Certificate>& cert, Time at,
                       const std::string& at_what, const std::optional<crypto::TrustStore>& trust,
                       bool require_crl, const std::string& field, bool key_usage_warns,
                       const std::string& warning) {
  if (!cert) {
    report.fail(check, "the certificate does not parse", field);
    return false;
  }
  const std::string who = describe(*cert);
  if (at < cert->not_before() || at > cert->not_after()) {
    report.fail(check,
                who + " was not valid at " + at_what + " (" + format_iso8601(at) + "; valid " +
                    format_iso8601(cert->not_before()) + " to " +
                    format_iso8601(cert->not_after()) + ")",
                field);
    return false;
  }
  std::string usage_note;
  if (const auto usage = cert->key_usage();
      usage && (*usage & (crypto::kKuDigitalSignature | crypto::kKuNonRepudiation)) == 0) {
    const std::string why = who +
                            " is not meant to sign documents (keyUsage lacks digitalSignature and "
                            "nonRepudiation)";
    if (!key_usage_warns) {
      report.fail(check, why, field);
      return false;
    }
    usage_note = "; " + why;
  }
  if (!warning.empty()) usage_note += "; " + warning;
  if (!trust) {
    report.add(check, usage_note.empty() ? CheckResult::kPass : CheckResult::kWarn,
               who + " valid at " + at_what + "; chain not checked (no trust store)" + usage_note,
               field);
    return false;
  }
  crypto::ChainOptions chain_options;
  chain_options.at = at;
  chain_options.require_crl = require_crl;
  auto chain = crypto::validate_chain(*cert, *trust, chain_options);
  if (!chain.ok()) {
    report.fail(check, who + ": " + chain.error().message + " (" + chain.error().code + ")", field);
    return false;
  }
  // Revoked after `at`, or a stale CRL: the certificate was good at `at`, but say so.
  std::string chain_notes;
  for (const std::string& warning : chain->warnings) chain_notes += "; " + warning;
  report.add(check,
             usage_note.empty() && chain_notes.empty() ? CheckResult::kPass : CheckResult::kWarn,
             who + " valid at " + at_what + ", chain of " + std::to_string(chain->path.size()) +
                 " reaches " + describe(chain->path.back()) + usage_note + chain_notes,
             field);
  return true;
}

std::optional<Time> check_timestamp_token(VerifyReport& report, std::string_view check,
                                          const std::optional<Bytes>& token, ByteView stamped,
                                          const std::optional<crypto::TrustStore>& trust,
                                          bool require_crl, const std::string& field) {
  if (!token) {
    report.skip(check, "no timestamp", field);
    return std::nullopt;
  }
  tsa::TokenCheckInput input;
  input.stamped_data = stamped;
  input.trust = trust;
  input.require_crl = require_crl;
  const tsa::TokenCheck checked = tsa::verify_token(*token, input);
  if (!checked.valid) {
    report.fail(
        check,
        "the RFC 3161 timestamp token fails at " + checked.failed_step + ": " + checked.detail,
        field);
    return std::nullopt;
  }
  std::string detail = "RFC 3161 token of " + checked.tst->gen_time_text + " by " +
                       describe(*checked.tsa_certificate) + " over the signature value";
  if (!checked.chain_trusted) detail += "; TSA chain not checked (no trust anchors)";
  for (const std::string& warning : checked.warnings) detail += "; " + warning;
  report.add(check, checked.warnings.empty() ? CheckResult::kPass : CheckResult::kWarn, detail,
             field);
  return checked.tst->gen_time;
}

}  // namespace gmseal::ses::internal
