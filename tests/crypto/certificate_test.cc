#include "crypto/certificate.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "crypto/cert_builder.h"
#include "crypto/cert_verify.h"
#include "crypto/crl.h"
#include "crypto/gmt0015.h"
#include "util/file_io.h"
#include "validate/gmt0015_subject.h"
#include "validate/id_number.h"
#include "validate/uscc.h"

namespace gmseal::crypto {
namespace {

using std::chrono::days;
using std::chrono::hours;

std::string valid_uscc(std::string first17) {
  return first17 + validate::uscc_check_character(first17);
}
std::string valid_id_number(std::string first17) {
  return first17 + validate::id_number_check_character(first17);
}

struct TestPki {
  Sm2PrivateKey root_key = *Sm2PrivateKey::generate();
  Certificate root;
  Sm2PrivateKey leaf_key = *Sm2PrivateKey::generate();
  Certificate leaf;

  TestPki()
      : root(make_root()),
        leaf(make_leaf(CertProfile::kUnit, "示例单位", valid_uscc("91430100MA4L00001"))) {}

  Certificate make_root() {
    SoftSigner signer(root_key);
    CertTemplate spec{CertProfile::kRoot, "Test Root",        "",
                      now() - hours(1),   now() + days(3650), ""};
    return *issue_certificate(spec, root_key.public_key(), nullptr, signer);
  }
  Certificate make_leaf(CertProfile profile, const std::string& name, const std::string& id,
                        Time from = now() - hours(1), Time to = now() + days(365)) {
    SoftSigner signer(root_key);
    CertTemplate spec{profile, name, id, from, to, ""};
    auto cert = issue_certificate(spec, leaf_key.public_key(), &root, signer);
    if (!cert.ok()) ADD_FAILURE() << cert.error().to_string();
    return *cert;
  }
};

TEST(CertificateTest, UnitCertificateFollowsGmt0015) {
  TestPki pki;
  const DistinguishedName subject = pki.leaf.subject();
  EXPECT_EQ(subject.get(kOidTitle), subject.get(kOidAliasedEntryName));
  EXPECT_EQ(subject.get(kOidGivenName), "示例单位");
  EXPECT_EQ(subject.get(kOidCommonName), "示例单位");
  EXPECT_TRUE(validate::check_gmt0015_subject(subject, SubjectKind::kUnit).empty());
  EXPECT_EQ(*validate::guess_subject_kind(subject), SubjectKind::kUnit);
  EXPECT_EQ(pki.leaf.signature_algorithm_oid(), kOidSm2WithSm3);
  EXPECT_EQ(*pki.leaf.key_usage(), kKuDigitalSignature | kKuNonRepudiation);
  EXPECT_FALSE(pki.leaf.is_ca());
  EXPECT_EQ(pki.leaf.authority_key_id(), pki.root.subject_key_id());
  EXPECT_TRUE(pki.leaf.verify_signature(pki.root_key.public_key()).ok());
  EXPECT_EQ(*pki.leaf.public_key(), pki.leaf_key.public_key());
}

TEST(CertificateTest, PersonalAndTsaProfiles) {
  TestPki pki;
  const Certificate personal =
      pki.make_leaf(CertProfile::kPersonal, "张三", valid_id_number("43010219900101123"));
  EXPECT_TRUE(validate::check_gmt0015_subject(personal.subject(), SubjectKind::kPersonal).empty());
  EXPECT_EQ(*validate::guess_subject_kind(personal.subject()), SubjectKind::kPersonal);
  const Certificate tsa = pki.make_leaf(CertProfile::kTsa, "Test TSA", "");
  EXPECT_EQ(tsa.extended_key_usage(), std::vector<std::string>{std::string(kOidKpTimeStamping)});
  EXPECT_TRUE(pki.root.is_ca());
  EXPECT_EQ(*pki.root.key_usage(), kKuKeyCertSign | kKuCrlSign);
}

TEST(CertificateTest, BuildingEnforcesSubjectRules) {
  TestPki pki;
  SoftSigner signer(pki.root_key);
  CertTemplate spec{CertProfile::kUnit, "示例单位", "91430100MA4L000010", now(),
                    now() + days(1),    ""};
  spec.id_code.back() = spec.id_code.back() == '0' ? '1' : '0';  // break the check character
  // The code's check character is validate's rule (the CA calls it before issuing) ...
  const Status bad = validate::check_cert_template(spec);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "crypto.cert.bad_subject");
  EXPECT_EQ(bad.error().field, "id");
  spec.profile = CertProfile::kPersonal;
  spec.id_code = valid_uscc("91430100MA4L00001");
  EXPECT_EQ(validate::check_cert_template(spec).error().code, "crypto.cert.bad_subject");
  spec.profile = CertProfile::kMaker;  // an organisation certificate with a code: the unit rule
  EXPECT_TRUE(validate::check_cert_template(spec).ok());
  spec.id_code.back() = spec.id_code.back() == '0' ? '1' : '0';
  EXPECT_EQ(validate::check_cert_template(spec).error().code, "crypto.cert.bad_subject");
  // ... while crypto lays the subject out and refuses only what cannot be laid out.
  spec.profile = CertProfile::kUnit;
  spec.id_code.clear();
  EXPECT_EQ(issue_certificate(spec, pki.leaf_key.public_key(), &pki.root, signer).error().code,
            "crypto.cert.bad_subject");
  spec.id_code = valid_uscc("91430100MA4L00001");
  // A leaf cannot issue.
  spec.profile = CertProfile::kUnit;
  SoftSigner leaf_signer(pki.leaf_key);
  EXPECT_EQ(issue_certificate(spec, pki.leaf_key.public_key(), &pki.leaf, leaf_signer).error().code,
            "crypto.cert.issuer_not_ca");
}

TEST(CertificateTest, ReportsEachBrokenRule) {
  DistinguishedName name;
  name.attributes = {{std::string(kOidTitle), "T", "91430100MA4L000011"},
                     {std::string(kOidAliasedEntryName), "2.5.4.1", "OTHER"},
                     {std::string(kOidCommonName), "CN", "甲"}};
  std::vector<std::string> rules;
  for (const auto& v : validate::check_gmt0015_subject(name, SubjectKind::kUnit))
    rules.push_back(v.rule);
  EXPECT_NE(std::find(rules.begin(), rules.end(), "unit.aliased_equals_t"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "unit.g_present"), rules.end());
}

TEST(CertificateTest, SubjectWithoutTSaysWhichRulesItBreaks) {
  DistinguishedName name;
  name.attributes = {{std::string(kOidCountry), "C", "CN"},
                     {std::string(kOidCommonName), "CN", "Test Certificate"}};
  const validate::SubjectConformance verdict = validate::assess_gmt0015_subject(name);
  EXPECT_FALSE(verdict.kind.has_value());
  EXPECT_EQ(verdict.summary,
            "not a GM/T 0015 unit or personal certificate: T missing, 2.5.4.1 missing, G missing");
  std::vector<std::string> rules;
  for (const auto& v : verdict.violations) rules.push_back(v.rule);
  EXPECT_EQ(rules, (std::vector<std::string>{"subject.t_present", "subject.aliased_present",
                                             "subject.g_present"}));
  // A conforming unit subject still gets its kind and no violation.
  auto unit = make_gmt0015_subject(SubjectKind::kUnit, "示例单位", valid_uscc("91430100MA4L00001"));
  ASSERT_TRUE(unit.ok());
  const validate::SubjectConformance good = validate::assess_gmt0015_subject(*unit);
  EXPECT_EQ(good.kind, SubjectKind::kUnit);
  EXPECT_TRUE(good.violations.empty());
}

TEST(CertificateTest, PemDerRoundTripAndGarbage) {
  TestPki pki;
  EXPECT_EQ(*Certificate::from_pem(pki.leaf.pem()), pki.leaf);
  EXPECT_EQ(*Certificate::parse_any(pki.leaf.der()), pki.leaf);
  EXPECT_EQ(*Certificate::parse_any(to_bytes(base64_encode(pki.leaf.der()))), pki.leaf);
  EXPECT_EQ(Certificate::from_pem("nonsense").error().code, "crypto.cert.parse_failed");
  Bytes truncated = pki.leaf.der();
  truncated.resize(truncated.size() - 10);
  EXPECT_EQ(Certificate::from_der(truncated).error().code, "crypto.cert.parse_failed");
  Bytes trailing = pki.leaf.der();
  trailing.push_back(0);
  EXPECT_EQ(Certificate::from_der(trailing).error().code, "crypto.cert.parse_failed");
  auto bundle = Certificate::from_pem_bundle(pki.leaf.pem() + pki.root.pem());
  ASSERT_TRUE(bundle.ok());
  EXPECT_EQ(bundle->size(), 2u);
}

TEST(ChainTest, ValidatesAndNamesFailures) {
  TestPki pki;
  TrustStore store;
  store.anchors = {pki.root};
  auto chain = verify_chain(pki.leaf, store);
  ASSERT_TRUE(chain.ok()) << chain.error().to_string();
  EXPECT_EQ(chain->size(), 2u);

  ChainOptions later;
  later.at = now() + days(400);
  EXPECT_EQ(verify_chain(pki.leaf, store, later).error().code, "crypto.chain.expired");
  ChainOptions earlier;
  earlier.at = now() - days(2);
  EXPECT_EQ(verify_chain(pki.leaf, store, earlier).error().code, "crypto.chain.not_yet_valid");
  ChainOptions wrong_id;
  wrong_id.id = "";
  EXPECT_FALSE(verify_chain(pki.leaf, store, wrong_id).ok());

  TestPki other;
  TrustStore other_store;
  other_store.anchors = {other.root};
  EXPECT_EQ(verify_chain(pki.leaf, other_store).error().code, "crypto.chain.untrusted");
}

TEST(ChainTest, TamperedSignatureFails) {
  TestPki pki;
  Bytes der = pki.leaf.der();
  der[der.size() - 5] ^= 0x01;  // inside the signature value
  auto tampered = Certificate::from_der(der);
  ASSERT_TRUE(tampered.ok());
  EXPECT_EQ(tampered->verify_signature(pki.root_key.public_key()).error().code,
            "crypto.cert.bad_signature");
  TrustStore store;
  store.anchors = {pki.root};
  EXPECT_FALSE(verify_chain(*tampered, store).ok());
}

TEST(CrlTest, IssueParseAndCheck) {
  TestPki pki;
  SoftSigner signer(pki.root_key);
  const Time revoked_at = now() - std::chrono::minutes(30);
  auto crl = issue_crl(pki.root, signer, {{pki.leaf.serial_hex(), revoked_at, 1}}, now(),
                       now() + days(7), 42);
  ASSERT_TRUE(crl.ok()) << crl.error().to_string();
  EXPECT_TRUE(crl->issued_by(pki.root));
  EXPECT_TRUE(crl->verify_signature(pki.root_key.public_key()).ok());
  ASSERT_EQ(crl->revoked().size(), 1u);
  EXPECT_EQ(crl->revoked()[0].reason, 1);
  EXPECT_EQ(crl->revoked()[0].revoked_at, revoked_at);
  auto reparsed = Crl::from_pem(crl->pem());
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(reparsed->der(), crl->der());

  TrustStore store;
  store.anchors = {pki.root};
  store.crls = {*crl};
  EXPECT_EQ(verify_chain(pki.leaf, store).error().code, "crypto.chain.revoked");
  // A CRL issued after the validation time still speaks for it (RFC 5280): the certificate was
  // good until its revocationDate, so at an earlier time it validates, with a warning saying
  // when it was revoked.
  ChainOptions before;
  before.at = now() - std::chrono::minutes(45);
  auto earlier = validate_chain(pki.leaf, store, before);
  ASSERT_TRUE(earlier.ok()) << earlier.error().to_string();
  ASSERT_EQ(earlier->warnings.size(), 1u);
  EXPECT_NE(earlier->warnings[0].find("revoked later, on " + format_iso8601(revoked_at)),
            std::string::npos)
      << earlier->warnings[0];
  EXPECT_TRUE(verify_chain(pki.leaf, store, before).ok());
  // At or after the revocationDate: revoked, and the message says when.
  ChainOptions after;
  after.at = revoked_at + std::chrono::minutes(5);
  const auto revoked = verify_chain(pki.leaf, store, after);
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, "crypto.chain.revoked");
  EXPECT_NE(revoked.error().message.find("revoked at " + format_iso8601(revoked_at)),
            std::string::npos)
      << revoked.error().message;
  after.at = revoked_at;
  EXPECT_EQ(verify_chain(pki.leaf, store, after).error().code, "crypto.chain.revoked");

