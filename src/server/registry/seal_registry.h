// server::SealRegistry: the seals the platform made, as the API and the other parts read them:
// a seal's record, its file (handing it out delivers the application that made it), and the UKey
// the platform issued for it with that token's PINs for delivery. The table itself:
// seal_store.h. Every call is one transaction; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "server/platform_context.h"
#include "server/registry/seal_store.h"
#include "server/ukey/ukey_registry.h"
#include "util/bytes.h"

namespace gmseal::server {

class SealRegistry {
 public:
  explicit SealRegistry(PlatformContext& context) : context_(context) {}

  // Errors: seal.not_found.
  Result<SealRecord> seal(const std::string& code);
  // The DER seal (.esl); marks the application that made it delivered (and forgets the UKey's
  // initial user PIN). Errors: seal.not_found, seal.not_ready.
  Result<Bytes> seal_file(const std::string& code, const Actor& actor);

  // The token of a seal, when the platform issued it.
  Result<std::optional<UkeyRecord>> issued_ukey(const std::string& code);
  // The PINs of the token issued for seal `code`, for writing the seal onto it: only while the
  // application that made the seal is ready (before delivery), only for the token whose serial
  // is `serial`; audit-logged. Errors: seal.not_found, ukey.not_found, ukey.bad_serial,
  // application.illegal_transition.
  Result<UkeyRelease> release_ukey_for_delivery(const std::string& code, const std::string& serial,
                                                const Actor& actor);

 private:
  PlatformContext& context_;
};

}  // namespace gmseal::server
