#include "cli/online_status_option.h"

#include "cli/inputs.h"
#include "status/online_status.h"

namespace gmseal::cli {

Result<ses::SealStatusCheck> online_status_check(const VerifyRequest& request) {
  if (request.status_url.empty()) {
    if (!request.status_certs.empty()) {
      return make_error("cli.usage", "--status-cert needs --status-url", "--status-cert");
    }
    if (!request.status_tls_ca.empty()) {
      return make_error("cli.usage", "--status-tls-ca needs --status-url", "--status-tls-ca");
    }
    return ses::SealStatusCheck();
  }
  status::OnlineStatusOptions options;
  options.url = request.status_url;
  if (!request.status_tls_ca.empty()) {
    // Read now, so that a wrong path is a usage error rather than every check failing.
    auto tls_cas = load_certificates(request.status_tls_ca);
    if (!tls_cas.ok()) return tls_cas.error();
    options.tls_ca_file = request.status_tls_ca;
  }
  for (const std::string& path : request.status_certs) {
    GMSEAL_ASSIGN_OR_RETURN(auto certs, load_certificates(path));
    options.signer.pinned.insert(options.signer.pinned.end(), certs.begin(), certs.end());
  }
  if (!request.trust.empty()) {
    crypto::TrustStore store;
    for (const std::string& path : request.trust) {
      GMSEAL_ASSIGN_OR_RETURN(auto certs, load_certificates(path));
      store.anchors.insert(store.anchors.end(), certs.begin(), certs.end());
    }
    for (const std::string& path : request.certificates) {
      GMSEAL_ASSIGN_OR_RETURN(auto certs, load_certificates(path));
      store.intermediates.insert(store.intermediates.end(), certs.begin(), certs.end());
    }
    for (const std::string& path : request.crls) {
      GMSEAL_ASSIGN_OR_RETURN(auto crl, load_crl(path));
      store.crls.push_back(std::move(crl));
    }
    options.signer.trust = std::move(store);
  }
  GMSEAL_ASSIGN_OR_RETURN(status::OnlineStatusChecker checker,
                          status::OnlineStatusChecker::create(std::move(options)));
  return checker.seal_check();
}

}  // namespace gmseal::cli
