// ses::Signature: an electronic signature (电子签章, SignedValue.dat). Reads v1, v4 and v5;
// writes v4 (sign.h).
//
//   v4/v5 (GB/T 38540-2020 §6):
//   SES_Signature ::= SEQUENCE {
//     toSign          TBS_Sign,
//     cert            OCTET STRING,             -- signer (签章者) certificate, DER
//     signatureAlgID  OBJECT IDENTIFIER,        -- 1.2.156.10197.1.501
//     signature       BIT STRING,               -- over DER(TBS_Sign), the original bytes
//     timeStamp       [0] BIT STRING OPTIONAL } -- token over `signature`
//   TBS_Sign ::= SEQUENCE {
//     version INTEGER, eseal SESeal, timeInfo GeneralizedTime, dataHash BIT STRING,
//     propertyInfo IA5String, extDatas [0] ExtensionDatas OPTIONAL }
//
//   v1 (GM/T 0031-2014):
//   SES_Signature ::= SEQUENCE { toSign TBS_Sign, signature BIT STRING }
//   TBS_Sign ::= SEQUENCE { version INTEGER, eseal SESeal, timeInfo BIT STRING,
//                           dataHash BIT STRING, propertyInfo IA5String,
//                           cert OCTET STRING, signatureAlgorithm OID }
//
// Told apart by structure (2 elements = v1; 4/5 = v4, or v5 when the embedded seal is v5).
// Lenient on input: `[0]` fields EXPLICIT (A0), IMPLICIT (80) or untagged, timeInfo and dataHash
// as OCTET STRING (some v1 producers), v1 timeInfo as text in a BIT STRING.
//
// Owns a copy of its bytes; tbs_bytes() is exactly what the signer signed. Immutable; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "ses/seal.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::ses {

class Signature {
 public:
  // Parses one DER SES_Signature covering all of `der`. Errors: ses.signature.malformed (field
  // = dotted path), and the embedded seal's ses.seal.* errors (field prefixed "eseal.").
  static Result<Signature> parse(ByteView der);

  const Bytes& der() const { return der_; }
  Format format() const { return format_; }

  std::int64_t tbs_version() const { return tbs_version_; }
  const Seal& seal() const { return seal_; }
  // v4/v5: timeInfo. v1: timeInfo parsed when it holds a recognisable time text
  // ("yyyy-MM-dd HH:mm:ss" is read as Beijing time, GeneralizedTime/UTCTime text as such).
  const std::optional<Time>& signing_time() const { return signing_time_; }
  // v1: the raw timeInfo bytes (text); v4/v5: the GeneralizedTime text.
  const Bytes& time_info_raw() const { return time_info_raw_; }
  const Bytes& data_hash() const { return data_hash_; }
  const std::string& property_info() const { return property_info_; }
  const std::vector<ExtData>& ext_datas() const { return ext_datas_; }

  const Bytes& signer_cert_der() const { return signer_cert_der_; }
  Result<crypto::Certificate> signer_cert() const;
  const std::string& sign_alg_oid() const { return sign_alg_oid_; }
  // BIT STRING content: DER SEQUENCE{r,s} (or 64-byte r||s from some producers).
  const Bytes& signature_value() const { return signature_value_; }
  const std::optional<Bytes>& timestamp() const { return timestamp_; }

  // Exactly the TBS_Sign TLV as parsed: what the signature covers.
  ByteView tbs_bytes() const { return ByteView(der_).subspan(tbs_offset_, tbs_length_); }
  // The SESeal TLV inside TBS_Sign (equals seal().der()).
  ByteView eseal_bytes() const { return seal_.der(); }

 private:
  Signature() = default;

  Bytes der_;
  Format format_ = Format::kV4;
  std::size_t tbs_offset_ = 0, tbs_length_ = 0;
  std::int64_t tbs_version_ = 4;
  Seal seal_;
  std::optional<Time> signing_time_;
  Bytes time_info_raw_;
  Bytes data_hash_;
  std::string property_info_;
  std::vector<ExtData> ext_datas_;
  Bytes signer_cert_der_;
  std::string sign_alg_oid_;
  Bytes signature_value_;
  std::optional<Bytes> timestamp_;
};

}  // namespace gmseal::ses
