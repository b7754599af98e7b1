// libgmseal_skf.so through keys::SkfLibrary (real dlopen): the full UKey flows.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "ca/test_ca.h"
#include "crypto/csr.h"
#include "crypto/sm2.h"
#include "keys/skf_library.h"
#include "keys/soft/skf_store.h"
#include "keys/test_support.h"
#include "keys/token_signer.h"
#include "keys/ukey_seals.h"
#include "util/file_io.h"
#include "util/time.h"

namespace gmseal::keys {
namespace {

using testing::kSkfLibrary;
using testing::TempDir;

constexpr const char* kAdminPin = "admin-123456";
constexpr const char* kUserPin = "user-1234";
const Bytes kAuthKey(16, 0x42);

class SkfTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("GMSEAL_SKF_ROOT", root_.path().c_str(), 1);
    soft::SkfDeviceSpec device;
    device.label = "test key";
    device.dev_auth_key = kAuthKey;
    auto store = soft::SkfDeviceStore::create(root_.path(), "ukey0", device);
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    soft::SkfAppSpec app;
    app.admin_pin = kAdminPin;
    app.user_pin = kUserPin;
    app.user_retries = 3;
    app.admin_retries = 5;
    app.kdf_iterations = 1000;  // tests only: fast PIN checks
    ASSERT_TRUE(store->create_application("GMSEAL", app).ok());
    auto library = SkfLibrary::load(kSkfLibrary);
    ASSERT_TRUE(library.ok()) << library.error().to_string();
    library_ = *library;
  }

  SkfApplication open_app() {
    auto device = library_->connect("ukey0");
    EXPECT_TRUE(device.ok());
    auto app = device->open_application("GMSEAL");
    EXPECT_TRUE(app.ok()) << app.error().to_string();
    return std::move(*app);
  }

  // Generates a key in container "seal", has the test CA certify it from a PKCS#10 request
  // signed on the token, and imports the certificate. Returns the certificate.
  crypto::Certificate provision() {
    SkfApplication app = open_app();
    EXPECT_TRUE(app.verify_pin(SkfPinType::kUser, kUserPin).ok());
    EXPECT_TRUE(app.create_container("seal").ok());
    auto con = app.open_container("seal");
    EXPECT_TRUE(con.ok());
    auto key = con->generate_sign_key();
    EXPECT_TRUE(key.ok()) << key.error().to_string();

    auto signer = make_signer(uri());
    EXPECT_TRUE(signer.ok()) << signer.error().to_string();
    crypto::DistinguishedName subject;
    subject.attributes = {{std::string(crypto::kOidCountry), "C", "CN"},
                          {std::string(crypto::kOidCommonName), "CN", "UKey unit"}};
    auto request = crypto::CertificateRequest::create(subject, **signer);
    EXPECT_TRUE(request.ok()) << request.error().to_string();
    auto reparsed = crypto::CertificateRequest::parse(request->der());
    EXPECT_TRUE(reparsed.ok());
    EXPECT_TRUE(reparsed->public_key() == *key);

    auto ca = ca::TestCa::init(root_.path() / "ca", "Token Test CA", 30, "");
    EXPECT_TRUE(ca.ok()) << ca.error().to_string();
    crypto::CertTemplate spec;
    spec.profile = crypto::CertProfile::kUnit;
    spec.name = "UKey unit";
    spec.id_code = "91350100M000100Y43";
    spec.not_before = now() - std::chrono::minutes(5);
    spec.not_after = spec.not_before + std::chrono::days(30);
    auto cert = ca->issue(spec, reparsed->public_key());
    EXPECT_TRUE(cert.ok()) << cert.error().to_string();
    EXPECT_TRUE(con->import_certificate(true, cert->der()).ok());
    return *cert;
  }

  std::string uri(const std::string& pin = kUserPin) const {
    return std::string("skf:lib=") + kSkfLibrary + ";dev=ukey0;app=GMSEAL;con=seal;pin=" + pin;
  }

  TempDir root_;
  std::shared_ptr<SkfLibrary> library_;
};

