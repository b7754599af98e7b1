// CMS SignedData with SM2/SM3 (RFC 5652 layout, GB/T 35275-2017 OIDs or the PKCS#7 OIDs).
//
// OpenSSL 3.0's CMS and PKCS7 signing cannot use SM2 keys, so gmseal encodes SignedData itself
// and signs through crypto::Signer. The shape written and read:
//
//   ContentInfo ::= SEQUENCE { contentType OID (signedData), content [0] EXPLICIT SignedData }
//   SignedData ::= SEQUENCE {
//     version INTEGER (1), digestAlgorithms SET OF AlgorithmIdentifier (SM3),
//     encapContentInfo SEQUENCE { eContentType OID (data), eContent [0] EXPLICIT OCTET STRING
//                                 OPTIONAL (absent = detached) },
//     certificates [0] IMPLICIT SET OF Certificate OPTIONAL, crls [1] IMPLICIT ... OPTIONAL,
//     signerInfos SET OF SignerInfo }
//   SignerInfo ::= SEQUENCE {
//     version INTEGER (1: issuerAndSerialNumber, 3: [0] subjectKeyIdentifier),
//     sid, digestAlgorithm (SM3), signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL,
//     signatureAlgorithm, signature OCTET STRING (DER SEQUENCE{r,s}),
//     unsignedAttrs [1] IMPLICIT SET OF Attribute OPTIONAL }
//
// OIDs: signedData 1.2.156.10197.6.1.4.2.2 (GB/T 35275) or 1.2.840.113549.1.7.2 (PKCS#7);
// data 1.2.156.10197.6.1.4.2.1 or 1.2.840.113549.1.7.1; digest SM3 1.2.156.10197.1.401 (with or
// without NULL parameters); signature SM2 1.2.156.10197.1.301.1 (GB/T 35275), SM2-with-SM3
// 1.2.156.10197.1.501 (iText/BouncyCastle) or 1.2.156.10197.1.301 — all mean "SM2 over
// SM3(Z || M)" with the signer ID 1234567812345678 unless told otherwise.
//
// With signed attributes the signature covers their DER re-tagged from [0] IMPLICIT to SET OF
// (0x31), RFC 5652 §5.4: the verifier re-tags the ORIGINAL bytes, it never re-encodes them.
// Without signed attributes the signature covers the content itself.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "crypto/sm3.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::crypto {

inline constexpr std::string_view kOidGbtSignedData = "1.2.156.10197.6.1.4.2.2";
inline constexpr std::string_view kOidGbtData = "1.2.156.10197.6.1.4.2.1";
inline constexpr std::string_view kOidPkcs7SignedData = "1.2.840.113549.1.7.2";
inline constexpr std::string_view kOidPkcs7Data = "1.2.840.113549.1.7.1";
inline constexpr std::string_view kOidSm2Sign = "1.2.156.10197.1.301.1";
inline constexpr std::string_view kOidAttrContentType = "1.2.840.113549.1.9.3";
inline constexpr std::string_view kOidAttrMessageDigest = "1.2.840.113549.1.9.4";
inline constexpr std::string_view kOidAttrSigningTime = "1.2.840.113549.1.9.5";
inline constexpr std::string_view kOidAttrTimeStampToken = "1.2.840.113549.1.9.16.2.14";
inline constexpr std::string_view kOidTstInfo = "1.2.840.113549.1.9.16.1.4";
inline constexpr std::string_view kOidAttrAlgorithmProtection = "1.2.840.113549.1.9.52";

enum class CmsOidStyle {
  kGbt35275,  // 1.2.156.10197.6.1.4.2.x, signature algorithm 1.2.156.10197.1.301.1
  kPkcs7,     // 1.2.840.113549.1.7.x, signature algorithm 1.2.156.10197.1.501
};

struct CmsSignOptions {
  CmsOidStyle oid_style = CmsOidStyle::kGbt35275;
  std::optional<Time> signing_time;             // now when absent
  std::vector<Certificate> extra_certificates;  // e.g. intermediates, after the signer's
  std::string id = std::string(kDefaultSm2Id);
  // The encapsulated content type (id-data of the OID style when absent) and, when set, the
  // content itself carried as eContent (attached form, e.g. an RFC 3161 TSTInfo).
  std::optional<std::string> content_type;
  std::optional<Bytes> attached_content;
  bool include_signing_time = true;
  bool include_certificates = true;
  // A signature algorithm OID other than the style's (any SM2 OID, see above).
  std::optional<std::string> signature_algorithm;
  // Adds the CMSAlgorithmProtection attribute (RFC 6211) naming SM3 and the signature algorithm.
  bool algorithm_protection = false;
  std::vector<Bytes> extra_signed_attributes;  // more signed attributes, each a DER Attribute
  // When set: called with the SignerInfo's signature value; the token it returns (DER
  // ContentInfo) goes in as the unsigned attribute id-aa-timeStampToken (RFC 3161 appendix A).
  std::function<Result<Bytes>(ByteView signature)> timestamper;
};

