// The provincial message envelope (specification, "外部接口"): every request and response is a
// JSON object with taskCode, version, taskTypeCode, (requests) tokenInfo and extendData
// {initiatorCert, sealCarrier, transId}, and
//   "signInfo": {"signAlgorithm": "1.2.156.10197.1.501", "signValue": base64(r || s)}
// where r || s is the raw 64-byte SM2 signature (32 bytes each) made with the sender's system
// key and the SM2 ID 1234567812345678.
//
// The specification does not say which bytes are signed; gmseal names the choice (SigningRule)
// so that both ends can be configured to match a real provincial platform. The default, "jcs",
// is the RFC 8785 canonical JSON of the whole message without its signInfo member. See
// docs/province-protocol.md.
#pragma once

#include <string>
#include <string_view>

#include "crypto/signer.h"
#include "crypto/sm2_key.h"
#include "protocol/canonical_json.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::protocol {

inline constexpr std::string_view kSignAlgorithmOid = "1.2.156.10197.1.501";
inline constexpr std::string_view kProtocolVersion = "1.0";

enum class SigningRule {
  kJcs,      // "jcs": RFC 8785 of the whole message minus signInfo (default)
  kJcsData,  // "jcs-data": RFC 8785 of the `data` member alone (absent data: "null")
  kDataText  // "data-text": `data` when it is a JSON string, its UTF-8 bytes; else as jcs-data
};

std::string_view to_string(SigningRule rule);
// Errors: protocol.envelope.unknown_rule.
Result<SigningRule> parse_signing_rule(std::string_view name);

// The bytes that `rule` signs in `message` (an object). Errors: protocol.message.not_object.
Result<Bytes> signing_input(const Json& message, SigningRule rule);

// Sets message["signInfo"] = {signAlgorithm, signValue} over signing_input(message, rule)
// (an existing signInfo is replaced and excluded from the input).
Status sign_message(Json& message, crypto::Signer& signer, SigningRule rule = SigningRule::kJcs);

// Checks message.signInfo. Errors: protocol.envelope.no_sign_info,
// protocol.envelope.bad_algorithm, protocol.envelope.bad_sign_value (not base64 of 64 bytes),
// protocol.envelope.bad_signature (does not verify with `key`).
Status verify_message(const Json& message, const crypto::Sm2PublicKey& key,
                      SigningRule rule = SigningRule::kJcs);

// 16 random characters from [0-9A-Za-z] (the tables: "十六位随机数").
std::string new_token_info();
// 32 lower-case hex characters (128 random bits), the form of the samples' transId.
std::string new_trans_id();

}  // namespace gmseal::protocol
