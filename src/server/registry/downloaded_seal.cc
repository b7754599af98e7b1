// Platform::check_downloaded_seal: a seal coming back from the province is checked before the
// platform publishes it: it must be a well-formed GB/T 38540 seal whose maker signature
// verifies (against the province's root when the registration package gave one) and whose
// certificate list names the signer certificate this platform obtained for it.
#include "server/platform.h"
#include "ses/cert_list.h"
#include "ses/verify_seal.h"

namespace gmseal::server {

Status Platform::check_downloaded_seal(const std::string& code, const Bytes& der) {
  GMSEAL_ASSIGN_OR_RETURN(const SealRecord record, seal(code));
  std::optional<ses::Seal> parsed;
  ses::SealVerifyOptions options;
  if (province_root_) {
    crypto::TrustStore trust;
    trust.anchors = {*province_root_};
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
