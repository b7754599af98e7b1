// The seals this system holds: imported from the .esl the platform delivered, after checking
// that (1) the seal verifies (GB/T 38540 maker signature, certificate, validity), (2) a
// certificate in its certList certifies a key this system generated for a seal request, and
// (3) the platform's status service reports it valid. Then it can sign, while its state here is
// "active" and the platform still says valid.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/certificate.h"
#include "service/secrets/keystore.h"
#include "service/store/database.h"
#include "ses/seal.h"
#include "signing/platform_status.h"

namespace gmseal::signing {

// Seal files above this are refused before parsing (a seal with a 25 KB picture is ~30 KB).
inline constexpr std::size_t kMaxSealFileBytes = 1u << 20;

// A held seal's code is its esID as the maker wrote it, so the signing service does not use
// validate::SealCode (the platform's format, initials + region + 8 digits): it holds any
// GB/T 38540 seal made for a key it generated, and other makers write other forms (32 hex
// digits in the ofdrw seals of ../shared/testdata/seals). Import takes codes of 1 to 64 ASCII
// letters and digits, the forms seen, so that every held seal can be named in a route path
// with this pattern (one capture group).
inline constexpr std::string_view kHeldSealCodePattern = "([A-Za-z0-9]+)";
inline constexpr std::size_t kMaxHeldSealCodeLength = 64;

struct HeldSeal {
  std::string code;
  std::string request_id;
  std::string name;
  std::string unit_uscc;
  std::string status;  // active | disabled
  Time valid_to{};
  std::string imported_by;
  Time imported_at{};
  // The seal's picture (SES_ESPictrueInfo): its bytes, its media type when a browser can show
  // it (util/media_type.h; empty for an OFD vector seal) and its size on paper.
  Bytes picture;
  std::string picture_media_type;
  std::int64_t width_mm = 0, height_mm = 0;
};

// What signing with a seal needs; immutable once loaded.
struct UsableSeal {
  ses::Seal seal;
  crypto::Certificate certificate;
  std::uint32_t key_index = 0;
  std::string key_password;
};

class SealVault {
 public:
  SealVault(std::shared_ptr<service::Database> db, service::KeyStore& keys, PlatformStatus& status)
      : db_(std::move(db)), keys_(keys), status_(status) {}

  // Errors: signing.import.bad_seal (not a seal, too large, an esID that is not 1 to 64 ASCII
  // letters and digits: kHeldSealCodePattern), signing.import.seal_invalid (the
  // failed checks named), signing.import.bad_key (no certificate in certList certifies a key
  // of this system's seal requests), signing.import.conflict (that request already has its
  // seal), the platform status errors (platform_status.h). Nothing is stored on error.
  Result<HeldSeal> import(ByteView esl, const std::string& actor, const std::string& source);

  Result<std::vector<HeldSeal>> list();
  // One seal, active or not. Errors: signing.seal.not_found.
  Result<HeldSeal> held(const std::string& code);
  // active <-> disabled. Errors: signing.seal.not_found, invalid_field.
  Result<HeldSeal> set_state(const std::string& code, const std::string& state,
                             const std::string& actor, const std::string& source);

  // The seal for a use. Errors: signing.seal.not_found, signing.seal.disabled.
  Result<std::shared_ptr<const UsableSeal>> usable(const std::string& code);

 private:
  std::shared_ptr<service::Database> db_;
  service::KeyStore& keys_;
  PlatformStatus& status_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const UsableSeal>> loaded_;
};

}  // namespace gmseal::signing
