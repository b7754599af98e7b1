// UKey seals end to end over loopback: the platform's issuing station personalises a soft UKey
// at approval (key generated on the token), the province makes the seal, the operator's
// `gmseal client deliver-seal` writes it onto the token, the unit signs an OFD with the token
// and `gmseal verify` accepts it; a locked user PIN is unblocked through unlock applications.
#include <gtest/gtest.h>

#include "../server/sample_application.h"
#include "crypto/sm3.h"
#include "ofd/sample_document.h"
#include "platform_loopback.h"
#include "service/audit/audit_log.h"
#include "util/file_io.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

json ukey_application() {
  json body = sample_new_application();
  body["seal"]["carrier"] = "ukey";
  return body;
}

class UkeyDeliveryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    server::PlatformConfig config;
    config.ukey_station.library = GMSEAL_SKF_LIBRARY;
    config.ukey_station.soft_root = station_root();
    loop_ = std::make_unique<PlatformLoopback>(dir_.path(), GetParam(), config);
    ASSERT_TRUE(loop_->ok()) << loop_->error();
    ASSERT_TRUE(write_file_atomic(path("province-root.pem"), loop_->province_root_pem()).ok());
    ASSERT_TRUE(
        write_file_atomic(path("platform-ca.pem"), loop_->platform().ca_certificate().pem()).ok());
    auto document = ofd::make_sample_document({{"合同", "以 UKey 签章"}}, now());
    ASSERT_TRUE(document.ok()) << document.error().to_string();
    ASSERT_TRUE(write_file_atomic(path("contract.ofd"), ByteView(*document)).ok());
    fs::create_directories(unit_root());
  }

  std::string path(const std::string& name) const { return (dir_.path() / name).string(); }
  fs::path station_root() const { return dir_.path() / "station"; }
  // The unit's machine: where the handed-over soft UKeys are plugged in.
  fs::path unit_root() const { return dir_.path() / "unit"; }

  // gmseal on the unit's machine (the operator's password in OLGA_PASSWORD).
  CommandResult gmseal(const std::string& arguments, const std::string& extra_env = "") const {
    return dir_.run("GMSEAL_SKF_ROOT=" + quote(unit_root().string()) +
                    " OLGA_PASSWORD=" + quote(kOperatorPassword) + " " + extra_env + " " +
                    quote(GMSEAL_BINARY) + " " + arguments);
  }
  CommandResult expect_ok(const std::string& arguments, const std::string& extra_env = "") const {
    CommandResult result = gmseal(arguments, extra_env);
    EXPECT_EQ(result.exit_code, 0) << arguments << "\n" << result.output;
    return result;
  }
  static std::string token(const std::string& device, const std::string& extra = "") {
    return quote(std::string("skf:lib=") + GMSEAL_SKF_LIBRARY + ";dev=" + device + extra);
  }
  std::string login() const {
    return "--server " + loop_->url() + " --user olga --password-env OLGA_PASSWORD";
  }

  struct MadeSeal {
    std::string application, code, serial, device;
  };
  // A UKey seal approved, made by the province and ready for delivery.
  MadeSeal make_ukey_seal() {
    auto approved = loop_->submit_and_approve(ukey_application());
    EXPECT_EQ(approved.first, 200) << approved.second.dump();
    MadeSeal made{approved.second.value("id", ""), approved.second.value("sealCode", ""), "", ""};
    EXPECT_EQ(loop_->settle(made.application)["status"], "ready");
    const json seal = loop_->get("/api/v1/seals/" + made.code, loop_->operator_token()).second;
    EXPECT_EQ(seal["status"], "valid") << seal.dump();
    made.serial = seal["ukey"].value("serial", "");
    made.device = seal["ukey"].value("device", "");
    EXPECT_EQ(seal["ukey"]["container"], made.code);
    return made;
  }
  // The personalised token leaves the station for the unit's machine.
  void hand_over(const MadeSeal& seal) {
    fs::rename(station_root() / seal.device, unit_root() / seal.device);
  }
  CommandResult deliver(const MadeSeal& seal, const std::string& extra = "") {
    return gmseal("client deliver-seal " + login() + " --seal " + seal.code + " --token " +
                  token(seal.device) + " --trust province-root.pem " + extra);
  }
  // Reads the seal off the token, seals the contract with the token's key and verifies it.
  void sign_and_verify(const MadeSeal& seal, const std::string& pin_file,
                       const std::string& output) {
    expect_ok("token read-seal --token " + token(seal.device) + " --id " + seal.code +
              " --out from-ukey.esl");
    expect_ok("sign ofd --in contract.ofd --out " + output + " --seal from-ukey.esl --token " +
              token(seal.device, ";con=" + seal.code + ";pin-file=" + path(pin_file)) +
              " --page 1 --x 40 --y 40");
    const CommandResult verified =
        expect_ok("verify " + output + " --trust province-root.pem --trust platform-ca.pem");
    EXPECT_NE(verified.output.find("VALID, trusted"), std::string::npos) << verified.output;
  }
  // Wrong user PINs until the token locks the PIN.
  void lock_user_pin(const MadeSeal& seal) {
    for (int attempt = 0; attempt < 6; ++attempt) {
      EXPECT_NE(gmseal("token change-pin --token " + token(seal.device, ";pin=wrong-pin-0") +
                       " --new-pin 99999999")
                    .exit_code,
                0);
    }
    const CommandResult info = expect_ok("token info --token " + token(seal.device));
    EXPECT_NE(info.output.find("user PIN:     0 of 6 tries left (LOCKED)"), std::string::npos)
        << info.output;
    const CommandResult refused =
        gmseal("sign ofd --in contract.ofd --out locked.ofd --seal from-ukey.esl --token " +
               token(seal.device, ";con=" + seal.code + ";pin-file=" + path("user-pin.txt")) +
               " --page 1 --x 40 --y 40");
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.output.find("keys.skf.pin_locked"), std::string::npos) << refused.output;
  }
  std::string approved_unlock(const MadeSeal& seal) {
    auto approved = loop_->submit_and_approve(
        {{"kind", "unlock"}, {"sealCode", seal.code}, {"reason", "用户 PIN 锁死"}});
    EXPECT_EQ(approved.first, 200) << approved.second.dump();
    EXPECT_EQ(approved.second["status"], "ready");
    return approved.second.value("id", "");
  }

  ScratchDir dir_;
  std::unique_ptr<PlatformLoopback> loop_;
};

