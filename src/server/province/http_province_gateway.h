// server::HttpProvinceGateway: the provincial interfaces over HTTP with signed envelopes
// (src/protocol): seal making, download, revocation, and the emulator's status service.
//
// Requests are signed with the platform's system key; replies must verify with the province's
// certificate from the registration package, else the call counts as "unavailable" (retried),
// never as an answer. Thread-safe (one short-lived HTTP client per call).
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "protocol/envelope.h"
#include "server/workflow/province_gateway.h"

namespace gmseal::server {

struct ProvinceEndpoint {
  std::string root_url;  // "http://127.0.0.1:8700"
  std::string base_path = "/anysign-ess-server-service";
  crypto::Certificate province_cert;  // verifies replies (registration package systemCert)
  protocol::SigningRule rule = protocol::SigningRule::kJcs;
  int timeout_seconds = 10;
};

class HttpProvinceGateway final : public ProvinceGateway {
 public:
  HttpProvinceGateway(ProvinceEndpoint endpoint, crypto::Sm2PrivateKey system_key,
                      crypto::Certificate system_cert);

  Result<std::string> make_seal(const SealMakingRequestData& data, const std::string& trans_id,
                                bool retry) override;
  Result<Bytes> download_seal(const std::string& seal_code, const std::string& carrier,
                              const std::string& trans_id, bool retry) override;
  Status revoke_seal(const std::string& seal_code, const std::string& reason,
                     const std::string& trans_id, bool retry) override;
  Status change_status(const std::string& seal_code, ProvinceStatusChange change,
                       const std::string& trans_id, bool retry) override;
  Result<std::string> query_status(const std::string& seal_code) override;

 private:
  // Signs `request`, sends it, verifies and returns the reply. Errors: province.unavailable.
  Result<protocol::Json> exchange(const std::string& path, protocol::Json request);
  Result<protocol::Json> fetch(const std::string& path_and_query);
  Result<protocol::Json> call(
      const std::string& path,
      const std::function<httplib::Result(httplib::Client&, const std::string&)>& send);

  ProvinceEndpoint endpoint_;
  crypto::Sm2PrivateKey system_key_;
  crypto::Certificate system_cert_;
  crypto::Sm2PublicKey province_key_;
};

}  // namespace gmseal::server
