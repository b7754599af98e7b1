#include "ses/verify_signature.h"

#include "ses/cert_list.h"
#include "ses/internal/checks.h"
#include "ses/verify_seal.h"
#include "util/bytes.h"

namespace gmseal::ses {

VerifyReport verify_signature(const Signature& signature, const SignatureVerifyOptions& options) {
  VerifyReport report;
  const bool v1 = signature.format() == Format::kV1;
  report.pass(kCheckFormat, std::string(to_string(signature.format())) +
                                " signature (TBS_Sign version " +
                                std::to_string(signature.tbs_version()) + ")");

  std::optional<CachedCertificate> signer;
  if (auto cert = cached_certificate(signature.signer_cert_der()); cert.ok()) {
    signer = std::move(*cert);
  }
  const std::optional<crypto::Certificate> signer_cert =
      signer ? std::optional<crypto::Certificate>(signer->cert) : std::nullopt;

  internal::check_sm2_signature(report, kCheckSignatureValue, signature.sign_alg_oid(), signer,
                                signature.tbs_bytes(), signature.signature_value(), "signature");

  if (auto match = match_cert_list(signature.seal().info().property, signature.signer_cert_der());
      !match.ok()) {
    report.fail(kCheckSignerCertificateMatch, match.error().message, "eseal.property.certList");
  } else if (*match == CertListMatch::kCertificate) {
    report.pass(kCheckSignerCertificateMatch,
                "the signer certificate is listed in the seal (certListType 1)",
                "eseal.property.certList");
  } else if (*match == CertListMatch::kDigest) {
    report.pass(kCheckSignerCertificateMatch,
                "the signer certificate's SM3 digest is listed in the seal (certListType 2)",
                "eseal.property.certList");
  } else {
    report.warn(kCheckSignerCertificateMatch,
                "the seal lists the signer certificate only by a v1 certID equal to its serial "
                "number (a weak match)",
                "eseal.property.certList");
  }

  // The signing time: the genTime of a timestamp over the signature value that verifies (a TSA
  // vouches for it), else timeInfo (v4/v5; v1 text when it reads as a time), the signer's claim.
  // The seal, its status, the certificates and CRLs are all judged at that time.
  const std::optional<Time> stamped_at = internal::check_timestamp_token(
      report, kCheckTimestamp, signature.timestamp(), signature.signature_value(), options.trust,
      options.require_crl, "timeStamp");
  Time signing_time = options.at.value_or(now());
  if (stamped_at) {
    signing_time = *stamped_at;
  } else if (signature.signing_time()) {
    signing_time = *signature.signing_time();
  } else {
    report.warn(kCheckSigningTime,
                "timeInfo '" + gmseal::to_string(signature.time_info_raw()) +
                    "' is not a recognisable time; checking at " + format_iso8601(signing_time),
                "toSign.timeInfo");
  }

  SealVerifyOptions seal_options;
  seal_options.trust = options.trust;
  seal_options.at = signing_time;
  seal_options.require_crl = options.require_crl;
  seal_options.status_check = options.status_check;
  const VerifyReport seal_report = verify_seal(signature.seal(), seal_options);
  report.merge(seal_report, kSealCheckPrefix);

  const bool signer_trusted = internal::check_certificate(
      report, kCheckSignerCertificate, signer_cert, signing_time, "the signing time", options.trust,
      options.require_crl, v1 ? "toSign.cert" : "cert");

  if (!options.data_hash) {
    report.skip(kCheckDataHash, "no original supplied to hash", "toSign.dataHash");
  } else if (auto expected = options.data_hash(signature); !expected.ok()) {
    report.fail(kCheckDataHash, "hashing the original failed: " + expected.error().message,
                "toSign.dataHash");
  } else if (*expected == signature.data_hash()) {
    report.pass(kCheckDataHash, "dataHash matches the original (" + hex_encode(*expected) + ")",
                "toSign.dataHash");
  } else {
    report.fail(kCheckDataHash,
                "dataHash " + hex_encode(signature.data_hash()) +
                    " does not match the original's " + hex_encode(*expected),
                "toSign.dataHash");
  }

  report.set_trusted(options.trust.has_value() && signer_trusted && seal_report.trusted());
  return report;
}

VerifyReport verify_signature_der(ByteView der, const SignatureVerifyOptions& options,
                                  std::optional<Signature>* parsed) {
  auto signature = Signature::parse(der);
  if (!signature.ok()) {
    VerifyReport report;
    report.fail(kCheckFormat, signature.error().message + " (" + signature.error().code + ")",
                signature.error().field);
    return report;
  }
  VerifyReport report = verify_signature(*signature, options);
  if (parsed != nullptr) *parsed = std::move(*signature);
  return report;
}

}  // namespace gmseal::ses