TEST_P(UkeyDeliveryTest, IssuesDeliversSignsAndUnlocks) {
  const MadeSeal seal = make_ukey_seal();
  ASSERT_FALSE(seal.serial.empty());
  // The key was made on the token: the station has the device, the key store has no key.
  EXPECT_TRUE(fs::is_directory(station_root() / seal.device));
  EXPECT_FALSE(fs::exists(dir_.path() / "platform" / "keys" / ("seal-" + seal.code + ".key.pem")));
  hand_over(seal);

  const CommandResult delivered = deliver(seal, "--user-pin-out user-pin.txt");
  ASSERT_EQ(delivered.exit_code, 0) << delivered.output;
  EXPECT_NE(delivered.output.find("written to UKey " + seal.serial), std::string::npos)
      << delivered.output;
  EXPECT_EQ(read_text_file(path("user-pin.txt"))->size(), 9u);  // 8 digits and a newline
  EXPECT_EQ(fs::status(path("user-pin.txt")).permissions() & fs::perms::others_read,
            fs::perms::none);
  EXPECT_EQ(loop_->get("/api/v1/applications/" + seal.application, loop_->operator_token())
                .second["status"],
            "delivered");
  const CommandResult listed = expect_ok("token seals --token " + token(seal.device));
  EXPECT_EQ(listed.output, seal.code + "\n");
  // The seal on the token is the one the platform made, byte for byte.
  expect_ok("token read-seal --token " + token(seal.device) + " --id " + seal.code +
            " --out check.esl");
  auto made = loop_->platform().seals().seal(seal.code);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(*read_file(path("check.esl")), *base64_decode(made->seal_der_base64));

  sign_and_verify(seal, "user-pin.txt", "signed.ofd");

  // Delivered: the PINs are no longer released for delivery.
  auto late = loop_->post("/api/v1/seals/" + seal.code + "/ukey-delivery", loop_->operator_token(),
                          {{"serial", seal.serial}});
  EXPECT_EQ(late.first, 409) << late.second.dump();

  // Unlock 1: the released admin PIN with `gmseal token unblock-pin`.
  lock_user_pin(seal);
  const std::string first_unlock = approved_unlock(seal);
  auto released = loop_->post("/api/v1/applications/" + first_unlock + "/unlock-pin",
                              loop_->operator_token(), json::object());
  ASSERT_EQ(released.first, 200) << released.second.dump();
  EXPECT_EQ(released.second["serial"], seal.serial);
  ASSERT_TRUE(write_file_atomic(path("new-pin.txt"), std::string_view("24681357\n")).ok());
  expect_ok("token unblock-pin --token " + token(seal.device) +
                " --admin-pin-env ADMIN_PIN --new-pin-file new-pin.txt",
            "ADMIN_PIN=" + quote(released.second.value("adminPin", "")));
  sign_and_verify(seal, "new-pin.txt", "signed-after-unlock.ofd");
  // Released once: the application is delivered.
  EXPECT_EQ(loop_
                ->post("/api/v1/applications/" + first_unlock + "/unlock-pin",
                       loop_->operator_token(), json::object())
                .first,
            409);

  // Unlock 2: `gmseal client unblock-ukey` unblocks without showing the admin PIN.
  ASSERT_TRUE(write_file_atomic(path("user-pin.txt"), std::string_view("24681357\n")).ok());
  lock_user_pin(seal);
  const std::string second_unlock = approved_unlock(seal);
  ASSERT_TRUE(write_file_atomic(path("third-pin.txt"), std::string_view("13572468\n")).ok());
  const CommandResult unblocked = expect_ok(
      "client unblock-ukey " + login() + " --application " + second_unlock + " --token " +
      quote(std::string("skf:lib=") + GMSEAL_SKF_LIBRARY) + " --new-pin-file third-pin.txt");
  EXPECT_EQ(unblocked.output.find(released.second.value("adminPin", "")), std::string::npos);
  sign_and_verify(seal, "third-pin.txt", "signed-after-second-unlock.ofd");

  // Each PIN release is on the record.
  auto audit = read_audit(loop_->platform().db(), 0, 1000);
  ASSERT_TRUE(audit.ok());
  int releases = 0;
  for (const service::AuditRecord& r : *audit) releases += r.action == "ukey.release" ? 1 : 0;
  EXPECT_EQ(releases, 3);
  EXPECT_TRUE(service::verify_audit(loop_->platform().db())->intact);
}

