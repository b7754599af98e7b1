#include "tsa/token_verify.h"

#include <algorithm>

#include "crypto/cms_signed_data.h"
#include "crypto/sm2.h"
#include "tsa/authority.h"
#include "tsa/imprint_hash.h"
#include "tsa/response.h"
#include "tsa/token_builder.h"
#include "util/der.h"

namespace gmseal::tsa {

namespace {

constexpr std::string_view kOidSm2Plain = "1.2.156.10197.1.301";

bool equal_bytes(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

class Steps {
 public:
  explicit Steps(TokenCheck& out) : out_(out) {}
  void pass(std::string name, std::string detail) {
    out_.steps.push_back({std::move(name), true, std::move(detail)});
  }
  TokenCheck& fail(std::string name, std::string detail) {
    out_.steps.push_back({name, false, detail});
    out_.valid = false;
    out_.failed_step = std::move(name);
    out_.detail = std::move(detail);
    return out_;
  }

 private:
  TokenCheck& out_;
};

// The first value of each signed attribute, by OID.
struct SignedAttributeValues {
  std::optional<ByteView> signing_certificate_v2;
  std::optional<ByteView> signing_certificate;
  std::optional<ByteView> algorithm_protection;
};

Result<SignedAttributeValues> read_signed_attributes(ByteView signed_attributes) {
  SignedAttributeValues out;
  GMSEAL_ASSIGN_OR_RETURN(der::Element set, der::parse_single(signed_attributes));
  der::Reader attrs(set.content);
  while (!attrs.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element attr, attrs.expect(der::kSequence, "Attribute"));
    der::Reader ar(attr.content);
    GMSEAL_ASSIGN_OR_RETURN(der::Element type, ar.expect(der::kOid, "attrType"));
    GMSEAL_ASSIGN_OR_RETURN(std::string oid, der::read_oid(type, "attrType"));
    GMSEAL_ASSIGN_OR_RETURN(der::Element values, ar.expect(der::kSet, "attrValues"));
    der::Reader vr(values.content);
    if (vr.at_end()) continue;
    GMSEAL_ASSIGN_OR_RETURN(der::Element value, vr.next());
    if (oid == kOidAttrSigningCertificateV2) out.signing_certificate_v2 = value.whole;
    if (oid == kOidAttrSigningCertificate) out.signing_certificate = value.whole;
    if (oid == crypto::kOidAttrAlgorithmProtection) out.algorithm_protection = value.whole;
  }
  return out;
}

// SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL };
// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, issuerSerial
// OPTIONAL }; ESSCertID ::= SEQUENCE { certHash (SHA-1), issuerSerial OPTIONAL }.
// Returns the first ESSCertID's hash algorithm and hash.
Result<std::pair<std::string, Bytes>> first_cert_id(ByteView value, bool v2) {
  GMSEAL_ASSIGN_OR_RETURN(der::Element top, der::parse_single(value));
  der::Reader r(top.content);
  GMSEAL_ASSIGN_OR_RETURN(der::Element certs, r.expect(der::kSequence, "certs"));
  der::Reader cr(certs.content);
  GMSEAL_ASSIGN_OR_RETURN(der::Element id, cr.expect(der::kSequence, "ESSCertID"));
  der::Reader ir(id.content);
  std::string hash_oid = v2 ? std::string(kOidSha256) : std::string(kOidSha1);
  GMSEAL_ASSIGN_OR_RETURN(der::Element first, ir.next());
  if (v2 && first.tag == der::kSequence) {
    der::Reader ar(first.content);
    GMSEAL_ASSIGN_OR_RETURN(der::Element oid, ar.expect(der::kOid, "hashAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(hash_oid, der::read_oid(oid, "hashAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(first, ir.next());
  }
  if (first.tag != der::kOctetString) {
    return make_error("tsa.token.bad_ess", "ESSCertID.certHash is not an OCTET STRING");
  }
  return std::make_pair(hash_oid, Bytes(first.content.begin(), first.content.end()));
}

// CMSAlgorithmProtection ::= SEQUENCE { digestAlgorithm, signatureAlgorithm [1] IMPLICIT, ... }
Result<std::pair<std::string, std::string>> read_algorithm_protection(ByteView value) {
  GMSEAL_ASSIGN_OR_RETURN(der::Element top, der::parse_single(value));
  der::Reader r(top.content);
  GMSEAL_ASSIGN_OR_RETURN(der::Element digest, r.expect(der::kSequence, "digestAlgorithm"));
  der::Reader dr(digest.content);
  GMSEAL_ASSIGN_OR_RETURN(der::Element digest_oid, dr.expect(der::kOid, "digestAlgorithm"));
  std::pair<std::string, std::string> out;
  GMSEAL_ASSIGN_OR_RETURN(out.first, der::read_oid(digest_oid, "digestAlgorithm"));
  while (!r.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element e, r.next());
    if (e.tag == 0xa1) {
      der::Reader sr(e.content);
      GMSEAL_ASSIGN_OR_RETURN(der::Element oid, sr.expect(der::kOid, "signatureAlgorithm"));
      GMSEAL_ASSIGN_OR_RETURN(out.second, der::read_oid(oid, "signatureAlgorithm"));
    }
  }
  return out;
}

bool is_sm2_oid(std::string_view oid) {
  return oid == crypto::kOidSm2Sign || oid == crypto::kOidSm2WithSm3 || oid == kOidSm2Plain;
}

}  // namespace

TokenCheck verify_token(ByteView token, const TokenCheckInput& input) {
  TokenCheck out;
  Steps steps(out);

  auto parsed = crypto::parse_cms_signed_data(token);
  if (!parsed.ok()) return steps.fail("token", parsed.error().message);
  if (parsed->encap_content_type != crypto::kOidTstInfo || !parsed->encap_content) {
    return steps.fail("token", "the SignedData does not carry a TSTInfo (eContentType " +
                                   parsed->encap_content_type + ")");
  }
  auto tst = parse_tst_info(*parsed->encap_content);
  if (!tst.ok()) return steps.fail("token", tst.error().message);
  out.tst = *tst;
  steps.pass("token", "TSTInfo serial " + tst->serial_hex() + ", genTime " + tst->gen_time_text +
                          " in SignedData (" + parsed->content_info_type + ")");

  crypto::CmsVerifyInput cms;
  cms.content = *parsed->encap_content;
  cms.extra_certificates = input.extra_certificates;
  auto verified = crypto::verify_cms_signed_data(token, cms);
  if (!verified.ok()) {
    const std::string& code = verified.error().code;
    if (code == "crypto.cms.digest_mismatch" || code == "crypto.cms.no_content") {
      return steps.fail("message_digest", verified.error().message);
    }
    if (code == "crypto.cms.signer_not_found") {
      return steps.fail("signature", verified.error().message +
                                         " (the token lacks the TSA certificate: give it)");
    }
    return steps.fail("signature", verified.error().message);
  }
  steps.pass("message_digest", "messageDigest is SM3 of the TSTInfo");
  const crypto::CmsSignerInfo& signer = parsed->signers.front();
  auto attributes = read_signed_attributes(signer.signed_attributes);
  if (signer.signed_attributes.empty() || !attributes.ok()) {
    return steps.fail("signature", "the token's SignerInfo has no readable signed attributes");
  }
  if (attributes->algorithm_protection) {
    auto protection = read_algorithm_protection(*attributes->algorithm_protection);
    if (!protection.ok() || protection->first != signer.digest_algorithm ||
        !is_sm2_oid(protection->second)) {
      return steps.fail("signature",
                        "CMSAlgorithmProtection does not name the SignerInfo's algorithms");
    }
  }
  steps.pass("signature",
             "SM2 over the signed attributes verifies (" + verified->signature_algorithm + ")");
  const crypto::Certificate& tsa_cert = verified->signer_certificate;
  out.tsa_certificate = tsa_cert;

  const bool v2 = attributes->signing_certificate_v2.has_value();
  if (!v2 && !attributes->signing_certificate) {
    return steps.fail("ess_certificate",
                      "neither signingCertificateV2 nor signingCertificate is signed");
  }
  auto cert_id = first_cert_id(
      v2 ? *attributes->signing_certificate_v2 : *attributes->signing_certificate, v2);
  if (!cert_id.ok()) return steps.fail("ess_certificate", cert_id.error().message);
  auto cert_hash = digest_by_oid(cert_id->first, tsa_cert.der());
  if (!cert_hash.ok()) return steps.fail("ess_certificate", cert_hash.error().message);
  if (!equal_bytes(*cert_hash, cert_id->second)) {
    return steps.fail("ess_certificate",
                      std::string(v2 ? "signingCertificateV2" : "signingCertificate") +
                          " does not hash the certificate that signed (another TSA's?)");
  }
  steps.pass("ess_certificate", std::string(v2 ? "signingCertificateV2" : "signingCertificate") +
                                    " (" + cert_id->first + ") names the signer certificate");

  const std::string subject = tsa_cert.subject().to_string();
  if (const std::string problem = tsa_certificate_problem(tsa_cert); !problem.empty()) {
    return steps.fail("tsa_certificate", subject + ": " + problem);
  }
  const Time gen_time = tst->gen_time;
  if (gen_time < tsa_cert.not_before() || gen_time > tsa_cert.not_after()) {
    return steps.fail("tsa_certificate", subject + " was not valid at genTime " +
                                             format_iso8601(gen_time) + " (" +
                                             format_iso8601(tsa_cert.not_before()) + " .. " +
                                             format_iso8601(tsa_cert.not_after()) + ")");
  }
  if (input.trust) {
    crypto::TrustStore trust = *input.trust;
    for (const crypto::Certificate& c : verified->certificates) trust.intermediates.push_back(c);
    crypto::ChainOptions chain;
    chain.at = gen_time;
    chain.require_crl = input.require_crl;
    auto validated = crypto::validate_chain(tsa_cert, trust, chain);
    if (!validated.ok()) {
      return steps.fail("tsa_certificate", subject + ": " + validated.error().message);
    }
    out.chain_trusted = true;
    out.warnings = validated->warnings;
    steps.pass("tsa_certificate", subject + " chains to " +
                                      validated->path.back().subject().to_string() +
                                      " at genTime, critical EKU timeStamping");
  } else {
    steps.pass("tsa_certificate", subject +
                                      ": critical EKU timeStamping, valid at genTime; chain not "
                                      "checked (no trust anchors)");
  }

  if (input.stamped_data || input.expected_imprint) {
    Bytes expected;
    if (input.stamped_data) {
      auto h = digest_by_oid(tst->hash_oid, *input.stamped_data);
      if (!h.ok()) return steps.fail("imprint", h.error().message);
      expected = *h;
    } else {
      expected = *input.expected_imprint;
    }
    if (!equal_bytes(expected, tst->hashed_message)) {
      return steps.fail("imprint", "the messageImprint (" + hex_encode(tst->hashed_message) +
                                       ") is not the hash of the stamped data (" +
                                       hex_encode(expected) + ")");
    }
    steps.pass("imprint", "messageImprint is the " + tst->hash_oid + " hash of the stamped data");
  }
  if (input.nonce) {
    if (!tst->nonce || !equal_bytes(*tst->nonce, *input.nonce)) {
      return steps.fail("nonce", "the token's nonce (" +
                                     (tst->nonce ? hex_encode(*tst->nonce) : std::string("none")) +
                                     ") is not the request's (" + hex_encode(*input.nonce) + ")");
    }
    steps.pass("nonce", "the nonce is the request's");
  }
  out.valid = true;
  return out;
}

Result<TstInfo> read_token_tst_info(ByteView token) {
  GMSEAL_ASSIGN_OR_RETURN(crypto::CmsSignedData parsed, crypto::parse_cms_signed_data(token));
  if (!parsed.encap_content) {
    return make_error("tsa.token.bad_tst_info", "the timestamp token carries no TSTInfo");
  }
  return parse_tst_info(*parsed.encap_content);
}

TokenCheck verify_response(ByteView response, const TokenCheckInput& input) {
  auto parsed = parse_response(response);
  TokenCheck out;
  Steps steps(out);
  if (!parsed.ok()) return steps.fail("status", parsed.error().message);
  if (parsed->status != kGranted && parsed->status != kGrantedWithMods) {
    std::string why = "the TSA answered " + std::string(status_name(parsed->status));
    if (parsed->failure_bit) why += " (" + std::string(failure_name(*parsed->failure_bit)) + ")";
    for (const std::string& text : parsed->status_strings) why += ": " + text;
    return steps.fail("status", why);
  }
  if (!parsed->token) return steps.fail("status", "the response is granted but has no token");
  TokenCheck checked = verify_token(*parsed->token, input);
  checked.steps.insert(checked.steps.begin(),
                       TokenStep{"status", true, std::string(status_name(parsed->status))});
  return checked;
}

}  // namespace gmseal::tsa
