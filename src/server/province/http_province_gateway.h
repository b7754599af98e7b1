// server::HttpProvinceGateway: the provincial interfaces over HTTP with signed envelopes
// (src/protocol): seal making, download, revocation, and the emulator's status service.
//
// Transport, signing and reply verification are province_client::ProvinceClient's (the same code
// the access-test kit uses); this class adds what the platform's outbox needs: its own transIds,
// "already done" answers to retries counted as success, and errors that say whether a retry
// can help. A reply that does not verify with the province's certificate counts as
// "unavailable" (retried), never as an answer. Thread-safe (calls are serialised on one
// keep-alive client; only the outbox worker and the status sync call it).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "protocol/envelope.h"
#include "province_client/client.h"
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
  Result<ProvinceStatusList> status_list() override;

 private:
  // Signs `request`, sends it, verifies and returns the reply. Errors: province.unavailable.
  Result<protocol::Json> exchange(std::string_view path, protocol::Json request);
  Result<protocol::Json> fetch(const std::string& path_and_query);

  std::string initiator_cert_;
  std::mutex mutex_;  // guards client_ (not thread-safe)
  province_client::ProvinceClient client_;
};

}  // namespace gmseal::server
