#include "protocol/registration.h"

#include "crypto/sm2.h"
#include "util/der.h"
#include "util/der_writer.h"

namespace gmseal::protocol {

namespace {

Error malformed(const std::string& what, std::size_t offset = 0) {
  return make_error("protocol.registration.malformed",
                    "registration package: " + what + " (at byte " + std::to_string(offset) + ")");
}

// Wraps DER reader errors with the field being read.
template <typename T>
Result<T> field(Result<T> result, const std::string& what) {
  if (result.ok()) return result;
  return malformed(what + ": " + result.error().message);
}

Result<der::Element> expect(der::Reader& reader, std::uint8_t tag, const std::string& what) {
  return field(reader.expect(tag, what), what);
}

// IA5String as the ASN.1 says; UTF8String and PrintableString are accepted as well because
// vendors differ in the string types they write.
Result<std::string> read_text(der::Reader& reader, const std::string& what) {
  GMSEAL_ASSIGN_OR_RETURN(const der::Element element, field(reader.next(), what));
  if (element.tag != der::kIa5String && element.tag != der::kUtf8String &&
      element.tag != der::kPrintableString) {
    return malformed(what + " is not a string (tag " + std::to_string(element.tag) + ")",
                     element.offset);
  }
  return to_string(element.content);
}

Status at_end(const der::Reader& reader, const std::string& what, std::size_t offset) {
  if (!reader.at_end()) return malformed(what + " has unexpected trailing elements", offset);
  return {};
}

}  // namespace

Bytes RegisterInfo::encode() const {
  const Bytes header_der =
      der::encode_tlv(der::kSequence, der::concat({der::encode_text(der::kIa5String, header.id),
                                                   der::encode_integer(header.version),
                                                   der::encode_text(der::kIa5String, header.vid)}));
  const Bytes system_der = der::encode_tlv(
      der::kSequence,
      der::concat({der::encode_integer(system.system_type),
                   der::encode_tlv(der::kOctetString, system.system_cert),
                   der::encode_tlv(der::kOctetString, to_bytes(system.service_address)),
                   der::encode_text(der::kIa5String, system.org_code),
                   der::encode_text(der::kUtf8String, system.org_name)}));
  const Bytes sub_der = der::encode_tlv(
      der::kSequence, der::concat({der::encode_text(der::kIa5String, sub_system.org_code),
                                   der::encode_text(der::kUtf8String, sub_system.org_name)}));
  return der::encode_tlv(der::kSequence, der::concat({header_der, system_der, sub_der}));
}

Result<RegistrationPackage> RegistrationPackage::build(const RegisterInfo& info,
                                                       crypto::Signer& signer) {
  GMSEAL_ASSIGN_OR_RETURN(const auto cert, crypto::Certificate::from_der(info.system.system_cert));
  GMSEAL_ASSIGN_OR_RETURN(const auto cert_key, cert.public_key());
  if (!(cert_key == signer.public_key())) {
    return make_error("protocol.registration.key_mismatch",
                      "the signing key does not belong to the system certificate in the package");
  }
  const Bytes register_info = info.encode();
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signature, signer.sign(register_info));
  Bytes bit_string{0x00};
  bit_string.insert(bit_string.end(), signature.begin(), signature.end());
  const Bytes sign_info =
      der::encode_tlv(der::kSequence, der::concat({der::encode_oid(crypto::kOidSm2WithSm3),
                                                   der::encode_tlv(der::kBitString, bit_string)}));
  return parse(der::encode_tlv(der::kSequence, der::concat({register_info, sign_info})));
}