// The issuer Name and serialNumber of a certificate as encoded in its tbsCertificate (views
// into the certificate's DER), for issuerAndSerialNumber and ESS IssuerSerial.
struct CertIssuerSerial {
  ByteView issuer;          // Name TLV
  ByteView serial_whole;    // INTEGER TLV
  ByteView serial_content;  // INTEGER content
};
Result<CertIssuerSerial> issuer_and_serial_of(const Certificate& cert);

// Builds a SignedData for content whose SM3 digest is `content_sm3`: detached (no eContent)
// unless options.attached_content is set. Signed attributes: contentType (data unless
// options.content_type), signingTime (UTCTime, unless switched off), messageDigest, then the
// options' extras; DER-sorted. The signer ID is
// issuerAndSerialNumber of `signer_cert`, whose key must be `signer`'s.
// Errors: crypto.cms.key_mismatch, crypto.cms.sign_failed (the signer's error message).
Result<Bytes> build_cms_signed_data(const Sm3Digest& content_sm3, const Certificate& signer_cert,
                                    Signer& signer, const CmsSignOptions& options = {});

// One SignerInfo as parsed. Byte views alias the buffer given to parse_cms_signed_data.
struct CmsSignerInfo {
  int version = 0;
  ByteView issuer_name;          // issuerAndSerialNumber: the issuer Name TLV (empty for SKI)
  std::string serial_hex;        // lower-case, no leading zeros
  Bytes subject_key_id;          // [0] SubjectKeyIdentifier form
  std::string digest_algorithm;  // OID
  std::string signature_algorithm;
  ByteView signed_attributes;  // the whole [0] element exactly as encoded (empty when absent)
  std::optional<Bytes> message_digest;
  std::optional<std::string> content_type;
  std::optional<Time> signing_time;
  ByteView signature;                       // OCTET STRING content
  std::optional<ByteView> timestamp_token;  // unsigned attribute id-aa-timeStampToken (DER)
};

struct CmsSignedData {
  std::string content_info_type;  // signedData OID as written
  CmsOidStyle oid_style = CmsOidStyle::kGbt35275;
  std::string encap_content_type;
  std::optional<ByteView> encap_content;  // eContent OCTET STRING content (attached form)
  std::vector<Certificate> certificates;
  std::vector<CmsSignerInfo> signers;
  std::size_t encoded_size = 0;  // bytes of the ContentInfo (trailing padding is not included)
};

// Parses a ContentInfo holding SignedData. Bytes after the ContentInfo are allowed only when
// they are zero (PDF /Contents padding). Errors: crypto.cms.malformed (what and at which offset),
// crypto.cms.not_signed_data, crypto.cms.unsupported (constructs gmseal does not read).
Result<CmsSignedData> parse_cms_signed_data(ByteView der);

// What the verifier needs besides the DER: the signed content, as bytes or as its SM3 digest
// (enough when signed attributes are present), and certificates from outside the structure.
struct CmsVerifyInput {
  std::optional<ByteView> content;       // detached content bytes
  std::optional<Sm3Digest> content_sm3;  // or only their SM3 digest
  std::vector<Certificate> extra_certificates;
  std::string id = std::string(kDefaultSm2Id);
  // Also accept a 64-byte r||s signature value (oesplugin writes them:
  // ofd/oesplugin-zibo-tampered.ofd); CmsVerification::raw_signature then says so.
  bool accept_raw_rs = false;
};

struct CmsTimestampInfo {
  Time gen_time{};
  bool imprint_matches = false;  // messageImprint = SM3 or SHA-256 of the signature value
  bool signature_valid = false;  // the token's own SignedData verifies
  std::string detail;            // why not, when either is false
  Bytes token;                   // the token (DER ContentInfo), for a full check (tsa/)
  Bytes stamped;                 // what its imprint covers: the SignerInfo's signature value
};

struct CmsVerification {
  Certificate signer_certificate;
  std::vector<Certificate> certificates;  // all carried (for chain building)
  std::string signature_algorithm;
  CmsOidStyle oid_style = CmsOidStyle::kGbt35275;
  std::optional<Time> signing_time;
  std::optional<CmsTimestampInfo> timestamp;
  bool raw_signature = false;  // the value was raw r||s (accepted with input.accept_raw_rs)
};

// Verifies the first SignerInfo of `der`: the digest algorithm is SM3, messageDigest equals the
// content's SM3 (when signed attributes are present), the signer certificate is found (carried or
// in input.extra_certificates) and its SM2 key verifies the signature over the original signed
// attribute bytes re-tagged as SET OF (or over the content). A carried RFC 3161 timestamp token
// is checked too and reported (its failure does not fail the signature).
// Errors: those of parse_cms_signed_data, crypto.cms.no_content (neither content nor digest;
// or only a digest while signed attributes are absent), crypto.cms.unsupported_algorithm,
// crypto.cms.digest_mismatch, crypto.cms.signer_not_found, crypto.cms.bad_signature.
Result<CmsVerification> verify_cms_signed_data(ByteView der, const CmsVerifyInput& input);

}  // namespace gmseal::crypto
