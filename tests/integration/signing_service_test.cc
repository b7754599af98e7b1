// The signing service (集中式用章) over loopback, next to the real platform and provincial
// emulator: the whole flow from request package to signed and verified documents, the platform
// gating every use, grants, and bad input that must store nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "../pdf/pdf_test_support.h"
#include "../server/sample_application.h"
#include "crypto/sm3.h"
#include "ofd/sample_document.h"
#include "ses/signature.h"
#include "signing_loopback.h"
#include "tsa/demo_authority.h"
#include "tsa/http/tsa_http.h"
#include "util/file_io.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;

std::string b64(const Bytes& bytes) { return base64_encode(bytes); }

class SigningServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_ = std::make_unique<SigningLoopback>(dir_.path(), [](signing::SigningConfig& c) {
      // Short, so the freeze test need not wait a minute; the 60 s bound is the maximum.
      c.status_cache = std::chrono::seconds(2);
      c.max_body_bytes = 2u << 20;
    });
    ASSERT_TRUE(loop_->ok()) << loop_->error();
  }
  void write(const std::string& name, const std::string& data) {
    std::ofstream(dir_.path() / name, std::ios::binary) << data;
  }
  // Audit records with `action`, as the auditor reads them.
  std::vector<json> audit(const std::string& action) {
    std::vector<json> out;
    auto records = loop_->auditor().get("/api/v1/audit?limit=1000");
    EXPECT_EQ(records.status, 200) << records.raw;
    for (const json& r : records.body["records"]) {
      if (r["action"] == action) out.push_back(r);
    }
    return out;
  }
  long long count(const std::string& table) {
    long long n = -1;
    (void)loop_->service().db().read([&](soci::session& sql) -> Status {
      sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
      return {};
    });
    return n;
  }
  json sign_pdf(ApiUser& user, const std::string& code, json extra = json::object()) {
    json body = {{"sealCode", code},
                 {"document", b64(pdf::testing::make_simple_pdf(1))},
                 {"keyword", "contract"}};
    for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
    auto done = user.post("/api/v1/sign/pdf", body);
    json out = done.body.is_object() ? done.body : json::object();
    out["httpStatus"] = done.status;
    return out;
  }

  ScratchDir dir_;
  std::unique_ptr<SigningLoopback> loop_;
};

