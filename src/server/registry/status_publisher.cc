// StatusPublisher::signed_status: the public seal-status answer (状态查询), signed by the platform
// so that a verifier can trust it offline. The signed bytes are the RFC 8785 canonical JSON of
// {"code","since","signedAt","status"}; the signature is DER SEQUENCE{r,s} (SM2 with ID
// 1234567812345678) in base64, and signerCert is the platform's system certificate (base64 DER).
#include "server/registry/status_publisher.h"

#include "crypto/sm2.h"
#include "protocol/canonical_json.h"
#include "server/registry/seal_store.h"
#include "util/json_text.h"

namespace gmseal::server {

Result<std::string> StatusPublisher::signed_status(const std::string& code) {
  // Read on every query (never cached): the answer always states the seal's current status.
  std::optional<SealRecord> record;
  GMSEAL_RETURN_IF_ERROR(context_.db->read([&](soci::session& sql) -> Status {
    record = find_seal_status(sql, code);
    return {};
  }));
  if (!record || record->status == SealStatus::kPending) {
    return make_error("seal.not_found", "no published seal with code " + code, "code");
  }
  const Time at = now();
  const SealStatus status = record->effective_status(at);
  const std::string status_text(to_string(status));
  const std::string since =
      format_iso8601(status == SealStatus::kExpired ? record->valid_to : record->since);
  // The same statement signed less than a second ago is answered with that signature, as the
  // JSON text already made (see status_answer_cache.h): signing is what limited the query rate.
  if (auto cached = answers_.find(code, status_text, since)) return *cached;
  nlohmann::json answer = {
      {"code", code}, {"status", status_text}, {"since", since}, {"signedAt", format_iso8601(at)}};
  const std::string canonical = protocol::canonical_json(answer);
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature,
                          crypto::sm2_sign(*context_.system_key, to_bytes(canonical)));
  answer["signature"] = base64_encode(signature);
  answer["signerCert"] = base64_encode(context_.system_cert->der());
  std::string text = json_text(answer);
  answers_.store(code, status_text, since, text);
  return text;
}

}  // namespace gmseal::server
