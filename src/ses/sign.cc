#include "ses/sign.h"

#include "ses/cert_cache.h"
#include "ses/cert_list.h"
#include "ses/internal/checks.h"
#include "ses/internal/ses_asn1.h"
#include "ses/verify_seal.h"

namespace gmseal::ses {

namespace {
std::string failures(const VerifyReport& report) {
  std::string text;
  for (const Check& check : report.checks()) {
    if (check.result != CheckResult::kFail) continue;
    if (!text.empty()) text += "; ";
    text += check.name + ": " + check.detail;
  }
  return text;
}

// The refusals made before signing that do not depend on the original.
Status check_can_sign(const Seal& seal, const crypto::Certificate& signer_cert,
                      crypto::Signer& signer, Time signing_time,
                      const std::optional<crypto::TrustStore>& trust) {
  if (seal.format() == Format::kV1) {
    return make_error("ses.sign.unsupported_seal",
                      "GM/T 0031-2014 (v1) seals cannot make GB/T 38540 signatures", "eseal");
  }
  GMSEAL_ASSIGN_OR_RETURN(const CachedCertificate cached, cached_certificate(signer_cert.der()));
  if (!cached.key || !(signer.public_key() == *cached.key)) {
    return make_error("ses.sign.key_mismatch",
                      "the signing key does not belong to the signer certificate", "cert");
  }
  if (auto match = match_cert_list(seal.info().property, signer_cert.der());
      !match.ok() || *match == CertListMatch::kCertId) {
    return make_error("ses.sign.cert_not_in_seal",
                      match.ok() ? "listed by certID only" : match.error().message,
                      "eseal.property.certList");
  }

  SealVerifyOptions seal_options;
  seal_options.trust = trust;
  seal_options.at = signing_time;
  const VerifyReport seal_report = verify_seal(seal, seal_options);
  if (!seal_report.valid()) {
    const Check* window = seal_report.find(kCheckSealValidity);
    if (seal_report.failed().size() == 1 && window != nullptr &&
        window->result == CheckResult::kFail) {
      return make_error("ses.sign.outside_seal_window", "the seal is " + window->detail,
                        window->field);
    }
    return make_error("ses.sign.seal_invalid", "the seal does not verify: " + failures(seal_report),
                      "eseal");
  }
  VerifyReport signer_report;
  internal::check_certificate(signer_report, kCheckSignerCertificate, signer_cert, signing_time,
                              "the signing time", trust, false, "cert");
  if (!signer_report.valid()) {
    return make_error("ses.sign.signer_cert_invalid", failures(signer_report), "cert");
  }
  return {};
}

Status check_original(const SignRequest& request) {
  if (request.data_hash.empty()) {
    return make_error("ses.sign.bad_request", "dataHash must not be empty", "dataHash");
  }
  if (request.property_info.empty()) {
    return make_error("ses.sign.bad_request", "propertyInfo must state the protected original",
                      "propertyInfo");
  }
  return {};
}

// Builds, signs and assembles one SES_Signature; the checks above have passed.
Result<Signature> sign_checked(const Seal& seal, const crypto::Certificate& signer_cert,
                               crypto::Signer& signer, const SignRequest& request,
                               Time signing_time) {
  internal::TbsSignFields fields;
  fields.version = seal.format() == Format::kV5 ? 5 : 4;
  fields.eseal_der = seal.der();
  fields.signing_time = signing_time;
  fields.data_hash = request.data_hash;
  fields.property_info = request.property_info;
  fields.ext_datas = &request.ext_datas;
  GMSEAL_ASSIGN_OR_RETURN(const Bytes tbs, internal::encode_tbs_sign(fields));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes value, signer.sign(tbs));
  std::optional<Bytes> timestamp;
  if (request.timestamper) {
    GMSEAL_ASSIGN_OR_RETURN(timestamp, request.timestamper(value));
  }
  GMSEAL_ASSIGN_OR_RETURN(
      const Bytes der,
      internal::encode_signature(tbs, signer_cert.der(), crypto::kOidSm2WithSm3, value, timestamp));
  return Signature::parse(der);
}

}  // namespace

Result<Signature> sign(const Seal& seal, const crypto::Certificate& signer_cert,
                       crypto::Signer& signer, const SignRequest& request) {
  GMSEAL_RETURN_IF_ERROR(check_original(request));
  const Time signing_time = request.signing_time.value_or(now());
  GMSEAL_RETURN_IF_ERROR(check_can_sign(seal, signer_cert, signer, signing_time, request.trust));
  return sign_checked(seal, signer_cert, signer, request, signing_time);
}

Result<std::vector<Signature>> sign_many(const Seal& seal, const crypto::Certificate& signer_cert,
                                         crypto::Signer& signer, const SignRequest& common,
                                         std::span<const OriginalHash> originals) {
  SignRequest request = common;
  for (const OriginalHash& original : originals) {
    request.data_hash = original.data_hash;
    request.property_info = original.property_info;
    GMSEAL_RETURN_IF_ERROR(check_original(request));
  }
  const Time signing_time = common.signing_time.value_or(now());
  GMSEAL_RETURN_IF_ERROR(check_can_sign(seal, signer_cert, signer, signing_time, common.trust));
  std::vector<Signature> signatures;
  signatures.reserve(originals.size());
  for (const OriginalHash& original : originals) {
    request.data_hash = original.data_hash;
    request.property_info = original.property_info;
    GMSEAL_ASSIGN_OR_RETURN(Signature signature,
                            sign_checked(seal, signer_cert, signer, request, signing_time));
    signatures.push_back(std::move(signature));
  }
  return signatures;
}

}  // namespace gmseal::ses
