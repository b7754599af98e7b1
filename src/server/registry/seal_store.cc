#include "server/registry/seal_store.h"

#include <array>

#include "service/audit/audit_log.h"
#include "service/store/row_values.h"
#include "util/json_text.h"

namespace gmseal::server {

namespace {
constexpr std::array<std::pair<SealStatus, std::string_view>, 7> kNames = {{
    {SealStatus::kPending, "pending"},
    {SealStatus::kValid, "valid"},
    {SealStatus::kFrozen, "frozen"},
    {SealStatus::kLost, "lost"},
    {SealStatus::kCancelled, "cancelled"},
    {SealStatus::kRevoked, "revoked"},
    {SealStatus::kExpired, "expired"},
}};

std::string text_or_empty(const soci::row& row, std::size_t i) {
  return row.get_indicator(i) == soci::i_null ? "" : row.get<std::string>(i);
}

constexpr const char* kColumns =
    "SELECT code, status, since, application_id, unit_uscc, unit_name, name, category, carrier, "
    "valid_from, valid_to, cert_sm3, cert_pem, key_ref, seal_der, province_status, created_at, "
    "replaced_by FROM seals";

SealRecord from_row(const soci::row& row) {
  SealRecord s;
  s.code = row.get<std::string>(0);
  s.status = parse_seal_status(row.get<std::string>(1)).ok()
                 ? *parse_seal_status(row.get<std::string>(1))
                 : SealStatus::kRevoked;
  s.since = from_unix(row.get<long long>(2));
  s.application_id = row.get<std::string>(3);
  s.unit_uscc = row.get<std::string>(4);
  s.unit_name = row.get<std::string>(5);
  s.name = row.get<std::string>(6);
  s.category = row.get<std::string>(7);
  s.carrier = row.get<std::string>(8);
  s.valid_from = from_unix(row.get<long long>(9));
  s.valid_to = from_unix(row.get<long long>(10));
  s.cert_sm3 = text_or_empty(row, 11);
  s.cert_pem = text_or_empty(row, 12);
  s.key_ref = text_or_empty(row, 13);
  s.seal_der_base64 = text_or_empty(row, 14);
  s.province_status = text_or_empty(row, 15);
  s.created_at = from_unix(row.get<long long>(16));
  s.replaced_by = text_or_empty(row, 17);
  return s;
}
}  // namespace

std::string_view to_string(SealStatus status) {
  for (const auto& [s, name] : kNames) {
    if (s == status) return name;
  }
  return "unknown";
}

Result<SealStatus> parse_seal_status(std::string_view text) {
  for (const auto& [s, name] : kNames) {
    if (name == text) return s;
  }
  return make_error("seal.bad_status", "unknown seal status '" + std::string(text) + "'", "status");
}

bool seal_transition_allowed(SealStatus from, SealStatus to) {
  using S = SealStatus;
  switch (from) {
    case S::kPending:
      return to == S::kValid || to == S::kRevoked;
    case S::kValid:
      return to == S::kFrozen || to == S::kLost || to == S::kCancelled || to == S::kRevoked;
    case S::kFrozen:
      return to == S::kValid || to == S::kLost || to == S::kCancelled || to == S::kRevoked;
    case S::kLost:
      return to == S::kCancelled || to == S::kRevoked;
    case S::kCancelled:
    case S::kRevoked:
    case S::kExpired:
      return false;
  }
  return false;
}

SealStatus SealRecord::effective_status(Time at) const {
  if ((status == SealStatus::kValid || status == SealStatus::kFrozen) && at > valid_to) {
    return SealStatus::kExpired;
  }
  return status;
}

nlohmann::json SealRecord::to_json(Time at) const {
  const SealStatus effective = effective_status(at);
  return {
      {"code", code},
      {"status", to_string(effective)},
      {"since", format_iso8601(effective == SealStatus::kExpired ? valid_to : since)},
      {"applicationId", application_id},
      {"unit", {{"uscc", unit_uscc}, {"name", unit_name}}},
      {"name", name},
      {"category", category},
      {"carrier", carrier},
      {"validFrom", format_beijing_time(valid_from)},
      {"validTo", format_beijing_time(valid_to)},
      {"signerCertSm3", cert_sm3},
      {"downloaded", !seal_der_base64.empty()},
      {"provinceStatus",
       province_status.empty() ? nlohmann::json(nullptr) : nlohmann::json(province_status)},
      {"replacedBy", replaced_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(replaced_by)},
      {"createdAt", format_iso8601(created_at)}};
}

Status insert_seal(soci::session& sql, const SealRecord& s) {
  if (find_seal(sql, s.code))
    return make_error("seal.exists", "seal code " + s.code + " is taken", "sealCode");
  if (auto other = seal_with_certificate(sql, s.cert_sm3)) {
    return make_error(
        "seal.cert_in_use",
        "the signer certificate already serves seal " + *other + " (one certificate, one seal)",
        "seal.signerCertPem");
  }
  const std::string status(to_string(s.status));
  const long long since = to_unix(s.since), from = to_unix(s.valid_from), to = to_unix(s.valid_to),
                  created = to_unix(s.created_at);
  sql << "INSERT INTO seals (code, status, since, application_id, unit_uscc, unit_name, name, "
         "category, carrier, valid_from, valid_to, cert_sm3, cert_pem, key_ref, created_at) VALUES "
         "(:code, :status, :since, :app, :uscc, :uname, :name, :cat, :carrier, :vf, :vt, :sm3, "
         ":pem, "
         ":keyref, :created)",
      soci::use(s.code), soci::use(status), soci::use(since), soci::use(s.application_id),
      soci::use(s.unit_uscc), soci::use(s.unit_name), soci::use(s.name), soci::use(s.category),
      soci::use(s.carrier), soci::use(from), soci::use(to), soci::use(s.cert_sm3),
      soci::use(s.cert_pem), soci::use(s.key_ref), soci::use(created);
  return {};
}

std::optional<SealRecord> find_seal(soci::session& sql, const std::string& code) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kColumns) + " WHERE code = :c", soci::use(code));
  for (const soci::row& row : rows) return from_row(row);
  return std::nullopt;
}

