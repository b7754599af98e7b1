// sign() and verify_signature(): every step, on signatures made here with a fresh PKI.
#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/crl.h"
#include "crypto/sm3.h"
#include "ses/cert_cache.h"
#include "ses/internal/ses_asn1.h"
#include "ses/ses_fixture.h"
#include "ses/sign.h"
#include "ses/verified_seals.h"
#include "ses/verify_seal.h"
#include "ses/verify_signature.h"

namespace gmseal::ses {
namespace {

using testing::make_test_seal;
using testing::pki;
using testing::seal_spec;

const Bytes kDocument = to_bytes("<ofd:Signature>the protected original</ofd:Signature>");
constexpr std::string_view kProperty = "/Doc_0/Signs/Sign_0/Signature.xml";

Bytes document_hash() {
  const auto digest = crypto::sm3(kDocument);
  return Bytes(digest.begin(), digest.end());
}

SignRequest request() {
  SignRequest r;
  r.data_hash = document_hash();
  r.property_info = std::string(kProperty);
  return r;
}

Signature sign_ok(const Seal& seal, const SignRequest& r = request()) {
  auto signer = pki().signer.signer();
  auto sig = sign(seal, pki().signer.cert, *signer, r);
  EXPECT_TRUE(sig.ok()) << sig.error().to_string();
  return std::move(*sig);
}

SignatureVerifyOptions with_document(const Bytes& document) {
  SignatureVerifyOptions options;
  options.trust = pki().trust();
  options.data_hash = [document](const Signature& s) -> Result<Bytes> {
    EXPECT_EQ(s.property_info(), kProperty);
    const auto digest = crypto::sm3(document);
    return Bytes(digest.begin(), digest.end());
  };
  return options;
}

// `seal`'s DER with a byte of its esID (inside SES_SealInfo) flipped, so that the maker signature
// no longer verifies; empty when the esID is not found in the DER.
Bytes with_es_id_flipped(const Seal& seal) {
  Bytes der = seal.der();
  const std::string es_id = seal.info().es_id;
  const auto at = std::search(der.begin(), der.end(), es_id.begin(), es_id.end());
  if (at == der.end()) return {};
  *at ^= 0x01;
  return der;
}

std::string dump(const VerifyReport& report) {
  std::string text;
  for (const Check& c : report.checks()) {
    text += "  " + c.name + " " + std::string(to_string(c.result)) + ": " + c.detail + "\n";
  }
  return text;
}

class SignRoundTripTest : public ::testing::TestWithParam<std::tuple<Format, CertListType>> {};

TEST_P(SignRoundTripTest, SignParseVerify) {
  const auto [format, list_type] = GetParam();
  const Seal seal = make_test_seal(format, list_type);
  const Signature made = sign_ok(seal);
  auto sig = Signature::parse(made.der());
  ASSERT_TRUE(sig.ok()) << sig.error().to_string();
  EXPECT_EQ(sig->format(), format);
  EXPECT_EQ(sig->tbs_version(), format == Format::kV5 ? 5 : 4);
  EXPECT_EQ(sig->seal().der(), seal.der());
  EXPECT_EQ(sig->data_hash(), document_hash());
  EXPECT_EQ(sig->property_info(), kProperty);
  EXPECT_EQ(sig->signer_cert_der(), pki().signer.cert.der());
  ASSERT_TRUE(sig->signing_time().has_value());

  const VerifyReport report = verify_signature(*sig, with_document(kDocument));
  EXPECT_TRUE(report.valid()) << dump(report);
  EXPECT_TRUE(report.trusted()) << dump(report);
  for (const char* name :
       {"format", "signature_value", "signer_certificate_match", "seal.maker_signature",
        "seal.maker_certificate", "seal.seal_validity", "signer_certificate", "data_hash"}) {
    EXPECT_TRUE(report.has(name, CheckResult::kPass)) << name << "\n" << dump(report);
  }
  EXPECT_TRUE(report.has(kCheckTimestamp, CheckResult::kSkip));

  // A changed document fails only the data hash.
  Bytes changed = kDocument;
  changed.back() ^= 1;
  const VerifyReport tampered = verify_signature(*sig, with_document(changed));
  EXPECT_EQ(tampered.failed(), std::vector<std::string>{"data_hash"}) << dump(tampered);
  // No trust store: valid, not trusted.
  const VerifyReport untrusted = verify_signature(*sig);
  EXPECT_TRUE(untrusted.valid());
  EXPECT_FALSE(untrusted.trusted());
}

INSTANTIATE_TEST_SUITE_P(All, SignRoundTripTest,
                         ::testing::Combine(::testing::Values(Format::kV4, Format::kV5),
                                            ::testing::Values(CertListType::kCertificates,
                                                              CertListType::kDigests)));

TEST(SignTest, SignatureBytesAreStable) {
  const Seal seal = make_test_seal();
  const Signature sig = sign_ok(seal);
  // Re-encoding from the parsed parts gives the same bytes.
  internal::TbsSignFields fields;
  fields.version = sig.tbs_version();
  fields.eseal_der = sig.eseal_bytes();
  fields.signing_time = *sig.signing_time();
  fields.data_hash = sig.data_hash();
  fields.property_info = sig.property_info();
  fields.ext_datas = &sig.ext_datas();
  const Bytes tbs = *internal::encode_tbs_sign(fields);
  EXPECT_EQ(tbs, Bytes(sig.tbs_bytes().begin(), sig.tbs_bytes().end()));
  EXPECT_EQ(*internal::encode_signature(tbs, sig.signer_cert_der(), sig.sign_alg_oid(),
                                        sig.signature_value(), sig.timestamp()),
            sig.der());
}

TEST(SignTest, ExtDatasAndTimestampAreExplicitTagZero) {
  const Seal seal = make_test_seal();
  SignRequest r = request();
  r.ext_datas = {ExtData{"1.2.3.4", true, to_bytes("x")}};
  const Bytes token = {0x30, 0x00};
  Bytes stamped_value;
  r.timestamper = [&](ByteView value) -> Result<Bytes> {
    stamped_value.assign(value.begin(), value.end());
    return token;
  };
  const Signature sig = sign_ok(seal, r);
  EXPECT_EQ(sig.ext_datas(), r.ext_datas);
  ASSERT_TRUE(sig.timestamp().has_value());
  EXPECT_EQ(*sig.timestamp(), token);
  EXPECT_EQ(stamped_value, sig.signature_value());
  const std::string hex = hex_encode(sig.der());
  EXPECT_EQ(hex.substr(hex.size() - 14), "a0050303003000");
  EXPECT_NE(hex.find("a00f300d300b06032a03040101ff040178"), std::string::npos);
  // {0x30, 0x00} is no RFC 3161 token: the full check fails the signature at that step.
  const VerifyReport report = verify_signature(sig, with_document(kDocument));
  EXPECT_FALSE(report.valid()) << dump(report);
  EXPECT_TRUE(report.has(kCheckTimestamp, CheckResult::kFail));
}

TEST(SignTest, RefusesSignerNotInSeal) {
  const Seal seal = make_test_seal();
  auto other = pki().other_signer.signer();
  auto sig = sign(seal, pki().other_signer.cert, *other, request());
  EXPECT_EQ(sig.error().code, "ses.sign.cert_not_in_seal");
  // Digest list too.
  const Seal digest_seal = make_test_seal(Format::kV4, CertListType::kDigests);
  EXPECT_EQ(sign(digest_seal, pki().other_signer.cert, *other, request()).error().code,
            "ses.sign.cert_not_in_seal");
}

TEST(SignTest, RefusesKeyNotMatchingCertificate) {
  const Seal seal = make_test_seal();
  auto wrong = pki().maker.signer();
  EXPECT_EQ(sign(seal, pki().signer.cert, *wrong, request()).error().code, "ses.sign.key_mismatch");
}

Result<Signature> sign_with(const Seal& seal, const SignRequest& r) {
  auto signer = pki().signer.signer();
  return sign(seal, pki().signer.cert, *signer, r);
}

TEST(SignTest, RefusesOutsideSealWindow) {
  const Seal seal = make_test_seal();
  SignRequest r = request();
  r.signing_time = now() + std::chrono::days(400);
  EXPECT_EQ(sign_with(seal, r).error().code, "ses.sign.outside_seal_window");
}

TEST(SignTest, RefusesSignerCertificateNotValidAtSigningTime) {
  SealSpec spec = seal_spec();
  spec.valid_start = now() - std::chrono::hours(48);
  auto maker = pki().maker.signer();
  auto seal = make_seal(spec, pki().maker.cert, *maker);
  ASSERT_TRUE(seal.ok());
  SignRequest r = request();
  r.signing_time = now() - std::chrono::hours(30);  // before the signer certificate's notBefore
  EXPECT_EQ(sign_with(*seal, r).error().code, "ses.sign.signer_cert_invalid");
}

TEST(SignTest, RefusesInvalidSeal) {
  const Seal seal = make_test_seal();
  const Bytes der = with_es_id_flipped(seal);
  ASSERT_FALSE(der.empty());
  auto broken = Seal::parse(der);
  ASSERT_TRUE(broken.ok());
  auto sig = sign_with(*broken, request());
  EXPECT_EQ(sig.error().code, "ses.sign.seal_invalid");
  EXPECT_EQ(sig.error().field, "eseal");
  // The check that made the seal invalid, from the report rather than the message's words.
  const std::vector<std::string> failed = verify_seal(*broken).failed();
  EXPECT_NE(std::find(failed.begin(), failed.end(), "maker_signature"), failed.end());
}

TEST(SignTest, RefusesEmptyInputs) {
  const Seal seal = make_test_seal();
  SignRequest r = request();
  r.data_hash.clear();
  EXPECT_EQ(sign_with(seal, r).error().code, "ses.sign.bad_request");
  r = request();
  r.property_info.clear();
  EXPECT_EQ(sign_with(seal, r).error().field, "propertyInfo");
}

TEST(SignManyTest, EachOriginalGetsItsOwnSignatureAtOneSigningTime) {
  const Seal seal = make_test_seal();
  std::vector<Bytes> documents;
  std::vector<OriginalHash> originals;
  for (int i = 0; i < 3; ++i) {
    documents.push_back(to_bytes("invoice " + std::to_string(i)));
    const auto digest = crypto::sm3(documents.back());
    originals.push_back({Bytes(digest.begin(), digest.end()), std::string(kProperty)});
  }
  auto signer = pki().signer.signer();
  SignRequest common;
  common.signing_time = now() - std::chrono::minutes(5);
  auto signatures = sign_many(seal, pki().signer.cert, *signer, common, originals);
  ASSERT_TRUE(signatures.ok()) << signatures.error().to_string();
  ASSERT_EQ(signatures->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Signature& signature = (*signatures)[i];
    EXPECT_EQ(signature.signing_time(), common.signing_time);
    const VerifyReport report = verify_signature(signature, with_document(documents[i]));
    EXPECT_TRUE(report.valid()) << i << "\n" << dump(report);
    // Another original's hash does not match it.
    const VerifyReport other = verify_signature(signature, with_document(documents[(i + 1) % 3]));
    EXPECT_FALSE(other.valid()) << i;
  }
}

TEST(SignManyTest, OneBadOriginalOrAnInvalidSealRefusesAll) {
  const Seal seal = make_test_seal();
  auto signer = pki().signer.signer();
  std::vector<OriginalHash> originals = {{document_hash(), std::string(kProperty)},
                                         {document_hash(), ""}};
  auto refused = sign_many(seal, pki().signer.cert, *signer, SignRequest{}, originals);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "propertyInfo");
  originals.pop_back();
  SignRequest late;
  late.signing_time = now() + std::chrono::days(400);
  auto outside = sign_many(seal, pki().signer.cert, *signer, late, originals);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, "ses.sign.outside_seal_window");
}

