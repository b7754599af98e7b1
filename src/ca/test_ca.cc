#include "ca/test_ca.h"

#include <nlohmann/json.hpp>

#include "crypto/signer.h"
#include "util/dir_lock.h"
#include "util/file_io.h"
#include "util/json_text.h"
#include "validate/gmt0015_subject.h"

namespace gmseal::ca {

namespace fs = std::filesystem;
using crypto::Certificate;
using nlohmann::json;

namespace {

constexpr const char* kCertFile = "ca.cert.pem";
constexpr const char* kKeyFile = "ca.key.pem";
constexpr const char* kIndexFile = "index.json";
constexpr const char* kCrlNumberFile = "crlnumber";

json to_json(const IssuedRecord& r) {
  json j = {{"serial", r.serial_hex},
            {"subject", r.subject},
            {"profile", r.profile},
            {"notBefore", format_iso8601(r.not_before)},
            {"notAfter", format_iso8601(r.not_after)}};
  if (r.revoked_at) {
    j["revokedAt"] = format_iso8601(*r.revoked_at);
    j["reason"] = r.revocation_reason;
  }
  return j;
}

Result<IssuedRecord> from_json(const json& j) {
  try {
    IssuedRecord r;
    r.serial_hex = j.at("serial").get<std::string>();
    r.subject = j.at("subject").get<std::string>();
    r.profile = j.at("profile").get<std::string>();
    GMSEAL_ASSIGN_OR_RETURN(r.not_before,
                            parse_time_argument(j.at("notBefore").get<std::string>()));
    GMSEAL_ASSIGN_OR_RETURN(r.not_after, parse_time_argument(j.at("notAfter").get<std::string>()));
    if (j.contains("revokedAt")) {
      GMSEAL_ASSIGN_OR_RETURN(r.revoked_at,
                              parse_time_argument(j.at("revokedAt").get<std::string>()));
      r.revocation_reason = j.value("reason", 0);
    }
    return r;
  } catch (const json::exception& e) {
    return make_error("ca.index_corrupt", std::string("CA index entry is malformed: ") + e.what());
  }
}

}  // namespace

Result<TestCa> TestCa::init(const fs::path& dir, const std::string& name, int validity_days,
                            const std::string& passphrase) {
  std::error_code ec;
  fs::create_directories(dir / "issued", ec);
  if (ec)
    return make_error("io.write_failed", "cannot create '" + dir.string() + "': " + ec.message());
  if (fs::exists(dir / kCertFile)) {
    return make_error("ca.exists", "'" + dir.string() + "' already holds a CA");
  }
  GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PrivateKey key, crypto::Sm2PrivateKey::generate());
  crypto::CertTemplate spec;
  spec.profile = crypto::CertProfile::kRoot;
  spec.name = name;
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = spec.not_before + std::chrono::days(validity_days);
  GMSEAL_RETURN_IF_ERROR(validate::check_cert_template(spec));
  crypto::SoftSigner signer(key);
  GMSEAL_ASSIGN_OR_RETURN(Certificate cert,
                          crypto::issue_certificate(spec, key.public_key(), nullptr, signer));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / kKeyFile, key.to_pem(passphrase), 0600));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / kCertFile, cert.pem()));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / kIndexFile, std::string_view("[]\n")));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / kCrlNumberFile, std::string_view("0\n")));
  return TestCa(dir, std::move(cert), std::move(key));
}

Result<TestCa> TestCa::open(const fs::path& dir, const std::string& passphrase) {
  if (!fs::exists(dir / kCertFile)) {
    return make_error("ca.not_found", "'" + dir.string() + "' holds no CA (run 'gmseal ca init')");
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string cert_pem, read_text_file(dir / kCertFile));
  GMSEAL_ASSIGN_OR_RETURN(Certificate cert, Certificate::from_pem(cert_pem));
  GMSEAL_ASSIGN_OR_RETURN(const std::string key_pem, read_text_file(dir / kKeyFile));
  GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PrivateKey key,
                          crypto::Sm2PrivateKey::from_pem(key_pem, passphrase));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey cert_key, cert.public_key());
  if (!(cert_key == key.public_key())) {
    return make_error("ca.key_mismatch", "the CA key does not belong to the CA certificate");
  }
  return TestCa(dir, std::move(cert), std::move(key));
}

