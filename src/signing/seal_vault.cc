#include "signing/seal_vault.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "service/audit/audit_log.h"
#include "service/store/row_values.h"
#include "ses/verify_seal.h"
#include "signing/seal_requests.h"
#include "util/json_text.h"
#include "util/media_type.h"

namespace gmseal::signing {

namespace {

constexpr const char* kSealColumns =
    "SELECT code, request_id, name, unit_uscc, status, valid_to, imported_by, imported_at, "
    "seal_der FROM seals";

// The picture fields of `s` from its seal (parsed and verified at import).
void set_picture(HeldSeal& s, const ses::SealPicture& picture) {
  s.picture = picture.data;
  s.picture_media_type = image_media_type(picture.data);
  s.width_mm = picture.width_mm;
  s.height_mm = picture.height_mm;
}

HeldSeal held_from_row(const soci::row& row) {
  HeldSeal s;
  s.code = row.get<std::string>(0);
  s.request_id = row.get<std::string>(1);
  s.name = row.get<std::string>(2);
  s.unit_uscc = row.get<std::string>(3);
  s.status = row.get<std::string>(4);
  s.valid_to = from_unix(service::row_int64(row, 5));
  s.imported_by = row.get<std::string>(6);
  s.imported_at = from_unix(service::row_int64(row, 7));
  // A stored seal parsed at import; should it no longer, the seal is listed without a picture.
  if (auto der = base64_decode(row.get<std::string>(8)); der.ok()) {
    if (auto seal = ses::Seal::parse(*der); seal.ok()) set_picture(s, seal->info().picture);
  }
  return s;
}

std::optional<HeldSeal> find_held(soci::session& sql, const std::string& code) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kSealColumns) + " WHERE code = :c", soci::use(code));
  for (const soci::row& row : rows) return held_from_row(row);
  return std::nullopt;
}

}  // namespace

Result<HeldSeal> SealVault::import(ByteView esl, const std::string& actor,
                                   const std::string& source) {
  if (esl.size() > kMaxSealFileBytes) {
    return make_error("signing.import.bad_seal",
                      "the seal file has " + std::to_string(esl.size()) + " bytes, more than " +
                          std::to_string(kMaxSealFileBytes),
                      "esl");
  }
  auto parsed = ses::Seal::parse(esl);
  if (!parsed.ok()) {
    return make_error("signing.import.bad_seal", "not a GB/T 38540 seal: " + parsed.error().message,
                      "esl");
  }
  const ses::Seal& seal = *parsed;
  const std::string& es_id = seal.info().es_id;
  const bool code_fits =
      !es_id.empty() && es_id.size() <= kMaxHeldSealCodeLength &&
      std::all_of(es_id.begin(), es_id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      });
  if (!code_fits) {
    return make_error("signing.import.bad_seal",
                      "the seal's esID '" + es_id.substr(0, kMaxHeldSealCodeLength) +
                          "' is not 1 to 64 ASCII letters and digits, so no route could name it",
                      "esl");
  }
  const ses::VerifyReport report = ses::verify_seal(seal);
  if (!report.valid()) {
    std::string failed;
    for (const std::string& name : report.failed()) failed += (failed.empty() ? "" : ", ") + name;
    return make_error("signing.import.seal_invalid", "the seal does not verify: " + failed, "esl");
  }
  // The signer certificate must certify a key generated here for a request still without seal.
  std::vector<SealRequestRecord> requests;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    requests = load_seal_requests(sql);
    return {};
  }));
  std::optional<SealRequestRecord> request;
  std::optional<crypto::Certificate> certificate;
  for (const Bytes& der : seal.info().property.certs) {
    auto cert = crypto::Certificate::from_der(der);
    if (!cert.ok()) continue;
    auto key = cert->public_key();
    if (!key.ok()) continue;
    const std::string key_hex = hex_encode(key->to_der());
    for (const SealRequestRecord& r : requests) {
      if (r.public_key_hex == key_hex) {
        request = r;
        certificate = *cert;
      }
    }
  }
  if (!request) {
    return make_error("signing.import.bad_key",
                      "no certificate in the seal's certList certifies a key this system "
                      "generated for a seal request (the seal is for another key)",
                      "esl");
  }
  if (!request->seal_code.empty()) {
    return make_error("signing.import.conflict",
                      "seal request " + request->id + " already has its seal " + request->seal_code,
                      "esl");
  }
  GMSEAL_RETURN_IF_ERROR(status_.check_at_import(seal));

  HeldSeal held;
  held.code = seal.info().es_id;
  held.request_id = request->id;
  held.name = seal.info().property.name;
  held.unit_uscc = request->uscc;
  held.status = "active";
  held.valid_to = seal.info().property.valid_end;
  held.imported_by = actor;
  held.imported_at = now();
  set_picture(held, seal.info().picture);
  GMSEAL_RETURN_IF_ERROR(db_->transact([&](soci::session& sql) -> Status {
    if (find_held(sql, held.code)) {
      return make_error("signing.import.conflict", "seal " + held.code + " is already imported",
                        "esl");
    }
    const std::string der = base64_encode(seal.der());
    const std::string pem = certificate->pem();
    const long long valid_to = to_unix(held.valid_to), at = to_unix(held.imported_at);
    sql << "INSERT INTO seals (code, request_id, seal_der, cert_pem, name, unit_uscc, valid_to, "
           "status, imported_by, imported_at) VALUES (:c, :r, :d, :p, :n, :u, :v, :s, :by, :at)",
        soci::use(held.code), soci::use(held.request_id), soci::use(der), soci::use(pem),
        soci::use(held.name), soci::use(held.unit_uscc), soci::use(valid_to),
        soci::use(held.status), soci::use(actor), soci::use(at);
    sql << "UPDATE seal_requests SET seal_code = :c WHERE id = :id", soci::use(held.code),
        soci::use(held.request_id);
    return service::append_audit(
        sql, actor, source, "seal.import", "seal:" + held.code,
        json_text(nlohmann::json(
            {{"request", held.request_id},
             {"certSm3", hex_encode(certificate->sm3_fingerprint())},
             {"platformStatus", status_.configured() ? "valid" : "not configured"}})));
  }));
  return held;
}

