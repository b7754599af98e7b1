#include "ses/verify_seal.h"

#include "ses/internal/checks.h"

namespace gmseal::ses {

VerifyReport verify_seal(const Seal& seal, const SealVerifyOptions& options) {
  VerifyReport report;
  const SealInfo& info = seal.info();
  const bool v1 = seal.format() == Format::kV1;

  if (info.header.id != kSealHeaderId) {
    report.warn(kCheckFormat,
                std::string(to_string(seal.format())) + " seal, but header ID is '" +
                    info.header.id + "' instead of 'ES'",
                "header.ID");
  } else {
    report.pass(kCheckFormat, std::string(to_string(seal.format())) + " seal (header version " +
                                  std::to_string(info.header.version) + ", Vid '" +
                                  info.header.vid + "')");
  }

  std::optional<CachedCertificate> maker;
  if (auto cert = cached_certificate(seal.maker_cert_der()); cert.ok()) maker = std::move(*cert);
  const std::optional<crypto::Certificate> maker_cert =
      maker ? std::optional<crypto::Certificate>(maker->cert) : std::nullopt;

  const Bytes alternate = seal.alternate_signed_bytes();
  internal::check_sm2_signature(
      report, kCheckMakerSignature, seal.sign_alg_oid(), maker, seal.signed_bytes(),
      seal.signed_value(), v1 ? "signInfo.signData" : "signedValue", &alternate,
      v1 ? "SES_SealInfo alone (the GB/T 38540 rule), not SEQUENCE{sealInfo, cert, alg}"
         : "SEQUENCE{sealInfo, cert, alg} (the GM/T 0031-2014 rule), not SES_SealInfo");

  const bool maker_trusted = internal::check_certificate(
      report, kCheckMakerCertificate, maker_cert, info.property.create_date,
      "the seal's createDate", options.trust, options.require_crl, v1 ? "signInfo.cert" : "cert",
      /*key_usage_warns=*/true);

  const Time at = options.at.value_or(now());
  const SealProperty& p = info.property;
  const std::string window = format_iso8601(p.valid_start) + " to " + format_iso8601(p.valid_end);
  if (p.valid_start > p.valid_end) {
    report.fail(kCheckSealValidity, "validStart is after validEnd (" + window + ")",
                "property.validStart");
  } else if (at < p.valid_start) {
    report.fail(kCheckSealValidity,
                "not yet valid at " + format_iso8601(at) + " (valid " + window + ")",
                "property.validStart");
  } else if (at > p.valid_end) {
    report.fail(kCheckSealValidity, "expired at " + format_iso8601(at) + " (valid " + window + ")",
                "property.validEnd");
  } else {
    report.pass(kCheckSealValidity, "valid at " + format_iso8601(at) + " (" + window + ")");
  }

  if (seal.format() == Format::kV5 || seal.timestamp()) {
    // GM/T 0031-2025: the v5 timeStamp covers the maker's signedValue.
    (void)internal::check_timestamp_token(report, kCheckSealTimestamp, seal.timestamp(),
                                          seal.signed_value(), options.trust, options.require_crl,
                                          "timeStamp");
  }
  if (options.status_check) {
    Check status = options.status_check(seal, at);
    report.add(status.name, status.result, std::move(status.detail), std::move(status.field));
  }
  report.set_trusted(options.trust.has_value() && maker_trusted);
  return report;
}

VerifyReport verify_seal_der(ByteView der, const SealVerifyOptions& options,
                             std::optional<Seal>* parsed) {
  auto seal = Seal::parse(der);
  if (!seal.ok()) {
    VerifyReport report;
    report.fail(kCheckFormat, seal.error().message + " (" + seal.error().code + ")",
                seal.error().field);
    return report;
  }
  VerifyReport report = verify_seal(*seal, options);
  if (parsed != nullptr) *parsed = std::move(*seal);
  return report;
}

}  // namespace gmseal::ses
