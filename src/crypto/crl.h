// X.509 certificate revocation lists signed with SM2-with-SM3: issue, parse, check.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "util/time.h"

namespace gmseal::crypto {

struct RevokedEntry {
  std::string serial_hex;  // lower-case, no leading zeros (as Certificate::serial_hex)
  Time revoked_at{};
  int reason = 0;  // CRLReason (RFC 5280 §5.3.1); 0 = unspecified
};

class Crl {
 public:
  // Errors: crypto.crl.parse_failed.
  static Result<Crl> from_der(ByteView der);
  static Result<Crl> from_pem(std::string_view pem);
  static Result<Crl> parse_any(ByteView data);

  const Bytes& der() const;
  std::string pem() const;
  DistinguishedName issuer() const;
  Time this_update() const;
  std::optional<Time> next_update() const;
  const std::vector<RevokedEntry>& revoked() const;
  // The entry for `serial_hex`, if revoked.
  std::optional<RevokedEntry> find(std::string_view serial_hex) const;

  // Signature over the original tbsCertList with the issuer's key. Errors:
  // crypto.crl.bad_signature.
  Status verify_signature(const Sm2PublicKey& issuer_key,
                          std::string_view id = kDefaultSm2Id) const;
  // Whether `cert` issued this CRL's issuer name.
  bool issued_by(const Certificate& cert) const;

 private:
  struct State;
  explicit Crl(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

// Issues a v2 CRL with a CRL number and authority key identifier.
Result<Crl> issue_crl(const Certificate& issuer, Signer& issuer_signer,
                      const std::vector<RevokedEntry>& revoked, Time this_update, Time next_update,
                      std::uint64_t crl_number, std::string_view id = kDefaultSm2Id);

}  // namespace gmseal::crypto
