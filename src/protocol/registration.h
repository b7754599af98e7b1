// The system registration package (系统注册数据包), specification appendix 1:
//
//   SystemRegister DEFINITIONS IMPLICIT TAGS ::= BEGIN
//   SystemRegister ::= SEQUENCE { registerInfo BJCA_RegisterInfo, signInfo BJCA_SignInfo }
//   BJCA_RegisterInfo ::= SEQUENCE { header BJCA_Header, systemInfo BJCA_SystemInfo,
//                                    subSystemInfo BJCA_SubSystemInfo }
//   BJCA_Header ::= SEQUENCE { id IA5String, version INTEGER, vid IA5String }
//   BJCA_SystemInfo ::= SEQUENCE { systemType INTEGER, systemCert OCTET STRING,
//                                  serviceAddress OCTET STRING, orgCode IA5String,
//                                  orgName UTF8String }
//   BJCA_SubSystemInfo ::= SEQUENCE { orgCode IA5String, orgName UTF8String }
//   BJCA_SignInfo ::= SEQUENCE { signatureAlgorithm OBJECT IDENTIFIER, signValue BIT STRING }
//   END
//
// systemInfo describes the superior (provincial) system: its certificate, which verifies the
// package and every reply, its service address and organisation; subSystemInfo names the
// registered second-level system (its orgCode is the appendix 2 orgCode). signValue is the SM2
// signature (DER SEQUENCE{r,s}; a raw 64-byte r||s is accepted when reading) of the exact
// registerInfo TLV with the key of systemCert.
//
// A parsed package keeps its own copy of the bytes; copies are cheap and thread-safe to read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::protocol {

struct RegistrationHeader {
  std::string id = "BJCARegisterInfo";
  std::int64_t version = 1;
  std::string vid = "GMSEAL";
};

// systemType values (BJCA_SystemInfo comment).
enum SystemType : std::int64_t { kManagementSystem = 1, kStatusSystem = 2, kApplicationSystem = 3 };

struct SystemInfo {
  std::int64_t system_type = kManagementSystem;
  Bytes system_cert;            // DER
  std::string service_address;  // OCTET STRING content, UTF-8 text (a URL)
  std::string org_code;
  std::string org_name;
};

struct SubSystemInfo {
  std::string org_code;
  std::string org_name;
};

struct RegisterInfo {
  RegistrationHeader header;
  SystemInfo system;
  SubSystemInfo sub_system;

  // DER of BJCA_RegisterInfo.
  Bytes encode() const;
};

class RegistrationPackage {
 public:
  // Encodes `info`, signs it with `signer` (whose key must match info.system.system_cert) and
  // returns the package. Errors: protocol.registration.key_mismatch, crypto.*.
  static Result<RegistrationPackage> build(const RegisterInfo& info, crypto::Signer& signer);

  // Parses a DER package. Errors: protocol.registration.malformed (the field and why, with the
  // byte offset), protocol.registration.bad_certificate (systemCert is not an X.509
  // certificate). Never throws; does not check the signature.
  static Result<RegistrationPackage> parse(ByteView der);

  const RegisterInfo& info() const { return state_->info; }
  const Bytes& der() const { return state_->der; }
  ByteView signed_bytes() const;  // the exact registerInfo TLV
  const std::string& signature_algorithm() const { return state_->algorithm; }
  const Bytes& signature() const { return state_->signature; }  // BIT STRING content
  const crypto::Certificate& system_certificate() const { return *state_->certificate; }

  // Checks the algorithm (SM2-with-SM3) and the signature with systemCert's key.
  // Errors: protocol.registration.bad_algorithm, protocol.registration.bad_signature.
  Status verify() const;

 private:
  struct State {
    Bytes der;
    std::size_t signed_offset = 0;
    std::size_t signed_size = 0;
    RegisterInfo info;
    std::string algorithm;
    Bytes signature;
    std::optional<crypto::Certificate> certificate;
  };
  explicit RegistrationPackage(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

}  // namespace gmseal::protocol