TEST_F(SigningServiceTest, RequestMakeImportSignVerifyThenFrozenSealSignsNothing) {
  const std::string code = loop_->make_and_import_seal();
  ASSERT_FALSE(code.empty());
  loop_->grant_all("signer", code);

  // A PDF by keyword and an OFD by position, over the API.
  const Bytes pdf = pdf::testing::make_simple_pdf(1);
  auto signed_pdf =
      loop_->signer().post_raw("/api/v1/sign/pdf?sealCode=" + code + "&keyword=contract",
                               std::string(pdf.begin(), pdf.end()), "application/pdf");
  ASSERT_EQ(signed_pdf.status, 200) << signed_pdf.raw;
  write("signed.pdf", signed_pdf.raw);
  auto ofd = ofd::make_sample_document({{"合同 contract", "第二行 second line"}}, now());
  ASSERT_TRUE(ofd.ok()) << ofd.error().to_string();
  auto signed_ofd = loop_->signer().post(
      "/api/v1/sign/ofd",
      {{"sealCode", code}, {"document", b64(*ofd)}, {"page", 1}, {"x", 60}, {"y", 80}});
  ASSERT_EQ(signed_ofd.status, 200) << signed_ofd.raw;
  write("signed.ofd", signed_ofd.raw);

  // Both verify, the seal's status asked at the platform.
  write("platform-system.pem", loop_->platform().platform().system_certificate().pem());
  for (const char* name : {"signed.pdf", "signed.ofd"}) {
    auto verdict =
        dir_.gmseal(std::string("verify ") + name + " --status-url " + loop_->platform().url() +
                    "/api/v1/status --status-cert platform-system.pem --json");
    EXPECT_EQ(verdict.exit_code, 0) << verdict.output;
    EXPECT_NE(verdict.output.find("online_status"), std::string::npos) << verdict.output;
  }
  // And through the service's own verification endpoint (no login).
  httplib::Client anyone(loop_->url());
  auto verified = anyone.Post("/api/v1/verify", signed_pdf.raw, "application/pdf");
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->status, 200) << verified->body;
  EXPECT_EQ(json::parse(verified->body).value("valid", false), true) << verified->body;

  // Every use is one audit record with the document's SM3 before and after.
  const std::vector<json> uses = audit("sign.pdf");
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses[0]["detail"]["sm3Before"], hex_encode(crypto::sm3(pdf)));
  EXPECT_EQ(uses[0]["detail"]["sm3After"], hex_encode(crypto::sm3(to_bytes(signed_pdf.raw))));
  EXPECT_EQ(uses[0]["detail"]["position"]["keyword"], "contract");
  EXPECT_EQ(audit("sign.ofd").size(), 1u);

  // A machine client (a unit's OA system) signs with an API key bound to the signer; the use is
  // audited with the key's label. A revoked key signs nothing.
  auto key = loop_->admin().post("/api/v1/api-keys", {{"username", "signer"}, {"label", "oa"}});
  ASSERT_EQ(key.status, 201) << key.raw;
  httplib::Client machine(loop_->url());
  const std::string digest_body =
      json({{"sealCode", code}, {"digest", hex_encode(crypto::sm3(to_bytes("oa document")))}})
          .dump();
  auto by_key = machine.Post("/api/v1/sign/digest", {{"X-API-Key", key.body.value("key", "")}},
                             digest_body, "application/json");
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->status, 200) << by_key->body;
  const std::vector<json> digests = audit("sign.digest");
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0]["detail"]["apiClient"], "oa");
  EXPECT_EQ(digests[0]["detail"]["user"], "signer");
  auto revoked = loop_->admin().post("/api/v1/api-keys/" + key.body.value("id", "") + "/revoke",
                                     json::object());
  EXPECT_EQ(revoked.status, 200) << revoked.raw;
  auto after_revoke =
      machine.Post("/api/v1/sign/digest", {{"X-API-Key", key.body.value("key", "")}}, digest_body,
                   "application/json");
  ASSERT_TRUE(after_revoke);
  EXPECT_EQ(after_revoke->status, 401) << after_revoke->body;

  // The platform freezes the seal: within the status cache time signing is refused.
  const json frozen = loop_->platform().run_application(
      {{"kind", "freeze"}, {"sealCode", code}, {"reason", "test freeze"}});
  ASSERT_EQ(frozen.value("status", ""), "ready") << frozen.dump();
  ASSERT_EQ(loop_->platform().platform_status(code), "frozen");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const json refused = sign_pdf(loop_->signer(), code);
  EXPECT_EQ(refused["httpStatus"], 403) << refused.dump();
  EXPECT_EQ(refused.value("code", ""), "signing.seal.not_in_force") << refused.dump();

  // Both services describe themselves: their OpenAPI 3 documents, no login needed.
  for (const std::string& url : {loop_->url(), loop_->platform().url()}) {
    httplib::Client client(url);
    auto doc = client.Get("/api/v1/openapi.json");
    ASSERT_TRUE(doc) << url;
    EXPECT_EQ(doc->status, 200) << url;
    const json openapi = json::parse(doc->body, nullptr, false);
    ASSERT_TRUE(openapi.is_object()) << url;
    EXPECT_EQ(openapi.value("openapi", "").rfind("3.", 0), 0u) << url;
    EXPECT_TRUE(openapi["paths"].contains("/api/v1/session")) << url;
  }
  httplib::Client signing_client(loop_->url());
  auto signing_doc = json::parse(signing_client.Get("/api/v1/openapi.json")->body);
  EXPECT_TRUE(signing_doc["paths"].contains("/api/v1/sign/pdf"));

  // The audit chain of the signing service checks out with the CLI.
  auto chain = dir_.gmseal("audit verify --data " + (dir_.path() / "signing").string());
  EXPECT_EQ(chain.exit_code, 0) << chain.output;
  EXPECT_NE(chain.output.find("intact"), std::string::npos) << chain.output;
}