TEST_F(SkfTokenTest, EnumeratesDevicesApplicationsAndInfo) {
  auto devices = library_->enum_devices();
  ASSERT_TRUE(devices.ok());
  EXPECT_EQ(*devices, std::vector<std::string>{"ukey0"});
  EXPECT_TRUE(library_->missing_functions().empty());
  auto device = library_->connect("ukey0");
  ASSERT_TRUE(device.ok());
  auto info = device->info();
  ASSERT_TRUE(info.ok()) << info.error().to_string();
  EXPECT_EQ(info->label, "test key");
  EXPECT_EQ(info->alg_asym_cap, 0x00020200u);
  EXPECT_GT(info->free_space, 0u);
  EXPECT_LE(info->free_space, info->total_space);
  ASSERT_TRUE(device->set_label("renamed").ok());
  EXPECT_EQ(device->info()->label, "renamed");
  EXPECT_EQ(*device->applications(), std::vector<std::string>{"GMSEAL"});
  auto missing = library_->connect("no-such-device");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "keys.skf.device_removed");
}

TEST_F(SkfTokenTest, FullFlowSignatureVerifiesInGmsealOnDeviceAndOpenssl) {
  const crypto::Certificate cert = provision();
  auto signer = make_signer(uri());
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  const Bytes message = to_bytes("document signed inside the UKey");
  auto signature = (*signer)->sign(message);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  auto cert_key = cert.public_key();
  ASSERT_TRUE(cert_key.ok());
  EXPECT_TRUE(crypto::sm2_verify(*cert_key, message, *signature).ok());
  Bytes tampered = message;
  tampered[0] ^= 1;
  EXPECT_FALSE(crypto::sm2_verify(*cert_key, tampered, *signature).ok());

  // The device's own SM3-with-Z and verify agree with gmseal's.
  auto device = library_->connect("ukey0");
  ASSERT_TRUE(device.ok());
  auto e_device = device->digest_with_id(*cert_key, crypto::kDefaultSm2Id, message);
  ASSERT_TRUE(e_device.ok()) << e_device.error().to_string();
  EXPECT_EQ(*e_device, *crypto::sm2_message_digest(*cert_key, message));
  EXPECT_TRUE(device->verify_digest(*cert_key, *e_device, *signature).ok());
  auto wrong = device->verify_digest(*cert_key, *crypto::sm2_message_digest(*cert_key, tampered),
                                     *signature);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "keys.skf.hash_mismatch");

  // OpenSSL with the ID set, from files.
  const auto dir = root_.path();
  ASSERT_TRUE(write_file_atomic(dir / "msg", ByteView(message)).ok());
  ASSERT_TRUE(write_file_atomic(dir / "sig", ByteView(*signature)).ok());
  ASSERT_TRUE(write_file_atomic(dir / "cert.pem", cert.pem()).ok());
  const std::string verify =
      "openssl x509 -in " + (dir / "cert.pem").string() + " -pubkey -noout > " +
      (dir / "pub.pem").string() + " && openssl pkeyutl -verify -pubin -inkey " +
      (dir / "pub.pem").string() + " -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in " +
      (dir / "msg").string() + " -sigfile " + (dir / "sig").string();
  const auto ok = testing::run_command(verify);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("Signature Verified Successfully"), std::string::npos) << ok.output;
  ASSERT_TRUE(write_file_atomic(dir / "msg", ByteView(tampered)).ok());
  EXPECT_NE(testing::run_command(verify).exit_code, 0);

  // The certificate comes back out of the container.
  auto skf = dynamic_cast<SkfSigner*>(signer->get());
  ASSERT_NE(skf, nullptr);
  auto exported = skf->certificate();
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(*exported, cert.der());
}

