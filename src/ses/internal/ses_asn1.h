// DER encoders for the GB/T 38540 structures, built on OpenSSL ASN.1 templates (ASN1_SEQUENCE).
// Writing only: parsing is done by seal.cc / signature.cc, which keep the exact signed spans.
//
// Canonical forms written (ses-formats.md §2.2): GeneralizedTime "YYYYMMDDHHMMSSZ", BIT STRINGs
// with unused-bits octet 00, ExtData.critical always present (ofdrw drops ExtData without it),
// optional [0] fields EXPLICIT. Structures that embed an already signed part (SESeal embeds
// SES_SealInfo, TBS_Sign embeds SESeal, SES_Signature embeds TBS_Sign) copy those bytes verbatim.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "ses/seal_info.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::ses::internal {

// SES_SealInfo in the v4/v5 layout (certListType present; header.version written as given).
// Errors: ses.encode.failed, ses.encode.bad_field (e.g. a non-IA5 esID, an unknown OID).
Result<Bytes> encode_seal_info(const SealInfo& info);

// SESeal ::= SEQUENCE { eSealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING,
//                       timeStamp [0] EXPLICIT BIT STRING OPTIONAL (v5) }
Result<Bytes> encode_seal(ByteView seal_info_der, ByteView maker_cert_der,
                          std::string_view sign_alg_oid, ByteView signed_value,
                          const std::optional<Bytes>& timestamp);

struct TbsSignFields {
  std::int64_t version = 4;
  ByteView eseal_der;
  Time signing_time{};
  ByteView data_hash;
  std::string_view property_info;
  const std::vector<ExtData>* ext_datas = nullptr;  // written as [0] EXPLICIT when non-empty
};
// TBS_Sign ::= SEQUENCE { version INTEGER, eseal SESeal, timeInfo GeneralizedTime,
//                         dataHash BIT STRING, propertyInfo IA5String,
//                         extDatas [0] EXPLICIT ExtensionDatas OPTIONAL }
Result<Bytes> encode_tbs_sign(const TbsSignFields& fields);

// SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID,
//                              signature BIT STRING, timeStamp [0] EXPLICIT BIT STRING OPTIONAL }
Result<Bytes> encode_signature(ByteView tbs_der, ByteView signer_cert_der,
                               std::string_view sign_alg_oid, ByteView signature,
                               const std::optional<Bytes>& timestamp);

}  // namespace gmseal::ses::internal
