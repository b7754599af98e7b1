// ProvinceClient: a second-level platform's side of the provincial interfaces. Builds table
// requests with fresh tokenInfo / transId, signs them with the platform's system key, posts
// them (cpp-httplib, TCP_NODELAY, keep-alive) and verifies each reply's signature with the
// province certificate from the registration package.
//
// Used by the access-test kit and, through server::HttpProvinceGateway, by the platform server.
// Not thread-safe: use one client per thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "protocol/envelope.h"
#include "protocol/messages.h"
#include "protocol/status_messages.h"

namespace httplib {
class Client;
}

namespace gmseal::province_client {

struct ClientConfig {
  std::string url;  // the server's root, e.g. http://127.0.0.1:8700
  std::string base_path = std::string(protocol::kDefaultBasePath);
  protocol::SigningRule rule = protocol::SigningRule::kJcs;
  int timeout_seconds = 15;
};

class ProvinceClient {
 public:
  // `system_signer` holds the platform's system key: a key in memory (crypto::SoftSigner) or in
  // a token (keys::make_signer). Calls are not concurrent: one client per thread, or a lock.
  ProvinceClient(ClientConfig config, crypto::Certificate system_cert,
                 std::shared_ptr<crypto::Signer> system_signer, crypto::Certificate province_cert);
  ~ProvinceClient();

  // base64 DER of the platform's system certificate (extendData.initiatorCert).
  std::string initiator_cert() const;

  // Signs `request` in place (signInfo replaced).
  Status sign(protocol::Json& request) const;
  // Posts `body` as is to `path` (under the base) and returns the parsed reply, unverified.
  // Errors: province.client.http (no connection, HTTP status not 200, body cut short),
  // province.client.bad_reply (not JSON).
  Result<protocol::Json> post_raw(std::string_view path, const std::string& body);
  Result<protocol::Json> get_raw(const std::string& path_and_query);
  // Checks a reply's signInfo with the province certificate.
  Status verify_reply(const protocol::Json& reply) const;
  // Signs `request`, posts it to `path` (under the base) and verifies the reply's signature.
  Result<protocol::Json> signed_post(std::string_view path, protocol::Json request);
  // GETs `path_and_query` (under the base) and verifies the reply's signature.
  Result<protocol::Json> verified_get(const std::string& path_and_query);
  // signed_post to the interface's path.
  Result<protocol::Json> call(protocol::Interface id, protocol::Json request);

  Result<protocol::SealMakingResponse> make(const protocol::SealMakingData& data);
  Result<protocol::DownloadSealResponse> download(const std::vector<std::string>& seal_codes);
  Result<protocol::RevocationResponse> revoke(const std::vector<std::string>& seal_codes);
  // The status service; replies are verified.
  Result<protocol::Json> query_status(const std::string& seal_code);
  Result<protocol::Json> change_status(const std::string& seal_code, const std::string& action,
                                       const std::string& reason);
  Result<protocol::RevocationList> revocation_list();

 private:
  Result<protocol::Json> verified(Result<protocol::Json> reply) const;

  ClientConfig config_;
  crypto::Certificate system_cert_;
  std::shared_ptr<crypto::Signer> system_signer_;
  crypto::Certificate province_cert_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace gmseal::province_client