TEST_F(SkfTokenTest, WrongPinCountsDownLocksAndAdminUnblockKeepsTheKey) {
  const crypto::Certificate cert = provision();
  SkfApplication app = open_app();
  std::uint32_t remaining = 99;
  auto first = app.verify_pin(SkfPinType::kUser, "wrong-pin", &remaining);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, "keys.skf.pin_incorrect");
  EXPECT_EQ(remaining, 2u);
  EXPECT_EQ(app.pin_info(SkfPinType::kUser)->remaining, 2u);
  EXPECT_FALSE(app.verify_pin(SkfPinType::kUser, "wrong-pin", &remaining).ok());
  EXPECT_EQ(remaining, 1u);
  auto last = app.verify_pin(SkfPinType::kUser, "wrong-pin", &remaining);
  EXPECT_EQ(last.error().code, "keys.skf.pin_locked");
  EXPECT_EQ(app.pin_info(SkfPinType::kUser)->remaining, 0u);
  // Locked: even the right PIN is refused, and signing is impossible.
  EXPECT_EQ(app.verify_pin(SkfPinType::kUser, kUserPin).error().code, "keys.skf.pin_locked");
  auto locked_signer = make_signer(uri());
  ASSERT_FALSE(locked_signer.ok());
  EXPECT_EQ(locked_signer.error().code, "keys.skf.pin_locked");

  // A wrong admin PIN counts on the admin counter and unblocks nothing.
  auto bad_unblock = app.unblock_pin("not-the-admin", "fresh-pin-1", &remaining);
  EXPECT_EQ(bad_unblock.error().code, "keys.skf.pin_incorrect");
  EXPECT_EQ(app.pin_info(SkfPinType::kAdmin)->remaining, 4u);
  ASSERT_TRUE(app.unblock_pin(kAdminPin, "fresh-pin-1", &remaining).ok());
  EXPECT_EQ(app.pin_info(SkfPinType::kAdmin)->remaining, 5u);
  EXPECT_EQ(app.pin_info(SkfPinType::kUser)->remaining, 3u);
  EXPECT_FALSE(app.verify_pin(SkfPinType::kUser, kUserPin).ok());

  // The key survived: it signs under the new PIN and the old certificate verifies it.
  auto signer = make_signer(uri("fresh-pin-1"));
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  const Bytes message = to_bytes("after unblock");
  auto signature = (*signer)->sign(message);
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(crypto::sm2_verify(*cert.public_key(), message, *signature).ok());
}

TEST_F(SkfTokenTest, ChangePinReplacesTheOldOne) {
  provision();
  SkfApplication app = open_app();
  auto wrong_old = app.change_pin(SkfPinType::kUser, "not-my-pin", "new-pin-99");
  EXPECT_EQ(wrong_old.error().code, "keys.skf.pin_incorrect");
  auto too_short = app.change_pin(SkfPinType::kUser, kUserPin, "123");
  EXPECT_EQ(too_short.error().code, "keys.skf.pin_length");
  ASSERT_TRUE(app.change_pin(SkfPinType::kUser, kUserPin, "new-pin-99").ok());
  EXPECT_FALSE(app.pin_info(SkfPinType::kUser)->is_default);
  EXPECT_EQ(make_signer(uri()).error().code, "keys.skf.pin_incorrect");
  auto signer = make_signer(uri("new-pin-99"));
  ASSERT_TRUE(signer.ok());
  EXPECT_TRUE((*signer)->sign(to_bytes("x")).ok());
  // Admin PIN change works the same way.
  ASSERT_TRUE(app.change_pin(SkfPinType::kAdmin, kAdminPin, "admin-654321").ok());
  EXPECT_TRUE(app.verify_pin(SkfPinType::kAdmin, "admin-654321").ok());
}

TEST_F(SkfTokenTest, PrivateKeyIsNeverOnDiskInClear) {
  provision();
  auto store = soft::SkfDeviceStore::open(root_.path(), "ukey0");
  auto app = store->application("GMSEAL");
  auto outcome = app->verify_pin(soft::PinType::kUser, kUserPin);
  ASSERT_TRUE(outcome.ok() && outcome->status.ok());
  auto key = app->sign_key("seal", outcome->master_key);
  ASSERT_TRUE(key.ok());
  const Bytes scalar = key->raw();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root_.path() / "ukey0")) {
    if (!entry.is_regular_file()) continue;
    const Bytes content = *read_file(entry.path());
    EXPECT_EQ(std::search(content.begin(), content.end(), scalar.begin(), scalar.end()),
              content.end())
        << entry.path();
    const std::string hex = hex_encode(scalar);
    EXPECT_EQ(to_string(content).find(hex), std::string::npos) << entry.path();
  }
  // The sealed key does not open under another master key.
  EXPECT_EQ(app->sign_key("seal", Bytes(16, 7)).error().code, "keys.skf.key_damaged");
}

