#include <gtest/gtest.h>

#include <set>

#include "crypto/cert_builder.h"
#include "validate/signer_cert.h"

namespace gmseal::validate {
namespace {

struct Issued {
  crypto::Certificate root;
  crypto::Certificate leaf;
};

Issued issue(crypto::CertProfile profile, const std::string& name, const std::string& code) {
  auto root_key = crypto::Sm2PrivateKey::generate().value();
  crypto::SoftSigner root_signer(root_key);
  crypto::CertTemplate root_spec{crypto::CertProfile::kRoot, "Test Root", "",
                                 now() - std::chrono::hours(1),
                                 now() + std::chrono::hours(24 * 365)};
  auto root =
      crypto::issue_certificate(root_spec, root_key.public_key(), nullptr, root_signer).value();
  auto key = crypto::Sm2PrivateKey::generate().value();
  crypto::CertTemplate spec{profile, name, code, now() - std::chrono::hours(1),
                            now() + std::chrono::hours(24 * 30)};
  auto leaf = crypto::issue_certificate(spec, key.public_key(), &root, root_signer);
  EXPECT_TRUE(leaf.ok()) << leaf.error().to_string();
  return {root, leaf.value()};
}

std::set<std::string> codes(const std::vector<Error>& errors) {
  std::set<std::string> out;
  for (const auto& e : errors) out.insert(e.code);
  return out;
}

TEST(SignerCertTest, AcceptsUnitAndPersonalCertificates) {
  const auto unit = issue(crypto::CertProfile::kUnit, "某某科技有限公司", "91350100M000100Y43");
  auto decoded = decode_signer_certificate(base64_encode(unit.leaf.der()));
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_TRUE(signer_certificate_violations(*decoded, now()).empty());
  const auto person = issue(crypto::CertProfile::kPersonal, "张三", "11010519491231002X");
  EXPECT_TRUE(signer_certificate_violations(person.leaf, now()).empty());
}

TEST(SignerCertTest, NamesBrokenRules) {
  const auto unit = issue(crypto::CertProfile::kUnit, "某某科技有限公司", "91350100M000100Y43");
  // The CA certificate breaks the subject rules and is a CA.
  const auto root_codes = codes(signer_certificate_violations(unit.root, now()));
  EXPECT_TRUE(root_codes.count("validate.sign_cert.subject"));
  EXPECT_TRUE(root_codes.count("validate.sign_cert.is_ca"));
  EXPECT_EQ(codes(signer_certificate_violations(unit.leaf, now() + std::chrono::hours(24 * 60))),
            std::set<std::string>{"validate.sign_cert.expired"});
  EXPECT_EQ(codes(signer_certificate_violations(unit.leaf, now() - std::chrono::hours(24))),
            std::set<std::string>{"validate.sign_cert.not_yet_valid"});
}

TEST(SignerCertTest, RejectsNonCertificates) {
  EXPECT_EQ(decode_signer_certificate("***").error().code, "validate.sign_cert.base64");
  EXPECT_EQ(decode_signer_certificate(base64_encode(to_bytes("hello"))).error().code,
            "validate.sign_cert.parse");
}

}  // namespace
}  // namespace gmseal::validate