std::optional<SealRecord> find_seal_status(soci::session& sql, const std::string& code) {
  std::string status;
  long long since = 0, valid_to = 0;
  sql << "SELECT status, since, valid_to FROM seals WHERE code = :c", soci::use(code),
      soci::into(status), soci::into(since), soci::into(valid_to);
  if (!sql.got_data()) return std::nullopt;
  SealRecord s;
  s.code = code;
  auto parsed = parse_seal_status(status);
  s.status = parsed.ok() ? *parsed : SealStatus::kRevoked;  // as from_row: unknown = not usable
  s.since = from_unix(since);
  s.valid_to = from_unix(valid_to);
  return s;
}

std::optional<std::string> seal_with_certificate(soci::session& sql, const std::string& cert_sm3) {
  std::string code;
  sql << "SELECT code FROM seals WHERE cert_sm3 = :h", soci::use(cert_sm3), soci::into(code);
  if (!sql.got_data()) return std::nullopt;
  return code;
}

Status set_seal_status(soci::session& sql, const std::string& code, SealStatus to,
                       const std::string& actor, const std::string& source,
                       const std::string& note) {
  const std::optional<SealRecord> seal = find_seal(sql, code);
  if (!seal) return make_error("seal.not_found", "no seal with code " + code, "sealCode");
  if (!seal_transition_allowed(seal->status, to)) {
    return make_error("seal.illegal_transition",
                      "seal " + code + " is " + std::string(to_string(seal->status)) +
                          " and cannot become " + std::string(to_string(to)),
                      "sealCode");
  }
  const std::string text(to_string(to));
  const long long since = to_unix(now());
  sql << "UPDATE seals SET status = :s, since = :t WHERE code = :c", soci::use(text),
      soci::use(since), soci::use(code);
  return append_audit(
      sql, actor, source, "seal." + text, "seal:" + code,
      json_text(nlohmann::json({{"from", to_string(seal->status)}, {"note", note}})));
}

void store_seal_data(soci::session& sql, const std::string& code, const std::string& der_base64) {
  sql << "UPDATE seals SET seal_der = :d WHERE code = :c", soci::use(der_base64), soci::use(code);
}

void set_replaced_by(soci::session& sql, const std::string& code, const std::string& new_code) {
  sql << "UPDATE seals SET replaced_by = :n WHERE code = :c", soci::use(new_code), soci::use(code);
}

void set_province_status(soci::session& sql, const std::string& code, const std::string& status) {
  sql << "UPDATE seals SET province_status = :s WHERE code = :c", soci::use(status),
      soci::use(code);
}

std::vector<std::pair<std::string, long long>> seal_counts(soci::session& sql) {
  std::vector<std::pair<std::string, long long>> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT status, COUNT(*) FROM seals GROUP BY status");
  for (const soci::row& row : rows) {
    out.emplace_back(row.get<std::string>(0), row_int64(row, 1));
  }
  return out;
}

}  // namespace gmseal::server
