#include "protocol/seal_request_package.h"

#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "util/der.h"
#include "util/der_writer.h"

namespace gmseal::protocol {

namespace {

Error malformed(const std::string& what, std::size_t offset) {
  return make_error("protocol.request_package.malformed",
                    "seal request package: " + what + " (at byte " + std::to_string(offset) + ")",
                    "requestPackage");
}

// Reads the next element with identifier `tag`; reader errors name the field.
Result<der::Element> expect(der::Reader& reader, std::uint8_t tag, const std::string& what,
                            std::size_t offset) {
  auto element = reader.expect(tag, what);
  if (!element.ok()) return malformed(what + ": " + element.error().message, offset);
  return element;
}

Status at_end(const der::Reader& reader, const std::string& what, std::size_t offset) {
  if (!reader.at_end()) return malformed(what + " has unexpected trailing elements", offset);
  return {};
}

// UTF8String or PrintableString (the USCC is printable; names are not).
Result<std::string> read_text(der::Reader& reader, const std::string& what, std::size_t offset) {
  auto element = reader.next();
  if (!element.ok()) return malformed(what + ": " + element.error().message, offset);
  if (element->tag != der::kUtf8String && element->tag != der::kPrintableString) {
    return malformed(what + " is not a UTF8String or PrintableString", element->offset);
  }
  if (element->content.empty()) return malformed(what + " is empty", element->offset);
  return to_string(element->content);
}

}  // namespace

Bytes SealRequestInfo::encode() const {
  const Bytes unit = der::encode_tlv(
      der::kSequence, der::concat({der::encode_text(der::kPrintableString, unit_uscc),
                                   der::encode_text(der::kUtf8String, unit_name)}));
  const Bytes seal = der::encode_tlv(
      der::kSequence, der::concat({der::encode_text(der::kUtf8String, seal_name),
                                   der::encode_text(der::kUtf8String, seal_category)}));
  // systemCert and certRequest are complete DER elements, embedded as they are.
  return der::encode_tlv(der::kSequence,
                         der::concat({der::encode_integer(kSealRequestVersion), system_cert, unit,
                                      seal, cert_request, der::encode_generalized_time(created_at),
                                      der::encode_tlv(der::kOctetString, nonce)}));
}

Result<SealRequestPackage> SealRequestPackage::build(const SealRequestInfo& info,
                                                     crypto::Signer& system_signer) {
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert,
                          crypto::Certificate::from_der(info.system_cert));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey cert_key, cert.public_key());
  if (!(cert_key == system_signer.public_key())) {
    return make_error("protocol.request_package.key_mismatch",
                      "the system key does not belong to the system certificate in the package");
  }
  const Bytes request_info = info.encode();
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature, system_signer.sign(request_info));
  return parse(der::encode_tlv(der::kSequence,
                               der::concat({request_info, der::encode_oid(crypto::kOidSm2WithSm3),
                                            der::encode_bit_string(signature)})));
}

