// Parses any input as a provincial message: strict JSON, every request and response type (the
// status service's too), the signing inputs of every rule and envelope verification. Every
// failure must be a gmseal::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/sm2_key.h"
#include "protocol/envelope.h"
#include "protocol/messages.h"
#include "protocol/status_messages.h"

using namespace gmseal::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const gmseal::crypto::Sm2PublicKey key =
      gmseal::crypto::Sm2PrivateKey::generate().value().public_key();
  auto message = parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!message.ok()) return 0;
  ParseNotes notes;
  if (auto r = SealMakingRequest::from_json(*message, &notes); r.ok()) (void)r->to_json();
  if (auto r = SealMakingResponse::from_json(*message, &notes); r.ok()) (void)r->to_json();
  if (auto r = DownloadSealRequest::from_json(*message, &notes); r.ok()) (void)r->to_json();
  if (auto r = DownloadSealResponse::from_json(*message, &notes); r.ok()) (void)r->to_json();
  if (auto r = RevocationRequest::from_json(*message, &notes); r.ok()) (void)r->to_json();
  if (auto r = RevocationResponse::from_json(*message, &notes); r.ok()) (void)r->to_json();
  // The status service: change requests and the revocation list (its `data` member).
  if (auto r = StatusChangeRequest::from_json(*message); r.ok()) (void)r->to_json();
  if (message->is_object() && message->contains("data")) {
    if (auto r = RevocationList::from_json((*message)["data"]); r.ok()) (void)r->to_json();
  }
  (void)request_interface(*message);
  for (const auto rule : {SigningRule::kJcs, SigningRule::kJcsData, SigningRule::kDataText}) {
    (void)signing_input(*message, rule);
    (void)verify_message(*message, key, rule);
  }
  // Canonical output must parse back to an equal value.
  const std::string canonical = canonical_json(*message);
  auto again = parse_json(canonical);
  if (!again.ok() || canonical_json(*again) != canonical) __builtin_trap();
  return 0;
}
