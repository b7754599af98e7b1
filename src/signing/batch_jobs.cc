#include "signing/batch_jobs.h"

#include <spdlog/spdlog.h>

#include "crypto/random.h"
#include "ofd/package_writer.h"
#include "service/store/row_values.h"
#include "util/file_io.h"
#include "util/json_text.h"

namespace gmseal::signing {

namespace fs = std::filesystem;

namespace {

bool safe_name(const std::string& name) {
  if (name.empty() || name.size() > 200 || name == "." || name == "..") return false;
  for (const char c : name) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

}  // namespace

BatchJobs::~BatchJobs() { stop(); }

Result<std::string> BatchJobs::submit(const BatchSpec& spec,
                                      const std::vector<BatchDocument>& documents) {
  if (documents.empty()) {
    return make_error("invalid_field", "a batch needs one or more documents", "documents");
  }
  if (documents.size() > kMaxBatchDocuments) {
    return make_error(
        "invalid_field",
        "a batch holds at most 1000 documents, not " + std::to_string(documents.size()),
        "documents");
  }
  if (spec.kind != "pdf" && spec.kind != "ofd") {
    return make_error("invalid_field", "a batch signs pdf or ofd documents", "kind");
  }
  for (std::size_t i = 0; i < documents.size(); ++i) {
    if (!safe_name(documents[i].name)) {
      return make_error("invalid_field", "document " + std::to_string(i) + " has a bad name",
                        "documents[" + std::to_string(i) + "].name");
    }
  }
  const std::string id = hex_encode(crypto::random_bytes(12));
  const fs::path in = dir_ / id / "in";
  std::error_code ec;
  fs::create_directories(in, ec);
  fs::create_directories(dir_ / id / "out", ec);
  if (ec)
    return make_error("io.write_failed", "cannot create " + in.string() + ": " + ec.message());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    GMSEAL_RETURN_IF_ERROR(
        write_file_atomic(in / std::to_string(i), ByteView(documents[i].content), 0600));
  }
  GMSEAL_RETURN_IF_ERROR(db_->transact([&](soci::session& sql) -> Status {
    const std::string position = json_text(spec.position.to_json());
    const long long at = to_unix(now());
    const int total = static_cast<int>(documents.size());
    sql << "INSERT INTO batch_jobs (id, username, api_client, source, seal_code, kind, position, "
           "total, status, created_at) VALUES (:id, :u, :c, :s, :seal, :k, :p, :t, 'running', "
           ":at)",
        soci::use(id), soci::use(spec.username), soci::use(spec.api_client), soci::use(spec.source),
        soci::use(spec.seal_code), soci::use(spec.kind), soci::use(position), soci::use(total),
        soci::use(at);
    for (int i = 0; i < total; ++i) {
      sql << "INSERT INTO batch_items (job_id, idx, name, status) VALUES (:j, :i, :n, 'pending')",
          soci::use(id), soci::use(i), soci::use(documents[static_cast<std::size_t>(i)].name);
    }
    return {};
  }));
  wake_.notify_all();
  return id;
}

Status BatchJobs::check_owner(const std::string& id, const std::string& username, bool any_owner) {
  std::string owner;
  bool found = false;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    soci::indicator ind = soci::i_null;
    sql << "SELECT username FROM batch_jobs WHERE id = :id", soci::use(id), soci::into(owner, ind);
    found = sql.got_data();
    return {};
  }));
  if (!found || (!any_owner && owner != username)) {
    return make_error("batch.not_found", "no batch job " + id + " of yours", "id");
  }
  return {};
}

