// The platform's HTTP API over loopback: authentication, roles, applications and their
// validation, review, audit. (Making through the province is in the end-to-end test.)
#include <gtest/gtest.h>
#include <httplib.h>

#include "crypto/certificate.h"
#include "crypto/sm2.h"
#include "protocol/canonical_json.h"
#include "sample_application.h"
#include "server/api/routes.h"
#include "server_test_support.h"
#include "service/audit/audit_log.h"
#include "validate/seal_image.h"

namespace gmseal::server {
namespace {

using nlohmann::json;
using testing::Engine;

class ApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    PlatformConfig config;
    config.data_dir = dir_.path() / "data";
    config.db_url = testing::fresh_database_url(GetParam(), dir_.path());
    config.admin_user = "root";
    config.admin_password = "root password 1";
    config.run_worker = false;
    auto platform = Platform::open(config, nullptr);
    ASSERT_TRUE(platform.ok()) << platform.error().to_string();
    platform_ = std::move(*platform);
    api_ = std::make_unique<ApiServer>(platform_->users(), 4);
    add_all_routes(*api_, *platform_);
    ASSERT_TRUE(api_->start("127.0.0.1", 0).ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", api_->port());
    client_->set_tcp_nodelay(true);
    admin_ = login("root", "root password 1");
    ASSERT_FALSE(admin_.empty());
    for (const auto& [name, role] :
         {std::pair{"olga", "operator"}, {"rita", "reviewer"}, {"aldo", "auditor"}}) {
      auto r = post("/api/v1/users", admin_,
                    {{"username", name},
                     {"password", "password for " + std::string(name)},
                     {"roles", {role}}});
      ASSERT_EQ(r.first, 201) << r.second.dump();
    }
    operator_ = login("olga", "password for olga");
    reviewer_ = login("rita", "password for rita");
    auditor_ = login("aldo", "password for aldo");
  }
  void TearDown() override {
    if (api_) api_->stop();
  }