TEST_F(SigningServiceTest, GrantsRefuseByNameAndTheRefusalIsAudited) {
  const std::string code = loop_->make_and_import_seal();
  ASSERT_FALSE(code.empty());
  const auto grant = [&](const std::string& user, json extra) {
    json body = {{"username", user},
                 {"sealCode", code},
                 {"notBefore", format_iso8601(now() - std::chrono::hours(1))},
                 {"notAfter", format_iso8601(now() + std::chrono::hours(1))},
                 {"kinds", {"pdf"}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
    auto made = loop_->sealadmin().post("/api/v1/grants", body);
    EXPECT_EQ(made.status, 201) << made.raw;
    return made.body.value("id", "");
  };
  // signer: one use in total, PDF only.
  grant("signer", {{"totalLimit", 1}});
  EXPECT_EQ(sign_pdf(loop_->signer(), code)["httpStatus"], 200);
  json again = sign_pdf(loop_->signer(), code);
  EXPECT_EQ(again.value("code", ""), "grant.quota") << again.dump();
  EXPECT_EQ(again["httpStatus"], 403);
  auto digest = loop_->signer().post("/api/v1/sign/digest",
                                     {{"sealCode", code}, {"digest", std::string(64, 'a')}});
  EXPECT_EQ(digest.body.value("code", ""), "grant.kind") << digest.raw;

  // signer2: no grant of this seal (another user's seal).
  EXPECT_EQ(sign_pdf(loop_->signer2(), code).value("code", ""), "grant.none");

  // signer2: a grant whose window has passed.
  grant("signer2", {{"notBefore", format_iso8601(now() - std::chrono::hours(3))},
                    {"notAfter", format_iso8601(now() - std::chrono::hours(2))}});
  EXPECT_EQ(sign_pdf(loop_->signer2(), code).value("code", ""), "grant.expired");

  // signer2: a grant that needs a second person's approval.
  grant("signer2", {{"approvalRequired", true}});
  EXPECT_EQ(sign_pdf(loop_->signer2(), code).value("code", ""), "grant.approval_required");
  auto asked = loop_->signer2().post("/api/v1/approvals",
                                     {{"sealCode", code}, {"kind", "pdf"}, {"reason", "contract"}});
  ASSERT_EQ(asked.status, 201) << asked.raw;
  const std::string approval = asked.body["id"];
  // The approver lists the uses waiting (pending by default); a signer sees only their own.
  const auto listed = [&](ApiUser& user, const std::string& query) {
    std::vector<std::string> ids;
    auto answer = user.get("/api/v1/approvals" + query);
    EXPECT_EQ(answer.status, 200) << answer.raw;
    for (const json& a : answer.body["approvals"]) ids.push_back(a.value("id", ""));
    return ids;
  };
  const std::vector<std::string> just_this = {approval};
  EXPECT_EQ(listed(loop_->sealadmin(), ""), just_this);
  EXPECT_EQ(listed(loop_->signer2(), ""), just_this);
  EXPECT_TRUE(listed(loop_->signer(), "").empty());
  auto pending = loop_->sealadmin().get("/api/v1/approvals");
  EXPECT_EQ(pending.body["approvals"][0]["username"], "signer2") << pending.raw;
  EXPECT_EQ(pending.body["approvals"][0]["status"], "pending") << pending.raw;
  EXPECT_EQ(loop_->sealadmin().get("/api/v1/approvals?status=done").body.value("code", ""),
            "invalid_field");
  EXPECT_EQ(loop_->admin().get("/api/v1/approvals").status, 403);
  auto approved =
      loop_->sealadmin().post("/api/v1/approvals/" + approval + "/approve", json::object());
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_TRUE(listed(loop_->sealadmin(), "").empty()) << "no longer pending";
  EXPECT_EQ(listed(loop_->sealadmin(), "?status=approved"), just_this);
  EXPECT_EQ(sign_pdf(loop_->signer2(), code, {{"approvalId", approval}})["httpStatus"], 200);
  // The approval was good for one use.
  EXPECT_EQ(sign_pdf(loop_->signer2(), code, {{"approvalId", approval}}).value("code", ""),
            "grant.approval_required");
  EXPECT_EQ(listed(loop_->auditor(), "?status=used"), just_this);
  EXPECT_EQ(listed(loop_->auditor(), "?status=all"), just_this);

  // Every refusal is in the audit log with its rule.
  std::multiset<std::string> refusals;
  for (const json& r : audit("sign.refused")) refusals.insert(r["detail"]["result"]);
  for (const char* rule :
       {"grant.quota", "grant.kind", "grant.none", "grant.expired", "grant.approval_required"}) {
    EXPECT_GE(refusals.count(rule), 1u) << rule;
  }
  EXPECT_EQ(audit("sign.pdf").size(), 2u);
}

TEST_F(SigningServiceTest, BadInputGetsANamed4xxAndStoresNothing) {
  PlatformLoopback& platform = loop_->platform();
  const auto applications = [&] {
    return platform.get("/api/v1/applications", platform.operator_token())
        .second["applications"]
        .size();
  };
  // Fields that break a validate.* rule: invalid_field, the request's field and the rule by
  // its code (issue 12), and no request stored.
  const long long requests = count("seal_requests");
  const auto seal_request = [&](const std::string& uscc, const std::string& name,
                                const std::string& category) {
    return loop_->sealadmin().post("/api/v1/seal-requests",
                                   {{"unit", {{"uscc", uscc}, {"name", "长沙某某科技有限公司"}}},
                                    {"seal", {{"name", name}, {"category", category}}}});
  };
  std::string bad_check = valid_uscc();
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  const struct {
    HttpAnswer answer;
    const char* field;
    const char* rule;
  } rules[] = {
      {seal_request(bad_check, "合同专用章", "04"), "unit.uscc", "validate.uscc.check_character"},
      {seal_request("9143", "合同专用章", "04"), "unit.uscc", "validate.uscc.length"},
      {seal_request(valid_uscc(), "", "04"), "seal.name", "validate.seal_name.empty"},
      {seal_request(valid_uscc(), "合同专用章", "99"), "seal.category",
       "validate.seal_category.unknown"},
  };
  for (const auto& r : rules) {
    EXPECT_EQ(r.answer.status, 400) << r.answer.raw;
    EXPECT_EQ(r.answer.body.value("code", ""), "invalid_field") << r.answer.raw;
    EXPECT_EQ(r.answer.body.value("field", ""), r.field) << r.answer.raw;
    EXPECT_EQ(r.answer.body.value("rule", ""), r.rule) << r.answer.raw;
  }
  EXPECT_EQ(count("seal_requests"), requests);

  const json request = loop_->request_seal();
  const std::string package = request.value("package", "");
  ASSERT_FALSE(package.empty());

  // One byte flipped in the package.
  Bytes der = *base64_decode(package);
  der[der.size() / 2] ^= 0x01;
  auto tampered = platform.post("/api/v1/applications", platform.operator_token(),
                                SigningLoopback::application_with(b64(der)));
  EXPECT_EQ(tampered.first, 400) << tampered.second.dump();
  EXPECT_EQ(tampered.second.value("field", ""), "seal.requestPackage") << tampered.second.dump();
  EXPECT_EQ(tampered.second.value("rule", "").rfind("protocol.request_package.", 0), 0u)
      << tampered.second.dump();
  // A package for another unit than the application's.
  auto other_unit =
      platform.post("/api/v1/applications", platform.operator_token(),
                    SigningLoopback::application_with(package, valid_uscc("91430100MA4L00002")));
  EXPECT_EQ(other_unit.first, 400) << other_unit.second.dump();
  EXPECT_EQ(other_unit.second.value("field", ""), "seal.requestPackage");
  EXPECT_EQ(other_unit.second.value("rule", ""), "protocol.request_package.uscc_mismatch")
      << other_unit.second.dump();
  EXPECT_EQ(applications(), 0u);

  // Filed once it is accepted; filed again (a replay) it is refused.
  auto first = platform.post("/api/v1/applications", platform.operator_token(),
                             SigningLoopback::application_with(package));
  EXPECT_EQ(first.first, 201) << first.second.dump();
  auto replay = platform.post("/api/v1/applications", platform.operator_token(),
                              SigningLoopback::application_with(package));
  EXPECT_EQ(replay.first, 400) << replay.second.dump();
  EXPECT_EQ(replay.second.value("rule", ""), "protocol.request_package.replayed")
      << replay.second.dump();
  EXPECT_EQ(applications(), 1u);

  // A seal whose certificate is for another key: one the platform made with its own key.
  const json own = platform.run_application(sample_new_application());
  ASSERT_EQ(own.value("status", ""), "ready") << own.dump();
  auto esl = platform.client().Get(
      ("/api/v1/seals/" + own["sealCode"].get<std::string>() + "/download").c_str(),
      httplib::Headers{{"Authorization", "Bearer " + platform.operator_token()}});
  ASSERT_TRUE(esl && esl->status == 200);
  const long long seals = count("seals");
  auto foreign =
      loop_->sealadmin().post_raw("/api/v1/seals/import", esl->body, "application/octet-stream");
  EXPECT_EQ(foreign.status, 422) << foreign.raw;
  EXPECT_EQ(foreign.body.value("code", ""), "signing.import.bad_key") << foreign.raw;
  auto garbage =
      loop_->sealadmin().post_raw("/api/v1/seals/import", "not a seal", "application/octet-stream");
  EXPECT_EQ(garbage.status, 400) << garbage.raw;
  EXPECT_EQ(garbage.body.value("code", ""), "signing.import.bad_seal");
  EXPECT_EQ(count("seals"), seals);

  // A non-PDF body and an oversized body, against a usable seal.
  const std::string code = loop_->make_and_import_seal();
  ASSERT_FALSE(code.empty());
  loop_->grant_all("signer", code);
  const long long uses = count("uses");
  auto not_pdf = loop_->signer().post_raw("/api/v1/sign/pdf?sealCode=" + code + "&keyword=x",
                                          "GIF89a not a pdf", "application/pdf");
  EXPECT_EQ(not_pdf.status, 415) << not_pdf.raw;
  EXPECT_EQ(not_pdf.body.value("code", ""), "signing.document.not_pdf");
  // A document that does not read, and one without the keyword: 422 from the registry, with
  // the core's code.
  std::string broken = "%PDF-1.7\n" + std::string(200, 'x');
  auto unreadable = loop_->signer().post_raw("/api/v1/sign/pdf?sealCode=" + code + "&keyword=x",
                                             broken, "application/pdf");
  EXPECT_EQ(unreadable.status, 422) << unreadable.raw;
  EXPECT_EQ(unreadable.body.value("code", "").rfind("pdf.", 0), 0u) << unreadable.raw;
  const json no_keyword = sign_pdf(loop_->signer(), code, {{"keyword", "nowhere-in-it"}});
  EXPECT_EQ(no_keyword["httpStatus"], 422) << no_keyword.dump();
  EXPECT_EQ(no_keyword.value("code", ""), "pdf.sign.keyword_not_found") << no_keyword.dump();
  auto huge = loop_->signer().post_raw("/api/v1/sign/pdf?sealCode=" + code + "&keyword=x",
                                       std::string(3u << 20, '%'), "application/pdf");
  EXPECT_EQ(huge.status, 413) << huge.raw.substr(0, 200);
  EXPECT_EQ(huge.body.value("code", ""), "request.too_large");
  EXPECT_EQ(count("uses"), uses);
}

// With --tsa every signature carries the TSA's token: a digest's SES_Signature, and the PDF's
// signature, whose timestamp `gmseal verify` checks against the TSA's root.
TEST(SigningServiceTsaTest, EverySignatureCarriesATimestampToken) {
  ScratchDir dir;
  auto demo_tsa = tsa::open_demo_authority(dir.path() / "tsa", {});
  ASSERT_TRUE(demo_tsa.ok()) << demo_tsa.error().to_string();
  tsa::TsaServer tsa_server(demo_tsa->authority, 2);
  auto tsa_port = tsa_server.start("127.0.0.1", 0);
  ASSERT_TRUE(tsa_port.ok()) << tsa_port.error().to_string();
  const std::string tsa_url = "http://127.0.0.1:" + std::to_string(*tsa_port) + "/tsa";
  SigningLoopback loop(dir.path(), [&](signing::SigningConfig& c) { c.tsa_url = tsa_url; });
  ASSERT_TRUE(loop.ok()) << loop.error();
  const std::string code = loop.make_and_import_seal();
  ASSERT_FALSE(code.empty());
  loop.grant_all("signer", code);

  auto digest = loop.signer().post(
      "/api/v1/sign/digest",
      {{"sealCode", code}, {"digest", hex_encode(crypto::sm3(to_bytes("contract")))}});
  ASSERT_EQ(digest.status, 200) << digest.raw;
  auto der = base64_decode(digest.body.value("signature", ""));
  ASSERT_TRUE(der.ok());
  auto signature = ses::Signature::parse(*der);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  EXPECT_TRUE(signature->timestamp().has_value());

  const Bytes pdf = pdf::testing::make_simple_pdf(1);
  auto signed_pdf =
      loop.signer().post_raw("/api/v1/sign/pdf?sealCode=" + code + "&keyword=contract",
                             std::string(pdf.begin(), pdf.end()), "application/pdf");
  ASSERT_EQ(signed_pdf.status, 200) << signed_pdf.raw.substr(0, 500);
  std::ofstream(dir.path() / "signed.pdf", std::ios::binary) << signed_pdf.raw;
  auto verdict = dir.gmseal("verify signed.pdf --json --trust " + demo_tsa->root_pem.string());
  const json report = json::parse(verdict.output, nullptr, false);
  ASSERT_TRUE(report.is_object()) << verdict.output;
  ASSERT_EQ(report["signatures"].size(), 1u) << verdict.output;
  const json& sig = report["signatures"][0];
  EXPECT_EQ(sig["signedAt"].value("source", ""), "tsa") << verdict.output;
  bool timestamp_passed = false;
  for (const json& check : sig["checks"]) {
    if (check.value("name", "") == "timestamp") timestamp_passed = check["result"] == "pass";
  }
  EXPECT_TRUE(timestamp_passed) << verdict.output;

  // A TSA that does not answer: the signature is refused, not made without its token.
  tsa_server.stop();
  auto refused = loop.signer().post(
      "/api/v1/sign/digest",
      {{"sealCode", code}, {"digest", hex_encode(crypto::sm3(to_bytes("again")))}});
  EXPECT_GE(refused.status, 500) << refused.raw;
  EXPECT_EQ(refused.body.value("code", "").rfind("tsa.", 0), 0u) << refused.raw;
}

}  // namespace
}  // namespace gmseal::testing
