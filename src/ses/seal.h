// ses::Seal: an electronic seal (电子印章). Reads GM/T 0031-2014 (v1), GB/T 38540-2020 (v4) and
// GM/T 0031-2025 (v5); writes v4 and v5 (make_seal.h).
//
//   v4/v5 (GB/T 38540-2020 §5.2; v5 adds timeStamp):
//   SESeal ::= SEQUENCE {
//     eSealInfo    SES_SealInfo,              -- see seal_info.h
//     cert         OCTET STRING,              -- maker (制章者) certificate, DER
//     signAlgID    OBJECT IDENTIFIER,         -- 1.2.156.10197.1.501 (SM2-with-SM3)
//     signedValue  BIT STRING,                -- maker's signature over DER(SES_SealInfo)
//     timeStamp    [0] BIT STRING OPTIONAL }  -- v5 only; read EXPLICIT, IMPLICIT or untagged
//
//   v1 (GM/T 0031-2014 §5):
//   SESeal ::= SEQUENCE { esealInfo SES_SealInfo,
//                         signInfo SEQUENCE { cert OCTET STRING, signatureAlgorithm OID,
//                                             signData BIT STRING } }
//   signData covers DER(SEQUENCE { SES_SealInfo, cert, signatureAlgorithm }), rebuilt here from
//   the original element bytes.
//
// The format is told from the structure (2 elements = v1; 4 = v4, or v5 when the header says 5;
// 5 = v5), never from the header alone. Lenient on input (ses-formats.md §2): UTCTime/
// GeneralizedTime in any form, ExtData.critical optional, extDatas untagged or [0]-wrapped, any
// string type for text fields, certificates in certList as OCTET STRING or bare SEQUENCE.
//
// A Seal owns a copy of its bytes; signed_bytes() is exactly what the maker signed, taken from
// those bytes. Immutable after parse; copies are cheap-ish (they copy the DER); thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "crypto/certificate.h"
#include "ses/seal_info.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::ses {

class Seal {
 public:
  // Parses one DER SESeal covering all of `der` (bytes are copied). Errors (field = dotted
  // path): ses.seal.malformed (structure), ses.seal.bad_cert_list_type.
  static Result<Seal> parse(ByteView der);

  // The exact bytes this seal was parsed from (or made as).
  const Bytes& der() const { return der_; }
  // v4/v5: encodes again from the model (v4 layout, header version as held). Equals der() for
  // canonical input; v1 seals cannot be re-encoded (ses.seal.v1_read_only).
  Result<Bytes> encode() const;

  Format format() const { return format_; }
  const SealInfo& info() const { return info_; }

  // Exactly the bytes the maker's signature covers (v4/v5: the SES_SealInfo TLV; v1: the
  // rebuilt SEQUENCE{sealInfo, cert, alg}).
  ByteView signed_bytes() const;
  // The SES_SealInfo TLV as it appears in der().
  ByteView seal_info_bytes() const;
  // The other convention (v4: SEQUENCE{sealInfo, cert, alg}; v1: SES_SealInfo), for verifiers
  // that tolerate producers who followed the other version's rule.
  Bytes alternate_signed_bytes() const;

  const Bytes& maker_cert_der() const { return maker_cert_der_; }
  // Errors: crypto.cert.parse_failed when the embedded certificate does not parse.
  Result<crypto::Certificate> maker_cert() const;
  const std::string& sign_alg_oid() const { return sign_alg_oid_; }
  // BIT STRING content (DER SEQUENCE{r,s}, or 64-byte r||s from some producers).
  const Bytes& signed_value() const { return signed_value_; }
  // v5 timeStamp (the BIT STRING content), when present.
  const std::optional<Bytes>& timestamp() const { return timestamp_; }

 private:
  friend class Signature;  // holds a Seal member
  Seal() = default;

  Bytes der_;
  Format format_ = Format::kV4;
  SealInfo info_;
  std::size_t info_offset_ = 0, info_length_ = 0;  // SES_SealInfo within der_
  Bytes v1_signed_;                                // v1: the rebuilt signed SEQUENCE
  Bytes cert_tlv_, alg_tlv_;                       // original TLVs of cert and algorithm
  Bytes maker_cert_der_;
  std::string sign_alg_oid_;
  Bytes signed_value_;
  std::optional<Bytes> timestamp_;
};

}  // namespace gmseal::ses
