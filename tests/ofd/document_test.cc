#include "ofd/document.h"

#include <gtest/gtest.h>

#include "ofd/page_text.h"
#include "ofd/sample_document.h"
#include "ofd/signature_list.h"
#include "ofd/stamp_placement.h"
#include "ofd_test_util.h"

namespace gmseal::ofd {
namespace {

using testing::make_zip;

TEST(OfdDocument, ReadsPagesAndBoxesOfRealFiles) {
  GMSEAL_REQUIRE_TESTDATA("ofd/ofdrw-riding-seal.ofd");
  {
    const Package package = testing::open_testdata("ofd/ofdrw-riding-seal.ofd");
    auto document = read_document(package);
    ASSERT_TRUE(document.ok()) << document.error().to_string();
    EXPECT_EQ(document->doc_root, "/Doc_0/Document.xml");
    EXPECT_EQ(document->signatures_path, "/Doc_0/Signs/Signatures.xml");
    ASSERT_EQ(document->pages.size(), 5u);
    EXPECT_EQ(document->pages[2].id, "43");
    EXPECT_EQ(document->pages[2].content_path, "/Doc_0/Pages/Page_2/Content.xml");
    EXPECT_EQ(find_page(*document, "83")->index, 4u);
    EXPECT_EQ(find_page(*document, "84"), nullptr);
  }
  {
    // BOM before the XML declaration, PhysicalBox 210 x 140.
    const Package package = testing::open_testdata("ofd/kinggrid-gomain-chongqing.ofd");
    auto document = read_document(package);
    ASSERT_TRUE(document.ok()) << document.error().to_string();
    EXPECT_EQ(document->default_page_box.h, 140);
    EXPECT_EQ(document->pages[0].id, "10");
  }
  {
    // Signatures.xml outside Signs/, namespace "http://www.ofdspec.org" elsewhere.
    const Package dms = testing::open_testdata("ofd/dms360-v1-seal.ofd");
    EXPECT_EQ(read_document(dms)->signatures_path, "/Doc_0/Signatures.xml");
    const Package yunnan = testing::open_testdata("ofd/gomain-yunnan-two-digital-signs.ofd");
    auto document = read_document(yunnan);
    ASSERT_TRUE(document.ok()) << document.error().to_string();
    EXPECT_EQ(document->doc_root, "/Doc_0/Document_0.xml");
    EXPECT_EQ(document->pages.size(), 2u);
  }
}

TEST(OfdDocument, RefusesCyclicLocations) {
  const std::string head = "<OFD><DocBody><DocRoot>";
  auto cyclic_root =
      Package::open(make_zip({{"OFD.xml", head + "/OFD.xml</DocRoot></DocBody></OFD>"}}));
  ASSERT_TRUE(cyclic_root.ok());
  EXPECT_EQ(read_document(*cyclic_root).error().code, "ofd.document.cyclic_path");

  auto cyclic_list = Package::open(make_zip(
      {{"OFD.xml", head + "D.xml</DocRoot><Signatures>./D.xml</Signatures></DocBody></OFD>"},
       {"D.xml", "<Document/>"}}));
  ASSERT_TRUE(cyclic_list.ok());
  EXPECT_EQ(read_document(*cyclic_list).error().code, "ofd.document.cyclic_path");

  auto cyclic_page = Package::open(make_zip(
      {{"OFD.xml", head + "D.xml</DocRoot></DocBody></OFD>"},
       {"D.xml", "<Document><Pages><Page ID='1' BaseLoc='../D.xml'/></Pages></Document>"}}));
  ASSERT_TRUE(cyclic_page.ok());
  EXPECT_EQ(read_document(*cyclic_page).error().code, "ofd.path.escapes_root");

  auto self_page = Package::open(
      make_zip({{"OFD.xml", head + "D.xml</DocRoot></DocBody></OFD>"},
                {"D.xml", "<Document><Pages><Page ID='1' BaseLoc='D.xml'/></Pages></Document>"}}));
  ASSERT_TRUE(self_page.ok());
  EXPECT_EQ(read_document(*self_page).error().code, "ofd.document.cyclic_path");

  auto no_root = Package::open(make_zip({{"OFD.xml", "<OFD><DocBody/></OFD>"}}));
  EXPECT_EQ(read_document(*no_root).error().code, "ofd.document.no_docroot");
  auto bad_xml = Package::open(make_zip({{"OFD.xml", "<OFD><DocBody>"}}));
  EXPECT_EQ(read_document(*bad_xml).error().code, "ofd.xml.malformed");
}

TEST(OfdText, FindsKeywordPositionsInRealText) {
  GMSEAL_REQUIRE_TESTDATA("ofd/unsigned-helloworld.ofd");
  const Package package = testing::open_testdata("ofd/unsigned-helloworld.ofd");
  auto document = read_document(package);
  ASSERT_TRUE(document.ok());
  // TextObject Boundary="31.7 25.4 ..." Size 3, TextCode X=0 Y=3 DeltaX="3 3 3 3 1.5 ...":
  // "O" is glyph 4, at 31.7 + 4 * 3; "D" is glyph 6, 3 mm further.
  auto matches = find_keyword(package, *document, "OFD");
  ASSERT_TRUE(matches.ok()) << matches.error().to_string();
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_EQ((*matches)[0].page_id, "1");
  EXPECT_NEAR((*matches)[0].box.x, 43.7, 1e-9);
  EXPECT_NEAR((*matches)[0].box.w, 6.0, 1e-9);
  EXPECT_NEAR((*matches)[0].box.y, 25.4, 1e-9);
  EXPECT_NEAR((*matches)[0].box.h, 3.0, 1e-9);
  EXPECT_TRUE(find_keyword(package, *document, "不存在")->empty());
  EXPECT_EQ(find_keyword(package, *document, "").error().code, "ofd.keyword.empty");
}

// One page whose content is `objects` (TextObjects), in a package read_document accepts.
Package one_page_package(const std::string& objects) {
  auto package = Package::open(
      make_zip({{"OFD.xml", "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>"},
                {"Doc_0/Document.xml",
                 "<Document><CommonData><PageArea><PhysicalBox>0 0 210 140</PhysicalBox></PageArea>"
                 "</CommonData><Pages><Page ID='1' BaseLoc='Pages/Page_0/Content.xml'/></Pages>"
                 "</Document>"},
                {"Doc_0/Pages/Page_0/Content.xml",
                 "<Page><Content><Layer>" + objects + "</Layer></Content></Page>"}}));
  if (!package.ok()) ADD_FAILURE() << package.error().to_string();
  return std::move(package).value();
}

TEST(OfdText, ShortDeltaListsRepeatTheirLastValue) {
  // E-invoices write a whole CJK run with one DeltaX value and DeltaY="0" (gomain's invoices:
  // <TextCode X="0" Y="4.4875" DeltaX="3.175" DeltaY="0">科游迈利有限公司). Every glyph after
  // the first advances 3.175 mm, so "有限公司" (glyphs 4 to 7) spans x 36 + 4 * 3.175 = 48.7 to
  // 36 + 7 * 3.175 + 3.175 = 61.4, baseline 30 + 4.4875, 3.175 mm high.
  const Package package = one_page_package(
      "<TextObject ID='2' Boundary='36 30 82.5 5.8' Font='85' Size='3.175'>"
      "<TextCode X='0' Y='4.4875' DeltaX='3.175' DeltaY='0'>科游迈利有限公司</TextCode>"
      "</TextObject>");
  auto document = read_document(package);
  ASSERT_TRUE(document.ok()) << document.error().to_string();
  auto glyphs = read_page_glyphs(package, document->pages[0]);
  ASSERT_TRUE(glyphs.ok()) << glyphs.error().to_string();
  ASSERT_EQ(glyphs->size(), 8u);
  for (std::size_t i = 0; i < glyphs->size(); ++i) {
    EXPECT_NEAR((*glyphs)[i].x, 36 + 3.175 * static_cast<double>(i), 1e-9) << "glyph " << i;
    EXPECT_NEAR((*glyphs)[i].y, 34.4875, 1e-9) << "glyph " << i;
  }
  auto stamps = place_at_keyword(package, *document, "有限公司", 1, SealSize{40, 40});
  ASSERT_TRUE(stamps.ok()) << stamps.error().to_string();
  ASSERT_EQ(stamps->size(), 1u);
  const Box& box = (*stamps)[0].boundary;
  EXPECT_NEAR(box.x + box.w / 2, (48.7 + 61.4) / 2, 1e-9);
  EXPECT_NEAR(box.y + box.h / 2, 34.4875 - 3.175 / 2, 1e-9);

  // Vertical text: no DeltaX, DeltaY shorter than the text; the glyphs stay in one column and
  // step down by the last DeltaY value.
  const Package vertical = one_page_package(
      "<TextObject ID='3' Boundary='10 10 10 60' Size='5'>"
      "<TextCode X='0' Y='5' DeltaY='6'>甲方乙</TextCode></TextObject>");
  auto vertical_document = read_document(vertical);
  ASSERT_TRUE(vertical_document.ok()) << vertical_document.error().to_string();
  auto column = read_page_glyphs(vertical, vertical_document->pages[0]);
  ASSERT_TRUE(column.ok()) << column.error().to_string();
  ASSERT_EQ(column->size(), 3u);
  EXPECT_NEAR((*column)[2].x, 10, 1e-9);
  EXPECT_NEAR((*column)[2].y, 27, 1e-9);
}

TEST(OfdText, FindsKeywordsInARealInvoice) {
  GMSEAL_REQUIRE_TESTDATA("ofd/gomain-bw-invoice.ofd");
  const Package package = testing::open_testdata("ofd/gomain-bw-invoice.ofd");
  auto document = read_document(package);
  ASSERT_TRUE(document.ok()) << document.error().to_string();
  // Buyer "科游迈利有限公司" (Boundary 36 30, DeltaX="3.175" DeltaY="0") and seller
  // "杭州融易算企业管理咨询有限公司" (Boundary 36 104, same deltas: "有限公司" is glyphs 11-14).
  auto matches = find_keyword(package, *document, "有限公司");
  ASSERT_TRUE(matches.ok()) << matches.error().to_string();
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_NEAR((*matches)[0].box.x, 36 + 4 * 3.175, 1e-9);
  EXPECT_NEAR((*matches)[0].box.w, 4 * 3.175, 1e-9);
  EXPECT_NEAR((*matches)[0].box.y, 30 + 4.4875 - 3.175, 1e-9);
  EXPECT_NEAR((*matches)[1].box.x, 36 + 11 * 3.175, 1e-9);
  EXPECT_NEAR((*matches)[1].box.w, 4 * 3.175, 1e-9);
  EXPECT_NEAR((*matches)[1].box.y, 104 + 4.4875 - 3.175, 1e-9);
  // The labels live in the invoice's template page, not in the page itself: found all the same.
  auto seller = find_keyword(package, *document, "销售方");
  ASSERT_TRUE(seller.ok()) << seller.error().to_string();
  ASSERT_FALSE(seller->empty());
  EXPECT_EQ((*seller)[0].page_index, 0u);
}

TEST(OfdText, PlacesSealsByPositionKeywordAndRiding) {
  auto zip = make_sample_document(
      {{"合同编号 2024", "甲方（盖章）"}, {"乙方（盖章）", "甲方（盖章）"}}, from_unix(1700000000));
  ASSERT_TRUE(zip.ok());
  auto package = Package::open(*zip);
  ASSERT_TRUE(package.ok()) << package.error().to_string();
  auto document = read_document(*package);
  ASSERT_TRUE(document.ok()) << document.error().to_string();
  ASSERT_EQ(document->pages.size(), 2u);
  const SealSize size{40, 30};

  auto at = place_at(*document, 2, 100, 150, size);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ((*at)[0].page_index, 1u);
  EXPECT_EQ(format_box((*at)[0].boundary), "80 135 40 30");
  EXPECT_EQ(place_at(*document, 3, 1, 1, size).error().code, "ofd.place.bad_page");

  // "甲方" appears on page 1 line 2 (y 38, baseline 43) and page 2 line 2.
  auto all = place_at_keyword(*package, *document, "甲方", 0, size);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].page_index, 0u);
  EXPECT_EQ((*all)[1].page_index, 1u);
  // Glyphs at x 20 and 25, 5 mm each: centre x 25; baseline 43, 5 mm high: centre y 40.5.
  EXPECT_EQ(format_box((*all)[0].boundary), "5 25.5 40 30");
  auto second = place_at_keyword(*package, *document, "甲方", 2, size);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].page_index, 1u);
  EXPECT_EQ(place_at_keyword(*package, *document, "甲方", 3, size).error().code,
            "ofd.place.bad_occurrence");
  EXPECT_EQ(place_at_keyword(*package, *document, "丙方", 0, size).error().code,
            "ofd.place.keyword_not_found");

  auto riding = place_riding(*package, *document, RidingSide::kRight, std::nullopt, size);
  ASSERT_TRUE(riding.ok());
  ASSERT_EQ(riding->size(), 2u);
  EXPECT_EQ(format_box((*riding)[0].boundary), "190 133.5 40 30");
  EXPECT_EQ(format_box(*(*riding)[0].clip), "0 0 20 30");
  EXPECT_EQ(format_box((*riding)[1].boundary), "170 133.5 40 30");
  EXPECT_EQ(format_box(*(*riding)[1].clip), "20 0 20 30");
  auto left = place_riding(*package, *document, RidingSide::kLeft, 50.0, size);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(format_box((*left)[1].boundary), "-20 35 40 30");
}

}  // namespace
}  // namespace gmseal::ofd

