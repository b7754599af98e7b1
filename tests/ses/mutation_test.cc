// Flip every byte of a valid seal and signature: nothing crashes, and wherever a signature
// covers the byte, parsing fails or verification fails naming the right check.
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

#include "crypto/sm3.h"
#include "ses/ses_fixture.h"
#include "ses/sign.h"
#include "ses/testdata.h"
#include "ses/verify_seal.h"
#include "ses/verify_signature.h"

namespace gmseal::ses {
namespace {

using testing::make_test_seal;
using testing::pki;

bool contains(const std::vector<std::string>& names, std::initializer_list<const char*> any) {
  return std::any_of(any.begin(), any.end(), [&](const char* name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  });
}

// Sanitizer builds are ~10x slower: they flip every 4th byte (crash-freedom on all structures
// is still exercised); optimised builds flip every byte.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kStride = 4;
#else
constexpr std::size_t kStride = 1;
#endif

std::size_t offset_in(ByteView whole, ByteView part) {
  return static_cast<std::size_t>(part.data() - whole.data());
}

TEST(SealMutationTest, EveryByteFlipIsDetected) {
  const Seal seal = make_test_seal();
  const Bytes& der = seal.der();
  const std::size_t info_begin = offset_in(der, seal.seal_info_bytes());
  const std::size_t info_end = info_begin + seal.seal_info_bytes().size();
  SealVerifyOptions options;
  options.trust = pki().trust();
  ASSERT_TRUE(verify_seal(seal, options).valid());

  std::size_t parse_failures = 0;
  for (std::size_t i = 0; i < der.size(); i += kStride) {
    Bytes mutated = der;
    mutated[i] ^= 0x01;
    std::optional<Seal> parsed;
    const VerifyReport report = verify_seal_der(mutated, options, &parsed);
    ASSERT_FALSE(report.valid()) << "flip at " << i << " went unnoticed";
    const std::vector<std::string> failed = report.failed();
    if (!parsed) {
      ++parse_failures;
      EXPECT_EQ(failed, std::vector<std::string>{"format"}) << i;
      continue;
    }
    if (i >= info_begin && i < info_end) {
      // Inside SES_SealInfo: the maker's signature no longer verifies.
      EXPECT_TRUE(contains(failed, {"maker_signature"})) << "flip at " << i;
    } else {
      // cert / signAlgID / signedValue: the signature or the maker certificate fails.
      EXPECT_TRUE(contains(failed, {"maker_signature", "maker_certificate"})) << "flip at " << i;
    }
  }
  EXPECT_GT(parse_failures, 0u);
}

TEST(SignatureMutationTest, EveryByteFlipIsDetected) {
  const Seal seal = make_test_seal();
  const auto digest = crypto::sm3(to_bytes("original"));
  SignRequest request;
  request.data_hash.assign(digest.begin(), digest.end());
  request.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
  auto signer = pki().signer.signer();
  auto made = sign(seal, pki().signer.cert, *signer, request);
  ASSERT_TRUE(made.ok()) << made.error().to_string();
  const Bytes& der = made->der();
  const std::size_t tbs_begin = offset_in(der, made->tbs_bytes());
  const std::size_t tbs_end = tbs_begin + made->tbs_bytes().size();

  // SM2 in OpenSSL 3.0 is slow (~1 ms a verification): chains (which catch flips inside the
  // certificates) are only checked for flips inside the two certificates.
  const auto region = [&](const Bytes& part) {
    const auto at = std::search(der.begin(), der.end(), part.begin(), part.end());
    const auto begin = static_cast<std::size_t>(at - der.begin());
    return std::pair<std::size_t, std::size_t>(begin, begin + part.size());
  };
  const auto signer_cert = region(made->signer_cert_der());
  const auto maker_cert = region(seal.maker_cert_der());
  const auto in = [](std::size_t i, std::pair<std::size_t, std::size_t> r) {
    return i >= r.first && i < r.second;
  };
  SignatureVerifyOptions options;
  options.data_hash = [&](const Signature&) -> Result<Bytes> { return request.data_hash; };
  SignatureVerifyOptions trusted = options;
  trusted.trust = pki().trust();
  ASSERT_TRUE(verify_signature(*made, trusted).valid());

  for (std::size_t i = 0; i < der.size(); i += kStride) {
    Bytes mutated = der;
    mutated[i] ^= 0x01;
    std::optional<Signature> parsed;
    const bool in_cert = in(i, signer_cert) || in(i, maker_cert);
    const VerifyReport report = verify_signature_der(mutated, in_cert ? trusted : options, &parsed);
    ASSERT_FALSE(report.valid()) << "flip at " << i << " went unnoticed";
    const std::vector<std::string> failed = report.failed();
    if (!parsed) {
      EXPECT_EQ(failed, std::vector<std::string>{"format"}) << i;
      continue;
    }
    if (i >= tbs_begin && i < tbs_end) {
      EXPECT_TRUE(contains(failed, {"signature_value"})) << "flip at " << i;
      if (in(i, maker_cert)) {
        EXPECT_TRUE(contains(failed, {"seal.maker_signature", "seal.maker_certificate"})) << i;
      }
    } else {
      EXPECT_TRUE(
          contains(failed, {"signature_value", "signer_certificate", "signer_certificate_match"}))
          << "flip at " << i;
    }
  }
}

// A real vendor seal: every 5th byte of ofdrw-v4.esl (17 kB) flipped, at a time inside its
// window. Without a chain the maker certificate's bytes are only covered through its key, so
// only the SES_SealInfo bytes and the signature value are required to be caught.
TEST(SealMutationTest, RealSealFlipsInsideSignedBytesAreCaught) {
  GMSEAL_REQUIRE_TESTDATA();
  const Bytes file = testing::testdata_file("seals/ofdrw-v4.esl");
  auto seal = Seal::parse(file);
  ASSERT_TRUE(seal.ok());
  const std::size_t info_begin = offset_in(seal->der(), seal->seal_info_bytes());
  const std::size_t info_end = info_begin + seal->seal_info_bytes().size();
  SealVerifyOptions options;
  options.at = *parse_generalized_time("20210101000000Z");
  for (std::size_t i = 0; i < file.size(); i += 5 * kStride) {
    Bytes mutated = file;
    mutated[i] ^= 0x80;
    std::optional<Seal> parsed;
    const VerifyReport report = verify_seal_der(mutated, options, &parsed);
    if (i >= info_begin && i < info_end) {
      ASSERT_FALSE(report.valid()) << "flip at " << i;
      if (parsed) {
        EXPECT_TRUE(contains(report.failed(), {"maker_signature"})) << i;
      }
    }
  }
}

}  // namespace
}  // namespace gmseal::ses