Result<std::vector<IssuedRecord>> TestCa::issued() const {
  GMSEAL_ASSIGN_OR_RETURN(const std::string text, read_text_file(dir_ / kIndexFile));
  const json index = json::parse(text, nullptr, false);
  if (index.is_discarded() || !index.is_array()) {
    return make_error("ca.index_corrupt",
                      "'" + (dir_ / kIndexFile).string() + "' is not a JSON array");
  }
  std::vector<IssuedRecord> records;
  for (const json& entry : index) {
    GMSEAL_ASSIGN_OR_RETURN(IssuedRecord record, from_json(entry));
    records.push_back(std::move(record));
  }
  return records;
}

Status TestCa::save_records(const std::vector<IssuedRecord>& records) {
  json index = json::array();
  for (const IssuedRecord& r : records) index.push_back(to_json(r));
  return write_file_atomic(dir_ / kIndexFile, json_text(index, 2) + "\n");
}

Status TestCa::append_record(const IssuedRecord& record) {
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, DirLock::Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(std::vector<IssuedRecord> records, issued());
  records.push_back(record);
  return save_records(records);
}

Result<Certificate> TestCa::issue(const crypto::CertTemplate& spec,
                                  const crypto::Sm2PublicKey& subject_key) {
  GMSEAL_RETURN_IF_ERROR(validate::check_cert_template(spec));
  crypto::SoftSigner signer(key_);
  GMSEAL_ASSIGN_OR_RETURN(Certificate cert,
                          crypto::issue_certificate(spec, subject_key, &certificate_, signer));
  GMSEAL_RETURN_IF_ERROR(
      write_file_atomic(dir_ / "issued" / (cert.serial_hex() + ".pem"), cert.pem()));
  IssuedRecord record{cert.serial_hex(),
                      cert.subject().to_string(),
                      std::string(crypto::to_string(spec.profile)),
                      cert.not_before(),
                      cert.not_after(),
                      std::nullopt,
                      0};
  GMSEAL_RETURN_IF_ERROR(append_record(record));
  return cert;
}

Status TestCa::revoke(const Certificate& cert, int reason) {
  if (!(cert.issuer().to_string() == certificate_.subject().to_string())) {
    return make_error("ca.unknown_certificate", "the certificate was not issued by this CA");
  }
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, DirLock::Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(std::vector<IssuedRecord> records, issued());
  for (IssuedRecord& r : records) {
    if (r.serial_hex != cert.serial_hex()) continue;
    if (r.revoked_at) {
      return make_error("ca.already_revoked",
                        "certificate " + r.serial_hex + " is already revoked");
    }
    r.revoked_at = now();
    r.revocation_reason = reason;
    return save_records(records);
  }
  return make_error("ca.unknown_certificate",
                    "serial " + cert.serial_hex() + " is not in this CA's index");
}

Result<crypto::Crl> TestCa::make_crl(int validity_days) {
  // The CRL number is read, incremented and written back: one writer at a time.
  GMSEAL_ASSIGN_OR_RETURN(DirLock lock, DirLock::acquire(dir_, DirLock::Mode::kExclusive));
  GMSEAL_ASSIGN_OR_RETURN(const std::vector<IssuedRecord> records, issued());
  std::vector<crypto::RevokedEntry> revoked;
  for (const IssuedRecord& r : records) {
    if (r.revoked_at) revoked.push_back({r.serial_hex, *r.revoked_at, r.revocation_reason});
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string number_text, read_text_file(dir_ / kCrlNumberFile));
  const std::uint64_t number = std::strtoull(number_text.c_str(), nullptr, 10) + 1;
  crypto::SoftSigner signer(key_);
  const Time this_update = now();
  GMSEAL_ASSIGN_OR_RETURN(
      crypto::Crl crl, crypto::issue_crl(certificate_, signer, revoked, this_update,
                                         this_update + std::chrono::days(validity_days), number));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir_ / kCrlNumberFile, std::to_string(number) + "\n"));
  return crl;
}

}  // namespace gmseal::ca
