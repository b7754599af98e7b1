#include <gtest/gtest.h>

#include "crypto/sm2.h"
#include "protocol/envelope.h"
#include "protocol/messages.h"
#include "protocol/protocol_test_keys.h"

namespace gmseal::protocol {
namespace {

Json sample_request(const crypto::Certificate& cert) {
  DownloadSealRequest request;
  request.header = new_request_header(Interface::kDownloadSeal, base64_encode(cert.der()), "1");
  request.seal_codes = {"XXCA11010800000001"};
  return request.to_json();
}

TEST(EnvelopeTest, SignsRawRsOverCanonicalJsonWithoutSignInfo) {
  const auto system = testing::make_system("Platform");
  crypto::SoftSigner signer(system.key);
  Json message = sample_request(system.cert);
  ASSERT_TRUE(sign_message(message, signer).ok());
  EXPECT_EQ(message["signInfo"]["signAlgorithm"], "1.2.156.10197.1.501");
  const Bytes raw = base64_decode(message["signInfo"]["signValue"].get<std::string>()).value();
  ASSERT_EQ(raw.size(), 64u);
  // Independently: the signed bytes are the canonical JSON of the message minus signInfo.
  Json without = message;
  without.erase("signInfo");
  const Bytes der = crypto::sm2_signature_raw_to_der(raw).value();
  EXPECT_TRUE(
      crypto::sm2_verify(system.key.public_key(), to_bytes(canonical_json(without)), der).ok());
  EXPECT_TRUE(verify_message(message, system.cert.public_key().value()).ok());
  // Member order and whitespace on the wire do not matter under jcs.
  auto reparsed = parse_json(message.dump(2));
  ASSERT_TRUE(reparsed.ok());
  EXPECT_TRUE(verify_message(*reparsed, system.key.public_key()).ok());
}

TEST(EnvelopeTest, DetectsTamperingAndWrongKeys) {
  const auto system = testing::make_system("Platform");
  const auto other = testing::make_system("Other");
  crypto::SoftSigner signer(system.key);
  Json message = sample_request(system.cert);
  ASSERT_TRUE(sign_message(message, signer).ok());
  EXPECT_EQ(verify_message(message, other.key.public_key()).error().code,
            "protocol.envelope.bad_signature");
  Json tampered = message;
  tampered["data"]["yzbm"] = "XXCA11010800000002";
  EXPECT_EQ(verify_message(tampered, system.key.public_key()).error().code,
            "protocol.envelope.bad_signature");
  Json no_info = message;
  no_info.erase("signInfo");
  EXPECT_EQ(verify_message(no_info, system.key.public_key()).error().code,
            "protocol.envelope.no_sign_info");
  Json bad_alg = message;
  bad_alg["signInfo"]["signAlgorithm"] = "1.2.840.10045.4.3.2";
  EXPECT_EQ(verify_message(bad_alg, system.key.public_key()).error().code,
            "protocol.envelope.bad_algorithm");
  Json short_sig = message;
  short_sig["signInfo"]["signValue"] = base64_encode(Bytes(63, 1));
  EXPECT_EQ(verify_message(short_sig, system.key.public_key()).error().code,
            "protocol.envelope.bad_sign_value");
}

TEST(EnvelopeTest, OtherRulesSignOtherBytes) {
  const auto system = testing::make_system("Platform");
  crypto::SoftSigner signer(system.key);
  Json message = sample_request(system.cert);
  ASSERT_TRUE(sign_message(message, signer, SigningRule::kJcsData).ok());
  EXPECT_TRUE(verify_message(message, system.key.public_key(), SigningRule::kJcsData).ok());
  EXPECT_FALSE(verify_message(message, system.key.public_key(), SigningRule::kJcs).ok());
  // Changing the header does not break a data-only signature (why jcs is the default).
  message["tokenInfo"] = "AAAAAAAAAAAAAAAA";
  EXPECT_TRUE(verify_message(message, system.key.public_key(), SigningRule::kJcsData).ok());
  Json text_data = {{"data", "{\"yzbm\":\"X\"}"}};
  EXPECT_EQ(gmseal::to_string(signing_input(text_data, SigningRule::kDataText).value()),
            "{\"yzbm\":\"X\"}");
  EXPECT_EQ(parse_signing_rule("jcs-data").value(), SigningRule::kJcsData);
  EXPECT_EQ(parse_signing_rule("xml").error().code, "protocol.envelope.unknown_rule");
}

TEST(EnvelopeTest, AcceptsTheSamplesSpacedSignInfoNames) {
  const auto system = testing::make_system("Platform");
  crypto::SoftSigner signer(system.key);
  Json message = sample_request(system.cert);
  ASSERT_TRUE(sign_message(message, signer).ok());
  Json spaced = message;
  spaced.erase("signInfo");
  spaced["signInfo "] = {{"signAlgorithm ", message["signInfo"]["signAlgorithm"]},
                         {"signValue ", message["signInfo"]["signValue"]}};
  EXPECT_TRUE(verify_message(spaced, system.key.public_key()).ok());
}

TEST(EnvelopeTest, MakesTokensAndTransactionIds) {
  const std::string token = new_token_info();
  EXPECT_EQ(token.size(), 16u);
  EXPECT_NE(token, new_token_info());
  const std::string trans = new_trans_id();
  EXPECT_EQ(trans.size(), 32u);
  EXPECT_EQ(trans.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace gmseal::protocol
