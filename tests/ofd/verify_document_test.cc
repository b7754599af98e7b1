// Verification of real vendor OFDs (verdicts from ../shared/testdata/README.md) and of documents
// gmseal seals, including what each kind of tampering breaks.
#include "ofd/verify_document.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/pkcs12.h"
#include "ofd/package_writer.h"
#include "ofd/sample_document.h"
#include "ofd/seal_document.h"
#include "ofd_test_util.h"
#include "ses/ses_fixture.h"

namespace gmseal::ofd {
namespace {

using ses::CheckResult;

DocumentVerdict verify(const Package& package, const DocumentVerifyOptions& options = {}) {
  auto verdict = verify_document(package, options);
  EXPECT_TRUE(verdict.ok()) << verdict.error().to_string();
  return std::move(verdict).value();
}

DocumentVerdict verify_testdata(const std::string& name,
                                const DocumentVerifyOptions& options = {}) {
  return verify(testing::open_testdata("ofd/" + name), options);
}

std::string failed(const SignatureVerdict& s) {
  std::string out;
  for (const std::string& name : s.report.failed()) out += name + " ";
  return out;
}

TEST(OfdVerifyTestdata, VendorDocumentsGiveTheirVerdicts) {
  GMSEAL_REQUIRE_TESTDATA("ofd/kinggrid-gomain-chongqing.ofd");
  for (const char* name : {"kinggrid-gomain-chongqing.ofd", "gomain-bw-invoice.ofd",
                           "ofdrw-riding-seal.ofd", "gomain-yunnan-two-digital-signs.ofd"}) {
    const DocumentVerdict verdict = verify_testdata(name);
    EXPECT_TRUE(verdict.valid()) << name;
    EXPECT_FALSE(verdict.trusted()) << name;  // no chains in the test data
    for (const SignatureVerdict& s : verdict.signatures) {
      EXPECT_TRUE(s.report.valid()) << name << " signature " << s.id << ": " << failed(s);
      EXPECT_TRUE(s.report.has(kCheckReferences, CheckResult::kPass)) << name;
    }
  }
  EXPECT_EQ(verify_testdata("gomain-yunnan-two-digital-signs.ofd").signatures.size(), 2u);
  const DocumentVerdict riding = verify_testdata("ofdrw-riding-seal.ofd");
  EXPECT_TRUE(riding.signatures[0].report.has(kCheckStampAnnotations, CheckResult::kPass));
  EXPECT_TRUE(riding.signatures[0].report.has(kCheckSealFile, CheckResult::kPass));
}

TEST(OfdVerifyTestdata, TamperedOesPluginDocumentFailsOnReferences) {
  GMSEAL_REQUIRE_TESTDATA("ofd/oesplugin-zibo-tampered.ofd");
  const DocumentVerdict verdict = verify_testdata("oesplugin-zibo-tampered.ofd");
  ASSERT_EQ(verdict.signatures.size(), 2u);
  EXPECT_FALSE(verdict.valid());
  for (const SignatureVerdict& s : verdict.signatures) {
    EXPECT_FALSE(s.report.valid());
    EXPECT_EQ(failed(s), "references ") << s.id;
    EXPECT_NE(s.report.find(kCheckReferences)->field.find("/Doc_0/Pages/Page_0/Content.xml"),
              std::string::npos);
    // Raw r||s signer signatures verify when read that way: a warning, not a failure.
    EXPECT_TRUE(s.report.has(ses::kCheckSignatureValue, CheckResult::kWarn)) << s.id;
  }
  EXPECT_EQ(verdict.signatures[0].type, "Seal");
  EXPECT_TRUE(verdict.signatures[0].report.has("seal.maker_signature", CheckResult::kPass));
  EXPECT_EQ(verdict.signatures[1].type, "Sign");
}

TEST(OfdVerifyTestdata, Dms360V1SealNamesEachFailingCheck) {
  GMSEAL_REQUIRE_TESTDATA("ofd/dms360-v1-seal.ofd");
  const DocumentVerdict verdict = verify_testdata("dms360-v1-seal.ofd");
  ASSERT_EQ(verdict.signatures.size(), 1u);
  const SignatureVerdict& s = verdict.signatures[0];
  EXPECT_FALSE(s.report.valid());
  for (const char* check : {"references", "signature_value", "data_hash"}) {
    EXPECT_TRUE(s.report.has(check, CheckResult::kFail)) << check << ": " << failed(s);
  }
  EXPECT_TRUE(s.report.has("seal.maker_signature", CheckResult::kPass));
  EXPECT_TRUE(s.report.has(kCheckSealFile, CheckResult::kPass));
}

TEST(OfdVerifyTestdata, BareSm2SignatureNeedsTheCertificateFromOutside) {
  GMSEAL_REQUIRE_TESTDATA("ofd/ofdrw-gbt35275-digital-sign.ofd");
  const DocumentVerdict without = verify_testdata("ofdrw-gbt35275-digital-sign.ofd");
  ASSERT_EQ(without.signatures.size(), 1u);
  EXPECT_TRUE(without.signatures[0].report.has(kCheckReferences, CheckResult::kPass));
  EXPECT_EQ(failed(without.signatures[0]), "signature_value ");

  auto store = crypto::parse_pkcs12(*read_file(testing::testdata("keys/ofdrw-user.p12")), "777777");
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  DocumentVerifyOptions options;
  options.certificates = {*store->certificate};
  const DocumentVerdict with = verify_testdata("ofdrw-gbt35275-digital-sign.ofd", options);
  EXPECT_TRUE(with.valid()) << failed(with.signatures[0]);
  ASSERT_TRUE(with.signatures[0].signer.has_value());
  // A certificate that is not the signer's does not help.
  options.certificates = {ses::testing::pki().signer.cert};
  EXPECT_FALSE(verify_testdata("ofdrw-gbt35275-digital-sign.ofd", options).valid());
}

TEST(OfdVerifyTestdata, UnsignedDocumentHasNoValidSignature) {
  GMSEAL_REQUIRE_TESTDATA("ofd/unsigned-helloworld.ofd");
  const DocumentVerdict verdict = verify_testdata("unsigned-helloworld.ofd");
  EXPECT_TRUE(verdict.signatures.empty());
  EXPECT_FALSE(verdict.valid());
  ASSERT_FALSE(verdict.notes.empty());
}

// --- documents gmseal seals --------------------------------------------------------------

class OfdSealing : public ::testing::Test {
 protected:
  static Package sample() {
    auto zip = make_sample_document({{"合同编号 2024-001", "甲方（盖章）", "Hello OFD"},
                                     {"第二页", "乙方（盖章）"},
                                     {"第三页"}},
                                    now());
    EXPECT_TRUE(zip.ok());
    return std::move(*Package::open(*zip));
  }
  static Package seal(const Package& in, std::vector<PlacedStamp> stamps,
                      SignMode mode = SignMode::kContinue) {
    const auto& pki = ses::testing::pki();
    auto signer = pki.signer.signer();
    NewSignature spec;
    spec.signing_time = now();
    spec.stamps = std::move(stamps);
    spec.mode = mode;
    auto out = seal_document(in, seal_, pki.signer.cert, *signer, spec, pki.trust());
    EXPECT_TRUE(out.ok()) << out.error().to_string();
    return std::move(*Package::open(out->archive));
  }
  static DocumentVerifyOptions trusted() {
    DocumentVerifyOptions options;
    options.trust = ses::testing::pki().trust();
    return options;
  }
  // The package with `path` replaced by `content`, everything else copied.
  static Package edited(const Package& in, const std::string& path, Bytes content) {
    auto out = rewrite_package(in, {FileWrite{path, std::move(content)}}, now());
    EXPECT_TRUE(out.ok());
    return std::move(*Package::open(*out));
  }
  static Package flipped(const Package& in, const std::string& path, std::size_t at) {
    const ByteView old = *in.read(path);
    Bytes content(old.begin(), old.end());
    content.at(at) ^= 0x01;
    return edited(in, path, std::move(content));
  }