  // A current CRL that does not list the certificate: valid, no warning.
  auto empty_crl = issue_crl(pki.root, signer, {}, now(), now() + days(7), 43);
  ASSERT_TRUE(empty_crl.ok());
  store.crls = {*empty_crl};
  auto clean = validate_chain(pki.leaf, store, before);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->warnings.empty());
  // A CRL whose nextUpdate has passed (judged against now, not the validation time) is stale.
  auto stale_crl = issue_crl(pki.root, signer, {}, now() - days(1) + std::chrono::minutes(1),
                             now() - std::chrono::minutes(1), 44);
  ASSERT_TRUE(stale_crl.ok());
  store.crls = {*stale_crl};
  auto stale = validate_chain(pki.leaf, store, before);
  ASSERT_TRUE(stale.ok()) << stale.error().to_string();
  ASSERT_EQ(stale->warnings.size(), 1u);
  EXPECT_NE(stale->warnings[0].find("stale"), std::string::npos) << stale->warnings[0];
  // A CRL under the issuer's name but signed by another key fails.
  SoftSigner leaf_signer(pki.leaf_key);
  auto forged = issue_crl(pki.root, leaf_signer, {}, now(), now() + days(7), 45);
  ASSERT_TRUE(forged.ok());
  store.crls = {*forged};
  EXPECT_EQ(verify_chain(pki.leaf, store, before).error().code, "crypto.chain.crl_invalid");
  store.crls = {*crl};

  Bytes der = crl->der();
  der[der.size() - 3] ^= 1;
  auto tampered = Crl::from_der(der);
  ASSERT_TRUE(tampered.ok());
  store.crls = {*tampered};
  EXPECT_EQ(verify_chain(pki.leaf, store).error().code, "crypto.chain.crl_invalid");
  EXPECT_EQ(Crl::from_der(Bytes{0x30, 0x00}).error().code, "crypto.crl.parse_failed");
}