  std::string login(const std::string& user, const std::string& password) {
    auto r = post("/api/v1/session", "", {{"username", user}, {"password", password}});
    return r.first == 200 ? r.second.value("token", "") : "";
  }
  httplib::Headers auth(const std::string& token) {
    return token.empty() ? httplib::Headers{}
                         : httplib::Headers{{"Authorization", "Bearer " + token}};
  }
  std::pair<int, json> post(const std::string& path, const std::string& token, const json& body) {
    auto res = client_->Post(path.c_str(), auth(token), body.dump(), "application/json");
    if (!res) return {-1, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  std::pair<int, json> get(const std::string& path, const std::string& token) {
    auto res = client_->Get(path.c_str(), auth(token));
    if (!res) return {-1, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  long long application_count() {
    long long n = 0;
    EXPECT_TRUE(platform_->db()
                    .transact([&](soci::session& sql) -> Status {
                      int count = 0;
                      sql << "SELECT COUNT(*) FROM applications", soci::into(count);
                      n = count;
                      return {};
                    })
                    .ok());
    return n;
  }

  testing::ScratchDir dir_;
  std::unique_ptr<Platform> platform_;
  std::unique_ptr<ApiServer> api_;
  std::unique_ptr<httplib::Client> client_;
  std::string admin_, operator_, reviewer_, auditor_;
};

TEST_P(ApiTest, HealthAndMetricsArePublic) {
  EXPECT_EQ(get("/healthz", "").first, 200);
  auto res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("gmseal_http_requests_total"), std::string::npos);
}

TEST_P(ApiTest, EveryOtherEndpointNeedsATokenAndARole) {
  EXPECT_EQ(get("/api/v1/applications", "").first, 401);
  EXPECT_EQ(get("/api/v1/applications", "not-a-token").first, 401);
  EXPECT_EQ(post("/api/v1/session", "", {{"username", "root"}, {"password", "wrong"}}).first, 401);
  EXPECT_EQ(post("/api/v1/users", operator_,
                 {{"username", "x"}, {"password", "long password"}, {"roles", {"admin"}}})
                .first,
            403);
  EXPECT_EQ(post("/api/v1/applications", reviewer_, testing::sample_new_application()).first, 403);
  EXPECT_EQ(get("/api/v1/audit", operator_).first, 403);
  EXPECT_EQ(get("/api/v1/audit", auditor_).first, 200);
}

TEST_P(ApiTest, NewApplicationIsReviewedWithFourEyes) {
  auto submitted = post("/api/v1/applications", operator_, testing::sample_new_application());
  ASSERT_EQ(submitted.first, 201) << submitted.second.dump();
  const std::string id = submitted.second["id"];
  EXPECT_EQ(submitted.second["status"], "submitted");
  auto fetched = get("/api/v1/applications/" + id, auditor_);
  ASSERT_EQ(fetched.first, 200);
  EXPECT_EQ(fetched.second["kind"], "new");
  EXPECT_EQ(fetched.second["history"].size(), 1u);
  // The image the JSON abbreviates is served as the PNG submitted.
  auto image = client_->Get(("/api/v1/applications/" + id + "/image").c_str(), auth(reviewer_));
  ASSERT_TRUE(image);
  EXPECT_EQ(image->status, 200);
  EXPECT_EQ(image->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(image->body.substr(1, 3), "PNG");

  auto approved = post("/api/v1/applications/" + id + "/approve", reviewer_, json::object());
  ASSERT_EQ(approved.first, 200) << approved.second.dump();
  EXPECT_EQ(approved.second["status"], "making");
  const std::string code = approved.second["sealCode"];
  EXPECT_EQ(code.substr(0, 10), "GMSL430102");
  EXPECT_EQ(code.size(), 18u);
  // Reserved, not yet published.
  auto seal = get("/api/v1/seals/" + code, operator_);
  ASSERT_EQ(seal.first, 200);
  EXPECT_EQ(seal.second["status"], "pending");
  EXPECT_EQ(get("/api/v1/status/" + code, "").first, 404);
  // Approving twice is refused.
  EXPECT_EQ(post("/api/v1/applications/" + id + "/approve", reviewer_, json::object()).first, 409);
  auto verdict = get("/api/v1/audit/verify", auditor_);
  EXPECT_EQ(verdict.second["intact"], true);
}

TEST_P(ApiTest, RejectNeedsAReason) {
  auto submitted = post("/api/v1/applications", operator_, testing::sample_new_application());
  const std::string id = submitted.second["id"];
  EXPECT_EQ(post("/api/v1/applications/" + id + "/reject", reviewer_, json::object()).first, 400);
  auto rejected =
      post("/api/v1/applications/" + id + "/reject", reviewer_, {{"reason", "材料不全"}});
  ASSERT_EQ(rejected.first, 200);
  EXPECT_EQ(rejected.second["status"], "rejected");
  EXPECT_EQ(rejected.second["reason"], "材料不全");
}

// Each field wrong in turn: 400, the field named, nothing stored.
TEST_P(ApiTest, BadFieldsAreRejectedByName) {
  struct Case {
    std::string field;
    std::string rule;  // the validate.* code named beside field; empty for plain shape errors
    std::function<void(json&)> spoil;
  };
  const std::vector<Case> cases = {
      {"unit.uscc", "validate.uscc.check_character",
       [](json& a) {
         std::string u = a["unit"]["uscc"];
         u.back() = u.back() == '0' ? '1' : '0';
         a["unit"]["uscc"] = u;
       }},
      {"legalRep.idNumber", "validate.id_number.check_character",
       [](json& a) { a["legalRep"]["idNumber"] = "430102198503151230"; }},
      {"agent.idNumber", "validate.id_number.length",
       [](json& a) { a["agent"]["idNumber"] = "12345"; }},
      {"unit.regionCode", "validate.region.unknown",
       [](json& a) { a["unit"]["regionCode"] = "439999"; }},
      {"approver.regionCode", "validate.region.format",
       [](json& a) { a["approver"]["regionCode"] = "99"; }},
      {"legalRep.mobile", "validate.mobile.format",
       [](json& a) { a["legalRep"]["mobile"] = "1380013800"; }},
      {"agent.mobile", "validate.mobile.format",
       [](json& a) { a["agent"]["mobile"] = "23800138000"; }},
      {"seal.imagePng", "validate.image.not_png",
       [](json& a) { a["seal"]["imagePng"] = base64_encode(to_bytes("GIF89a not a png")); }},
      {"seal.imagePng", "validate.image.dpi",
       [](json& a) { a["seal"]["imagePng"] = base64_encode(testing::sample_seal_png(472, 300)); }},
      {"seal.imagePng", "validate.image.colours",
       [](json& a) {
         // 3 colours.
         const std::vector<std::uint8_t> palette = {0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 255};
         std::vector<std::uint8_t> px(64 * 64);
         for (std::size_t i = 0; i < px.size(); ++i) px[i] = static_cast<std::uint8_t>(i % 3);
         a["seal"]["imagePng"] =
             base64_encode(*validate::encode_palette_png(64, 64, palette, px, 600));
       }},
      {"seal.imagePng", "validate.image.too_large",
       [](json& a) {
         // Noise that cannot compress below 25 KB.
         const std::vector<std::uint8_t> palette = {0, 0, 0, 0, 255, 0, 0, 255};
         std::vector<std::uint8_t> px(1200 * 1200);
         std::uint32_t x = 12345;
         for (auto& p : px) {
           x = x * 1103515245 + 12345;
           p = (x >> 16) & 1;
         }
         a["seal"]["imagePng"] =
             base64_encode(*validate::encode_palette_png(1200, 1200, palette, px, 600));
       }},
      {"seal.validTo", "validate.time.order",
       [](json& a) { a["seal"]["validTo"] = "2025-01-01 00:00:00"; }},
      {"seal.validFrom", "validate.time.format",
       [](json& a) { a["seal"]["validFrom"] = "2026/01/01"; }},
      {"seal.category", "validate.seal_category.unknown",
       [](json& a) { a["seal"]["category"] = "07"; }},
      {"seal.carrier", "", [](json& a) { a["seal"]["carrier"] = "floppy"; }},
      {"seal.widthMm", "validate.seal_size.range", [](json& a) { a["seal"]["widthMm"] = 500; }},
      {"unit.unitType", "", [](json& a) { a["unit"]["unitType"] = "club"; }},
      {"unit.name", "", [](json& a) { a["unit"].erase("name"); }},
      {"agent", "", [](json& a) { a.erase("agent"); }},
  };
  const long long before = application_count();
  for (const Case& c : cases) {
    json body = testing::sample_new_application();
    c.spoil(body);
    auto r = post("/api/v1/applications", operator_, body);
    EXPECT_EQ(r.first, 400) << c.field << ": " << r.second.dump();
    EXPECT_EQ(r.second["code"], "invalid_field") << c.field;
    EXPECT_EQ(r.second["field"], c.field) << r.second.dump();
    if (c.rule.empty()) {
      EXPECT_FALSE(r.second.contains("rule")) << r.second.dump();
    } else {
      EXPECT_EQ(r.second.value("rule", ""), c.rule) << c.field << ": " << r.second.dump();
    }
  }
  EXPECT_EQ(application_count(), before);
}

TEST_P(ApiTest, LifecycleNeedsAnExistingSealInTheRightState) {
  auto r = post("/api/v1/applications", operator_,
                {{"kind", "cancel"}, {"sealCode", "GMSL43010212345678"}, {"reason", "x"}});
  EXPECT_EQ(r.first, 404) << r.second.dump();
  r = post("/api/v1/applications", operator_, {{"kind", "freeze"}, {"sealCode", "bad"}});
  EXPECT_EQ(r.first, 400);
  EXPECT_EQ(r.second["field"], "sealCode");
  r = post("/api/v1/applications", operator_, {{"kind", "teleport"}});
  EXPECT_EQ(r.first, 400);
  EXPECT_EQ(r.second["field"], "kind");
}

// The public status answer states the stored status at every query, even when this node signed
// the previous answer a moment ago; only the signature of an unchanged statement is reused.
TEST_P(ApiTest, StatusAnswerFollowsEveryChangeAndReusesOnlyAnUnchangedSignature) {
  auto submitted = post("/api/v1/applications", operator_, testing::sample_new_application());
  ASSERT_EQ(submitted.first, 201) << submitted.second.dump();
  auto approved = post("/api/v1/applications/" + std::string(submitted.second["id"]) + "/approve",
                       reviewer_, json::object());
  ASSERT_EQ(approved.first, 200) << approved.second.dump();
  const std::string code = approved.second["sealCode"];
  // The province's part (making, download) is the end-to-end test's; here the registry is
  // changed directly, as the worker or another node sharing the database would.
  auto set_status = [&](SealStatus to) {
    ASSERT_TRUE(platform_->db()
                    .transact([&](soci::session& sql) {
                      return set_seal_status(sql, code, to, "test", "test", "");
                    })
                    .ok());
  };
  auto verifies = [](const json& answer) {
    const json statement = {{"code", answer["code"]},
                            {"status", answer["status"]},
                            {"since", answer["since"]},
                            {"signedAt", answer["signedAt"]}};
    auto cert =
        crypto::Certificate::from_der(*base64_decode(answer["signerCert"].get<std::string>()));
    return cert.ok() &&
           crypto::sm2_verify(*cert->public_key(), to_bytes(protocol::canonical_json(statement)),
                              *base64_decode(answer["signature"].get<std::string>()))
               .ok();
  };
  set_status(SealStatus::kValid);
  auto first = get("/api/v1/status/" + code, "");
  ASSERT_EQ(first.first, 200) << first.second.dump();
  EXPECT_EQ(first.second["status"], "valid");
  EXPECT_TRUE(verifies(first.second));
  auto again = get("/api/v1/status/" + code, "");
  EXPECT_EQ(again.second, first.second);  // signed well under a second ago: the same answer

  set_status(SealStatus::kFrozen);
  auto frozen = get("/api/v1/status/" + code, "");
  ASSERT_EQ(frozen.first, 200);
  EXPECT_EQ(frozen.second["status"], "frozen");
  EXPECT_NE(frozen.second["signature"], first.second["signature"]);
  EXPECT_TRUE(verifies(frozen.second));
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::engine_name);

}  // namespace
}  // namespace gmseal::server
