#include "status/status_answer.h"

#include <algorithm>

#include "crypto/sm2.h"
#include "protocol/canonical_json.h"

namespace gmseal::status {

namespace {

Error malformed(const std::string& why, const std::string& field = {}) {
  return make_error("status.answer.malformed", "the status answer " + why, field);
}

Result<std::string> string_member(const protocol::Json& answer, const std::string& name) {
  const auto it = answer.find(name);
  if (it == answer.end()) return malformed("has no \"" + name + "\"", name);
  if (!it->is_string()) return malformed("has a \"" + name + "\" that is not a string", name);
  return it->get<std::string>();
}

Result<Time> time_member(const protocol::Json& answer, const std::string& name) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string text, string_member(answer, name));
  auto time = parse_time_argument(text);
  if (!time.ok()) return malformed("has a \"" + name + "\" that is not a time: " + text, name);
  return *time;
}

// 'CN' (quoted: names are free text), or the whole subject when it has no CN.
std::string certificate_name(const crypto::Certificate& cert) {
  const std::string common_name = cert.subject().get(crypto::kOidCommonName);
  return "'" + (common_name.empty() ? cert.subject().to_string() : common_name) + "'";
}

}  // namespace

Result<StatusAnswer> parse_status_answer(std::string_view body) {
  auto json = protocol::parse_json(body);
  if (!json.ok()) return malformed("is not JSON: " + json.error().message);
  if (!json->is_object()) return malformed("is not a JSON object");
  GMSEAL_ASSIGN_OR_RETURN(std::string code, string_member(*json, "code"));
  GMSEAL_ASSIGN_OR_RETURN(std::string status, string_member(*json, "status"));
  GMSEAL_ASSIGN_OR_RETURN(const Time since, time_member(*json, "since"));
  GMSEAL_ASSIGN_OR_RETURN(const Time signed_at, time_member(*json, "signedAt"));
  // The signed part, from the strings as received (never re-formatted times).
  const protocol::Json signed_part = {{"code", json->at("code")},
                                      {"since", json->at("since")},
                                      {"signedAt", json->at("signedAt")},
                                      {"status", json->at("status")}};

  GMSEAL_ASSIGN_OR_RETURN(const std::string signature_text, string_member(*json, "signature"));
  auto signature = base64_decode(signature_text);
  if (!signature.ok()) return malformed("has a signature that is not base64", "signature");

  // base64 DER as the platform writes it; PEM read too (parse_any decides by content).
  GMSEAL_ASSIGN_OR_RETURN(const std::string cert_text, string_member(*json, "signerCert"));
  auto cert = crypto::Certificate::parse_any(to_bytes(cert_text));
  if (!cert.ok()) {
    return malformed("has a signerCert that is not a certificate: " + cert.error().message,
                     "signerCert");
  }
  return StatusAnswer{std::move(code),
                      std::move(status),
                      since,
                      signed_at,
                      protocol::canonical_json(signed_part),
                      std::move(*signature),
                      std::move(*cert)};
}

bool known_status(std::string_view status) {
  return status == kStatusValid ||
         std::find(std::begin(kStatusesNotInForce), std::end(kStatusesNotInForce), status) !=
             std::end(kStatusesNotInForce);
}

Status verify_status_signature(const StatusAnswer& answer) {
  auto key = answer.signer_cert.public_key();
  if (!key.ok()) {
    return make_error("status.answer.bad_signature",
                      "the signerCert carries no usable SM2 key: " + key.error().message,
                      "signerCert");
  }
  if (auto verified = crypto::sm2_verify(*key, to_bytes(answer.signed_text), answer.signature);
      !verified.ok()) {
    return make_error("status.answer.bad_signature",
                      "the signature does not verify with the signerCert of " +
                          certificate_name(answer.signer_cert) + " (" + verified.error().message +
                          ")",
                      "signature");
  }
  return {};
}

Result<std::string> check_status_signer(const crypto::Certificate& signer,
                                        const StatusSignerTrust& trust, Time at) {
  const std::string name = certificate_name(signer);
  for (const crypto::Certificate& pinned : trust.pinned) {
    if (pinned == signer) return "the pinned status certificate of " + name;
  }
  std::string why;
  if (!trust.pinned.empty()) {
    why = "the signer " + name + " is not the pinned status certificate (its SM3 is " +
          hex_encode(signer.sm3_fingerprint()) + ")";
  }
  if (trust.trust) {
    crypto::ChainOptions options;
    options.at = at;
    auto chain = crypto::verify_chain(signer, *trust.trust, options);
    if (chain.ok()) return name + ", which chains to " + certificate_name(chain->back());
    why += std::string(why.empty() ? "the signer " + name + " does not chain to a trust anchor"
                                   : ", nor does it chain to a trust anchor") +
           ": " + chain.error().message;
  }
  if (why.empty()) {
    why = "no trust anchor and no pinned status certificate were given to check the signer " +
          name + " against";
  }
  return make_error("status.answer.untrusted_signer", why, "signerCert");
}

}  // namespace gmseal::status