// Certificates made by other implementations (../shared/testdata) must parse.
TEST(CertificateTest, SharedTestdataCertificatesParse) {
  const std::filesystem::path root = GMSEAL_TESTDATA_DIR;
  if (!std::filesystem::exists(root)) {
    GTEST_SKIP() << "SKIPPED LOUDLY: " << root
                 << " is absent (a fresh clone); vendor files untested";
  }
  for (const char* name : {"keys/ofdrw-sign-cert.pem", "pdf/itext-sm2.cer"}) {
    auto data = read_file(root / name);
    ASSERT_TRUE(data.ok()) << name;
    auto cert = Certificate::parse_any(*data);
    ASSERT_TRUE(cert.ok()) << name << ": " << cert.error().to_string();
    EXPECT_FALSE(cert->subject().to_string().empty());
    auto key = cert->public_key();
    EXPECT_TRUE(key.ok()) << name << ": " << (key.ok() ? "" : key.error().to_string());
    if (cert->is_self_issued()) {
      EXPECT_TRUE(cert->verify_signature(*key).ok()) << name;
    }
  }
  auto key_pem = read_text_file(root / "keys/ofdrw-sign-key.pem");
  ASSERT_TRUE(key_pem.ok());
  auto key = Sm2PrivateKey::from_pem(*key_pem);
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  auto cert = Certificate::parse_any(*read_file(root / "keys/ofdrw-sign-cert.pem"));
  EXPECT_EQ(key->public_key(), *cert->public_key());
}

}  // namespace
}  // namespace gmseal::crypto