TEST_P(UkeyDeliveryTest, RefusesAnotherTokenAndAnotherSerial) {
  const MadeSeal first = make_ukey_seal();
  const MadeSeal second = make_ukey_seal();
  ASSERT_NE(first.serial, second.serial);
  hand_over(first);
  hand_over(second);

  // The second seal's token does not carry the first seal's key.
  const CommandResult wrong = gmseal("client deliver-seal " + login() + " --seal " + first.code +
                                     " --token " + token(second.device));
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.output.find("client.wrong_ukey"), std::string::npos) << wrong.output;
  auto bad_serial = loop_->post("/api/v1/seals/" + first.code + "/ukey-delivery",
                                loop_->operator_token(), {{"serial", second.serial}});
  EXPECT_EQ(bad_serial.first, 400) << bad_serial.second.dump();
  EXPECT_EQ(bad_serial.second["code"], "ukey.bad_serial");
  // Nothing was delivered by the refusals; without `dev` the client finds the right token.
  EXPECT_EQ(loop_->get("/api/v1/applications/" + first.application, loop_->operator_token())
                .second["status"],
            "ready");
  const CommandResult right =
      gmseal("client deliver-seal " + login() + " --seal " + first.code + " --token " +
             quote(std::string("skf:lib=") + GMSEAL_SKF_LIBRARY) + " --trust province-root.pem");
  EXPECT_EQ(right.exit_code, 0) << right.output;
  EXPECT_NE(right.output.find("initial user PIN of UKey " + first.serial + ": "), std::string::npos)
      << right.output;
}