Result<RegistrationPackage> RegistrationPackage::parse(ByteView input) {
  auto state = std::make_shared<State>();
  state->der.assign(input.begin(), input.end());
  const ByteView der = state->der;

  GMSEAL_ASSIGN_OR_RETURN(const der::Element outer,
                          field(der::parse_single(der), "SystemRegister"));
  if (outer.tag != der::kSequence) return malformed("SystemRegister is not a SEQUENCE");
  der::Reader top(outer.content, outer.offset + (outer.whole.size() - outer.content.size()));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element register_info,
                          expect(top, der::kSequence, "registerInfo"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element sign_info, expect(top, der::kSequence, "signInfo"));
  GMSEAL_RETURN_IF_ERROR(at_end(top, "SystemRegister", outer.offset));
  state->signed_offset = static_cast<std::size_t>(register_info.whole.data() - der.data());
  state->signed_size = register_info.whole.size();

  const auto content_offset = [&der](const der::Element& e) {
    return static_cast<std::size_t>(e.content.data() - der.data());
  };
  RegisterInfo& info = state->info;
  der::Reader ri(register_info.content, content_offset(register_info));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element header, expect(ri, der::kSequence, "header"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element system, expect(ri, der::kSequence, "systemInfo"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element sub, expect(ri, der::kSequence, "subSystemInfo"));
  GMSEAL_RETURN_IF_ERROR(at_end(ri, "registerInfo", register_info.offset));

  der::Reader h(header.content, content_offset(header));
  GMSEAL_ASSIGN_OR_RETURN(info.header.id, read_text(h, "header.id"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element version, expect(h, der::kInteger, "header.version"));
  GMSEAL_ASSIGN_OR_RETURN(info.header.version,
                          field(der::read_integer(version, "header.version"), "header.version"));
  GMSEAL_ASSIGN_OR_RETURN(info.header.vid, read_text(h, "header.vid"));
  GMSEAL_RETURN_IF_ERROR(at_end(h, "header", header.offset));

  der::Reader s(system.content, content_offset(system));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element type,
                          expect(s, der::kInteger, "systemInfo.systemType"));
  GMSEAL_ASSIGN_OR_RETURN(info.system.system_type,
                          field(der::read_integer(type, "systemType"), "systemInfo.systemType"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element cert,
                          expect(s, der::kOctetString, "systemInfo.systemCert"));
  info.system.system_cert.assign(cert.content.begin(), cert.content.end());
  GMSEAL_ASSIGN_OR_RETURN(const der::Element address,
                          expect(s, der::kOctetString, "systemInfo.serviceAddress"));
  info.system.service_address = to_string(address.content);
  GMSEAL_ASSIGN_OR_RETURN(info.system.org_code, read_text(s, "systemInfo.orgCode"));
  GMSEAL_ASSIGN_OR_RETURN(info.system.org_name, read_text(s, "systemInfo.orgName"));
  GMSEAL_RETURN_IF_ERROR(at_end(s, "systemInfo", system.offset));

  der::Reader u(sub.content, content_offset(sub));
  GMSEAL_ASSIGN_OR_RETURN(info.sub_system.org_code, read_text(u, "subSystemInfo.orgCode"));
  GMSEAL_ASSIGN_OR_RETURN(info.sub_system.org_name, read_text(u, "subSystemInfo.orgName"));
  GMSEAL_RETURN_IF_ERROR(at_end(u, "subSystemInfo", sub.offset));

  der::Reader si(sign_info.content, content_offset(sign_info));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element oid,
                          expect(si, der::kOid, "signInfo.signatureAlgorithm"));
  GMSEAL_ASSIGN_OR_RETURN(state->algorithm, field(der::read_oid(oid, "signatureAlgorithm"),
                                                  "signInfo.signatureAlgorithm"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element bits,
                          expect(si, der::kBitString, "signInfo.signValue"));
  GMSEAL_ASSIGN_OR_RETURN(const ByteView signature,
                          field(der::read_bit_string(bits, "signValue"), "signInfo.signValue"));
  state->signature.assign(signature.begin(), signature.end());
  GMSEAL_RETURN_IF_ERROR(at_end(si, "signInfo", sign_info.offset));

  auto certificate = crypto::Certificate::from_der(info.system.system_cert);
  if (!certificate.ok()) {
    return make_error(
        "protocol.registration.bad_certificate",
        "systemInfo.systemCert is not an X.509 certificate: " + certificate.error().message,
        "systemCert");
  }
  state->certificate = std::move(certificate).value();
  return RegistrationPackage(std::move(state));
}

ByteView RegistrationPackage::signed_bytes() const {
  return ByteView(state_->der).subspan(state_->signed_offset, state_->signed_size);
}

Status RegistrationPackage::verify() const {
  if (state_->algorithm != crypto::kOidSm2WithSm3) {
    return make_error("protocol.registration.bad_algorithm",
                      "signatureAlgorithm is " + state_->algorithm + ", expected " +
                          std::string(crypto::kOidSm2WithSm3) + " (SM2 with SM3)");
  }
  auto key = state_->certificate->public_key();
  crypto::Sm2VerifyOptions options;
  options.accept_raw_rs = true;  // some vendors write r||s in the BIT STRING
  if (!key.ok() || !crypto::sm2_verify(*key, signed_bytes(), state_->signature, options).ok()) {
    return make_error("protocol.registration.bad_signature",
                      "the registration package's signature does not verify with its systemCert");
  }
  return {};
}

}  // namespace gmseal::protocol