TEST(VerifySignatureTest, SignerRevokedBeforeSigningFails) {
  const Seal seal = make_test_seal();
  const Signature sig = sign_ok(seal);
  // A CRL from the root revoking the signer an hour before the signing time.
  auto root_signer = pki().root.signer();
  auto crl = crypto::issue_crl(
      pki().root.cert, *root_signer,
      {crypto::RevokedEntry{pki().signer.cert.serial_hex(),
                            *sig.signing_time() - std::chrono::hours(1), 1}},
      *sig.signing_time() - std::chrono::hours(2), now() + std::chrono::days(7), 1);
  ASSERT_TRUE(crl.ok()) << crl.error().to_string();
  SignatureVerifyOptions options;
  options.trust = pki().trust();
  options.trust->crls = {*crl};
  const VerifyReport report = verify_signature(sig, options);
  EXPECT_TRUE(report.has(kCheckSignerCertificate, CheckResult::kFail)) << dump(report);
  EXPECT_FALSE(report.valid());
  EXPECT_FALSE(report.trusted());
}

TEST(VerifySignatureTest, OtherTrustAnchorIsNotTrusted) {
  const Signature sig = sign_ok(make_test_seal());
  SignatureVerifyOptions options;
  options.trust = crypto::TrustStore{};
  options.trust->anchors = {pki().maker.cert};  // not a root of this PKI
  const VerifyReport report = verify_signature(sig, options);
  EXPECT_FALSE(report.trusted());
  EXPECT_TRUE(report.has(kCheckSignerCertificate, CheckResult::kFail)) << dump(report);
}

