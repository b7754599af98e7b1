// Each way a timestamp token can be wrong fails verification, naming its step.
#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/cms_signed_data.h"
#include "crypto/sm3.h"
#include "tsa/imprint_hash.h"
#include "tsa/token_builder.h"
#include "tsa/token_verify.h"
#include "tsa/tst_info.h"
#include "tsa_fixture.h"

namespace gmseal::tsa {
namespace {

using testing::Identity;
using testing::make_root;
using testing::make_tsa;

const Bytes kStamped = to_bytes("an SM2 signature value");

Bytes make_tst(Time gen_time, std::optional<Bytes> nonce = std::nullopt,
               ImprintHash hash = ImprintHash::kSm3) {
  TstInfo info;
  info.policy = std::string(kDefaultPolicy);
  info.hash_oid = std::string(oid_of(hash));
  info.hashed_message = digest(hash, kStamped);
  info.serial = Bytes{0x2a};
  info.gen_time_text = format_generalized_time(gen_time);
  info.accuracy = accuracy_from_ms(1000);
  info.nonce = std::move(nonce);
  return encode_tst_info(info);
}

Bytes make_token(const Identity& tsa, ByteView tst, TokenSignOptions options = {}) {
  options.include_certificate = true;
  auto token = build_token(tst, tsa.cert, *tsa.signer, options);
  EXPECT_TRUE(token.ok()) << token.error().to_string();
  return token.ok() ? *token : Bytes{};
}

class TokenVerifyTest : public ::testing::Test {
 protected:
  TokenCheckInput input() const {
    TokenCheckInput in;
    in.stamped_data = kStamped;
    in.trust = crypto::TrustStore{{root_.cert}, {}, {}};
    return in;
  }
  void expect_fails_at(ByteView token, const TokenCheckInput& in, const std::string& step) {
    const TokenCheck check = verify_token(token, in);
    EXPECT_FALSE(check.valid);
    EXPECT_EQ(check.failed_step, step) << check.detail;
  }
  Identity root_ = make_root("gmseal TSA root");
  Identity tsa_ = make_tsa(root_);
};

TEST_F(TokenVerifyTest, AValidTokenPassesEveryStep) {
  const Bytes token = make_token(tsa_, make_tst(now()));
  const TokenCheck check = verify_token(token, input());
  EXPECT_TRUE(check.valid) << check.failed_step << ": " << check.detail;
  for (const TokenStep& step : check.steps) EXPECT_TRUE(step.passed) << step.name;
}

TEST_F(TokenVerifyTest, ImprintChanged) {
  const Bytes token = make_token(tsa_, make_tst(now()));
  TokenCheckInput in = input();
  const Bytes other = to_bytes("another signature value");
  in.stamped_data = other;
  expect_fails_at(token, in, "imprint");
}

TEST_F(TokenVerifyTest, TokenFromAnotherTsa) {
  const Identity other_root = make_root("another root");
  const Identity other_tsa = make_tsa(other_root, "another TSA");
  expect_fails_at(make_token(other_tsa, make_tst(now())), input(), "tsa_certificate");
}

TEST_F(TokenVerifyTest, TsaCertificateWithoutTheEku) {
  const Identity system =
      testing::issue(root_, crypto::CertProfile::kSystem, "no EKU", now() - std::chrono::hours(1),
                     now() + std::chrono::hours(1));
  expect_fails_at(make_token(system, make_tst(now())), input(), "tsa_certificate");
}

TEST_F(TokenVerifyTest, TsaCertificateExpiredAtGenTime) {
  const Identity expired =
      testing::issue(root_, crypto::CertProfile::kTsa, "expired TSA",
                     now() - std::chrono::hours(24 * 10), now() - std::chrono::hours(24 * 5));
  const Bytes token = make_token(expired, make_tst(now()));
  const TokenCheck check = verify_token(token, input());
  EXPECT_EQ(check.failed_step, "tsa_certificate");
  EXPECT_NE(check.detail.find("not valid at genTime"), std::string::npos) << check.detail;
  // The same certificate at a genTime inside its validity is fine.
  const Bytes in_time = make_token(expired, make_tst(now() - std::chrono::hours(24 * 7)));
  EXPECT_TRUE(verify_token(in_time, input()).valid);
}

TEST_F(TokenVerifyTest, NonceMismatch) {
  const Bytes token = make_token(tsa_, make_tst(now(), Bytes{0x11, 0x22}));
  TokenCheckInput in = input();
  in.nonce = Bytes{0x11, 0x23};
  expect_fails_at(token, in, "nonce");
  in.nonce = Bytes{0x11, 0x22};
  EXPECT_TRUE(verify_token(token, in).valid);
  const Bytes without = make_token(tsa_, make_tst(now()));
  expect_fails_at(without, in, "nonce");
}

TEST_F(TokenVerifyTest, SignedAttributesAltered) {
  Bytes token = make_token(tsa_, make_tst(now()));
  // Flip a byte of the SM3 certHash inside signingCertificateV2 (a signed attribute).
  const crypto::Sm3Digest cert_hash = crypto::sm3(tsa_.cert.der());
  auto at = std::search(token.begin(), token.end(), cert_hash.begin(), cert_hash.end());
  ASSERT_NE(at, token.end());
  *(at + 5) ^= 0x01;
  expect_fails_at(token, input(), "signature");
}

TEST_F(TokenVerifyTest, TstInfoAltered) {
  const Bytes tst = make_tst(now());
  Bytes token = make_token(tsa_, tst);
  auto at = std::search(token.begin(), token.end(), tst.begin(), tst.end());
  ASSERT_NE(at, token.end());
  *(at + static_cast<std::ptrdiff_t>(tst.size()) - 1) ^= 0x01;  // accuracy.seconds
  expect_fails_at(token, input(), "message_digest");
}

TEST_F(TokenVerifyTest, AcceptsTheSm2SignatureOidVariantsAndTheGbtSignedDataOid) {
  for (const char* oid : {"1.2.156.10197.1.501", "1.2.156.10197.1.301.1", "1.2.156.10197.1.301"}) {
    for (const auto style : {crypto::CmsOidStyle::kPkcs7, crypto::CmsOidStyle::kGbt35275}) {
      TokenSignOptions options;
      options.signature_algorithm = std::string(oid);
      options.oid_style = style;
      const Bytes token = make_token(tsa_, make_tst(now()), options);
      const TokenCheck check = verify_token(token, input());
      EXPECT_TRUE(check.valid) << oid << ": " << check.failed_step << ": " << check.detail;
    }
  }
}

TEST_F(TokenVerifyTest, Sha256ImprintOverTheStampedData) {
  const Bytes token = make_token(tsa_, make_tst(now(), std::nullopt, ImprintHash::kSha256));
  EXPECT_TRUE(verify_token(token, input()).valid);
}

TEST_F(TokenVerifyTest, GarbageIsATokenFailure) {
  expect_fails_at(to_bytes("garbage"), input(), "token");
}

}  // namespace
}  // namespace gmseal::tsa
