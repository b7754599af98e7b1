// X.509 certificates with SM2 keys (GM/T 0015-2012 profile), parsed from DER or PEM.
//
// A Certificate keeps the exact DER it was parsed from; tbs_bytes() is the span the issuer
// signed. Immutable after parsing; cheap to copy; safe to share between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sm2.h"
#include "crypto/sm2_key.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::crypto {

namespace internal {
struct CertAccess;
}

// Attribute OIDs that GM/T 0015 subjects use.
inline constexpr std::string_view kOidCommonName = "2.5.4.3";
inline constexpr std::string_view kOidTitle = "2.5.4.12";            // "T"
inline constexpr std::string_view kOidAliasedEntryName = "2.5.4.1";  // GM/T 0015 identifier
inline constexpr std::string_view kOidGivenName = "2.5.4.42";        // "G"
inline constexpr std::string_view kOidCountry = "2.5.4.6";
inline constexpr std::string_view kOidOrganization = "2.5.4.10";
inline constexpr std::string_view kOidOrganizationalUnit = "2.5.4.11";
inline constexpr std::string_view kOidKpTimeStamping = "1.3.6.1.5.5.7.3.8";

struct NameAttribute {
  std::string oid;         // dotted decimal
  std::string short_name;  // "CN", "T", "G", ... or the OID when OpenSSL has no name
  std::string value;       // UTF-8
};

struct DistinguishedName {
  std::vector<NameAttribute> attributes;  // in encoded order

  // First value of `oid`, or empty.
  std::string get(std::string_view oid) const;
  // Number of attributes with `oid`.
  std::size_t count(std::string_view oid) const;
  // "CN=..., O=..." in encoded order.
  std::string to_string() const;
};

// keyUsage bits (RFC 5280 §4.2.1.3).
enum KeyUsageBit : unsigned {
  kKuDigitalSignature = 1u << 0,
  kKuNonRepudiation = 1u << 1,
  kKuKeyEncipherment = 1u << 2,
  kKuDataEncipherment = 1u << 3,
  kKuKeyAgreement = 1u << 4,
  kKuKeyCertSign = 1u << 5,
  kKuCrlSign = 1u << 6,
};

class Certificate {
 public:
  // Errors: crypto.cert.parse_failed (with what went wrong).
  static Result<Certificate> from_der(ByteView der);
  static Result<Certificate> from_pem(std::string_view pem);
  // PEM ("-----BEGIN CERTIFICATE") or DER, decided by content; also base64 DER text.
  static Result<Certificate> parse_any(ByteView data);
  // Every certificate of a PEM bundle, in order. Errors when none is found.
  static Result<std::vector<Certificate>> from_pem_bundle(std::string_view pem);

  const Bytes& der() const;
  std::string pem() const;

  DistinguishedName subject() const;
  DistinguishedName issuer() const;
  std::string serial_hex() const;  // lower-case, no leading zeros
  Time not_before() const;
  Time not_after() const;
  int version() const;  // 1..3

  std::optional<unsigned> key_usage() const;            // absent when no keyUsage extension
  std::vector<std::string> extended_key_usage() const;  // OIDs
  bool is_ca() const;                                   // basicConstraints cA
  Bytes subject_key_id() const;
  Bytes authority_key_id() const;
  std::string signature_algorithm_oid() const;
  std::string public_key_algorithm_oid() const;

  // Errors: crypto.key.not_sm2 when the certificate holds another key type.
  // The subjectPublicKey bits as stored (for an SM2 key, 04||X||Y): a cheap way to compare a
  // certificate's key with a key in hand, without parsing it into a key object.
  Bytes public_key_bits() const;
  Result<Sm2PublicKey> public_key() const;

  ByteView tbs_bytes() const;        // exactly what the issuer signed
  ByteView signature_value() const;  // BIT STRING content without the unused-bits octet

  // Checks this certificate's signature with `issuer_key` (SM2-with-SM3, signer ID `id`).
  Status verify_signature(const Sm2PublicKey& issuer_key,
                          std::string_view id = kDefaultSm2Id) const;

  bool is_self_issued() const;
  Sm3Digest sm3_fingerprint() const;

  bool operator==(const Certificate& other) const { return der() == other.der(); }

 private:
  friend struct internal::CertAccess;
  struct State;
  explicit Certificate(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

}  // namespace gmseal::crypto
