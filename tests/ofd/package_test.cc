#include "ofd/package.h"

#include <gtest/gtest.h>

#include "ofd/path.h"
#include "ofd/sample_document.h"
#include "ofd_test_util.h"

namespace gmseal::ofd {
namespace {

using testing::make_zip;

const std::string kOfdXml =
    "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody>"
    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";

TEST(OfdPath, ResolvesAbsoluteRelativeAndDoubledForms) {
  EXPECT_EQ(*resolve_loc("/Doc_0/Document.xml", "/"), "/Doc_0/Document.xml");
  EXPECT_EQ(*resolve_loc("Doc_0/Document.xml", "/"), "/Doc_0/Document.xml");
  EXPECT_EQ(*resolve_loc("//Doc_0/Signs/Sign_0/SignedValue.dat", "/x"),
            "/Doc_0/Signs/Sign_0/SignedValue.dat");
  EXPECT_EQ(*resolve_loc("Sign_0/Signature.xml", "/Doc_0/Signs"),
            "/Doc_0/Signs/Sign_0/Signature.xml");
  EXPECT_EQ(*resolve_loc("./Pages/../Pages/Page_0\\Content.xml", "/Doc_0"),
            "/Doc_0/Pages/Page_0/Content.xml");
  EXPECT_EQ(*resolve_loc("  /OFD.xml\n", "/"), "/OFD.xml");
  EXPECT_EQ(resolve_loc("../../x", "/Doc_0").error().code, "ofd.path.escapes_root");
  EXPECT_EQ(resolve_loc("", "/").error().code, "ofd.path.empty");
  EXPECT_EQ(resolve_loc("/./", "/").error().code, "ofd.path.empty");
  EXPECT_EQ(parent_dir("/Doc_0/Signs/Signatures.xml"), "/Doc_0/Signs");
  EXPECT_EQ(parent_dir("/OFD.xml"), "/");
  EXPECT_EQ(to_entry_name("/Doc_0/Document.xml"), "Doc_0/Document.xml");
}

TEST(OfdPackage, ReadsEntriesUnderCanonicalNames) {
  const Bytes zip = make_zip({{"OFD.xml", kOfdXml}, {"./Doc_0\\Document.xml", "<x/>"}});
  auto package = Package::open(zip);
  ASSERT_TRUE(package.ok()) << package.error().to_string();
  ASSERT_EQ(package->entries().size(), 2u);
  EXPECT_EQ(package->entries()[1].path, "/Doc_0/Document.xml");
  EXPECT_EQ(to_string(*package->read("/Doc_0/Document.xml")), "<x/>");
  EXPECT_EQ(package->read("/Doc_0/Nope.xml").error().code, "ofd.package.missing_file");
  EXPECT_NE(package->find("/doc_0/document.XML"), nullptr);  // case-insensitive fallback
  // Two names differing only in case: exact lookups work, the fallback refuses to guess.
  auto twins = Package::open(make_zip({{"OFD.xml", kOfdXml}, {"A.xml", "1"}, {"a.xml", "2"}}));
  ASSERT_TRUE(twins.ok());
  EXPECT_EQ(to_string(twins->find("/a.xml")->data), "2");
  EXPECT_EQ(twins->find("/A.XML"), nullptr);
  EXPECT_EQ(package->leading_junk(), 0u);
  EXPECT_EQ(package->trailing_junk(), 0u);
}

TEST(OfdPackage, CutsStrayBytesAroundTheArchive) {
  const Bytes zip = make_zip({{"OFD.xml", kOfdXml}});
  Bytes framed = to_bytes("KingGrid junk before the archive\r\n");
  framed.insert(framed.end(), zip.begin(), zip.end());
  const Bytes tail = to_bytes("trailing bytes");
  framed.insert(framed.end(), tail.begin(), tail.end());
  auto package = Package::open(framed);
  ASSERT_TRUE(package.ok()) << package.error().to_string();
  EXPECT_EQ(package->leading_junk(), 34u);
  EXPECT_EQ(package->trailing_junk(), tail.size());
  EXPECT_EQ(Bytes(package->archive().begin(), package->archive().end()), zip);
  EXPECT_EQ(to_string(*package->read("/OFD.xml")), kOfdXml);
}

TEST(OfdPackage, RefusesWhatIsNotAnOfdPackage) {
  EXPECT_EQ(Package::open(to_bytes("%PDF-1.7 not a zip at all, long enough")).error().code,
            "ofd.package.not_zip");
  EXPECT_EQ(Package::open(Bytes{}).error().code, "ofd.package.not_zip");
  EXPECT_EQ(Package::open(make_zip({{"Doc_0/Document.xml", "<x/>"}})).error().code,
            "ofd.package.missing_ofd_xml");
  EXPECT_EQ(Package::open(make_zip({{"OFD.xml", kOfdXml}, {"a/b.xml", "1"}, {"./a/b.xml", "2"}}))
                .error()
                .code,
            "ofd.package.duplicate_entry");
  EXPECT_EQ(Package::open(make_zip({{"OFD.xml", kOfdXml}, {"../evil.xml", "1"}})).error().code,
            "ofd.package.bad_entry_name");
  // A truncated archive: the central directory is gone.
  Bytes zip = make_zip({{"OFD.xml", kOfdXml}});
  zip.resize(zip.size() / 2);
  EXPECT_FALSE(Package::open(zip).ok());
}

TEST(OfdPackage, StopsZipBombsWhileInflating) {
  const std::string zeros(8u << 20, '\0');  // 8 MiB that deflate to a few KiB
  const Bytes zip = make_zip({{"OFD.xml", kOfdXml}, {"Doc_0/bomb.bin", zeros}});
  ASSERT_LT(zip.size(), 100u * 1024);
  PackageLimits limits;
  limits.max_entry_size = 1u << 20;
  EXPECT_EQ(Package::open(zip, limits).error().code, "ofd.package.too_large");
  limits.max_entry_size = 16u << 20;
  limits.max_total_size = 4u << 20;
  EXPECT_EQ(Package::open(zip, limits).error().code, "ofd.package.too_large");
  limits.max_total_size = 64u << 20;
  EXPECT_TRUE(Package::open(zip, limits).ok());
  limits.max_entries = 1;
  EXPECT_EQ(Package::open(zip, limits).error().code, "ofd.package.too_large");
}

TEST(OfdPackage, ReportsCorruptEntries) {
  Bytes zip = make_zip({{"OFD.xml", kOfdXml + std::string(2000, ' ')}});
  // Flip a byte inside the deflated data of the only entry (after its 30-byte local header and
  // 7-byte name): inflating fails or the CRC does not match.
  zip.at(45) ^= 0x55;
  const auto package = Package::open(zip);
  ASSERT_FALSE(package.ok());
  EXPECT_EQ(package.error().code, "ofd.package.corrupt_entry");
}

TEST(OfdPackage, OpensEveryTestdataDocument) {
  GMSEAL_REQUIRE_TESTDATA("ofd/unsigned-helloworld.ofd");
  for (const char* name :
       {"dms360-v1-seal.ofd", "gomain-bw-invoice.ofd", "gomain-yunnan-two-digital-signs.ofd",
        "kinggrid-gomain-chongqing.ofd", "oesplugin-zibo-tampered.ofd",
        "ofdrw-gbt35275-digital-sign.ofd", "ofdrw-riding-seal.ofd", "unsigned-helloworld.ofd"}) {
    auto package = Package::open_file(testing::testdata(std::string("ofd/") + name));
    ASSERT_TRUE(package.ok()) << name << ": " << package.error().to_string();
    EXPECT_NE(package->find("/OFD.xml"), nullptr) << name;
  }
}

}  // namespace
}  // namespace gmseal::ofd
