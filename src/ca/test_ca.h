// ca::TestCa: a small file-based SM2 certificate authority for tests, demos and the built-in
// CA connector of the platform. Not a production CA (no HSM, no policy engine), but it keeps
// what a CA must: unique serials, an index of what it issued, revocations and CRLs.
//
// Directory layout (all files written atomically):
//   ca.cert.pem          self-signed root certificate
//   ca.key.pem           root private key (PKCS#8, SM4-encrypted when a passphrase is set; 0600)
//   index.json           issued certificates: serial, subject, profile, validity, revocation
//   issued/<serial>.pem  every issued certificate
//   crlnumber            last CRL number
//
// Issuing and revoking lock the directory (flock on .lock), so several threads and processes
// (platform nodes sharing a data directory) may use one CA.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "crypto/cert_builder.h"
#include "crypto/certificate.h"
#include "crypto/crl.h"
#include "crypto/sm2_key.h"

namespace gmseal::ca {

struct IssuedRecord {
  std::string serial_hex;
  std::string subject;
  std::string profile;
  Time not_before{};
  Time not_after{};
  std::optional<Time> revoked_at;
  int revocation_reason = 0;
};

class TestCa {
 public:
  // Creates a new CA in `dir` (created if missing; must not already hold a CA).
  // Errors: ca.exists, io.*, crypto.*.
  static Result<TestCa> init(const std::filesystem::path& dir, const std::string& name,
                             int validity_days, const std::string& passphrase);
  // Opens an existing CA. Errors: ca.not_found, crypto.key.bad_password, ...
  static Result<TestCa> open(const std::filesystem::path& dir, const std::string& passphrase);

  const crypto::Certificate& certificate() const { return certificate_; }
  const std::filesystem::path& dir() const { return dir_; }

  // Issues a certificate for `subject_key` valid for `validity_days` from now.
  Result<crypto::Certificate> issue(const crypto::CertTemplate& spec,
                                    const crypto::Sm2PublicKey& subject_key);
  // Marks an issued certificate revoked now. Errors: ca.unknown_certificate, ca.already_revoked.
  Status revoke(const crypto::Certificate& cert, int reason = 0);
  // A CRL of everything revoked, valid for `validity_days`.
  Result<crypto::Crl> make_crl(int validity_days);

  Result<std::vector<IssuedRecord>> issued() const;

 private:
  TestCa(std::filesystem::path dir, crypto::Certificate certificate, crypto::Sm2PrivateKey key)
      : dir_(std::move(dir)), certificate_(std::move(certificate)), key_(std::move(key)) {}
  Status append_record(const IssuedRecord& record);
  Status save_records(const std::vector<IssuedRecord>& records);

  std::filesystem::path dir_;
  crypto::Certificate certificate_;
  crypto::Sm2PrivateKey key_;
};

}  // namespace gmseal::ca