Result<std::vector<HeldSeal>> SealVault::list() {
  std::vector<HeldSeal> out;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    soci::rowset<soci::row> rows = (sql.prepare << std::string(kSealColumns) + " ORDER BY code");
    for (const soci::row& row : rows) out.push_back(held_from_row(row));
    return {};
  }));
  return out;
}

Result<HeldSeal> SealVault::held(const std::string& code) {
  std::optional<HeldSeal> found;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    found = find_held(sql, code);
    return {};
  }));
  if (!found) return make_error("signing.seal.not_found", "no seal " + code, "code");
  return std::move(*found);
}

Result<HeldSeal> SealVault::set_state(const std::string& code, const std::string& state,
                                      const std::string& actor, const std::string& source) {
  if (state != "active" && state != "disabled") {
    return make_error("invalid_field", "state is active or disabled", "state");
  }
  auto held = db_->transact_value<HeldSeal>([&](soci::session& sql) -> Result<HeldSeal> {
    auto found = find_held(sql, code);
    if (!found) return make_error("signing.seal.not_found", "no seal " + code, "code");
    sql << "UPDATE seals SET status = :s WHERE code = :c", soci::use(state), soci::use(code);
    GMSEAL_RETURN_IF_ERROR(
        service::append_audit(sql, actor, source, "seal.state", "seal:" + code,
                              json_text(nlohmann::json({{"from", found->status}, {"to", state}}))));
    found->status = state;
    return *found;
  });
  return held;
}

Result<std::shared_ptr<const UsableSeal>> SealVault::usable(const std::string& code) {
  std::string status, der, pem, request_id;
  bool found = false;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    soci::indicator ind = soci::i_null;
    sql << "SELECT status, seal_der, cert_pem, request_id FROM seals WHERE code = :c",
        soci::use(code), soci::into(status, ind), soci::into(der), soci::into(pem),
        soci::into(request_id);
    found = sql.got_data();
    return {};
  }));
  if (!found) return make_error("signing.seal.not_found", "no seal " + code, "sealCode");
  if (status != "active") {
    return make_error("signing.seal.disabled", "seal " + code + " is " + status + " here",
                      "sealCode");
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = loaded_.find(code); it != loaded_.end()) return it->second;
  }
  std::vector<SealRequestRecord> requests;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    requests = load_seal_requests(sql, "id", request_id);
    return {};
  }));
  if (requests.empty()) {
    return make_error("signing.seal.not_found", "seal " + code + " lost its request", "sealCode");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes seal_der, base64_decode(der));
  GMSEAL_ASSIGN_OR_RETURN(ses::Seal seal, ses::Seal::parse(seal_der));
  GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate cert, crypto::Certificate::from_pem(pem));
  const std::uint32_t index = requests.front().key_index;
  GMSEAL_ASSIGN_OR_RETURN(
      std::string password,
      keys_.open_secret(requests.front().key_password_sealed, key_password_context(index)));
  auto usable = std::make_shared<const UsableSeal>(
      UsableSeal{std::move(seal), std::move(cert), index, std::move(password)});
  std::lock_guard<std::mutex> lock(mutex_);
  loaded_[code] = usable;
  return usable;
}

}  // namespace gmseal::signing
