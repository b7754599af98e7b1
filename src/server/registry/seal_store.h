// The seals table of the platform's registry: every seal it made, its status and since when (the
// registry's operations for the API and the other parts: seal_registry.h).
//
// Status machine (the published status of a seal):
//   pending -> valid (downloaded from the province) | revoked (making failed)
//   valid  -> frozen | lost | cancelled | revoked
//   frozen -> valid (unfreeze) | lost | cancelled | revoked
//   lost   -> cancelled | revoked
//   cancelled, revoked: final
// "expired" is not stored: a valid or frozen seal past its validTo is reported as expired.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/foundation.h"
#include "service/store/soci.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::server {

// kPending: reserved while the province makes the seal; never published.
enum class SealStatus { kPending, kValid, kFrozen, kLost, kCancelled, kRevoked, kExpired };

std::string_view to_string(SealStatus status);
Result<SealStatus> parse_seal_status(std::string_view text);
bool seal_transition_allowed(SealStatus from, SealStatus to);

struct SealRecord {
  std::string code;
  SealStatus status = SealStatus::kValid;  // as stored
  Time since{};
  std::string application_id;
  std::string unit_uscc;
  std::string unit_name;
  std::string name;
  std::string category;
  std::string carrier;  // "ukey" | "server"
  Time valid_from{};
  Time valid_to{};
  std::string cert_sm3;  // hex SM3 of the signer certificate DER (one certificate, one seal)
  std::string cert_pem;
  std::string key_ref;          // where the signer key lives (token URI or soft key path)
  std::string seal_der_base64;  // empty until downloaded from the province
  std::string province_status;
  Time created_at{};
  std::string replaced_by;

  // The status to publish at `at` (valid/frozen past validTo -> expired).
  SealStatus effective_status(Time at) const;
  nlohmann::json to_json(Time at) const;
};

// Errors: seal.exists (code), seal.cert_in_use (the certificate already serves a seal).
Status insert_seal(soci::session& sql, const SealRecord& seal);
std::optional<SealRecord> find_seal(soci::session& sql, const std::string& code);
// Only what a status answer needs: code, status, since and valid_to are filled, the other
// fields are left empty. The public status query runs this on every request, and skipping the
// seal's data (several KB of base64 DER, the certificate PEM) keeps that read small.
std::optional<SealRecord> find_seal_status(soci::session& sql, const std::string& code);
// Whether a seal with that certificate digest exists.
std::optional<std::string> seal_with_certificate(soci::session& sql, const std::string& cert_sm3);

// Changes the stored status (and `since`), with an audit record. Errors: seal.not_found,
// seal.illegal_transition.
Status set_seal_status(soci::session& sql, const std::string& code, SealStatus to,
                       const std::string& actor, const std::string& source,
                       const std::string& note);
void store_seal_data(soci::session& sql, const std::string& code, const std::string& der_base64);
void set_replaced_by(soci::session& sql, const std::string& code, const std::string& new_code);
// Records the province's last known status of the seal (what it confirmed or published).
void set_province_status(soci::session& sql, const std::string& code, const std::string& status);

// Seal counts by stored status (for /metrics).
std::vector<std::pair<std::string, long long>> seal_counts(soci::session& sql);

}  // namespace gmseal::server