Result<nlohmann::json> BatchJobs::progress(const std::string& id, const std::string& username,
                                           bool any_owner) {
  GMSEAL_RETURN_IF_ERROR(check_owner(id, username, any_owner));
  nlohmann::json documents = nlohmann::json::array();
  int counts[3] = {0, 0, 0};
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT idx, name, status, error, sm3_in, sm3_out FROM batch_items WHERE "
                        "job_id = :id ORDER BY idx",
         soci::use(id));
    for (const soci::row& row : rows) {
      const std::string status = row.get<std::string>(2);
      counts[status == "signed" ? 0 : status == "failed" ? 1 : 2]++;
      const auto text = [&row](std::size_t i) {
        return row.get_indicator(i) == soci::i_null ? nlohmann::json(nullptr)
                                                    : nlohmann::json(row.get<std::string>(i));
      };
      documents.push_back({{"index", service::row_int64(row, 0)},
                           {"name", row.get<std::string>(1)},
                           {"status", status},
                           {"error", text(3)},
                           {"sm3Before", text(4)},
                           {"sm3After", text(5)}});
    }
    return {};
  }));
  const int total = static_cast<int>(documents.size());
  return nlohmann::json{{"id", id},
                        {"status", counts[2] == 0 ? "done" : "running"},
                        {"total", total},
                        {"signed", counts[0]},
                        {"failed", counts[1]},
                        {"pending", counts[2]},
                        {"documents", documents}};
}

Result<Bytes> BatchJobs::result(const std::string& id, int index, const std::string& username,
                                bool any_owner) {
  GMSEAL_RETURN_IF_ERROR(check_owner(id, username, any_owner));
  std::string status;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    soci::indicator ind = soci::i_null;
    sql << "SELECT status FROM batch_items WHERE job_id = :id AND idx = :i", soci::use(id),
        soci::use(index), soci::into(status, ind);
    return {};
  }));
  if (status != "signed") {
    return make_error("batch.not_signed",
                      "document " + std::to_string(index) + " of job " + id + " is not signed" +
                          (status.empty() ? " (no such document)" : " (" + status + ")"),
                      "index");
  }
  return read_file(dir_ / id / "out" / std::to_string(index));
}

Result<Bytes> BatchJobs::zip(const std::string& id, const std::string& username, bool any_owner) {
  GMSEAL_RETURN_IF_ERROR(check_owner(id, username, any_owner));
  std::vector<std::pair<int, std::string>> signed_items;
  GMSEAL_RETURN_IF_ERROR(db_->read([&](soci::session& sql) -> Status {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT idx, name FROM batch_items WHERE job_id = :id AND status = "
                        "'signed' ORDER BY idx",
         soci::use(id));
    for (const soci::row& row : rows) {
      signed_items.emplace_back(static_cast<int>(service::row_int64(row, 0)),
                                row.get<std::string>(1));
    }
    return {};
  }));
  std::vector<ofd::FileWrite> files;
  for (const auto& [index, name] : signed_items) {
    GMSEAL_ASSIGN_OR_RETURN(Bytes data, read_file(dir_ / id / "out" / std::to_string(index)));
    // Index first: names need not be unique.
    files.push_back({std::to_string(index) + "-" + name, std::move(data)});
  }
  return ofd::build_package(files, now());
}