Result<SealRequestPackage> SealRequestPackage::parse(ByteView input) {
  if (input.size() > kSealRequestMaxSize) {
    return malformed("the package has " + std::to_string(input.size()) + " bytes, more than " +
                         std::to_string(kSealRequestMaxSize),
                     0);
  }
  auto state = std::make_shared<State>();
  state->der.assign(input.begin(), input.end());
  const ByteView der = state->der;
  const auto offset_of = [&der](ByteView part) {
    return static_cast<std::size_t>(part.data() - der.data());
  };

  auto outer = der::parse_single(der);
  if (!outer.ok()) return malformed("SealRequestPackage: " + outer.error().message, 0);
  if (outer->tag != der::kSequence) return malformed("SealRequestPackage is not a SEQUENCE", 0);
  der::Reader top(outer->content, offset_of(outer->content));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element request_info,
                          expect(top, der::kSequence, "requestInfo", 0));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element algorithm,
                          expect(top, der::kOid, "signatureAlgorithm", request_info.offset));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element signature,
                          expect(top, der::kBitString, "signature", algorithm.offset));
  GMSEAL_RETURN_IF_ERROR(at_end(top, "SealRequestPackage", 0));
  state->signed_offset = offset_of(request_info.whole);
  state->signed_size = request_info.whole.size();
  auto oid = der::read_oid(algorithm, "signatureAlgorithm");
  if (!oid.ok()) return malformed(oid.error().message, algorithm.offset);
  state->algorithm = *oid;
  auto bits = der::read_bit_string(signature, "signature");
  if (!bits.ok()) return malformed(bits.error().message, signature.offset);
  state->signature.assign(bits->begin(), bits->end());

  SealRequestInfo& info = state->info;
  der::Reader ri(request_info.content, offset_of(request_info.content));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element version,
                          expect(ri, der::kInteger, "requestInfo.version", request_info.offset));
  auto version_value = der::read_integer(version, "version");
  if (!version_value.ok() || *version_value != kSealRequestVersion) {
    return malformed("requestInfo.version is not " + std::to_string(kSealRequestVersion),
                     version.offset);
  }
  GMSEAL_ASSIGN_OR_RETURN(const der::Element system_cert,
                          expect(ri, der::kSequence, "requestInfo.systemCert", version.offset));
  info.system_cert.assign(system_cert.whole.begin(), system_cert.whole.end());
  GMSEAL_ASSIGN_OR_RETURN(const der::Element unit,
                          expect(ri, der::kSequence, "requestInfo.unit", system_cert.offset));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element seal,
                          expect(ri, der::kSequence, "requestInfo.seal", unit.offset));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element csr,
                          expect(ri, der::kSequence, "requestInfo.certRequest", seal.offset));
  info.cert_request.assign(csr.whole.begin(), csr.whole.end());
  GMSEAL_ASSIGN_OR_RETURN(const der::Element created,
                          expect(ri, der::kGeneralizedTime, "requestInfo.createdAt", csr.offset));
  auto created_at = parse_generalized_time(to_string(created.content));
  if (!created_at.ok()) {
    return malformed("requestInfo.createdAt: " + created_at.error().message, created.offset);
  }
  info.created_at = *created_at;
  GMSEAL_ASSIGN_OR_RETURN(const der::Element nonce,
                          expect(ri, der::kOctetString, "requestInfo.nonce", created.offset));
  info.nonce.assign(nonce.content.begin(), nonce.content.end());
  GMSEAL_RETURN_IF_ERROR(at_end(ri, "requestInfo", request_info.offset));

  der::Reader u(unit.content, offset_of(unit.content));
  GMSEAL_ASSIGN_OR_RETURN(info.unit_uscc, read_text(u, "unit.uscc", unit.offset));
  GMSEAL_ASSIGN_OR_RETURN(info.unit_name, read_text(u, "unit.name", unit.offset));
  GMSEAL_RETURN_IF_ERROR(at_end(u, "unit", unit.offset));
  der::Reader s(seal.content, offset_of(seal.content));
  GMSEAL_ASSIGN_OR_RETURN(info.seal_name, read_text(s, "seal.name", seal.offset));
  GMSEAL_ASSIGN_OR_RETURN(info.seal_category, read_text(s, "seal.category", seal.offset));
  GMSEAL_RETURN_IF_ERROR(at_end(s, "seal", seal.offset));

  if (info.nonce.size() < kSealRequestMinNonce || info.nonce.size() > kSealRequestMaxNonce) {
    return make_error("protocol.request_package.bad_nonce",
                      "the nonce has " + std::to_string(info.nonce.size()) + " bytes, not " +
                          std::to_string(kSealRequestMinNonce) + " to " +
                          std::to_string(kSealRequestMaxNonce),
                      "requestPackage");
  }
  auto certificate = crypto::Certificate::from_der(info.system_cert);
  if (!certificate.ok()) {
    return make_error("protocol.request_package.bad_certificate",
                      "systemCert is not an X.509 certificate: " + certificate.error().message,
                      "requestPackage");
  }
  state->system_cert = std::move(certificate).value();
  // parse() checks the CSR's self-signature: the proof that the requester holds the key.
  auto request = crypto::CertificateRequest::parse(info.cert_request);
  if (!request.ok()) {
    return make_error("protocol.request_package.bad_csr",
                      "certRequest: " + request.error().message + " (" + request.error().code + ")",
                      "requestPackage");
  }
  state->csr = std::move(request).value();
  state->fingerprint = hex_encode(crypto::sm3(der));
  return SealRequestPackage(std::move(state));
}

ByteView SealRequestPackage::signed_bytes() const {
  return ByteView(state_->der).subspan(state_->signed_offset, state_->signed_size);
}

Status SealRequestPackage::verify() const {
  if (state_->algorithm != crypto::kOidSm2WithSm3) {
    return make_error("protocol.request_package.bad_algorithm",
                      "signatureAlgorithm is " + state_->algorithm + ", expected " +
                          std::string(crypto::kOidSm2WithSm3) + " (SM2 with SM3)",
                      "requestPackage");
  }
  auto key = state_->system_cert->public_key();
  if (!key.ok() || !crypto::sm2_verify(*key, signed_bytes(), state_->signature).ok()) {
    return make_error("protocol.request_package.bad_signature",
                      "the package's signature does not verify with its systemCert",
                      "requestPackage");
  }
  const Time at = state_->info.created_at;
  if (at < state_->system_cert->not_before() || at > state_->system_cert->not_after()) {
    return make_error("protocol.request_package.certificate_expired",
                      "systemCert was not valid at the package's createdAt", "requestPackage");
  }
  return {};
}

}  // namespace gmseal::protocol