  // Position, then keyword, then a riding seal on top.
  static Package three_seals() {
    const Package doc = sample();
    const DocumentInfo info = *read_document(doc);
    const SealSize size{40, 40};
    const Package one = seal(doc, *place_at(info, 1, 150, 100, size));
    const Package two = seal(one, *place_at_keyword(one, info, "甲方", 1, size));
    return seal(two, *place_riding(two, info, RidingSide::kRight, std::nullopt, size));
  }

  static inline const ses::Seal seal_ = ses::testing::make_test_seal();
};

TEST_F(OfdSealing, PositionKeywordAndRidingSealsAllVerify) {
  const Package sealed = three_seals();
  const DocumentVerdict verdict = verify(sealed, trusted());
  ASSERT_EQ(verdict.signatures.size(), 3u);
  EXPECT_TRUE(verdict.valid());
  EXPECT_TRUE(verdict.trusted());
  for (const SignatureVerdict& s : verdict.signatures) {
    EXPECT_TRUE(s.report.valid()) << s.id << ": " << failed(s);
    EXPECT_TRUE(s.report.has(kCheckUnreferencedFiles, CheckResult::kPass) ||
                s.report.find(kCheckUnreferencedFiles) == nullptr);
  }
  EXPECT_EQ(verdict.signatures[2].xml->stamp_annots.size(), 3u);  // one slice per page
  EXPECT_TRUE(verdict.signatures[2].xml->stamp_annots[0].clip.has_value());
  EXPECT_EQ(verdict.signatures[1].xml->stamp_annots[0].page_ref,
            read_document(sealed)->pages[0].id);
  // Without anchors: valid, not trusted.
  EXPECT_FALSE(verify(sealed).trusted());
  EXPECT_TRUE(verify(sealed).valid());
}

TEST_F(OfdSealing, EditingAPageBreaksEverySignatureCoveringIt) {
  const Package sealed = three_seals();
  const std::string page = "/Doc_0/Pages/Page_1/Content.xml";
  const DocumentVerdict verdict = verify(flipped(sealed, page, 100), trusted());
  for (const SignatureVerdict& s : verdict.signatures) {
    EXPECT_EQ(failed(s), "references ") << s.id;
    EXPECT_EQ(s.report.find(kCheckReferences)->field, page);
  }
}

TEST_F(OfdSealing, EditingASignatureBreaksItAndTheSignaturesThatCoverIt) {
  const Package sealed = three_seals();
  {
    // Signature.xml of the first: its dataHash fails; the later two reference that file.
    const std::string path = "/Doc_0/Signs/Sign_0/Signature.xml";
    const DocumentVerdict verdict = verify(flipped(sealed, path, 60), trusted());
    EXPECT_TRUE(verdict.signatures[0].report.has(ses::kCheckDataHash, CheckResult::kFail))
        << failed(verdict.signatures[0]);
    for (std::size_t i = 1; i < 3; ++i) {
      EXPECT_EQ(failed(verdict.signatures[i]), "references ");
      EXPECT_EQ(verdict.signatures[i].report.find(kCheckReferences)->field, path);
    }
  }
  {
    // SignedValue.dat of the second: it fails; the third covers it; the first is untouched.
    const std::string path = "/Doc_0/Signs/Sign_1/SignedValue.dat";
    const Package tampered = flipped(sealed, path, sealed.read(path)->size() - 10);
    const DocumentVerdict verdict = verify(tampered, trusted());
    EXPECT_TRUE(verdict.signatures[0].report.valid()) << failed(verdict.signatures[0]);
    EXPECT_FALSE(verdict.signatures[1].report.valid());
    EXPECT_TRUE(verdict.signatures[1].report.has(ses::kCheckSignatureValue, CheckResult::kFail))
        << failed(verdict.signatures[1]);
    EXPECT_EQ(failed(verdict.signatures[2]), "references ");
    EXPECT_EQ(verdict.signatures[2].report.find(kCheckReferences)->field, path);
  }
  {
    // The last signature's own files are covered by nobody else: only it fails.
    const DocumentVerdict verdict =
        verify(flipped(sealed, "/Doc_0/Signs/Sign_2/Signature.xml", 60), trusted());
    EXPECT_TRUE(verdict.signatures[0].report.valid());
    EXPECT_TRUE(verdict.signatures[1].report.valid());
    EXPECT_EQ(failed(verdict.signatures[2]), "data_hash ");
  }
  {
    // A Seal.esl swapped for another seal.
    const ses::Seal other = ses::testing::make_test_seal();
    const DocumentVerdict verdict =
        verify(edited(sealed, "/Doc_0/Signs/Sign_2/Seal.esl", other.der()), trusted());
    EXPECT_EQ(failed(verdict.signatures[2]), "references seal_file ");
  }
}

TEST_F(OfdSealing, AddedAndRemovedFilesAreNamed) {
  const Package sealed = three_seals();
  const DocumentVerdict added =
      verify(edited(sealed, "/Doc_0/Res/extra.png", to_bytes("added later")), trusted());
  for (const SignatureVerdict& s : added.signatures) {
    EXPECT_EQ(failed(s), "unreferenced_files ") << s.id;
    EXPECT_EQ(s.report.find(kCheckUnreferencedFiles)->field, "/Doc_0/Res/extra.png");
  }
  // Removing a page file: rebuild the archive without it.
  std::vector<FileWrite> files;
  for (const PackageEntry& e : sealed.entries()) {
    if (e.path != "/Doc_0/PublicRes.xml") files.push_back(FileWrite{e.path, e.data});
  }
  const Package removed = std::move(*Package::open(*build_package(files, now())));
  for (const SignatureVerdict& s : verify(removed, trusted()).signatures) {
    EXPECT_EQ(failed(s), "references ");
    EXPECT_NE(s.report.find(kCheckReferences)->detail.find("missing: /Doc_0/PublicRes.xml"),
              std::string::npos);
  }
}

TEST_F(OfdSealing, DigitalSignatureIsGbt35275SignedData) {
  const Package doc = seal(sample(), *place_at(*read_document(sample()), 1, 100, 100, {40, 40}));
  const auto& pki = ses::testing::pki();
  auto signer = pki.signer.signer();
  NewSignature spec;
  spec.signing_time = now();
  auto out = sign_document(doc, pki.signer.cert, *signer, spec);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  const Package signed_doc = std::move(*Package::open(out->archive));
  const DocumentVerdict verdict = verify(signed_doc, trusted());
  ASSERT_EQ(verdict.signatures.size(), 2u);
  EXPECT_EQ(verdict.signatures[1].type, "Sign");
  EXPECT_TRUE(verdict.valid()) << failed(verdict.signatures[1]);
  EXPECT_TRUE(verdict.trusted());
  EXPECT_TRUE(verdict.signatures[1].report.has(kCheckSignedData, CheckResult::kPass));
  // Tampering with its Signature.xml breaks messageDigest.
  const DocumentVerdict tampered =
      verify(flipped(signed_doc, out->signature_xml_path, 70), trusted());
  EXPECT_TRUE(tampered.signatures[0].report.valid());
  EXPECT_EQ(failed(tampered.signatures[1]), "data_hash ");
}

TEST_F(OfdSealing, JsonVerdictHasTheSharedShape) {
  const DocumentVerdict verdict = verify(three_seals(), trusted());
  const nlohmann::json json = document_verdict_json(verdict);
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["trusted"], true);
  ASSERT_EQ(json["signatures"].size(), 3u);
  const auto& first = json["signatures"][0];
  for (const char* key : {"valid", "trusted", "checks", "seal", "signer", "signedAt", "id", "type",
                          "references", "stamps"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(first["checks"][0]["name"], "signature_xml");
  EXPECT_EQ(first["references"][0]["result"], "match");
  // Each stamp's box, mm from the page's top-left: the first seal is centred at (150, 100).
  ASSERT_EQ(first["boxes"].size(), 1u) << first["boxes"];
  EXPECT_EQ(first["boxes"][0],
            nlohmann::json::parse(R"({"page":1,"x":130,"y":80,"width":40,"height":40})"));
  // The riding seal shows a third of itself on each of the three pages, at the right edge.
  const auto& riding = json["signatures"][2]["boxes"];
  ASSERT_EQ(riding.size(), 3u) << riding;
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(riding[i]["page"], i + 1) << riding;
    EXPECT_NEAR(riding[i]["width"].get<double>(), 40.0 / 3, 0.001) << riding;
    EXPECT_NEAR(riding[i]["x"].get<double>() + riding[i]["width"].get<double>(), 210, 0.01)
        << riding;
  }
}

TEST(OfdSealingInterop, OfdrwSealAndPkcs12KeySignAVerifiableDocument) {
  GMSEAL_REQUIRE_TESTDATA("seals/ofdrw-v4.esl");
  auto store = crypto::parse_pkcs12(*read_file(testing::testdata("keys/ofdrw-user.p12")), "777777");
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  auto seal = ses::Seal::parse(*read_file(testing::testdata("seals/ofdrw-v4.esl")));
  ASSERT_TRUE(seal.ok());
  const Package doc = testing::open_testdata("ofd/unsigned-helloworld.ofd");
  crypto::SoftSigner signer(store->key);
  NewSignature spec;
  // Inside the seal's and certificate's validity (2020-04-22 .. 2022-04-21).
  spec.signing_time = *parse_time_argument("2021-06-01T08:00:00Z");
  spec.stamps = *place_at_keyword(doc, *read_document(doc), "OFD", 1, seal_size(*seal));
  auto out = seal_document(doc, *seal, *store->certificate, signer, spec);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  const DocumentVerdict verdict = verify(std::move(*Package::open(out->archive)));
  EXPECT_TRUE(verdict.valid()) << failed(verdict.signatures.at(0));
  // Now, both have expired: signing is refused before anything is written.
  spec.signing_time = now();
  EXPECT_FALSE(seal_document(doc, *seal, *store->certificate, signer, spec).ok());
}

}  // namespace
}  // namespace gmseal::ofd

