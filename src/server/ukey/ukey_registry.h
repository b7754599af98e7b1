// The UKeys the platform issued (table `ukeys`): which token carries which seal's key, and the
// PINs the platform keeps for it, sealed under the key store's master key (keystore.h).
//
// The admin PIN stays for the token's life: an approved unlock application releases it
// (Applications::release_unlock_pin). The initial user PIN is kept only until the seal is
// delivered (SealRegistry::seal_file clears it), so after delivery the platform cannot sign with
// the token.
#pragma once

#include <optional>
#include <string>

#include "server/foundation.h"
#include "service/store/soci.h"
#include "util/time.h"

namespace gmseal::server {

struct UkeyRecord {
  std::string serial;       // the device's serial number (DEVINFO SerialNumber)
  std::string seal_code;    // the seal whose key the token holds
  std::string device;       // the device name at the issuing station
  std::string application;  // the SKF application holding the PINs ("GMSEAL")
  std::string container;    // the container with the signing key and certificate
  std::string admin_pin_sealed;
  std::string user_pin_sealed;  // empty once the seal was delivered
  Time created_at{};
};

// PINs released to an operator (for delivery, or for an approved unlock), with where the key is.
struct UkeyRelease {
  std::string serial, device, application, container;
  std::string admin_pin;
  std::optional<std::string> user_pin;  // the initial user PIN, until the seal is delivered
};

// The secrets' contexts for KeyStore::seal_secret / open_secret (binds a sealed PIN to its seal).
std::string ukey_admin_pin_context(const std::string& seal_code);
std::string ukey_user_pin_context(const std::string& seal_code);

void insert_ukey(soci::session& sql, const UkeyRecord& ukey);
std::optional<UkeyRecord> find_ukey_for_seal(soci::session& sql, const std::string& seal_code);
// Drops the kept initial user PIN of the seal's token (no-op when there is none).
void forget_ukey_user_pin(soci::session& sql, const std::string& seal_code);

// The token's PINs opened from their sealed copies, with where its key is.
Result<UkeyRelease> open_ukey_release(const KeyStore& keys, const UkeyRecord& ukey);
// ukey.not_found: the seal's token is not one the platform issued.
Error no_issued_ukey(const std::string& seal_code);

}  // namespace gmseal::server
