#include "signing_loopback.h"

#include "../server/sample_application.h"

namespace gmseal::testing {

using nlohmann::json;

namespace {

HttpAnswer answer(const httplib::Result& res) {
  HttpAnswer out;
  if (!res) return out;
  out.status = res->status;
  out.raw = res->body;
  out.body = json::parse(res->body, nullptr, false);
  return out;
}

}  // namespace

HttpAnswer ApiUser::post(const std::string& path, const json& body) {
  return answer(client_.Post(path.c_str(), {{"Authorization", "Bearer " + token_}}, body.dump(),
                             "application/json"));
}

HttpAnswer ApiUser::post_raw(const std::string& path, const std::string& body,
                             const std::string& content_type) {
  return answer(
      client_.Post(path.c_str(), {{"Authorization", "Bearer " + token_}}, body, content_type));
}

HttpAnswer ApiUser::get(const std::string& path) {
  return answer(client_.Get(path.c_str(), {{"Authorization", "Bearer " + token_}}));
}

std::string login(const std::string& url, const std::string& user, const std::string& password) {
  httplib::Client client(url);
  auto res =
      client.Post("/api/v1/session", json({{"username", user}, {"password", password}}).dump(),
                  "application/json");
  if (!res || res->status != 200) return "";
  return json::parse(res->body, nullptr, false).value("token", "");
}

SigningLoopback::SigningLoopback(const std::filesystem::path& dir,
                                 const std::function<void(signing::SigningConfig&)>& tune) {
  platform_ = std::make_unique<PlatformLoopback>(dir / "platform-side", Engine::kSqlite);
  if (!platform_->ok()) {
    error_ = "platform: " + platform_->error();
    return;
  }
  signing::SigningConfig config;
  config.data_dir = dir / "signing";
  config.sdf_library = GMSEAL_SDF_LIBRARY;
  config.sdf_soft_root = dir / "signing" / "sdf";
  config.platform_url = platform_->url();
  config.demo = true;
  config.http_threads = 4;
  if (tune) tune(config);
  auto service = signing::SigningService::open(config, "admin", kSigningPassword);
  if (!service.ok()) {
    error_ = "signing service: " + service.error().to_string();
    return;
  }
  service_ = std::move(*service);
  if (auto started = service_->start("127.0.0.1", 0); !started.ok()) {
    error_ = started.error().to_string();
    return;
  }
  const std::pair<const char*, const char*> users[] = {{"sealadmin", "sealadmin"},
                                                       {"sealadmin2", "sealadmin"},
                                                       {"signer", "signer"},
                                                       {"signer2", "signer"},
                                                       {"auditor", "auditor"}};
  for (const auto& [name, role] : users) {
    auto made = service_->users()->create(name, kSigningPassword, {role}, "admin", "test");
    if (!made.ok()) {
      error_ = made.error().to_string();
      return;
    }
  }
  const auto user = [this](const char* name) {
    return std::make_unique<ApiUser>(url(), login(url(), name, kSigningPassword));
  };
  admin_ = user("admin");
  sealadmin_ = user("sealadmin");
  sealadmin2_ = user("sealadmin2");
  signer_ = user("signer");
  signer2_ = user("signer2");
  auditor_ = user("auditor");
  if (signer_->token().empty()) error_ = "cannot log in to the signing service";
}

SigningLoopback::~SigningLoopback() {
  if (service_) service_->stop();
}

json SigningLoopback::request_seal(const std::string& uscc) {
  const json sample = sample_new_application(uscc.empty() ? valid_uscc() : uscc);
  auto made = sealadmin_->post(
      "/api/v1/seal-requests",
      {{"unit", {{"uscc", sample["unit"]["uscc"]}, {"name", sample["unit"]["name"]}}},
       {"seal", {{"name", sample["seal"]["name"]}, {"category", sample["seal"]["category"]}}}});
  EXPECT_EQ(made.status, 201) << made.raw;
  return made.body;
}

json SigningLoopback::application_with(const std::string& package, const std::string& uscc) {
  json body = sample_new_application(uscc.empty() ? valid_uscc() : uscc);
  body["seal"]["carrier"] = "server";
  body["seal"]["requestPackage"] = package;
  return body;
}

std::string SigningLoopback::make_and_import_seal() {
  const json request = request_seal();
  const json made = platform_->run_application(application_with(request.value("package", "")));
  if (made.value("status", "") != "ready") {
    ADD_FAILURE() << "the platform did not make the seal: " << made.dump();
    return "";
  }
  const std::string code = made["sealCode"];
  auto esl = platform_->client().Get(
      ("/api/v1/seals/" + code + "/download").c_str(),
      httplib::Headers{{"Authorization", "Bearer " + platform_->operator_token()}});
  if (!esl || esl->status != 200) {
    ADD_FAILURE() << "cannot download seal " << code;
    return "";
  }
  auto imported =
      sealadmin_->post_raw("/api/v1/seals/import", esl->body, "application/octet-stream");
  if (imported.status != 201) {
    ADD_FAILURE() << "import answered " << imported.status << ": " << imported.raw;
    return "";
  }
  return code;
}

void SigningLoopback::grant_all(const std::string& user, const std::string& code) {
  auto granted = sealadmin_->post("/api/v1/grants",
                                  {{"username", user},
                                   {"sealCode", code},
                                   {"notBefore", format_iso8601(now() - std::chrono::hours(24))},
                                   {"notAfter", format_iso8601(now() + std::chrono::hours(24))},
                                   {"kinds", {"pdf", "ofd", "digest"}}});
  EXPECT_EQ(granted.status, 201) << granted.raw;
}

}  // namespace gmseal::testing
