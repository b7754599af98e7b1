// Signatures.xml / Signature.xml models and reference checks against real vendor files.
#include <gtest/gtest.h>

#include "ofd/check_method.h"
#include "ofd/document.h"
#include "ofd/reference_check.h"
#include "ofd/sample_document.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"
#include "ofd_test_util.h"

namespace gmseal::ofd {
namespace {

struct Loaded {
  Package package;
  SignatureList list;
  std::vector<SignatureXml> signatures;
};

Loaded load(const std::string& name) {
  Package package = testing::open_testdata("ofd/" + name);
  auto document = read_document(package);
  EXPECT_TRUE(document.ok()) << document.error().to_string();
  auto list = parse_signature_list(*package.read(document->signatures_path),
                                   document->signatures_path, package);
  EXPECT_TRUE(list.ok()) << list.error().to_string();
  std::vector<SignatureXml> signatures;
  for (const SignatureEntry& entry : list->entries) {
    auto xml = parse_signature_xml(*package.read(entry.signature_path), entry.signature_path);
    EXPECT_TRUE(xml.ok()) << xml.error().to_string();
    signatures.push_back(*xml);
  }
  return Loaded{std::move(package), *list, std::move(signatures)};
}

TEST(OfdSignatureModel, ReadsEveryVendorLayout) {
  GMSEAL_REQUIRE_TESTDATA("ofd/kinggrid-gomain-chongqing.ofd");
  {
    const Loaded kinggrid = load("kinggrid-gomain-chongqing.ofd");
    ASSERT_EQ(kinggrid.list.entries.size(), 1u);
    EXPECT_EQ(kinggrid.list.entries[0].base_loc, "Sign_0/Signature.xml");
    EXPECT_EQ(kinggrid.list.entries[0].signature_path, "/Doc_0/Signs/Sign_0/Signature.xml");
    EXPECT_EQ(kinggrid.list.entries[0].type, "Seal");
    EXPECT_EQ(kinggrid.signatures[0].provider_name, "KingGrid");
    EXPECT_EQ(kinggrid.signatures[0].references.size(), 20u);
    EXPECT_EQ(kinggrid.signatures[0].stamp_annots[0].page_ref, "10");
  }
  {
    const Loaded dms = load("dms360-v1-seal.ofd");
    EXPECT_EQ(dms.signatures[0].provider_name, "iOFD® 2.1.1 ©2019-2020 dms360.cn");  // child
    EXPECT_EQ(dms.signatures[0].provider_company, "dms360.cn");
    EXPECT_EQ(dms.signatures[0].check_method, "1.2.156.10197.1.401.2");
    EXPECT_EQ(dms.signatures[0].seal_loc, "/Doc_0/Signs/Sign_0/Seal.esl");
  }
  {
    const Loaded riding = load("ofdrw-riding-seal.ofd");  // SignedValue first, MaxSignId last
    EXPECT_EQ(riding.list.max_sign_id, "s006");
    ASSERT_EQ(riding.signatures[0].stamp_annots.size(), 5u);
    EXPECT_EQ(format_box(riding.signatures[0].stamp_annots[1].boundary), "194 40 40 40");
    EXPECT_EQ(format_box(*riding.signatures[0].stamp_annots[1].clip), "8 0 8 40");
    EXPECT_EQ(riding.signatures[0].signed_value_loc, "/Doc_0/Signs/Sign_0/SignedValue.dat");
  }
  {
    const Loaded yunnan = load("gomain-yunnan-two-digital-signs.ofd");
    ASSERT_EQ(yunnan.list.entries.size(), 2u);
    EXPECT_EQ(yunnan.list.entries[1].type, "Sign");
    EXPECT_EQ(yunnan.signatures[1].signed_value_loc, "SignedValue.dat");  // relative
  }
}

TEST(OfdSignatureModel, ChecksReferencesOfRealFiles) {
  GMSEAL_REQUIRE_TESTDATA("ofd/kinggrid-gomain-chongqing.ofd");
  for (const char* name :
       {"kinggrid-gomain-chongqing.ofd", "gomain-bw-invoice.ofd", "ofdrw-riding-seal.ofd",
        "ofdrw-gbt35275-digital-sign.ofd", "gomain-yunnan-two-digital-signs.ofd"}) {
    const Loaded loaded = load(name);
    for (const SignatureXml& signature : loaded.signatures) {
      const ReferenceReport report = check_references(loaded.package, signature, {});
      EXPECT_TRUE(report.all_match()) << name << ": " << report.failures();
      EXPECT_FALSE(report.method.weak);
    }
  }
  const Loaded zibo = load("oesplugin-zibo-tampered.ofd");
  const ReferenceReport seal = check_references(zibo.package, zibo.signatures[0], {});
  EXPECT_FALSE(seal.all_match());
  EXPECT_EQ(seal.method.name, "SM3");  // spelled "SM3"
  EXPECT_NE(seal.failures().find("changed after signing"), std::string::npos);
}

TEST(OfdSignatureModel, CheckMethods) {
  EXPECT_EQ(parse_check_method("1.2.156.10197.1.401")->algorithm, DigestAlgorithm::kSm3);
  EXPECT_EQ(parse_check_method("1.2.156.10197.1.401.2")->algorithm, DigestAlgorithm::kSm3);
  EXPECT_EQ(parse_check_method("sm3")->algorithm, DigestAlgorithm::kSm3);
  EXPECT_TRUE(parse_check_method("")->weak);  // schema default MD5
  EXPECT_EQ(parse_check_method("SHA-1")->algorithm, DigestAlgorithm::kSha1);
  EXPECT_EQ(parse_check_method("2.16.840.1.101.3.4.2.1")->algorithm, DigestAlgorithm::kSha256);
  EXPECT_EQ(parse_check_method("CRC32").error().code, "ofd.references.unknown_check_method");
  EXPECT_EQ(hex_encode(compute_digest(DigestAlgorithm::kMd5, to_bytes("abc"))),
            "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hex_encode(compute_digest(DigestAlgorithm::kSm3, to_bytes("abc"))),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(OfdSignatureModel, WritesSchemaOrder) {
  SignatureXml xml;
  xml.provider_name = "gmseal";
  xml.signature_method = "1.2.156.10197.1.501";
  xml.signature_date_time = "20240101120000Z";
  xml.check_method = "1.2.156.10197.1.401";
  xml.references.push_back(Reference{"/OFD.xml", "AAAA"});
  xml.stamp_annots.push_back(StampAnnot{"2", "1", Box{1, 2, 3, 4}, Box{0, 0, 1.5, 4}});
  xml.seal_loc = "/Doc_0/Signs/Sign_0/Seal.esl";
  xml.signed_value_loc = "/Doc_0/Signs/Sign_0/SignedValue.dat";
  const std::string text = serialize_signature_xml(xml);
  const char* order[] = {"<ofd:SignedInfo>",
                         "<ofd:Provider",
                         "<ofd:SignatureMethod>",
                         "<ofd:SignatureDateTime>",
                         "<ofd:References",
                         "<ofd:StampAnnot",
                         "<ofd:Seal>",
                         "</ofd:SignedInfo>",
                         "<ofd:SignedValue>"};
  std::size_t last = 0;
  for (const char* tag : order) {
    const std::size_t at = text.find(tag);
    ASSERT_NE(at, std::string::npos) << tag;
    EXPECT_GT(at, last) << tag;
    last = at;
  }
  auto reparsed = parse_signature_xml(to_bytes(text), "x");
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(format_box(*reparsed->stamp_annots[0].clip), "0 0 1.5 4");
  EXPECT_EQ(reparsed->seal_loc, xml.seal_loc);

  SignatureList list;
  list.max_sign_id = "3";
  list.entries.push_back(SignatureEntry{"1", "Seal", "/a/Signature.xml", "", ""});
  const std::string list_text = serialize_signature_list(list);
  EXPECT_LT(list_text.find("MaxSignId"), list_text.find("<ofd:Signature "));
}

}  // namespace
}  // namespace gmseal::ofd

namespace gmseal::ofd {
namespace {

TEST(OfdSignatureModel, WeakCheckMethodsStillCheckButSaySo) {
  auto zip = make_sample_document({{"weak digests"}}, from_unix(1700000000));
  ASSERT_TRUE(zip.ok());
  const Package package = std::move(*Package::open(*zip));
  for (const auto& [method, algorithm] :
       std::vector<std::pair<std::string, DigestAlgorithm>>{{"MD5", DigestAlgorithm::kMd5},
                                                            {"SHA1", DigestAlgorithm::kSha1},
                                                            {"SHA-256", DigestAlgorithm::kSha256},
                                                            {"", DigestAlgorithm::kMd5}}) {
    SignatureXml xml;
    xml.check_method = method;
    for (const PackageEntry& entry : package.entries()) {
      xml.references.push_back(
          Reference{entry.path, base64_encode(compute_digest(algorithm, entry.data))});
    }
    const ReferenceReport report = check_references(package, xml, {});
    EXPECT_TRUE(report.all_match()) << method << ": " << report.failures();
    EXPECT_TRUE(report.method.weak) << method;
    // The same CheckValues read as SM3 do not match.
    xml.check_method = "SM3";
    EXPECT_FALSE(check_references(package, xml, {}).all_match()) << method;
  }
}

TEST(OfdSignatureModel, VendorFileWithJunkAroundTheZipStillVerifiesItsReferences) {
  GMSEAL_REQUIRE_TESTDATA("ofd/kinggrid-gomain-chongqing.ofd");
  const Bytes original = *read_file(testing::testdata("ofd/kinggrid-gomain-chongqing.ofd"));
  Bytes framed(100, 0xAB);
  framed.insert(framed.end(), original.begin(), original.end());
  framed.insert(framed.end(), 77, 0x00);
  auto package = Package::open(framed);
  ASSERT_TRUE(package.ok()) << package.error().to_string();
  EXPECT_EQ(package->leading_junk(), 100u);
  EXPECT_EQ(package->trailing_junk(), 77u);
  auto xml = parse_signature_xml(*package->read("/Doc_0/Signs/Sign_0/Signature.xml"), "x");
  ASSERT_TRUE(xml.ok());
  EXPECT_TRUE(check_references(*package, *xml, {}).all_match());
}

}  // namespace
}  // namespace gmseal::ofd
