#include "server/registry/seal_list.h"

#include <algorithm>

#include "crypto/certificate.h"
#include "server/outbox/outbox.h"
#include "service/store/row_values.h"

namespace gmseal::server {

namespace {

std::string text_at(const soci::row& row, std::size_t i) {
  return row.get_indicator(i) == soci::i_null ? "" : row.get<std::string>(i);
}

constexpr const char* kLightColumns =
    "SELECT code, status, since, application_id, unit_uscc, unit_name, name, category, carrier, "
    "valid_from, valid_to, province_status, created_at, replaced_by FROM seals";

SealRecord light_row(const soci::row& row) {
  SealRecord s;
  s.code = text_at(row, 0);
  auto status = parse_seal_status(text_at(row, 1));
  s.status = status.ok() ? *status : SealStatus::kRevoked;
  s.since = from_unix(row_int64(row, 2));
  s.application_id = text_at(row, 3);
  s.unit_uscc = text_at(row, 4);
  s.unit_name = text_at(row, 5);
  s.name = text_at(row, 6);
  s.category = text_at(row, 7);
  s.carrier = text_at(row, 8);
  s.valid_from = from_unix(row_int64(row, 9));
  s.valid_to = from_unix(row_int64(row, 10));
  s.province_status = text_at(row, 11);
  s.created_at = from_unix(row_int64(row, 12));
  s.replaced_by = text_at(row, 13);
  return s;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Whether a seal is published and still usable or about to be (valid/frozen before validTo).
bool live(const SealRecord& s, Time at) {
  const SealStatus effective = s.effective_status(at);
  return effective == SealStatus::kValid || effective == SealStatus::kFrozen;
}

bool matches(const SealRecord& s, const SealFilter& f, Time at) {
  if (!f.status.empty() && to_string(s.effective_status(at)) != f.status) return false;
  if (!f.category.empty() && s.category != f.category) return false;
  if (!f.unit.empty() && s.unit_uscc != f.unit && !contains(s.unit_name, f.unit)) return false;
  if (!f.query.empty() && !contains(s.code, f.query) && !contains(s.name, f.query)) return false;
  if (f.expiring_within_days >= 0 &&
      (!live(s, at) || s.valid_to > at + std::chrono::hours(24) * f.expiring_within_days))
    return false;
  return true;
}

}  // namespace

Result<SealPage> list_seals(Database& db, const SealFilter& filter, Time at) {
  SealPage page;
  const Status read = db.read([&](soci::session& sql) -> Status {
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(kLightColumns) + " ORDER BY created_at DESC, code");
    for (const soci::row& row : rows) {
      SealRecord s = light_row(row);
      if (!matches(s, filter, at)) continue;
      if (page.total >= filter.offset && static_cast<int>(page.seals.size()) < filter.limit)
        page.seals.push_back(std::move(s));
      ++page.total;
    }
    return {};
  });
  if (!read.ok()) return read.error();
  return page;
}

Result<nlohmann::json> seal_history(Database& db, const std::string& code) {
  nlohmann::json out = nlohmann::json::array();
  const Status read = db.read([&](soci::session& sql) -> Status {
    const std::string object = "seal:" + code;
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT seq, at, actor, action, detail FROM audit WHERE object = :o "
                        "ORDER BY seq",
         soci::use(object));
    for (const soci::row& row : rows) {
      out.push_back({{"seq", row_int64(row, 0)},
                     {"at", format_iso8601(from_unix(row_int64(row, 1)))},
                     {"actor", text_at(row, 2)},
                     {"action", text_at(row, 3)},
                     {"detail", nlohmann::json::parse(text_at(row, 4), nullptr, false)}});
    }
    return {};
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<nlohmann::json> dashboard_counts(Database& db, Time at, int days) {
  nlohmann::json by_status = nlohmann::json::object();
  for (const char* s : {"pending", "valid", "frozen", "lost", "cancelled", "revoked", "expired"})
    by_status[s] = 0;
  nlohmann::json expiring_seals = nlohmann::json::array();
  nlohmann::json expiring_certs = nlohmann::json::array();
  long long waiting = 0;
  OutboxCounts outbox;
  const Time horizon = at + std::chrono::hours(24) * days;
  const Status read = db.read([&](soci::session& sql) -> Status {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT code, status, since, valid_to, cert_pem, name, unit_name, "
                        "valid_from FROM seals");
    for (const soci::row& row : rows) {
      SealRecord s;
      s.code = text_at(row, 0);
      auto status = parse_seal_status(text_at(row, 1));
      s.status = status.ok() ? *status : SealStatus::kRevoked;
      s.valid_to = from_unix(row_int64(row, 3));
      by_status[std::string(to_string(s.effective_status(at)))] =
          by_status[std::string(to_string(s.effective_status(at)))].get<long long>() + 1;
      if (!live(s, at)) continue;
      const nlohmann::json who = {
          {"code", s.code}, {"name", text_at(row, 5)}, {"unit", text_at(row, 6)}};
      if (s.valid_to <= horizon) {
        nlohmann::json item = who;
        item["validTo"] = format_beijing_time(s.valid_to);
        expiring_seals.push_back(item);
      }
      // A certificate that does not parse is not counted here; the seal page shows the error.
      auto cert = crypto::Certificate::from_pem(text_at(row, 4));
      if (cert.ok() && cert->not_after() <= horizon) {
        nlohmann::json item = who;
        item["notAfter"] = format_iso8601(cert->not_after());
        item["serial"] = cert->serial_hex();
        expiring_certs.push_back(item);
      }
    }
    sql << "SELECT COUNT(*) FROM applications WHERE status = 'submitted'", soci::into(waiting);
    outbox = count_outbox(sql);
    return {};
  });
  if (!read.ok()) return read.error();
  return nlohmann::json{
      {"seals", by_status},
      {"applicationsWaiting", waiting},
      {"expiringSeals", expiring_seals},
      {"expiringCertificates", expiring_certs},
      {"withinDays", days},
      {"outbox", {{"pending", outbox.pending}, {"failed", outbox.failed}, {"done", outbox.done}}}};
}

}  // namespace gmseal::server
