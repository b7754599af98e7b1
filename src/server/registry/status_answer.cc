// Platform::signed_status: the public seal-status answer (状态查询), signed by the platform so
// that a verifier can trust it offline. The signed bytes are the RFC 8785 canonical JSON of
// {"code","since","signedAt","status"}; the signature is DER SEQUENCE{r,s} (SM2 with ID
// 1234567812345678) in base64, and signerCert is the platform's system certificate (base64 DER).
#include "crypto/sm2.h"
#include "protocol/canonical_json.h"
#include "server/platform.h"

namespace gmseal::server {

Result<nlohmann::json> Platform::signed_status(const std::string& code) {
  auto record = seal(code);
  if (!record.ok() || record->status == SealStatus::kPending) {
    return make_error("seal.not_found", "no published seal with code " + code, "code");
  }
  const Time at = now();
  const SealStatus status = record->effective_status(at);
  nlohmann::json answer = {
      {"code", code},
      {"status", to_string(status)},
      {"since", format_iso8601(status == SealStatus::kExpired ? record->valid_to : record->since)},
      {"signedAt", format_iso8601(at)}};
  const std::string canonical = protocol::canonical_json(answer);
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature,
                          crypto::sm2_sign(*system_key_, to_bytes(canonical)));
  answer["signature"] = base64_encode(signature);
  answer["signerCert"] = base64_encode(system_cert_->der());
  return answer;
}

}  // namespace gmseal::server
