// libgmseal_sdf.so through keys::SdfLibrary (real dlopen).
#include <gtest/gtest.h>

#include "crypto/sm2.h"
#include "keys/sdf_library.h"
#include "keys/soft/sdf_store.h"
#include "keys/test_support.h"
#include "keys/token_signer.h"
#include "util/file_io.h"

namespace gmseal::keys {
namespace {

using testing::kSdfLibrary;
using testing::TempDir;

class SdfTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("GMSEAL_SDF_ROOT", root_.path().c_str(), 1);
    auto store = soft::SdfDeviceStore::create(root_.path(), {});
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    auto key = store->generate_sign_key(1, "index-one-pw", 1000);
    ASSERT_TRUE(key.ok());
    public_key_ = *key;
    ASSERT_TRUE(store->generate_sign_key(7, "index-seven-pw", 1000).ok());
    auto library = SdfLibrary::load(kSdfLibrary);
    ASSERT_TRUE(library.ok()) << library.error().to_string();
    library_ = *library;
  }

  TempDir root_;
  std::shared_ptr<SdfLibrary> library_;
  std::optional<crypto::Sm2PublicKey> public_key_;
};

TEST_F(SdfTokenTest, DeviceInfoAndRandom) {
  auto session = library_->open_session();
  ASSERT_TRUE(session.ok()) << session.error().to_string();
  auto info = session->device_info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->issuer, "gmseal");
  EXPECT_EQ(info->serial.size(), 16u);
  EXPECT_EQ(info->hash_alg_ability, 1u);
  auto a = session->random(32), b = session->random(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST_F(SdfTokenTest, SignsWithAccessRightOnlyAndVerifiesEverywhere) {
  auto session = library_->open_session();
  ASSERT_TRUE(session.ok());
  EXPECT_TRUE(*session->sign_public_key(1) == *public_key_);
  const Bytes message = to_bytes("signed in the crypto device");
  auto e = session->digest_with_id(*public_key_, crypto::kDefaultSm2Id, message);
  ASSERT_TRUE(e.ok()) << e.error().to_string();
  EXPECT_EQ(*e, *crypto::sm2_message_digest(*public_key_, message));

  auto denied = session->sign_digest(1, *e);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "keys.sdf.access_denied");
  auto wrong = session->get_private_key_access(1, "not-the-password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "keys.sdf.wrong_password");
  EXPECT_EQ(session->get_private_key_access(99, "whatever-pw").error().code,
            "keys.sdf.key_not_found");
  ASSERT_TRUE(session->get_private_key_access(1, "index-one-pw").ok());
  auto signature = session->sign_digest(1, *e);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  EXPECT_TRUE(crypto::sm2_verify(*public_key_, message, *signature).ok());
  EXPECT_TRUE(session->verify_digest(*public_key_, *e, *signature).ok());
  Bytes other = message;
  other.back() ^= 1;
  auto bad = session->verify_digest(*public_key_, *crypto::sm2_message_digest(*public_key_, other),
                                    *signature);
  EXPECT_EQ(bad.error().code, "keys.sdf.verify_failed");
  // Access rights belong to the session and to the index.
  EXPECT_EQ(session->sign_digest(7, *e).error().code, "keys.sdf.access_denied");
  auto second = library_->open_session();
  EXPECT_EQ(second->sign_digest(1, *e).error().code, "keys.sdf.access_denied");
  ASSERT_TRUE(session->release_private_key_access(1).ok());
  EXPECT_EQ(session->sign_digest(1, *e).error().code, "keys.sdf.access_denied");
}

TEST_F(SdfTokenTest, SignerUriAndOpenssl) {
  ::setenv("GMSEAL_TEST_SDF_PW", "index-one-pw", 1);
  auto signer =
      make_signer(std::string("sdf:lib=") + kSdfLibrary + ";index=1;pin-env=GMSEAL_TEST_SDF_PW");
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  const Bytes message = to_bytes("HSM signature checked by OpenSSL");
  auto signature = (*signer)->sign(message);
  ASSERT_TRUE(signature.ok());
  const auto dir = root_.path();
  ASSERT_TRUE(write_file_atomic(dir / "msg", ByteView(message)).ok());
  ASSERT_TRUE(write_file_atomic(dir / "sig", ByteView(*signature)).ok());
  ASSERT_TRUE(write_file_atomic(dir / "pub.pem", public_key_->to_pem()).ok());
  const auto result =
      testing::run_command("openssl pkeyutl -verify -pubin -inkey " + (dir / "pub.pem").string() +
                           " -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in " +
                           (dir / "msg").string() + " -sigfile " + (dir / "sig").string());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  auto wrong = make_signer(std::string("sdf:lib=") + kSdfLibrary + ";index=1;pin=wrong-password");
  EXPECT_EQ(wrong.error().code, "keys.sdf.wrong_password");
}

TEST_F(SdfTokenTest, DeviceFiles) {
  auto session = library_->open_session();
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(session->create_file("seal-index", 64).ok());
  EXPECT_EQ(session->create_file("seal-index", 64).error().code, "keys.sdf.file_exists");
  ASSERT_TRUE(session->write_file("seal-index", 0, to_bytes("hello device")).ok());
  ASSERT_TRUE(session->write_file("seal-index", 6, to_bytes("files!")).ok());
  EXPECT_EQ(to_string(*session->read_file("seal-index", 0, 64)), "hello files!");
  EXPECT_EQ(to_string(*session->read_file("seal-index", 6, 3)), "fil");
  EXPECT_EQ(session->write_file("seal-index", 60, to_bytes("too long")).error().code,
            "keys.sdf.bad_offset");
  ASSERT_TRUE(session->delete_file("seal-index").ok());
  EXPECT_EQ(session->read_file("seal-index", 0, 4).error().code, "keys.sdf.file_not_found");
}

TEST_F(SdfTokenTest, KeyPasswordChangeAndNoClearKeyOnDisk) {
  auto store = soft::SdfDeviceStore::open(root_.path());
  auto key = store->unlock_sign_key(1, "index-one-pw");
  ASSERT_TRUE(key.ok());
  const std::string scalar_hex = hex_encode(key->raw());
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root_.path())) {
    if (!entry.is_regular_file()) continue;
    const std::string content = to_string(*read_file(entry.path()));
    EXPECT_EQ(content.find(scalar_hex), std::string::npos) << entry.path();
  }
  ASSERT_TRUE(store->change_key_password(1, "index-one-pw", "index-one-new").ok());
  EXPECT_EQ(store->unlock_sign_key(1, "index-one-pw").error().code, "keys.sdf.wrong_password");
  EXPECT_TRUE(store->unlock_sign_key(1, "index-one-new")->public_key() == *public_key_);
  EXPECT_EQ(*store->sign_key_indexes(), (std::vector<std::uint32_t>{1, 7}));
}

}  // namespace
}  // namespace gmseal::keys