TEST_F(SkfTokenTest, ApplicationsNeedDeviceAuthentication) {
  auto device = library_->connect("ukey0");
  ASSERT_TRUE(device.ok());
  auto refused = device->create_application("OTHER", kAdminPin, 5, kUserPin, 3, 0x01);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "keys.skf.not_logged_in");
  EXPECT_FALSE(device->authenticate(Bytes(16, 0x41)).ok());
  ASSERT_TRUE(device->authenticate(kAuthKey).ok());
  auto created = device->create_application("OTHER", kAdminPin, 5, kUserPin, 3, 0x01);
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  auto duplicate = device->create_application("OTHER", kAdminPin, 5, kUserPin, 3, 0x01);
  EXPECT_EQ(duplicate.error().code, "keys.skf.app_exists");
  EXPECT_EQ(device->applications()->size(), 2u);
  ASSERT_TRUE(device->delete_application("OTHER").ok());
  EXPECT_EQ(device->open_application("OTHER").error().code, "keys.skf.app_not_found");
}

TEST_F(SkfTokenTest, FilesFollowTheirRights) {
  SkfApplication app = open_app();
  // Creating needs the application's create-file right (admin here).
  EXPECT_EQ(app.create_file("notes", 8, 0xff, 0x01).error().code, "keys.skf.not_logged_in");
  ASSERT_TRUE(app.verify_pin(SkfPinType::kAdmin, kAdminPin).ok());
  ASSERT_TRUE(app.create_file("notes", 8, 0xff, 0x01).ok());
  ASSERT_TRUE(app.create_file("private", 4, 0x10, 0x10).ok());
  EXPECT_EQ(app.create_file("notes", 8, 0xff, 0x01).error().code, "keys.skf.file_exists");
  ASSERT_TRUE(app.write_file("notes", 2, to_bytes("abc")).ok());
  EXPECT_EQ(app.write_file("notes", 7, to_bytes("abc")).error().code, "keys.skf.bad_param");
  auto files = app.files();
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(*files, (std::vector<std::string>{"notes", "private"}));
  auto info = app.file_info("notes");
  EXPECT_EQ(info->size, 8u);
  EXPECT_EQ(info->read_rights, 0xffu);
  EXPECT_EQ(info->write_rights, 0x01u);

  // A fresh session: anyone may read "notes", nobody unauthenticated may write it or read
  // "private".
  SkfApplication guest = open_app();
  auto content = guest.read_file("notes");
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(*content, (Bytes{0, 0, 'a', 'b', 'c', 0, 0, 0}));
  EXPECT_EQ(guest.write_file("notes", 0, to_bytes("x")).error().code, "keys.skf.not_logged_in");
  EXPECT_EQ(guest.read_file("private").error().code, "keys.skf.not_logged_in");
  ASSERT_TRUE(guest.verify_pin(SkfPinType::kUser, kUserPin).ok());
  EXPECT_TRUE(guest.read_file("private").ok());
  EXPECT_EQ(guest.read_file("absent").error().code, "keys.skf.file_not_found");
  ASSERT_TRUE(guest.clear_secure_state().ok());
  EXPECT_EQ(guest.read_file("private").error().code, "keys.skf.not_logged_in");
  ASSERT_TRUE(app.delete_file("notes").ok());
  EXPECT_EQ(*app.files(), std::vector<std::string>{"private"});
}

