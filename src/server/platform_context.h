// server::PlatformContext: what the platform's parts (applications, seal registry, status
// publisher, making worker) share: configuration, database, users, the key store, the built-in
// CA, the platform's system key and certificate, the UKey issuing station and the link to the
// province. Platform::open makes it once; it outlives the parts, which hold a reference to it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "ca/test_ca.h"
#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "server/foundation.h"
#include "server/platform_config.h"
#include "server/workflow/province_gateway.h"

namespace gmseal::server {

// The platform's roles: admin, operator, reviewer, auditor.
const std::set<Role>& platform_roles();

class UkeyStation;

// Who does something, for audit records.
struct Actor {
  std::string name;    // user name or "system"
  std::string source;  // client address or "worker@HOST:PID"
};

// The provincial first-level platform as the parts reach it: the gateway (null while none is
// configured: making then waits in the outbox) and the province's certificate from the
// registration package, which verifies the seals it makes (seal maker chain) when set.
// Thread-safe: the CLI may set either while the worker runs.
class ProvinceLink {
 public:
  void set_gateway(std::shared_ptr<ProvinceGateway> gateway);
  std::shared_ptr<ProvinceGateway> gateway() const;
  void set_root(crypto::Certificate root);
  std::optional<crypto::Certificate> root() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<ProvinceGateway> gateway_;
  std::optional<crypto::Certificate> root_;
};

struct PlatformContext {
  // Opens (or initialises) the data directory: master key, database, built-in CA, the
  // platform's system key and certificate, the first admin, the UKey station when configured.
  static Result<std::unique_ptr<PlatformContext>> open(const PlatformConfig& config,
                                                       std::shared_ptr<ProvinceGateway> province);
  PlatformContext();
  ~PlatformContext();

  PlatformConfig config;
  std::string worker_source;  // "worker@HOST:PID"
  std::shared_ptr<Database> db;
  std::shared_ptr<UserStore> users;
  std::unique_ptr<KeyStore> keys;
  std::unique_ptr<ca::TestCa> ca;
  std::unique_ptr<UkeyStation> ukey_station;  // null: the platform has none
  std::optional<crypto::Sm2PrivateKey> system_key;
  std::optional<crypto::Certificate> system_cert;
  ProvinceLink province;
};

}  // namespace gmseal::server
