// The shared JSON verdict shape.
#include "ses/verdict_json.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "ses/ses_fixture.h"
#include "ses/sign.h"
#include "ses/verify_seal.h"
#include "ses/verify_signature.h"

namespace gmseal::ses {
namespace {

using nlohmann::json;
using testing::make_test_seal;
using testing::pki;

TEST(VerdictJsonTest, SealShape) {
  const Seal seal = make_test_seal();
  SealVerifyOptions options;
  options.trust = pki().trust();
  const json verdict = seal_verdict_json(&seal, verify_seal(seal, options));
  EXPECT_EQ(verdict["valid"], true);
  EXPECT_EQ(verdict["trusted"], true);
  ASSERT_TRUE(verdict["checks"].is_array());
  for (const json& check : verdict["checks"]) {
    EXPECT_TRUE(check["name"].is_string());
    EXPECT_TRUE(check["detail"].is_string());
    const std::string result = check["result"];
    EXPECT_TRUE(result == "pass" || result == "fail" || result == "warn" || result == "skip");
  }
  EXPECT_EQ(verdict["checks"][0]["name"], "format");
  const json& s = verdict["seal"];
  EXPECT_EQ(s["format"], "v4");
  EXPECT_EQ(s["esID"], seal.info().es_id);
  EXPECT_EQ(s["name"], seal.info().property.name);
  EXPECT_EQ(s["picture"]["type"], "PNG");
  EXPECT_EQ(s["certList"].size(), 1u);
  EXPECT_EQ(s["certList"][0]["serial"], pki().signer.cert.serial_hex());
  EXPECT_EQ(s["maker"]["serial"], pki().maker.cert.serial_hex());
  EXPECT_NO_THROW((void)verdict.dump());
}

// Every field of a seal is in its JSON: the maker's signedValue, the header and the timestamp
// token itself (hex DER), not only whether there is one.
TEST(VerdictJsonTest, SealJsonCarriesSignedValueHeaderAndTimestamp) {
  // A token-shaped DER value (SEQUENCE { INTEGER 1 }) stands in for a TSA answer.
  const Bytes token = {0x30, 0x03, 0x02, 0x01, 0x01};
  SealSpec spec = testing::seal_spec(Format::kV5);
  spec.timestamper = [&token](ByteView) -> Result<Bytes> { return token; };
  auto signer = pki().maker.signer();
  auto seal = make_seal(spec, pki().maker.cert, *signer);
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  const json s = seal_json(*seal);
  EXPECT_EQ(s["headerId"], "ES");
  EXPECT_EQ(s["headerVersion"], 5);
  EXPECT_EQ(s["signedValue"], hex_encode(seal->signed_value()));
  EXPECT_EQ(s["timeStamp"], true);
  EXPECT_EQ(s["timeStampDer"], "3003020101");
  const json plain = seal_json(make_test_seal());
  EXPECT_EQ(plain["timeStamp"], false);
  EXPECT_TRUE(plain["timeStampDer"].is_null());
}

TEST(VerdictJsonTest, UnparsableSealHasNullSeal) {
  const Bytes garbage = {0x30, 0x03, 0x02, 0x01, 0x04};
  const json verdict = seal_verdict_json(nullptr, verify_seal_der(garbage));
  EXPECT_EQ(verdict["valid"], false);
  EXPECT_TRUE(verdict["seal"].is_null());
  EXPECT_EQ(verdict["checks"][0]["name"], "format");
  EXPECT_EQ(verdict["checks"][0]["result"], "fail");
}

TEST(VerdictJsonTest, SignaturesShapeAndCombination) {
  const Seal seal = make_test_seal();
  SignRequest request;
  request.data_hash = Bytes(32, 7);
  request.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
  auto signer = pki().signer.signer();
  auto sig = sign(seal, pki().signer.cert, *signer, request);
  ASSERT_TRUE(sig.ok());
  SignatureVerifyOptions options;
  options.trust = pki().trust();
  json good = signature_entry_json(&*sig, verify_signature(*sig, options));
  EXPECT_EQ(good["valid"], true);
  EXPECT_EQ(good["trusted"], true);
  EXPECT_EQ(good["signer"]["serial"], pki().signer.cert.serial_hex());
  EXPECT_EQ(good["signedAt"]["time"], format_iso8601(*sig->signing_time()));
  EXPECT_EQ(good["signedAt"]["source"], "claimed");
  EXPECT_EQ(good["seal"]["esID"], seal.info().es_id);
  EXPECT_EQ(good["propertyInfo"], request.property_info);

  json bad = signature_entry_json(nullptr, verify_signature_der(Bytes{0x05, 0x00}));
  EXPECT_EQ(bad["valid"], false);
  EXPECT_TRUE(bad["signer"].is_null());

  const json one = signatures_verdict_json({good});
  EXPECT_EQ(one["valid"], true);
  EXPECT_EQ(one["trusted"], true);
  const json both = signatures_verdict_json({good, bad});
  EXPECT_EQ(both["valid"], false);
  EXPECT_EQ(both["trusted"], false);
  EXPECT_EQ(both["signatures"].size(), 2u);
  const json none = signatures_verdict_json({});
  EXPECT_EQ(none["valid"], false);
}

TEST(VerdictJsonTest, InvalidUtf8TextIsReplaced) {
  SealSpec spec = testing::seal_spec();
  spec.name = std::string("bad \xff\xfe name");
  auto maker = pki().maker.signer();
  auto seal = make_seal(spec, pki().maker.cert, *maker);
  ASSERT_TRUE(seal.ok());
  const json j = seal_json(*seal);
  EXPECT_NO_THROW((void)j.dump());
  EXPECT_EQ(j["name"], "bad \xef\xbf\xbd\xef\xbf\xbd name");
}

}  // namespace
}  // namespace gmseal::ses

namespace gmseal::ses {
namespace {

// Check details quote text from the file (here a Vid that is not UTF-8): the JSON still dumps.
TEST(VerdictJsonTest, InvalidUtf8InCheckDetailsIsReplaced) {
  const Seal seal = testing::make_test_seal();
  Bytes der = seal.der();
  const std::string vid = "gmseal";
  const auto at = std::search(der.begin(), der.end(), vid.begin(), vid.end());
  ASSERT_NE(at, der.end());
  *at = 0xa6;
  std::optional<Seal> parsed;
  const VerifyReport report = verify_seal_der(der, {}, &parsed);
  ASSERT_TRUE(parsed.has_value());
  const nlohmann::json verdict = seal_verdict_json(&*parsed, report);
  std::string text;
  EXPECT_NO_THROW(text = verdict.dump());
  EXPECT_NE(text.find("\xef\xbf\xbdmseal"), std::string::npos);
  EXPECT_EQ(verdict["valid"], false);
}

}  // namespace
}  // namespace gmseal::ses
