// ofd/render_svg: the page SVG's glyphs sit where ofd/page_text puts them (checked on generated
// documents and every page of the shared test OFDs), the viewBox is the page box, and each stamp
// annotation of a signed document is outlined on its page (a riding seal: its slice, clipped).
#include "ofd/render_svg.h"

#include <gtest/gtest.h>

#include <cmath>
#include <pugixml.hpp>

#include "ofd/document.h"
#include "ofd/page_text.h"
#include "ofd/sample_document.h"
#include "ofd/signature_list.h"
#include "ofd/signature_xml.h"
#include "ofd_test_util.h"
#include "util/bytes.h"

namespace gmseal::ofd {
namespace {

struct SvgText {
  double x, y;
  std::u32string text;
};

// The glyphs the SVG draws for the page's own content (templates are drawn in groups of their
// own, and page_text reads only the page's content file).
std::vector<SvgText> svg_texts(const pugi::xml_document& svg) {
  std::vector<SvgText> out;
  for (const pugi::xpath_node& n : svg.select_nodes("//g[@class='page-content']//text")) {
    out.push_back({n.node().attribute("x").as_double(), n.node().attribute("y").as_double(),
                   decode_utf8(n.node().text().get())});
  }
  return out;
}

// Renders page `index` and checks every non-blank glyph against read_page_glyphs.
void expect_glyphs_match(const Package& package, const DocumentInfo& document, std::size_t index,
                         const std::string& what) {
  auto svg_text = render_page_svg(package, document, index);
  ASSERT_TRUE(svg_text.ok()) << what << ": " << svg_text.error().to_string();
  pugi::xml_document svg;
  ASSERT_TRUE(svg.load_string(svg_text->c_str())) << what << ": the SVG is not well-formed XML";
  const Box box = page_box(package, document, document.pages[index]);
  EXPECT_EQ(std::string(svg.document_element().attribute("viewBox").value()), format_box(box))
      << what;
  auto glyphs = read_page_glyphs(package, document.pages[index]);
  ASSERT_TRUE(glyphs.ok()) << what;
  std::vector<Glyph> visible;
  for (const Glyph& g : *glyphs)
    if (g.code != U' ' && g.code != U'\t') visible.push_back(g);
  const std::vector<SvgText> texts = svg_texts(svg);
  ASSERT_EQ(texts.size(), visible.size()) << what;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(texts[i].text, std::u32string(1, visible[i].code)) << what << " glyph " << i;
    EXPECT_NEAR(texts[i].x, visible[i].x, 0.0006) << what << " glyph " << i;
    EXPECT_NEAR(texts[i].y, visible[i].y, 0.0006) << what << " glyph " << i;
  }
}

TEST(RenderSvgTest, GeneratedDocumentGlyphsAtTheirDeltaPositions) {
  auto bytes = make_sample_document({{"合同编号 A-17", "甲方（盖章）"}, {"第二页"}}, now());
  ASSERT_TRUE(bytes.ok());
  auto package = Package::open(*bytes);
  ASSERT_TRUE(package.ok());
  auto document = read_document(*package);
  ASSERT_TRUE(document.ok());
  for (std::size_t i = 0; i < document->pages.size(); ++i)
    expect_glyphs_match(*package, *document, i, "sample page " + std::to_string(i + 1));
  // The sample's glyphs advance 5 mm each: the second glyph of the first line is 5 mm right of
  // the first.
  auto svg = render_page_svg(*package, *document, 0);
  ASSERT_TRUE(svg.ok());
  pugi::xml_document xml;
  ASSERT_TRUE(xml.load_string(svg->c_str()));
  const std::vector<SvgText> texts = svg_texts(xml);
  ASSERT_GE(texts.size(), 2u);
  EXPECT_NEAR(texts[1].x - texts[0].x, 5.0, 1e-9);
  EXPECT_EQ(texts[0].text, U"合");
}

// gomain and KingGrid tax seals are vector OFD pictures (SES picture type "ofd"): the stamp shows
// the picture's first page as SVG, without a white sheet that would hide the invoice under it.
TEST(RenderSvgTest, OfdSealPicturesAreDrawnFromTheirOwnPage) {
  GMSEAL_REQUIRE_TESTDATA("ofd/gomain-bw-invoice.ofd");
  for (const char* name : {"ofd/gomain-bw-invoice.ofd", "ofd/kinggrid-gomain-chongqing.ofd"}) {
    const Package package = testing::open_testdata(name);
    auto document = read_document(package);
    ASSERT_TRUE(document.ok()) << name;
    auto svg_text = render_page_svg(package, *document, 0);
    ASSERT_TRUE(svg_text.ok()) << name;
    pugi::xml_document svg;
    ASSERT_TRUE(svg.load_string(svg_text->c_str())) << name;
    const pugi::xml_node stamp = svg.select_node("//image[@class='stamp']").node();
    ASSERT_TRUE(stamp) << name << ": the seal picture is not drawn";
    const std::string href = stamp.attribute("href").value();
    const std::string prefix = "data:image/svg+xml;base64,";
    ASSERT_EQ(href.rfind(prefix, 0), 0u) << name;
    auto picture = base64_decode(href.substr(prefix.size()));
    ASSERT_TRUE(picture.ok()) << name;
    pugi::xml_document seal;
    ASSERT_TRUE(seal.load_buffer(picture->data(), picture->size())) << name;
    EXPECT_FALSE(seal.select_node("/svg/rect")) << name << ": the seal picture has a sheet";
    EXPECT_GE(seal.select_nodes("//text").size(), 10u) << name << ": the seal's name is missing";
    EXPECT_FALSE(seal.select_node("//image[@class='stamp']")) << name;
  }
}

TEST(RenderSvgTest, PageOutOfRangeIsAnError) {
  auto bytes = make_sample_document({{"x"}}, now());
  ASSERT_TRUE(bytes.ok());
  auto package = Package::open(*bytes);
  ASSERT_TRUE(package.ok());
  auto document = read_document(*package);
  ASSERT_TRUE(document.ok());
  auto svg = render_page_svg(*package, *document, 1);
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.error().code, "ofd.render.no_page");
}

