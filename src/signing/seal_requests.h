// Seal requests: a new key in the device and the request package (docs/seal-request-package.md)
// that the unit files with its application at the second-level platform.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "protocol/seal_request_package.h"
#include "service/secrets/keystore.h"
#include "service/store/database.h"
#include "signing/key_device.h"
#include "signing/system_identity.h"

namespace gmseal::signing {

struct SealRequestInput {
  std::string uscc, unit_name, seal_name, category;
};

struct SealRequestRecord {
  std::string id;
  std::string uscc, unit_name, seal_name, category;
  std::uint32_t key_index = 0;
  std::string key_password_sealed;
  std::string public_key_hex;  // SubjectPublicKeyInfo DER
  Bytes package;
  std::string package_sm3;
  std::string created_by;
  Time created_at{};
  std::string seal_code;  // once a seal was imported for it
};

// The context a seal key's access password is sealed under (binds it to its index).
std::string key_password_context(std::uint32_t index);

class SealRequests {
 public:
  SealRequests(std::shared_ptr<service::Database> db, KeyDevice& device, service::KeyStore& keys,
               const SystemIdentity& identity)
      : db_(std::move(db)), device_(device), keys_(keys), identity_(identity) {}

  // Checks the fields (validate.* naming unit.uscc, seal.name or seal.category; invalid_field
  // for a missing unit.name), generates the key in the device, signs the CSR with it
  // and the package with the system key, and stores the request with its audit record.
  Result<SealRequestRecord> create(const SealRequestInput& input, const std::string& actor,
                                   const std::string& source);
  Result<SealRequestRecord> get(const std::string& id);
  Result<std::vector<SealRequestRecord>> list();

 private:
  std::shared_ptr<service::Database> db_;
  KeyDevice& device_;
  service::KeyStore& keys_;
  const SystemIdentity& identity_;
};

// Inside a transaction: every request (for the import's key match).
std::vector<SealRequestRecord> load_seal_requests(soci::session& sql, const std::string& where = "",
                                                  const std::string& value = "");

}  // namespace gmseal::signing
