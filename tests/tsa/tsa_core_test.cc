#include <gtest/gtest.h>

#include <set>

#include "tsa/authority.h"
#include "tsa/imprint_hash.h"
#include "tsa/request.h"
#include "tsa/response.h"
#include "tsa/token_verify.h"
#include "tsa/tst_info.h"
#include "tsa_fixture.h"
#include "util/der.h"

namespace gmseal::tsa {
namespace {

using testing::fresh_dir;
using testing::make_root;
using testing::make_tsa;

TimeStampRequest request_for(ByteView data, ImprintHash hash = ImprintHash::kSm3) {
  TimeStampRequest request;
  request.hash_oid = std::string(oid_of(hash));
  request.hashed_message = digest(hash, data);
  return request;
}

class AuthorityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AuthorityConfig config;
    config.data_dir = fresh_dir("core");
    auto opened = Authority::open(config, tsa_.cert, tsa_.signer);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    authority_ = *opened;
  }
  TokenCheckInput trusted_input(ByteView data) const {
    TokenCheckInput input;
    input.stamped_data = data;
    input.trust = crypto::TrustStore{{root_.cert}, {}, {}};
    return input;
  }
  testing::Identity root_ = make_root("gmseal TSA test root");
  testing::Identity tsa_ = make_tsa(root_);
  std::shared_ptr<Authority> authority_;
};

TEST(TsaRequest, BuildsAndParsesEveryField) {
  TimeStampRequest request = request_for(to_bytes("data"), ImprintHash::kSha384);
  request.policy = "1.2.3.4";
  request.nonce = nonce_from_random(Bytes{0x80, 0x01, 0x02});
  request.cert_req = true;
  auto parsed = parse_request(build_request(request));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->hash_oid, kOidSha384);
  EXPECT_EQ(parsed->hashed_message, request.hashed_message);
  EXPECT_EQ(*parsed->policy, "1.2.3.4");
  EXPECT_EQ(*parsed->nonce, (Bytes{0x00, 0x80, 0x01, 0x02}));
  EXPECT_TRUE(parsed->cert_req);
}

TEST(TsaRequest, GarbageIsBadDataFormat) {
  auto parsed = parse_request(to_bytes("not DER at all"));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "tsa.bad_data_format");
}

TEST_F(AuthorityTest, GrantsAVerifiableTokenWithNonceAndCertificate) {
  const Bytes data = to_bytes("the signature value");
  TimeStampRequest request = request_for(data);
  request.nonce = Bytes{0x01, 0x23, 0x45};
  request.cert_req = true;
  const TsaReply reply = authority_->respond(build_request(request));
  ASSERT_EQ(reply.status, kGranted) << reply.detail;
  TokenCheckInput input = trusted_input(data);
  input.nonce = request.nonce;
  const TokenCheck check = verify_response(reply.der, input);
  EXPECT_TRUE(check.valid) << check.failed_step << ": " << check.detail;
  EXPECT_TRUE(check.chain_trusted);
  ASSERT_TRUE(check.tst);
  EXPECT_EQ(*check.tst->nonce, *request.nonce);
  EXPECT_EQ(check.tst->policy, kDefaultPolicy);
  EXPECT_EQ(check.tst->serial_hex(), reply.serial_hex);
  ASSERT_TRUE(check.tst->accuracy);
  EXPECT_EQ(check.tst->accuracy->seconds, 1);
  std::vector<std::string> names;
  for (const TokenStep& step : check.steps) names.push_back(step.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"status", "token", "message_digest", "signature",
                                      "ess_certificate", "tsa_certificate", "imprint", "nonce"}));
}

TEST_F(AuthorityTest, LeavesTheCertificateOutUnlessAsked) {
  const Bytes data = to_bytes("x");
  const TsaReply reply = authority_->respond(build_request(request_for(data)));
  ASSERT_EQ(reply.status, kGranted);
  TokenCheck check = verify_response(reply.der, trusted_input(data));
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.failed_step, "signature");
  TokenCheckInput with_cert = trusted_input(data);
  with_cert.extra_certificates.push_back(tsa_.cert);
  check = verify_response(reply.der, with_cert);
  EXPECT_TRUE(check.valid) << check.failed_step << ": " << check.detail;
}

TEST_F(AuthorityTest, AcceptsSha256AndSha384Imprints) {
  for (const ImprintHash hash : {ImprintHash::kSha256, ImprintHash::kSha384}) {
    const Bytes data = to_bytes("imprinted");
    TimeStampRequest request = request_for(data, hash);
    request.cert_req = true;
    const TsaReply reply = authority_->respond(build_request(request));
    ASSERT_EQ(reply.status, kGranted) << reply.detail;
    const TokenCheck check = verify_response(reply.der, trusted_input(data));
    EXPECT_TRUE(check.valid) << name_of(hash) << " " << check.failed_step << ": " << check.detail;
  }
}