TEST_P(UkeyDeliveryTest, DeliversOntoTheUnitsOwnUkey) {
  // The unit's own token: key generated there, certificate from the unit's CA, PINs its own.
  const std::string own = token("own0", ";con=seal;pin=user-1234");
  expect_ok("token skf init --root " + quote(unit_root().string()) +
            " --device own0 --label own --admin-pin admin-123456 --user-pin user-1234 "
            "--kdf-iterations 1000");
  expect_ok("token gen-key --token " + own);
  expect_ok("token csr --token " + own + " --name 长沙市示例科技有限公司 --out req.pem");
  expect_ok("ca init --dir unit-ca --name 'Unit CA'");
  expect_ok("cert issue --ca unit-ca --profile unit --name 长沙市示例科技有限公司 --id " +
            valid_uscc() + " --csr req.pem --out signer.pem");
  expect_ok("token import-cert --token " + own + " --cert signer.pem");
  json body = ukey_application();
  body["seal"]["signerCertPem"] = *read_text_file(path("signer.pem"));
  auto approved = loop_->submit_and_approve(body);
  ASSERT_EQ(approved.first, 200) << approved.second.dump();
  const std::string code = approved.second.value("sealCode", "");
  ASSERT_EQ(loop_->settle(approved.second.value("id", ""))["status"], "ready");
  EXPECT_FALSE(
      loop_->get("/api/v1/seals/" + code, loop_->operator_token()).second.contains("ukey"));
  // The platform holds no admin PIN for it: no release, no unlock application.
  EXPECT_EQ(loop_
                ->post("/api/v1/seals/" + code + "/ukey-delivery", loop_->operator_token(),
                       {{"serial", "x"}})
                .first,
            404);
  EXPECT_EQ(loop_
                ->post("/api/v1/applications", loop_->operator_token(),
                       {{"kind", "unlock"}, {"sealCode", code}, {"reason", "x"}})
                .first,
            409);

  const CommandResult delivered = gmseal(
      "client deliver-seal " + login() + " --seal " + code + " --token " +
          token("own0", ";con=seal") + " --admin-pin-env UNIT_ADMIN_PIN --trust province-root.pem",
      "UNIT_ADMIN_PIN=admin-123456");
  ASSERT_EQ(delivered.exit_code, 0) << delivered.output;
  EXPECT_EQ(delivered.output.find("user PIN"), std::string::npos) << delivered.output;
  EXPECT_EQ(expect_ok("token seals --token " + token("own0")).output, code + "\n");
}

TEST_P(UkeyDeliveryTest, TokenOfASealTheProvinceRefusesIsWipedForTheNextSeal) {
  auto approved = loop_->submit_and_approve(ukey_application());
  ASSERT_EQ(approved.first, 200) << approved.second.dump();
  const std::string id = approved.second.value("id", "");
  const std::string code = approved.second.value("sealCode", "");
  const json seal = loop_->get("/api/v1/seals/" + code, loop_->operator_token()).second;
  const std::string device = seal["ukey"].value("device", "");
  ASSERT_FALSE(device.empty()) << seal.dump();
  ASSERT_TRUE(fs::exists(station_root() / device));
  // The province will refuse the making request: it names an organisation not registered.
  ASSERT_TRUE(loop_->platform()
                  .db()
                  .transact([&](soci::session& sql) -> Status {
                    std::string payload;
                    sql << "SELECT payload FROM outbox WHERE kind = 'make' AND seal_code = :c",
                        soci::use(code), soci::into(payload);
                    json p = json::parse(payload);
                    p["data"]["orgCode"] = "NOTREGISTERED";
                    const std::string changed = p.dump();
                    sql << "UPDATE outbox SET payload = :p WHERE kind = 'make' AND seal_code = :c",
                        soci::use(changed), soci::use(code);
                    return {};
                  })
                  .ok());
  const json failed = loop_->settle(id);
  EXPECT_EQ(failed["status"], "failed") << failed.dump();
  EXPECT_EQ(loop_->platform_status(code), "revoked");  // the reserved code is never valid
  EXPECT_FALSE(fs::exists(station_root() / device)) << "the token was not wiped";
  auto audit = service::read_audit(loop_->platform().db(), 0, 10000);
  ASSERT_TRUE(audit.ok());
  bool discarded = false;
  for (const auto& r : *audit)
    discarded |= r.action == "ukey.discarded" && r.object == "seal:" + code;
  EXPECT_TRUE(discarded);
}

TEST_P(UkeyDeliveryTest, WithoutAStationUkeySealsNeedTheUnitsCertificate) {
  ScratchDir other;
  PlatformLoopback plain(other.path(), GetParam());
  ASSERT_TRUE(plain.ok()) << plain.error();
  auto refused = plain.post("/api/v1/applications", plain.operator_token(), ukey_application());
  EXPECT_EQ(refused.first, 503) << refused.second.dump();
  EXPECT_EQ(refused.second["code"], "ukey.station_unavailable");
}

INSTANTIATE_TEST_SUITE_P(Engines, UkeyDeliveryTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), engine_name);

}  // namespace
}  // namespace gmseal::testing
