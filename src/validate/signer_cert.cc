#include "validate/signer_cert.h"

#include "validate/gmt0015_subject.h"

namespace gmseal::validate {

namespace {
Error cert_error(std::string code, std::string message) {
  return make_error(std::move(code), std::move(message), "signCert");
}
}  // namespace

Result<crypto::Certificate> decode_signer_certificate(std::string_view base64_der) {
  auto der = base64_decode(base64_der);
  if (!der.ok() || der->empty()) {
    return cert_error("validate.sign_cert.base64", "signCert is not base64 data");
  }
  auto cert = crypto::Certificate::from_der(*der);
  if (!cert.ok()) {
    return cert_error("validate.sign_cert.parse",
                      "signCert is not a DER X.509 certificate: " + cert.error().message);
  }
  return std::move(cert).value();
}

std::vector<Error> signer_certificate_violations(const crypto::Certificate& cert, Time at) {
  std::vector<Error> out;
  if (!cert.public_key().ok()) {
    out.push_back(cert_error("validate.sign_cert.not_sm2", "signCert does not hold an SM2 key"));
  }
  const crypto::DistinguishedName subject = cert.subject();
  const auto kind = guess_subject_kind(subject).value_or(crypto::SubjectKind::kUnit);
  for (const auto& violation : check_gmt0015_subject(subject, kind)) {
    out.push_back(cert_error("validate.sign_cert.subject",
                             "GM/T 0015 rule " + violation.rule + ": " + violation.message));
  }
  if (const auto usage = cert.key_usage();
      usage && (*usage & (crypto::kKuDigitalSignature | crypto::kKuNonRepudiation)) == 0) {
    out.push_back(cert_error("validate.sign_cert.key_usage",
                             "signCert keyUsage allows neither digitalSignature nor "
                             "nonRepudiation"));
  }
  if (cert.is_ca()) {
    out.push_back(cert_error("validate.sign_cert.is_ca", "signCert is a CA certificate"));
  }
  if (at > cert.not_after()) {
    out.push_back(cert_error("validate.sign_cert.expired",
                             "signCert expired at " + format_iso8601(cert.not_after())));
  } else if (at < cert.not_before()) {
    out.push_back(cert_error("validate.sign_cert.not_yet_valid",
                             "signCert is valid only from " + format_iso8601(cert.not_before())));
  }
  return out;
}

}  // namespace gmseal::validate