// A seal dated `days_before` days before its maker certificate starts (the fixture's maker
// certificate starts a day ago), valid from then for a year.
Seal seal_dated_before_maker_certificate(int days_before) {
  SealSpec spec = seal_spec();
  spec.create_date = pki().maker.cert.not_before() - std::chrono::days(days_before);
  spec.valid_start = *spec.create_date;
  auto maker = pki().maker.signer();
  auto seal = make_seal(spec, pki().maker.cert, *maker);
  EXPECT_TRUE(seal.ok()) << seal.error().to_string();
  return std::move(*seal);
}

// Real tax-authority invoice seals: the maker certificate starts a few days after createDate but
// is valid when the seal signs. That warns, and the signature stays valid and trusted.
TEST(MakerCertificateStartTest, StartingAfterCreateDateButValidAtSigningWarns) {
  const Seal seal = seal_dated_before_maker_certificate(3);
  SealVerifyOptions seal_options;
  seal_options.trust = pki().trust();
  seal_options.at = now();
  const VerifyReport seal_report = verify_seal(seal, seal_options);
  EXPECT_TRUE(seal_report.has(kCheckMakerCertificate, CheckResult::kWarn)) << dump(seal_report);
  EXPECT_TRUE(seal_report.valid()) << dump(seal_report);
  EXPECT_TRUE(seal_report.trusted());
  EXPECT_NE(seal_report.find(kCheckMakerCertificate)->detail.find("after the seal's createDate"),
            std::string::npos);

  const Signature sig = sign_ok(seal);  // signing accepts the seal
  const VerifyReport report = verify_signature(sig, with_document(kDocument));
  EXPECT_TRUE(report.valid()) << dump(report);
  EXPECT_TRUE(report.trusted()) << dump(report);
  const std::string maker_check = "seal." + std::string(kCheckMakerCertificate);
  EXPECT_TRUE(report.has(maker_check, CheckResult::kWarn)) << dump(report);
}

