// The content model of an electronic seal: SES_SealInfo and its parts (GB/T 38540-2020 §5,
// GM/T 0031-2014 §5 for v1). Plain values; the codec lives in seal.h / internal/ses_asn1.h.
//
//   SES_SealInfo ::= SEQUENCE {
//     header    SES_Header,            -- SEQUENCE { ID IA5String ("ES"), version INTEGER,
//                                      --            Vid IA5String }
//     esID      IA5String,
//     property  SES_ESPropertyInfo,
//     picture   SES_ESPictureInfo,
//     extDatas  ExtensionDatas OPTIONAL }
//   SES_ESPropertyInfo ::= SEQUENCE {
//     type INTEGER, name UTF8String,
//     certListType INTEGER,            -- v4/v5 only: 1 = certificates, 2 = digests
//     certList SES_CertList,           -- v1: SEQUENCE OF OCTET STRING (certificates)
//     createDate, validStart, validEnd GeneralizedTime }   -- v1: UTCTime
//   SES_CertList ::= CHOICE { certs SEQUENCE OF OCTET STRING,
//                             certDigestList SEQUENCE OF SEQUENCE {
//                               type PrintableString, value OCTET STRING } }
//   SES_ESPictureInfo ::= SEQUENCE { type IA5String, data OCTET STRING,
//                                    width INTEGER, height INTEGER }   -- millimetres
//   ExtData ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE,
//                          extnValue OCTET STRING }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/time.h"

namespace gmseal::ses {

// The structural format of a seal or signature, detected from the layout (element counts and
// tags), never from the header's version number, which vendors fill in unreliably.
enum class Format {
  kV1,  // GM/T 0031-2014
  kV4,  // GB/T 38540-2020
  kV5,  // GM/T 0031-2025 (v4 + optional seal timeStamp, header version 5)
};
std::string_view to_string(Format format);  // "v1", "v4", "v5"

inline constexpr std::string_view kSealHeaderId = "ES";

struct SealHeader {
  std::string id = std::string(kSealHeaderId);
  std::int64_t version = 4;
  std::string vid;  // vendor id
};

enum class CertListType : std::int64_t {
  kCertificates = 1,  // certList holds the signers' DER certificates
  kDigests = 2,       // certList holds digests (SM3) of the signers' DER certificates
};

struct CertDigest {
  // Free text naming the digest algorithm ("custom type" in the standard). gmseal writes "SM3";
  // readers treat "SM3" in any case, the SM3 OID text or anything else as SM3 (see cert_list.h).
  std::string type;
  Bytes value;
};

// Writers use this for CertDigest::type.
inline constexpr std::string_view kCertDigestTypeSm3 = "SM3";

struct SealProperty {
  std::int64_t type = 1;  // business-defined (GM/T 0031-2014: 1 unit seal, 2 personal seal)
  std::string name;
  CertListType cert_list_type = CertListType::kCertificates;
  std::vector<Bytes> certs;              // kCertificates: DER certificates
  std::vector<CertDigest> cert_digests;  // kDigests
  // v1 only: certID IA5String entries in place of certificates (GM/T 0031-2014 prints a stray
  // "certID ::= IA5String"; dms360 writes the signer certificate's serial number, "1").
  std::vector<std::string> cert_ids;
  Time create_date{};
  Time valid_start{};
  Time valid_end{};
};

struct SealPicture {
  std::string type;  // "PNG", "GIF", "BMP", "JPG", "SVG", "ofd" ... (compare case-insensitively)
  Bytes data;
  std::int64_t width_mm = 0;
  std::int64_t height_mm = 0;
};

struct ExtData {
  std::string oid;  // dotted decimal
  bool critical = false;
  Bytes value;

  bool operator==(const ExtData&) const = default;
};

struct SealInfo {
  SealHeader header;
  std::string es_id;
  SealProperty property;
  SealPicture picture;
  std::vector<ExtData> ext_datas;
};

}  // namespace gmseal::ses
