#include "protocol/envelope.h"

#include "crypto/random.h"
#include "crypto/sm2.h"

namespace gmseal::protocol {

namespace {

// The sample revocation request writes "signAlgorithm " and "signValue " with a trailing space;
// such names are accepted (docs/province-protocol.md, decision D7).
const Json* find_member(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  if (const auto it = object.find(std::string(name)); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::string_view key = it.key();
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
    if (key == name) return &it.value();
  }
  return nullptr;
}

}  // namespace

std::string_view to_string(SigningRule rule) {
  switch (rule) {
    case SigningRule::kJcs:
      return "jcs";
    case SigningRule::kJcsData:
      return "jcs-data";
    case SigningRule::kDataText:
      return "data-text";
  }
  return "jcs";
}

Result<SigningRule> parse_signing_rule(std::string_view name) {
  for (const SigningRule rule :
       {SigningRule::kJcs, SigningRule::kJcsData, SigningRule::kDataText}) {
    if (to_string(rule) == name) return rule;
  }
  return make_error("protocol.envelope.unknown_rule", "unknown signing rule '" + std::string(name) +
                                                          "' (known: jcs, jcs-data, data-text)");
}

Result<Bytes> signing_input(const Json& message, SigningRule rule) {
  if (!message.is_object()) {
    return make_error("protocol.message.not_object", "message is not a JSON object");
  }
  switch (rule) {
    case SigningRule::kJcs: {
      Json copy = message;
      for (auto it = copy.begin(); it != copy.end();) {
        std::string_view key = it.key();
        while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
        it = key == "signInfo" ? copy.erase(it) : std::next(it);
      }
      return to_bytes(canonical_json(copy));
    }
    case SigningRule::kDataText:
      if (const auto it = message.find("data"); it != message.end() && it->is_string()) {
        return to_bytes(it->get_ref<const std::string&>());
      }
      [[fallthrough]];
    case SigningRule::kJcsData: {
      const auto it = message.find("data");
      return to_bytes(it == message.end() ? std::string("null") : canonical_json(*it));
    }
  }
  return make_error("protocol.envelope.unknown_rule", "unknown signing rule");
}

Status sign_message(Json& message, crypto::Signer& signer, SigningRule rule) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes input, signing_input(message, rule));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, signer.sign(input));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes raw, crypto::sm2_signature_der_to_raw(der));
  message["signInfo"] =
      Json{{"signAlgorithm", std::string(kSignAlgorithmOid)}, {"signValue", base64_encode(raw)}};
  return {};
}

Status verify_message(const Json& message, const crypto::Sm2PublicKey& key, SigningRule rule) {
  const Json* sign_info = find_member(message, "signInfo");
  if (sign_info == nullptr || !sign_info->is_object()) {
    return make_error("protocol.envelope.no_sign_info", "message has no signInfo object",
                      "signInfo");
  }
  const Json* algorithm = find_member(*sign_info, "signAlgorithm");
  if (algorithm == nullptr || !algorithm->is_string() ||
      algorithm->get_ref<const std::string&>() != kSignAlgorithmOid) {
    return make_error("protocol.envelope.bad_algorithm",
                      "signInfo.signAlgorithm must be " + std::string(kSignAlgorithmOid),
                      "signInfo.signAlgorithm");
  }
  const Json* value = find_member(*sign_info, "signValue");
  Result<Bytes> raw = make_error("protocol.envelope.bad_sign_value", "missing");
  if (value != nullptr && value->is_string()) raw = base64_decode(value->get<std::string>());
  if (!raw.ok() || raw->size() != 64) {
    return make_error("protocol.envelope.bad_sign_value",
                      "signInfo.signValue must be base64 of the 64-byte SM2 r||s",
                      "signInfo.signValue");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes input, signing_input(message, rule));
  const auto der = crypto::sm2_signature_raw_to_der(*raw);
  if (!der.ok() || !crypto::sm2_verify(key, input, *der).ok()) {
    return make_error("protocol.envelope.bad_signature",
                      "signInfo.signValue does not verify with the sender's system certificate "
                      "(signing rule " +
                          std::string(to_string(rule)) + ")",
                      "signInfo.signValue");
  }
  return {};
}

std::string new_token_info() {
  return crypto::random_string(16,
                               "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}

std::string new_trans_id() { return hex_encode(crypto::random_bytes(16)); }

}  // namespace gmseal::protocol