bool BatchJobs::process_next() {
  std::string job, name, username, api_client, source, seal_code, kind, position_text;
  int index = -1;
  const Status picked = db_->read([&](soci::session& sql) -> Status {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT i.job_id, i.idx, i.name, j.username, j.api_client, j.source, "
                        "j.seal_code, j.kind, j.position FROM batch_items i JOIN batch_jobs j ON "
                        "j.id = i.job_id WHERE i.status = 'pending' ORDER BY j.created_at, "
                        "i.job_id, i.idx LIMIT 1");
    for (const soci::row& row : rows) {
      job = row.get<std::string>(0);
      index = static_cast<int>(service::row_int64(row, 1));
      name = row.get<std::string>(2);
      username = row.get<std::string>(3);
      api_client = row.get<std::string>(4);
      source = row.get<std::string>(5);
      seal_code = row.get<std::string>(6);
      kind = row.get<std::string>(7);
      position_text = row.get<std::string>(8);
    }
    return {};
  });
  if (!picked.ok()) {
    spdlog::error("batch: cannot pick the next pending document: {}", picked.error().to_string());
    return false;
  }
  if (index < 0) return false;
  // One line per step of each document; names and codes only, never a document's content.
  spdlog::info("batch {} item {}: signing ({}, seal {}) for {}", job, index, kind, seal_code,
               username);

  UseRequest request;
  request.username = username;
  request.api_client = api_client;
  request.source = source;
  request.seal_code = seal_code;
  request.kind = kind;
  request.batch_item = job + ":" + std::to_string(index);
  const fs::path out = dir_ / job / "out" / std::to_string(index);
  UseHooks hooks;
  hooks.before_commit = [&out](const UseResult& result) {
    return write_file_atomic(out, ByteView(result.output), 0600);
  };
  hooks.in_commit = [&](soci::session& sql, const UseResult* result, const Error* error) {
    const std::string status = result != nullptr ? "signed" : "failed";
    const std::string message =
        error != nullptr ? error->code + ": " + error->message : std::string();
    soci::indicator error_ind = error != nullptr ? soci::i_ok : soci::i_null;
    const std::string sm3_in = result != nullptr ? result->sm3_before : "";
    const std::string sm3_out = result != nullptr ? result->sm3_after : "";
    soci::indicator sm3_ind = result != nullptr ? soci::i_ok : soci::i_null;
    sql << "UPDATE batch_items SET status = :s, error = :e, sm3_in = :a, sm3_out = :b WHERE "
           "job_id = :j AND idx = :i",
        soci::use(status), soci::use(message, error_ind), soci::use(sm3_in, sm3_ind),
        soci::use(sm3_out, sm3_ind), soci::use(job), soci::use(index);
    return Status{};
  };
  const auto fail_item = [&](const Error& error) {
    // Input problems before any use: recorded as the document's failure.
    spdlog::warn("batch {} item {}: failed before signing: {}", job, index, error.code);
    const Status marked = db_->transact(
        [&](soci::session& sql) -> Status { return hooks.in_commit(sql, nullptr, &error); });
    if (!marked.ok()) {
      spdlog::error("batch {} item {}: cannot record the failure: {}", job, index,
                    marked.error().to_string());
    }
    return marked.ok();
  };
  auto position = parse_position(nlohmann::json::parse(position_text, nullptr, false));
  if (!position.ok()) return fail_item(position.error());
  request.position = *position;
  auto input = read_file(dir_ / job / "in" / std::to_string(index));
  if (!input.ok()) return fail_item(input.error());
  request.input = std::move(*input);
  // The outcome is recorded through the hooks, signed or failed. When even that record failed
  // (the store is unavailable) the document stays pending and the worker waits before retrying.
  const auto used = use_.use(request, hooks);
  if (used.ok()) {
    spdlog::info("batch {} item {}: signed", job, index);
    return true;
  }
  spdlog::warn("batch {} item {}: not signed: {}", job, index, used.error().code);
  std::string status;
  const Status read = db_->read([&](soci::session& sql) -> Status {
    sql << "SELECT status FROM batch_items WHERE job_id = :j AND idx = :i", soci::use(job),
        soci::use(index), soci::into(status);
    return {};
  });
  if (!read.ok() || status == "pending") {
    spdlog::warn("batch {} item {}: outcome not recorded; the document stays pending", job, index);
    return false;
  }
  return true;
}

void BatchJobs::run() {
  while (!stopping_) {
    bool worked = false;
    try {
      worked = process_next();
    } catch (const std::exception& e) {
      // A store failure: wait and retry; the document stays pending.
      spdlog::error("batch: worker step failed, retrying in 1 s: {}", e.what());
      worked = false;
    }
    if (worked) continue;
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_.load(); });
  }
}

void BatchJobs::start() {
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { run(); });
}

void BatchJobs::stop() {
  stopping_ = true;
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

}  // namespace gmseal::signing
