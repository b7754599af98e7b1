#include "ses/verify_seal.h"

#include <chrono>
#include <cstdio>

#include "ses/internal/checks.h"
#include "ses/verified_seals.h"

namespace gmseal::ses {

namespace {

// How long after the seal's createDate its maker certificate may start and still only warn
// (docs/verification.md, "Maker certificate starting after createDate").
constexpr std::chrono::hours kMakerCertificateStartGrace{30 * 24};

}  // namespace

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

  const std::string signature_field = v1 ? "signInfo.signData" : "signedValue";
  if (maker_signature_verified_before(seal.der())) {
    report.pass(kCheckMakerSignature, std::string(internal::kSm2VerifiesText), signature_field);
  } else {
    const Bytes alternate = seal.alternate_signed_bytes();
    internal::check_sm2_signature(
        report, kCheckMakerSignature, seal.sign_alg_oid(), maker, seal.signed_bytes(),
        seal.signed_value(), signature_field, &alternate,
        v1 ? "SES_SealInfo alone (the GB/T 38540 rule), not SEQUENCE{sealInfo, cert, alg}"
           : "SEQUENCE{sealInfo, cert, alg} (the GM/T 0031-2014 rule), not SES_SealInfo");
    const Check* made = report.find(kCheckMakerSignature);
    if (made != nullptr && made->result == CheckResult::kPass) {
      remember_maker_signature_verified(seal.der());
    }
  }

  const Time at = options.at.value_or(now());
  // A maker certificate that starts shortly after createDate but is valid when the seal is used
  // is judged at that time and warns: real tax-authority seals on e-invoices are dated a few
  // days before their maker certificate was issued.
  Time maker_at = info.property.create_date;
  std::string maker_at_what = "the seal's createDate";
  std::string maker_warning;
  if (maker_cert && info.property.create_date < maker_cert->not_before() &&
      maker_cert->not_before() - info.property.create_date <= kMakerCertificateStartGrace &&
      at >= maker_cert->not_before() && at <= maker_cert->not_after()) {
    maker_at = at;
    maker_at_what = options.at ? "the signing time" : "the time of use";
    const auto days = std::chrono::duration_cast<std::chrono::hours>(maker_cert->not_before() -
                                                                     info.property.create_date)
                          .count() /
                      24.0;
    char text[32];
    std::snprintf(text, sizeof(text), "%.1f", days);
    maker_warning = "the certificate starts " + std::string(text) +
                    " days after the seal's createDate (" +
                    format_iso8601(info.property.create_date) + ")";
  }
  const bool maker_trusted = internal::check_certificate(
      report, kCheckMakerCertificate, maker_cert, maker_at, maker_at_what, options.trust,
      options.require_crl, v1 ? "signInfo.cert" : "cert",
      /*key_usage_warns=*/true, maker_warning);

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