namespace gmseal::ofd {
namespace {

TEST(OfdDocument, RefusesCyclicSignatureLists) {
  const std::string ofd =
      "<OFD><DocBody><DocRoot>D.xml</DocRoot><Signatures>/S/Signatures.xml</Signatures>"
      "</DocBody></OFD>";
  for (const std::string base_loc : {"Signatures.xml", "/OFD.xml", "./../S/Signatures.xml"}) {
    auto package = Package::open(
        testing::make_zip({{"OFD.xml", ofd},
                           {"D.xml", "<Document/>"},
                           {"S/Signatures.xml", "<Signatures><Signature ID='1' BaseLoc='" +
                                                    base_loc + "'/></Signatures>"}}));
    ASSERT_TRUE(package.ok());
    auto list =
        parse_signature_list(*package->read("/S/Signatures.xml"), "/S/Signatures.xml", *package);
    ASSERT_FALSE(list.ok()) << base_loc;
    EXPECT_EQ(list.error().code, "ofd.signatures.cyclic_path") << base_loc;
  }
  // Two entries naming one Signature.xml.
  auto twice = Package::open(testing::make_zip(
      {{"OFD.xml", ofd},
       {"S/Signatures.xml",
        "<Signatures><Signature ID='1' BaseLoc='a.xml'/><Signature ID='2' BaseLoc='/S/a.xml'/>"
        "</Signatures>"}}));
  EXPECT_EQ(parse_signature_list(*twice->read("/S/Signatures.xml"), "/S/Signatures.xml", *twice)
                .error()
                .code,
            "ofd.signatures.cyclic_path");
}

}  // namespace
}  // namespace gmseal::ofd