void expect_rejection(const TsaReply& reply, FailureBit failure) {
  EXPECT_EQ(reply.status, kRejection);
  ASSERT_TRUE(reply.failure_bit);
  EXPECT_EQ(*reply.failure_bit, failure) << reply.detail;
  auto parsed = parse_response(reply.der);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->status, kRejection);
  ASSERT_TRUE(parsed->failure_bit);
  EXPECT_EQ(*parsed->failure_bit, failure);
  EXPECT_FALSE(parsed->token);
  ASSERT_EQ(parsed->status_strings.size(), 1u);
  EXPECT_EQ(parsed->status_strings[0], reply.detail);
}

TEST_F(AuthorityTest, RefusesWithTheRfc3161FailureInfo) {
  TimeStampRequest sha1 = request_for(to_bytes("x"));
  sha1.hash_oid = std::string(kOidSha1);
  sha1.hashed_message.resize(20);
  expect_rejection(authority_->respond(build_request(sha1)), kBadAlg);

  TimeStampRequest short_imprint = request_for(to_bytes("x"));
  short_imprint.hashed_message.pop_back();
  expect_rejection(authority_->respond(build_request(short_imprint)), kBadDataFormat);

  expect_rejection(authority_->respond(to_bytes("\x30\x03garbage")), kBadDataFormat);
  expect_rejection(authority_->respond(Bytes{}), kBadDataFormat);

  TimeStampRequest version2 = request_for(to_bytes("x"));
  version2.version = 2;
  expect_rejection(authority_->respond(build_request(version2)), kBadRequest);

  TimeStampRequest policy = request_for(to_bytes("x"));
  policy.policy = "1.2.3.4.5";
  expect_rejection(authority_->respond(build_request(policy)), kUnacceptedPolicy);

  TimeStampRequest ours = request_for(to_bytes("x"));
  ours.policy = std::string(kDefaultPolicy);
  EXPECT_EQ(authority_->respond(build_request(ours)).status, kGranted);
}

TEST_F(AuthorityTest, SerialsAreUniqueAcrossRestarts) {
  AuthorityConfig config;
  config.data_dir = fresh_dir("serials");
  std::set<std::string> serials;
  int issued = 0;
  for (int run = 0; run < 3; ++run) {
    auto authority = Authority::open(config, tsa_.cert, tsa_.signer);
    ASSERT_TRUE(authority.ok()) << authority.error().to_string();
    for (int i = 0; i < 5; ++i) {
      const TsaReply reply = (*authority)->respond(build_request(request_for(to_bytes("s"))));
      ASSERT_EQ(reply.status, kGranted);
      serials.insert(reply.serial_hex);
      ++issued;
    }
  }
  EXPECT_EQ(serials.size(), static_cast<std::size_t>(issued));
}

TEST_F(AuthorityTest, SubSecondAccuracyWritesMillisecondsInGenTime) {
  AuthorityConfig config;
  config.data_dir = fresh_dir("accuracy");
  config.accuracy_ms = 250;
  auto authority = Authority::open(config, tsa_.cert, tsa_.signer);
  ASSERT_TRUE(authority.ok());
  const Bytes data = to_bytes("a");
  TimeStampRequest request = request_for(data);
  request.cert_req = true;
  const TsaReply reply = (*authority)->respond(build_request(request));
  const TokenCheck check = verify_response(reply.der, trusted_input(data));
  ASSERT_TRUE(check.valid) << check.detail;
  EXPECT_EQ(check.tst->accuracy->seconds, 0);
  EXPECT_EQ(check.tst->accuracy->millis, 250);
  // "YYYYMMDDHHMMSS[.f{1,3}]Z" without trailing zeros.
  const std::string& text = check.tst->gen_time_text;
  EXPECT_EQ(text.back(), 'Z');
  if (text.size() > 15) {
    EXPECT_EQ(text[14], '.');
    EXPECT_NE(text[text.size() - 2], '0');
  }
}

TEST(TsaGenTime, DropsTrailingZeros) {
  const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)) +
                 std::chrono::milliseconds(250);
  EXPECT_EQ(format_gen_time(t, 3), "20231114221320.25Z");
  EXPECT_EQ(format_gen_time(t, 0), "20231114221320Z");
  EXPECT_EQ(
      format_gen_time(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)), 3),
      "20231114221320Z");
}

TEST(TsaAuthority, RefusesACertificateWithoutTheTimeStampingEku) {
  const auto root = make_root("root");
  const auto system = testing::issue(root, crypto::CertProfile::kSystem, "not a TSA",
                                     now() - std::chrono::hours(1), now() + std::chrono::hours(1));
  AuthorityConfig config;
  config.data_dir = fresh_dir("noeku");
  auto opened = Authority::open(config, system.cert, system.signer);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "tsa.bad_certificate");
}

}  // namespace
}  // namespace gmseal::tsa
