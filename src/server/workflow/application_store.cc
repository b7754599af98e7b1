#include "server/workflow/application_store.h"

#include "crypto/random.h"
#include "service/audit/audit_log.h"
#include "util/json_text.h"

namespace gmseal::server {

namespace {

std::string new_id() { return hex_encode(crypto::random_bytes(12)); }

void insert_history(soci::session& sql, const std::string& app_id, const HistoryEntry& entry) {
  const std::string id = new_id();
  const long long at = to_unix(entry.at);
  soci::indicator from_ind = entry.from_status.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO application_history (id, application_id, at, actor, from_status, to_status, "
         "note) "
         "VALUES (:id, :app, :at, :actor, :from, :to, :note)",
      soci::use(id), soci::use(app_id), soci::use(at), soci::use(entry.actor),
      soci::use(entry.from_status, from_ind), soci::use(entry.to_status), soci::use(entry.note);
}

Application from_row(const soci::row& row) {
  Application app;
  app.id = row.get<std::string>(0);
  app.kind = *parse_application_kind(row.get<std::string>(1));
  app.status = *parse_application_status(row.get<std::string>(2));
  app.seal_code = row.get_indicator(3) == soci::i_null ? "" : row.get<std::string>(3);
  app.target_seal = row.get_indicator(4) == soci::i_null ? "" : row.get<std::string>(4);
  app.payload = nlohmann::json::parse(row.get<std::string>(5), nullptr, false);
  app.reason = row.get_indicator(6) == soci::i_null ? "" : row.get<std::string>(6);
  app.created_by = row.get<std::string>(7);
  app.created_at = from_unix(row.get<long long>(8));
  app.updated_at = from_unix(row.get<long long>(9));
  return app;
}

constexpr const char* kColumns =
    "SELECT id, kind, status, seal_code, target_seal, payload, reason, created_by, created_at, "
    "updated_at FROM applications";

}  // namespace

Result<Application> insert_application(soci::session& sql, ApplicationKind kind,
                                       const nlohmann::json& payload,
                                       const std::string& target_seal, const std::string& actor,
                                       const std::string& source) {
  Application app;
  app.id = new_id();
  app.kind = kind;
  app.status = ApplicationStatus::kSubmitted;
  app.target_seal = target_seal;
  app.payload = payload;
  app.created_by = actor;
  app.created_at = app.updated_at = now();
  const std::string kind_text(to_string(kind));
  const std::string status_text(to_string(app.status));
  const std::string payload_text = json_text(payload);
  const long long at = to_unix(app.created_at);
  soci::indicator target_ind = target_seal.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO applications (id, kind, status, target_seal, payload, created_by, "
         "created_at, "
         "updated_at) VALUES (:id, :kind, :status, :target, :payload, :by, :at, :at2)",
      soci::use(app.id), soci::use(kind_text), soci::use(status_text),
      soci::use(target_seal, target_ind), soci::use(payload_text), soci::use(actor), soci::use(at),
      soci::use(at);
  HistoryEntry entry{app.created_at, actor, "", status_text, "submitted"};
  insert_history(sql, app.id, entry);
  app.history.push_back(entry);
  GMSEAL_RETURN_IF_ERROR(
      append_audit(sql, actor, source, "application.submit", "application:" + app.id,
                   json_text(nlohmann::json({{"kind", kind_text}, {"targetSeal", target_seal}}))));
  return app;
}

Result<Application> load_application(soci::session& sql, const std::string& id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kColumns) + " WHERE id = :id", soci::use(id));
  std::optional<Application> app;
  for (const soci::row& row : rows) app = from_row(row);
  if (!app) return make_error("application.not_found", "no application with id '" + id + "'", "id");
  soci::rowset<soci::row> history =
      (sql.prepare << "SELECT at, actor, from_status, to_status, note FROM application_history "
                      "WHERE application_id = :id ORDER BY at, id",
       soci::use(id));
  for (const soci::row& row : history) {
    app->history.push_back(
        HistoryEntry{from_unix(row.get<long long>(0)), row.get<std::string>(1),
                     row.get_indicator(2) == soci::i_null ? "" : row.get<std::string>(2),
                     row.get<std::string>(3),
                     row.get_indicator(4) == soci::i_null ? "" : row.get<std::string>(4)});
  }
  return *app;
}

Status transition_application(soci::session& sql, Application& app, ApplicationStatus to,
                              const std::string& actor, const std::string& source,
                              const std::string& note) {
  if (!application_transition_allowed(app.status, to)) {
    return make_error("application.illegal_transition",
                      "application " + app.id + " is " + std::string(to_string(app.status)) +
                          " and cannot become " + std::string(to_string(to)),
                      "status");
  }
  const std::string from_text(to_string(app.status));
  const std::string to_text(to_string(to));
  app.status = to;
  app.updated_at = now();
  if (to == ApplicationStatus::kFailed || to == ApplicationStatus::kRejected) app.reason = note;
  const long long at = to_unix(app.updated_at);
  soci::indicator reason_ind = app.reason.empty() ? soci::i_null : soci::i_ok;
  sql << "UPDATE applications SET status = :status, reason = :reason, updated_at = :at WHERE id = "
         ":id",
      soci::use(to_text), soci::use(app.reason, reason_ind), soci::use(at), soci::use(app.id);
  HistoryEntry entry{app.updated_at, actor, from_text, to_text, note};
  insert_history(sql, app.id, entry);
  app.history.push_back(entry);
  return append_audit(sql, actor, source, "application." + to_text, "application:" + app.id,
                      json_text(nlohmann::json({{"from", from_text}, {"note", note}})));
}

void set_application_seal(soci::session& sql, Application& app, const std::string& seal_code) {
  app.seal_code = seal_code;
  sql << "UPDATE applications SET seal_code = :code WHERE id = :id", soci::use(seal_code),
      soci::use(app.id);
}

std::vector<Application> list_applications(soci::session& sql,
                                           std::optional<ApplicationStatus> status, int limit) {
  std::vector<Application> out;
  if (status) {
    const std::string text(to_string(*status));
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(kColumns) +
                            " WHERE status = :s ORDER BY created_at DESC, id LIMIT :l",
         soci::use(text), soci::use(limit));
    for (const soci::row& row : rows) out.push_back(from_row(row));
  } else {
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string(kColumns) + " ORDER BY created_at DESC, id LIMIT :l",
         soci::use(limit));
    for (const soci::row& row : rows) out.push_back(from_row(row));
  }
  return out;
}

bool has_open_application_for(soci::session& sql, const std::string& seal_code) {
  int count = 0;
  sql << "SELECT COUNT(*) FROM applications WHERE target_seal = :code AND status IN "
         "('submitted', 'approved', 'making')",
      soci::use(seal_code), soci::into(count);
  return count > 0;
}

}  // namespace gmseal::server
