#include "signing/seal_requests.h"

#include <nlohmann/json.hpp>

#include "crypto/csr.h"
#include "crypto/random.h"
#include "service/audit/audit_log.h"
#include "service/store/row_values.h"
#include "util/json_text.h"
#include "validate/seal_fields.h"
#include "validate/uscc.h"

namespace gmseal::signing {

namespace {

// The validate.* error as it is, with the request's name for the field: the API answers it as
// invalid_field with the field and the rule (service::send_error).
Error in_field(const Error& error, const std::string& field) {
  return make_error(error.code, error.message, field);
}

Status check_input(const SealRequestInput& in) {
  if (auto s = validate::check_uscc(in.uscc); !s.ok()) return in_field(s.error(), "unit.uscc");
  if (in.unit_name.empty())
    return make_error("invalid_field", "unit.name is required", "unit.name");
  if (auto s = validate::check_seal_name(in.seal_name); !s.ok()) {
    return in_field(s.error(), "seal.name");
  }
  if (auto s = validate::check_seal_category(in.category); !s.ok()) {
    return in_field(s.error(), "seal.category");
  }
  return {};
}

}  // namespace

std::string key_password_context(std::uint32_t index) {
  return "signing:seal-key:" + std::to_string(index);
}

std::vector<SealRequestRecord> load_seal_requests(soci::session& sql, const std::string& where,
                                                  const std::string& value) {
  std::string query =
      "SELECT id, unit_uscc, unit_name, seal_name, category, key_index, key_password_sealed, "
      "public_key, package, package_sm3, created_by, created_at, seal_code FROM seal_requests";
  if (!where.empty()) query += " WHERE " + where + " = :v";
  query += " ORDER BY created_at, id";
  std::vector<SealRequestRecord> out;
  const std::string bound = value;
  soci::rowset<soci::row> rows =
      where.empty() ? (sql.prepare << query) : (sql.prepare << query, soci::use(bound));
  for (const soci::row& row : rows) {
    SealRequestRecord r;
    r.id = row.get<std::string>(0);
    r.uscc = row.get<std::string>(1);
    r.unit_name = row.get<std::string>(2);
    r.seal_name = row.get<std::string>(3);
    r.category = row.get<std::string>(4);
    r.key_index = static_cast<std::uint32_t>(service::row_int64(row, 5));
    r.key_password_sealed = row.get<std::string>(6);
    r.public_key_hex = row.get<std::string>(7);
    if (auto package = base64_decode(row.get<std::string>(8)); package.ok()) r.package = *package;
    r.package_sm3 = row.get<std::string>(9);
    r.created_by = row.get<std::string>(10);
    r.created_at = from_unix(service::row_int64(row, 11));
    if (row.get_indicator(12) != soci::i_null) r.seal_code = row.get<std::string>(12);
    out.push_back(std::move(r));
  }
  return out;
}

Result<SealRequestRecord> SealRequests::create(const SealRequestInput& input,
                                               const std::string& actor,
                                               const std::string& source) {
  GMSEAL_RETURN_IF_ERROR(check_input(input));
  std::set<std::uint32_t> taken;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    for (const SealRequestRecord& r : load_seal_requests(sql)) taken.insert(r.key_index);
    return {};
  }));
  GMSEAL_ASSIGN_OR_RETURN(const NewDeviceKey key, device_.generate(taken));

  SealRequestRecord record;
  record.id = hex_encode(crypto::random_bytes(12));
  record.uscc = input.uscc;
  record.unit_name = input.unit_name;
  record.seal_name = input.seal_name;
  record.category = input.category;
  record.key_index = key.index;
  record.public_key_hex = hex_encode(key.public_key.to_der());
  record.created_by = actor;
  record.created_at = now();
  GMSEAL_ASSIGN_OR_RETURN(record.key_password_sealed,
                          keys_.seal_secret(key.password, key_password_context(key.index)));

  protocol::SealRequestInfo info;
  {
    // The CSR is signed inside the device by the new key: the proof of possession.
    GMSEAL_ASSIGN_OR_RETURN(auto seal_signer, device_.signer(key.index, key.password));
    crypto::DistinguishedName subject;
    subject.attributes.push_back({std::string(crypto::kOidCommonName), "CN", input.seal_name});
    subject.attributes.push_back({std::string(crypto::kOidOrganization), "O", input.unit_name});
    GMSEAL_ASSIGN_OR_RETURN(const auto csr,
                            crypto::CertificateRequest::create(subject, *seal_signer));
    info.cert_request = csr.der();
  }
  info.system_cert = identity_.certificate.der();
  info.unit_uscc = input.uscc;
  info.unit_name = input.unit_name;
  info.seal_name = input.seal_name;
  info.seal_category = input.category;
  info.created_at = record.created_at;
  info.nonce = crypto::random_bytes(16);
  GMSEAL_ASSIGN_OR_RETURN(auto system_signer,
                          device_.signer(identity_.key_index, identity_.key_password));
  GMSEAL_ASSIGN_OR_RETURN(const auto package,
                          protocol::SealRequestPackage::build(info, *system_signer));
  record.package = package.der();
  record.package_sm3 = package.fingerprint();

  GMSEAL_RETURN_IF_ERROR(db_->transact([&](soci::session& sql) -> Status {
    const std::string package_b64 = base64_encode(record.package);
    const long long at = to_unix(record.created_at);
    const int index = static_cast<int>(record.key_index);
    sql << "INSERT INTO seal_requests (id, unit_uscc, unit_name, seal_name, category, key_index, "
           "key_password_sealed, public_key, package, package_sm3, created_by, created_at) VALUES "
           "(:id, :u, :un, :sn, :c, :k, :p, :pk, :pkg, :sm3, :by, :at)",
        soci::use(record.id), soci::use(record.uscc), soci::use(record.unit_name),
        soci::use(record.seal_name), soci::use(record.category), soci::use(index),
        soci::use(record.key_password_sealed), soci::use(record.public_key_hex),
        soci::use(package_b64), soci::use(record.package_sm3), soci::use(actor), soci::use(at);
    return service::append_audit(sql, actor, source, "seal_request.create",
                                 "seal_request:" + record.id,
                                 json_text(nlohmann::json({{"uscc", record.uscc},
                                                           {"sealName", record.seal_name},
                                                           {"keyIndex", record.key_index},
                                                           {"packageSm3", record.package_sm3}})));
  }));
  return record;
}

Result<SealRequestRecord> SealRequests::get(const std::string& id) {
  std::vector<SealRequestRecord> found;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    found = load_seal_requests(sql, "id", id);
    return {};
  }));
  if (found.empty()) return make_error("seal_request.not_found", "no seal request " + id, "id");
  return found.front();
}

Result<std::vector<SealRequestRecord>> SealRequests::list() {
  std::vector<SealRequestRecord> out;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    out = load_seal_requests(sql);
    return {};
  }));
  return out;
}

}  // namespace gmseal::signing
