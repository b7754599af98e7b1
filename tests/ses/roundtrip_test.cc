// make -> encode -> parse -> verify, for v4 and v5 and both cert-list types; byte stability.
#include <gtest/gtest.h>

#include "ses/cert_list.h"
#include "ses/internal/ses_asn1.h"
#include "ses/ses_fixture.h"
#include "ses/verify_seal.h"

namespace gmseal::ses {
namespace {

using testing::make_test_seal;
using testing::pki;
using testing::seal_spec;

struct RoundTripCase {
  Format format;
  CertListType list_type;
};

class SealRoundTripTest : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(SealRoundTripTest, MakeParseVerifyReencode) {
  const auto [format, list_type] = GetParam();
  const Seal made = make_test_seal(format, list_type);
  EXPECT_EQ(made.format(), format);

  auto parsed = Seal::parse(made.der());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->format(), format);
  const SealSpec spec = seal_spec(format, list_type);
  const SealInfo& info = parsed->info();
  EXPECT_EQ(info.header.id, "ES");
  EXPECT_EQ(info.header.version, format == Format::kV5 ? 5 : 4);
  EXPECT_EQ(info.header.vid, spec.vid);
  EXPECT_EQ(info.es_id, spec.es_id);
  EXPECT_EQ(info.property.name, spec.name);
  EXPECT_EQ(info.property.cert_list_type, list_type);
  EXPECT_EQ(info.picture.type, "PNG");  // written canonically from "png"
  EXPECT_EQ(info.picture.data, spec.picture.data);
  EXPECT_EQ(info.picture.width_mm, 40);
  EXPECT_EQ(info.ext_datas, spec.ext_datas);
  EXPECT_EQ(format_generalized_time(info.property.valid_end),
            format_generalized_time(spec.valid_end));
  if (list_type == CertListType::kCertificates) {
    ASSERT_EQ(info.property.certs.size(), 1u);
    EXPECT_EQ(info.property.certs[0], pki().signer.cert.der());
  } else {
    ASSERT_EQ(info.property.cert_digests.size(), 1u);
    EXPECT_EQ(info.property.cert_digests[0].type, "SM3");
    EXPECT_EQ(info.property.cert_digests[0].value,
              cert_list_digest("SM3", pki().signer.cert.der()));
  }
  EXPECT_EQ(parsed->maker_cert_der(), pki().maker.cert.der());

  // Byte-stable: the model encodes back to the same bytes, and signed_bytes() is the
  // SES_SealInfo TLV that the encoder produced.
  auto encoded = parsed->encode();
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, made.der());
  EXPECT_EQ(*internal::encode_seal_info(info),
            Bytes(parsed->signed_bytes().begin(), parsed->signed_bytes().end()));

  SealVerifyOptions options;
  options.trust = pki().trust();
  const VerifyReport report = verify_seal(*parsed, options);
  EXPECT_TRUE(report.valid());
  EXPECT_TRUE(report.trusted());
  for (const Check& check : report.checks()) {
    EXPECT_NE(check.result, CheckResult::kFail) << check.name << ": " << check.detail;
  }
  // Without a trust store: still valid, not trusted.
  const VerifyReport untrusted = verify_seal(*parsed);
  EXPECT_TRUE(untrusted.valid());
  EXPECT_FALSE(untrusted.trusted());
}

INSTANTIATE_TEST_SUITE_P(All, SealRoundTripTest,
                         ::testing::Values(RoundTripCase{Format::kV4, CertListType::kCertificates},
                                           RoundTripCase{Format::kV4, CertListType::kDigests},
                                           RoundTripCase{Format::kV5, CertListType::kCertificates},
                                           RoundTripCase{Format::kV5, CertListType::kDigests}));

TEST(SealEncodingTest, CanonicalForms) {
  const Seal seal = make_test_seal();
  const Bytes& der = seal.der();
  const std::string hex = hex_encode(der);
  // ExtData.critical FALSE is written out (01 01 00), times are 15-char GeneralizedTime.
  EXPECT_NE(hex.find("0101"
                     "00"
                     "0403" +
                     hex_encode(to_bytes("2.1"))),
            std::string::npos);
  EXPECT_NE(hex.find("180f"), std::string::npos);
  // signedValue: BIT STRING, unused-bits 00, DER SEQUENCE{r,s}.
  const std::string tail = hex.substr(hex.size() - 2 * (seal.signed_value().size() + 1));
  EXPECT_EQ(tail.substr(0, 4), "0030");
}

TEST(SealEncodingTest, V5TimestampIsExplicitTagZero) {
  SealSpec spec = seal_spec(Format::kV5);
  const Bytes token = {0x30, 0x03, 0x02, 0x01, 0x05};
  spec.timestamper = [&](ByteView) -> Result<Bytes> { return token; };
  auto signer = pki().maker.signer();
  auto seal = make_seal(spec, pki().maker.cert, *signer);
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  ASSERT_TRUE(seal->timestamp().has_value());
  EXPECT_EQ(*seal->timestamp(), token);
  const std::string hex = hex_encode(seal->der());
  EXPECT_EQ(hex.substr(hex.size() - 20), "a0080306003003020105");
  // That token is no RFC 3161 token: the full check fails it, naming the step.
  const VerifyReport report = verify_seal(*seal);
  EXPECT_FALSE(report.valid());
  EXPECT_TRUE(report.has(kCheckSealTimestamp, CheckResult::kFail));
  EXPECT_EQ(*seal->encode(), seal->der());
}

TEST(MakeSealTest, RejectsBadSpecs) {
  auto signer = pki().maker.signer();
  SealSpec spec = seal_spec();
  spec.picture.type = "tiff";
  EXPECT_EQ(make_seal(spec, pki().maker.cert, *signer).error().code, "ses.make.bad_spec");
  spec = seal_spec();
  spec.signer_certs.clear();
  EXPECT_EQ(make_seal(spec, pki().maker.cert, *signer).error().field, "property.certList");
  spec = seal_spec();
  spec.valid_end = spec.valid_start - std::chrono::hours(1);
  EXPECT_EQ(make_seal(spec, pki().maker.cert, *signer).error().code, "ses.make.bad_spec");
  spec = seal_spec();
  spec.es_id = "印章";  // not IA5
  EXPECT_EQ(make_seal(spec, pki().maker.cert, *signer).error().code, "ses.encode.bad_field");
  // The key must belong to the maker certificate.
  auto wrong = pki().signer.signer();
  EXPECT_EQ(make_seal(seal_spec(), pki().maker.cert, *wrong).error().code, "ses.make.key_mismatch");
}

TEST(MakeSealTest, PictureTypesAreCanonicalised) {
  EXPECT_EQ(*canonical_picture_type("png"), "PNG");
  EXPECT_EQ(*canonical_picture_type("Jpeg"), "JPG");
  EXPECT_EQ(*canonical_picture_type("OFD"), "ofd");
  EXPECT_EQ(*canonical_picture_type("svg"), "SVG");
  EXPECT_EQ(*canonical_picture_type("bmp"), "BMP");
  EXPECT_EQ(*canonical_picture_type("gif"), "GIF");
  EXPECT_FALSE(canonical_picture_type("exe").ok());
}

}  // namespace
}  // namespace gmseal::ses