namespace gmseal::ofd {
namespace {

TEST(OfdVerifyTestdata, JunkAroundARealPackageIsNotedNotFatal) {
  GMSEAL_REQUIRE_TESTDATA("ofd/gomain-bw-invoice.ofd");
  const Bytes original = *read_file(testing::testdata("ofd/gomain-bw-invoice.ofd"));
  Bytes framed = to_bytes("KG-HEADER");
  framed.insert(framed.end(), original.begin(), original.end());
  auto package = Package::open(framed);
  ASSERT_TRUE(package.ok());
  auto verdict = verify_document(*package);
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->valid());
  ASSERT_FALSE(verdict->notes.empty());
  EXPECT_NE(verdict->notes[0].find("stray bytes"), std::string::npos);
}

}  // namespace
}  // namespace gmseal::ofd

namespace gmseal::ofd {
namespace {

TEST(OfdSealingInterop, SealingOnTopOfVendorSignaturesKeepsThemValid) {
  GMSEAL_REQUIRE_TESTDATA("ofd/kinggrid-gomain-chongqing.ofd");
  const auto& pki = ses::testing::pki();
  const ses::Seal seal = ses::testing::make_test_seal();
  for (const char* name : {"kinggrid-gomain-chongqing.ofd", "gomain-bw-invoice.ofd",
                           "gomain-yunnan-two-digital-signs.ofd"}) {
    const bool closed = std::string(name) == "gomain-yunnan-two-digital-signs.ofd";
    const Package vendor = testing::open_testdata(std::string("ofd/") + name);
    auto signer = pki.signer.signer();
    NewSignature spec;
    spec.signing_time = now();
    spec.stamps = *place_at(*read_document(vendor), 1, 150, 60, seal_size(seal));
    auto out = seal_document(vendor, seal, pki.signer.cert, *signer, spec);
    if (closed) {
      // Its second signature covers Signatures.xml: no more signatures.
      EXPECT_EQ(out.error().code, "ofd.sign.document_closed");
      continue;
    }
    ASSERT_TRUE(out.ok()) << name << ": " << out.error().to_string();
    const Package sealed = std::move(*Package::open(out->archive));
    // Every vendor file is byte-identical (the list was rewritten, OFD.xml already named it).
    for (const PackageEntry& e : vendor.entries()) {
      if (e.path.find("Signatures.xml") != std::string::npos) continue;
      EXPECT_EQ(sealed.find(e.path)->data, e.data) << name << " " << e.path;
    }
    const DocumentVerdict verdict = verify(sealed);
    ASSERT_EQ(verdict.signatures.size(), verify(vendor).signatures.size() + 1) << name;
    for (const SignatureVerdict& s : verdict.signatures) {
      EXPECT_TRUE(s.report.valid()) << name << " signature " << s.id << ": " << failed(s);
    }
  }
}

}  // namespace
}  // namespace gmseal::ofd