// Not valid at the signing time either (signed before the certificate started): a failure.
TEST(MakerCertificateStartTest, NotValidAtSigningTimeEitherFails) {
  const Seal seal = seal_dated_before_maker_certificate(3);
  SealVerifyOptions options;
  options.trust = pki().trust();
  options.at = pki().maker.cert.not_before() - std::chrono::days(1);
  const VerifyReport report = verify_seal(seal, options);
  EXPECT_TRUE(report.has(kCheckMakerCertificate, CheckResult::kFail)) << dump(report);
  EXPECT_FALSE(report.valid());
  SignRequest r = request();
  r.signing_time = *options.at;
  EXPECT_EQ(sign_with(seal, r).error().code, "ses.sign.seal_invalid");
}

// The leniency covers days, not a certificate that appeared long after the seal was made.
TEST(MakerCertificateStartTest, StartingFarAfterCreateDateFails) {
  const Seal seal = seal_dated_before_maker_certificate(45);
  SealVerifyOptions options;
  options.trust = pki().trust();
  options.at = now();
  const VerifyReport report = verify_seal(seal, options);
  EXPECT_TRUE(report.has(kCheckMakerCertificate, CheckResult::kFail)) << dump(report);
  EXPECT_FALSE(report.valid());
}

TEST(VerifySignatureTest, DataHashCallbackErrorFails) {
  const Signature sig = sign_ok(make_test_seal());
  SignatureVerifyOptions options;
  options.data_hash = [](const Signature&) -> Result<Bytes> {
    return make_error("ofd.missing", "Signature.xml is missing");
  };
  const VerifyReport report = verify_signature(sig, options);
  EXPECT_EQ(report.failed(), std::vector<std::string>{"data_hash"});
}

}  // namespace
}  // namespace gmseal::ses