TEST_F(SkfTokenTest, SealsAreStoredReadAndListed) {
  const crypto::Certificate cert = provision();
  SkfApplication app = open_app();
  // A DER SEQUENCE stands in until GB/T 38540 seals are made by src/ses (see the CLI test).
  const Bytes seal = cert.der();
  EXPECT_EQ(write_seal(app, "unit-seal", seal).error().code, "keys.skf.not_logged_in");
  ASSERT_TRUE(app.verify_pin(SkfPinType::kAdmin, kAdminPin).ok());
  EXPECT_EQ(write_seal(app, "bad id!", seal).error().code, "keys.seal.bad_id");
  EXPECT_EQ(write_seal(app, "x", to_bytes("not der")).error().code, "keys.seal.not_der");
  ASSERT_TRUE(write_seal(app, "unit-seal", seal).ok());
  Bytes big(3000, 0);
  big[0] = 0x30;
  big[1] = 0x82;
  big[2] = static_cast<std::uint8_t>((3000 - 4) >> 8);
  big[3] = static_cast<std::uint8_t>((3000 - 4) & 0xff);
  ASSERT_TRUE(write_seal(app, "finance", big).ok());  // several write chunks
  SkfApplication reader = open_app();                 // no PIN: seals are public
  EXPECT_EQ(*list_seals(reader), (std::vector<std::string>{"finance", "unit-seal"}));
  EXPECT_EQ(*read_seal(reader, "unit-seal"), seal);
  EXPECT_EQ(*read_seal(reader, "finance"), big);
  auto attributes = reader.file_info("ESEAL.unit-seal");
  EXPECT_EQ(attributes->read_rights, 0xffu);
  EXPECT_EQ(attributes->write_rights, 0x01u);
  ASSERT_TRUE(write_seal(app, "unit-seal", big).ok());  // rewrite with another size
  EXPECT_EQ(*read_seal(reader, "unit-seal"), big);
  ASSERT_TRUE(delete_seal(app, "finance").ok());
  EXPECT_EQ(*list_seals(reader), std::vector<std::string>{"unit-seal"});
}

TEST_F(SkfTokenTest, ThreadsShareTheTokenSafely) {
  const crypto::Certificate cert = provision();
  const auto key = *cert.public_key();
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto signer = make_signer(uri());
      if (!signer.ok()) return;
      for (int i = 0; i < 10; ++i) {
        const Bytes message = to_bytes("thread " + std::to_string(t) + " #" + std::to_string(i));
        auto signature = (*signer)->sign(message);
        if (signature.ok() && crypto::sm2_verify(key, message, *signature).ok()) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 40);
}

TEST_F(SkfTokenTest, ConcurrentWrongPinsFromThreadsAreAllCounted) {
  soft::SkfAppSpec spec;
  spec.admin_pin = kAdminPin;
  spec.user_pin = kUserPin;
  spec.user_retries = 15;
  spec.kdf_iterations = 1000;
  auto device = library_->connect("ukey0");
  ASSERT_TRUE(device->authenticate(kAuthKey).ok());
  ASSERT_TRUE(device->create_application("MANY", kAdminPin, 5, kUserPin, 15, 0x01).ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      auto dev = library_->connect("ukey0");
      auto app = dev->open_application("MANY");
      (void)app->verify_pin(SkfPinType::kUser, "wrong-pin");
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(device->open_application("MANY")->pin_info(SkfPinType::kUser)->remaining, 9u);
}

TEST_F(SkfTokenTest, ApiErrorsAreClear) {
  provision();
  SkfApplication app = open_app();
  auto no_container = app.open_container("missing");
  ASSERT_FALSE(no_container.ok());
  EXPECT_EQ(no_container.error().code, "keys.skf.file_not_found");
  auto con = app.open_container("seal");
  ASSERT_TRUE(con.ok());
  // Not logged in: no signing.
  auto refused = con->sign_digest(Bytes(32, 1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "keys.skf.not_logged_in");
  ASSERT_TRUE(app.verify_pin(SkfPinType::kUser, kUserPin).ok());
  EXPECT_EQ(con->sign_digest(Bytes(31, 1)).error().code, "crypto.sm2.bad_digest");
  EXPECT_EQ(*con->type(), 2u);
  EXPECT_EQ(con->export_certificate(false).error().code, "keys.skf.cert_not_found");
  EXPECT_EQ(*app.containers(), std::vector<std::string>{"seal"});
}

}  // namespace
}  // namespace gmseal::keys
