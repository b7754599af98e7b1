#include "signing_seal.h"

#include "../pdf/pdf_test_support.h"
#include "util/bytes.h"
#include "util/file_io.h"

#include <filesystem>
#include <vector>

namespace gmseal::testing {

namespace {

constexpr const char* kUscc = "91430102MA4L0T2T0E";

Error step_failed(const std::string& step, const std::string& detail) {
  return make_error("test.signing_seal", step + ": " + detail);
}

Result<nlohmann::json> answer_json(const httplib::Result& answer, int status,
                                   const std::string& step) {
  if (!answer) return step_failed(step, "no answer: " + httplib::to_string(answer.error()));
  if (answer->status != status) {
    return step_failed(step, "HTTP " + std::to_string(answer->status) + " " + answer->body);
  }
  return nlohmann::json::parse(answer->body, nullptr, false);
}

}  // namespace

httplib::Result post_json(httplib::Client& client, const std::string& path,
                          const nlohmann::json& body, const std::string& token) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return client.Post(path.c_str(), headers, body.dump(), "application/json");
}

Result<std::string> log_in(httplib::Client& client, const std::string& user,
                           const std::string& password) {
  auto answer = post_json(client, "/api/v1/session", {{"username", user}, {"password", password}});
  if (!answer || answer->status != 200) {
    return make_error("test.log_in", user + ": " + (answer ? answer->body : "no answer"));
  }
  return nlohmann::json::parse(answer->body).at("token").get<std::string>();
}

Result<std::string> prepare_signing_seal(httplib::Client& client, const ScratchDir& dir,
                                         const std::string& password, const std::string& es_id) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string admin, log_in(client, "sealadmin", password));
  GMSEAL_ASSIGN_OR_RETURN(
      const nlohmann::json request,
      answer_json(post_json(client, "/api/v1/seal-requests",
                            {{"unit", {{"uscc", kUscc}, {"name", "长沙测试科技有限公司"}}},
                             {"seal", {{"name", "合同专用章"}, {"category", "04"}}}},
                            admin),
                  201, "seal request"));
  auto public_key = hex_decode(request.value("publicKey", ""));
  if (!public_key.ok()) return step_failed("seal request", "no publicKey: " + request.dump());
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir.path() / "request.pub.der", *public_key));
  GMSEAL_RETURN_IF_ERROR(
      write_file_atomic(dir.path() / "stamp.png", pdf::testing::make_png(64, 64, 200, 0, 0)));
  std::vector<std::string> commands;
  if (!std::filesystem::exists(dir.path() / "seal-ca")) {
    commands = {"ca init --dir seal-ca --name SealTestRoot", "key gen --out maker.key",
                "cert issue --ca seal-ca --profile maker --name Maker --key maker.key --out "
                "maker.pem"};
  }
  commands.push_back("cert issue --ca seal-ca --profile unit --name 长沙测试科技有限公司 --id " +
                     std::string(kUscc) + " --pubkey request.pub.der --out unit.pem");
  commands.push_back(
      "seal make --maker-key maker.key --maker-cert maker.pem --signer-cert unit.pem --picture "
      "stamp.png --es-id " +
      es_id + " --name 合同专用章 --out seal.esl");
  for (const std::string& command : commands) {
    const CommandResult run = dir.gmseal(command);
    if (run.exit_code != 0) return step_failed(command, run.output);
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes esl, read_file(dir.path() / "seal.esl"));
  httplib::Headers headers = {{"Authorization", "Bearer " + admin}};
  auto imported =
      answer_json(client.Post("/api/v1/seals/import", headers, std::string(esl.begin(), esl.end()),
                              "application/octet-stream"),
                  201, "import");
  if (!imported.ok()) return imported.error();
  auto granted = answer_json(post_json(client, "/api/v1/grants",
                                       {{"username", "signer"},
                                        {"sealCode", es_id},
                                        {"notBefore", "2020-01-01T00:00:00Z"},
                                        {"notAfter", "2099-01-01T00:00:00Z"},
                                        {"kinds", {"pdf", "ofd", "digest"}}},
                                       admin),
                             201, "grant");
  if (!granted.ok()) return granted.error();
  return es_id;
}

}  // namespace gmseal::testing
