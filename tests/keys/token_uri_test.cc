#include <gtest/gtest.h>

#include "keys/test_support.h"
#include "keys/token_signer.h"
#include "keys/token_uri.h"
#include "util/file_io.h"

namespace gmseal::keys {
namespace {

TEST(TokenUriTest, ParsesEachScheme) {
  auto skf = TokenUri::parse("skf:lib=/opt/v/libskf.so;dev=UKEY 1;app=GMSEAL;con=seal;pin-env=P");
  ASSERT_TRUE(skf.ok()) << skf.error().to_string();
  EXPECT_EQ(skf->scheme, "skf");
  EXPECT_EQ(skf->get("lib"), "/opt/v/libskf.so");
  EXPECT_EQ(skf->get("dev"), "UKEY 1");
  EXPECT_EQ(skf->get("con"), "seal");
  auto sdf = TokenUri::parse("sdf:lib=libsdf.so;index=3;ulong=64;pack=1;ecc=256");
  ASSERT_TRUE(sdf.ok());
  auto abi = sdf->abi();
  ASSERT_TRUE(abi.ok());
  EXPECT_EQ(abi->ulong_bits, 64u);
  EXPECT_TRUE(abi->packed);
  EXPECT_EQ(abi->ecc_field_bytes, 32u);
  auto soft = TokenUri::parse("soft:path=/keys/a%3Bb.pem;pin-file=/run/pw");
  ASSERT_TRUE(soft.ok());
  EXPECT_EQ(soft->get("path"), "/keys/a;b.pem");
}

TEST(TokenUriTest, RejectsWhatItDoesNotUnderstand) {
  const std::pair<const char*, const char*> cases[] = {
      {"lib=x", "keys.uri.bad_syntax"},
      {"pkcs11:lib=x", "keys.uri.unknown_scheme"},
      {"skf:lib=x;container=c", "keys.uri.unknown_parameter"},
      {"skf:dev=x", "keys.uri.missing_parameter"},
      {"sdf:index=1", "keys.uri.missing_parameter"},
      {"sdf:lib=x;index=abc", "keys.uri.bad_value"},
      {"sdf:lib=x;index=1;ulong=16", "keys.uri.bad_value"},
      {"skf:lib=x;lib=y", "keys.uri.bad_syntax"},
      {"skf:lib=x;pin=1;pin-env=P", "keys.uri.bad_syntax"},
      {"skf:lib=x;con=%zz", "keys.uri.bad_value"},
      {"skf:lib=x;con=%4", "keys.uri.bad_value"},
      {"soft:pin=x", "keys.uri.missing_parameter"},
      {"skf:lib", "keys.uri.bad_syntax"},
  };
  for (const auto& [text, code] : cases) {
    auto uri = TokenUri::parse(text);
    ASSERT_FALSE(uri.ok()) << text;
    EXPECT_EQ(uri.error().code, code) << text << ": " << uri.error().to_string();
  }
}

TEST(TokenUriTest, PinSourcesAndMasking) {
  testing::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / "pin", std::string_view("from-file\nignored")).ok());
  auto file_uri = TokenUri::parse("skf:lib=x;pin-file=" + (dir.path() / "pin").string());
  EXPECT_EQ(*resolve_pin(*file_uri, "user PIN"), "from-file");
  ::setenv("GMSEAL_URI_TEST_PIN", "from-env", 1);
  EXPECT_EQ(*resolve_pin(*TokenUri::parse("skf:lib=x;pin-env=GMSEAL_URI_TEST_PIN"), "PIN"),
            "from-env");
  EXPECT_EQ(
      resolve_pin(*TokenUri::parse("skf:lib=x;pin-env=GMSEAL_URI_UNSET_XYZ"), "PIN").error().code,
      "keys.pin.env_unset");
  EXPECT_EQ(resolve_pin(*TokenUri::parse("skf:lib=x"), "PIN").error().code, "keys.pin.missing");
  EXPECT_EQ(*resolve_pin(
                *TokenUri::parse("skf:lib=x"), "PIN",
                [](const std::string& what) -> Result<std::string> { return "asked for " + what; }),
            "asked for PIN");
  const std::string shown = TokenUri::parse("skf:lib=x;pin=secret")->to_display_string();
  EXPECT_EQ(shown.find("secret"), std::string::npos);
}

TEST(TokenUriTest, SoftSignerFromAnEncryptedKeyFile) {
  testing::TempDir dir;
  auto key = crypto::Sm2PrivateKey::generate();
  ASSERT_TRUE(write_file_atomic(dir.path() / "k.pem", key->to_pem("file-password")).ok());
  auto signer = make_signer("soft:path=" + (dir.path() / "k.pem").string() + ";pin=file-password");
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  EXPECT_TRUE((*signer)->public_key() == key->public_key());
  auto signature = (*signer)->sign(to_bytes("m"));
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(crypto::sm2_verify(key->public_key(), to_bytes("m"), *signature).ok());
  auto wrong = make_signer("soft:path=" + (dir.path() / "k.pem").string() + ";pin=nope");
  EXPECT_EQ(wrong.error().code, "crypto.key.bad_password");
  EXPECT_EQ(make_signer("skf:lib=/x.so").error().code, "keys.uri.missing_parameter");
  // A device-level sdf: URI (for token list / info) parses, but signing needs the index.
  ASSERT_TRUE(TokenUri::parse("sdf:lib=/x.so").ok());
  const auto no_index = make_signer("sdf:lib=/x.so");
  ASSERT_FALSE(no_index.ok());
  EXPECT_EQ(no_index.error().code, "keys.uri.missing_parameter");
  EXPECT_EQ(no_index.error().field, "index");
}

}  // namespace
}  // namespace gmseal::keys