TEST(RenderSvgTest, SharedOfdsGlyphsAndStampBoxes) {
  GMSEAL_REQUIRE_TESTDATA("ofd");
  int files = 0, stamps = 0, clipped = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::testdata("ofd"))) {
    if (entry.path().extension() != ".ofd") continue;
    auto package = Package::open_file(entry.path());
    if (!package.ok()) continue;  // the damaged samples are the verifier's business
    auto document = read_document(*package);
    if (!document.ok()) continue;
    ++files;
    const std::string name = entry.path().filename().string();
    for (std::size_t i = 0; i < document->pages.size(); ++i)
      expect_glyphs_match(*package, *document, i, name + " page " + std::to_string(i + 1));
    // Every stamp annotation is outlined at its Boundary on its page.
    if (document->signatures_path.empty()) continue;
    auto list_xml = package->read(document->signatures_path);
    if (!list_xml.ok()) continue;
    auto list = parse_signature_list(*list_xml, document->signatures_path, *package);
    if (!list.ok()) continue;
    for (const SignatureEntry& sig : list->entries) {
      auto bytes = package->read(sig.signature_path);
      if (!bytes.ok()) continue;
      auto xml = parse_signature_xml(*bytes, sig.signature_path);
      if (!xml.ok()) continue;
      for (const StampAnnot& stamp : xml->stamp_annots) {
        const Page* page = find_page(*document, stamp.page_ref);
        if (page == nullptr) continue;
        auto svg_text = render_page_svg(*package, *document, page->index);
        ASSERT_TRUE(svg_text.ok());
        pugi::xml_document svg;
        ASSERT_TRUE(svg.load_string(svg_text->c_str()));
        const std::string query = "//rect[@data-signature='" + sig.id + "']";
        const pugi::xpath_node box = svg.select_node(query.c_str());
        ASSERT_TRUE(box) << name << ": no outline for signature " << sig.id;
        // A riding seal's slice: its Boundary cut to its Clip, and the picture clipped to it.
        const Box shown = stamp.clip
                              ? Box{stamp.boundary.x + stamp.clip->x,
                                    stamp.boundary.y + stamp.clip->y, stamp.clip->w, stamp.clip->h}
                              : stamp.boundary;
        EXPECT_NEAR(box.node().attribute("x").as_double(), shown.x, 0.0006) << name;
        EXPECT_NEAR(box.node().attribute("y").as_double(), shown.y, 0.0006) << name;
        EXPECT_NEAR(box.node().attribute("width").as_double(), shown.w, 0.0006) << name;
        EXPECT_NEAR(box.node().attribute("height").as_double(), shown.h, 0.0006) << name;
        if (stamp.clip) {
          ++clipped;
          const pugi::xpath_node image = svg.select_node("//image[@class='stamp'][@clip-path]");
          ASSERT_TRUE(image) << name << ": the riding seal's picture is not clipped";
          std::string ref = image.node().attribute("clip-path").value();  // url(#id)
          ASSERT_GT(ref.size(), 6u);
          const std::string clip_query =
              "//clipPath[@id='" + ref.substr(5, ref.size() - 6) + "']/rect";
          const pugi::xpath_node clip_rect = svg.select_node(clip_query.c_str());
          ASSERT_TRUE(clip_rect) << name << ": " << ref << " names no clipPath";
          EXPECT_NEAR(clip_rect.node().attribute("width").as_double(), shown.w, 0.0006) << name;
        }
        ++stamps;
      }
    }
  }
  EXPECT_GE(files, 5);
  EXPECT_GE(stamps, 3);
  EXPECT_GE(clipped, 2);  // ofdrw-riding-seal.ofd: one slice per page
}

}  // namespace
}  // namespace gmseal::ofd
