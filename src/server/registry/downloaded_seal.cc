#include "server/registry/downloaded_seal.h"

#include "ses/cert_list.h"
#include "ses/verify_seal.h"

namespace gmseal::server {

Status check_downloaded_seal(const SealRecord& record, const Bytes& der,
                             const std::optional<crypto::Certificate>& province_root) {
  const std::string& code = record.code;
  std::optional<ses::Seal> parsed;
  ses::SealVerifyOptions options;
  if (province_root) {
    crypto::TrustStore trust;
    trust.anchors = {*province_root};
    options.trust = trust;
  }
  const ses::VerifyReport report = ses::verify_seal_der(der, options, &parsed);
  if (!report.valid() || !parsed) {
    std::string why;
    for (const ses::Check& c : report.checks()) {
      if (c.result == ses::CheckResult::kFail)
        why += (why.empty() ? "" : "; ") + c.name + ": " + c.detail;
    }
    return make_error("seal.bad_download",
                      "the seal downloaded for " + code + " does not verify: " + why);
  }
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate signer,
                          crypto::Certificate::from_pem(record.cert_pem));
  if (auto match = ses::match_cert_list(parsed->info().property, signer.der()); !match.ok()) {
    return make_error("seal.bad_download",
                      "the seal downloaded for " + code +
                          " does not list its signer certificate: " + match.error().message);
  }
  return {};
}

}  // namespace gmseal::server