namespace gmseal::ses {
namespace {

// Verdicts are the same with the certificate cache off (every verification parses again).
TEST(CertCacheTest, VerdictsDoNotDependOnTheCache) {
  const Signature sig = sign_ok(make_test_seal());
  SignatureVerifyOptions options;
  options.trust = pki().trust();
  const VerifyReport cached = verify_signature(sig, options);
  set_certificate_cache_enabled(false);
  const VerifyReport uncached = verify_signature(sig, options);
  set_certificate_cache_enabled(true);
  ASSERT_EQ(cached.checks().size(), uncached.checks().size());
  for (std::size_t i = 0; i < cached.checks().size(); ++i) {
    EXPECT_EQ(cached.checks()[i].name, uncached.checks()[i].name);
    EXPECT_EQ(cached.checks()[i].result, uncached.checks()[i].result);
  }
  EXPECT_TRUE(uncached.valid());
  // A certificate that does not parse is an error, cached or not.
  EXPECT_FALSE(cached_certificate(Bytes{0x30, 0x00}).ok());
  EXPECT_FALSE(cached_certificate(Bytes{0x30, 0x00}).ok());
}

}  // namespace
}  // namespace gmseal::ses

namespace gmseal::ses {
namespace {

// A seal verified once is passed on its exact bytes only: a byte changed anywhere in it is
// checked again and fails, and the verdicts are those of the cache turned off.
TEST(VerifiedSealsTest, OnlyTheExactSealThatVerifiedIsRemembered) {
  set_verified_seal_cache_enabled(true);
  const Seal seal = make_test_seal();
  EXPECT_FALSE(maker_signature_verified_before(seal.der()));
  const VerifyReport first = verify_seal(seal);
  EXPECT_TRUE(maker_signature_verified_before(seal.der()));
  const VerifyReport second = verify_seal(seal);
  set_verified_seal_cache_enabled(false);
  const VerifyReport uncached = verify_seal(seal);
  set_verified_seal_cache_enabled(true);
  for (const VerifyReport* report : {&first, &second, &uncached}) {
    const Check* maker = report->find(kCheckMakerSignature);
    ASSERT_NE(maker, nullptr);
    EXPECT_EQ(maker->result, CheckResult::kPass);
    EXPECT_EQ(maker->detail, first.find(kCheckMakerSignature)->detail);
    EXPECT_EQ(maker->field, first.find(kCheckMakerSignature)->field);
  }

  const Bytes der = with_es_id_flipped(seal);
  ASSERT_FALSE(der.empty());
  auto broken = Seal::parse(der);
  ASSERT_TRUE(broken.ok());
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(verify_seal(*broken).find(kCheckMakerSignature)->result, CheckResult::kFail);
    EXPECT_FALSE(maker_signature_verified_before(der));
  }
  // Signing with the genuine seal still passes its check; with the broken one it is refused.
  EXPECT_TRUE(sign_with(seal, request()).ok());
  EXPECT_EQ(sign_with(*broken, request()).error().code, "ses.sign.seal_invalid");
}

// The memory is bounded in bytes too: seals that verify are cheap to make with a key of one's own.
TEST(VerifiedSealsTest, HoldsAtMostItsBytes) {
  set_verified_seal_cache_enabled(true);
  const Bytes too_big(kVerifiedSealBytes + 1, 0x30);
  remember_maker_signature_verified(too_big);
  EXPECT_FALSE(maker_signature_verified_before(too_big));
  const Bytes first(kVerifiedSealBytes / 2 + 1, 0x01), second(kVerifiedSealBytes / 2 + 1, 0x02);
  remember_maker_signature_verified(first);
  EXPECT_TRUE(maker_signature_verified_before(first));
  remember_maker_signature_verified(second);  // both would exceed the bound: forgets the first
  EXPECT_TRUE(maker_signature_verified_before(second));
  EXPECT_FALSE(maker_signature_verified_before(first));
  set_verified_seal_cache_enabled(true);
}

}  // namespace
}  // namespace gmseal::ses
