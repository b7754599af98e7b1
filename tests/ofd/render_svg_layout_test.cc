// ofd/render_svg against hand-computed positions: a document written here, with TextObjects at
// known Boundary, TextCode X/Y, DeltaX/DeltaY (short lists, "g" repeats) and CTMs, template
// pages on both sides of the page content, and paths and an image with known paint and CTM. The
// expected millimetres come from GB/T 33190-2016 §11.3 worked by hand, not from ofd/page_text
// (which the renderer shares), so a layout bug in both would show here.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "ofd/document.h"
#include "ofd/page_text.h"
#include "ofd/render_svg.h"
#include "ofd_test_util.h"

namespace gmseal::ofd {
namespace {

constexpr char kNs[] = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";

std::string page_file(const std::string& body) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page ") + kNs + ">" + body +
         "</ofd:Page>";
}

// One page (ID 1) that names three templates: 10 (no ZOrder anywhere: Background), 11
// (TemplatePage says Foreground) and 12 (TemplatePage says Background, the page says
// Foreground: the page wins). Template 10 brings its own PageRes with font 7.
Bytes make_layout_document() {
  const std::string ofd = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD ") + kNs +
                          " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>"
                          "layout</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml"
                          "</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
  const std::string document =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document ") + kNs +
      "><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 "
      "297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
      "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
      "<ofd:TemplatePage ID=\"10\" BaseLoc=\"Tpls/Tpl_0/Content.xml\"/>"
      "<ofd:TemplatePage ID=\"11\" BaseLoc=\"Tpls/Tpl_1/Content.xml\" ZOrder=\"Foreground\"/>"
      "<ofd:TemplatePage ID=\"12\" BaseLoc=\"Tpls/Tpl_2/Content.xml\" ZOrder=\"Background\"/>"
      "</ofd:CommonData><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/>"
      "</ofd:Pages></ofd:Document>";
  const std::string public_res =
      std::string("<ofd:Res ") + kNs +
      " BaseLoc=\"Res\"><ofd:DrawParams><ofd:DrawParam ID=\"20\" LineWidth=\"1.5\">"
      "<ofd:StrokeColor Value=\"0 128 0\"/></ofd:DrawParam></ofd:DrawParams><ofd:Fonts>"
      "<ofd:Font ID=\"3\" FontName=\"SimSun\" FamilyName=\"DocFont\"/></ofd:Fonts></ofd:Res>";
  const std::string document_res =
      std::string("<ofd:Res ") + kNs +
      " BaseLoc=\"Res\"><ofd:MultiMedias><ofd:MultiMedia ID=\"30\" Type=\"Image\">"
      "<ofd:MediaFile>dot.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>";
  const std::string template_res = std::string("<ofd:Res ") + kNs +
                                   "><ofd:Fonts><ofd:Font ID=\"7\" FontName=\"T\" "
                                   "FamilyName=\"TplFont\"/></ofd:Fonts></ofd:Res>";
  auto template_text = [](const std::string& font, const std::string& text) {
    return "<ofd:TextObject ID=\"1\" Boundary=\"0 0 20 20\" Font=\"" + font +
           "\" Size=\"5\"><ofd:TextCode X=\"1\" Y=\"6\">" + text +
           "</ofd:TextCode></ofd:TextObject>";
  };
  const std::string page = page_file(
      "<ofd:Template TemplateID=\"11\"/><ofd:Template TemplateID=\"10\"/>"
      "<ofd:Template TemplateID=\"12\" ZOrder=\"Foreground\"/><ofd:Content>"
      // A Foreground layer written first is drawn after the Body layer.
      "<ofd:Layer ID=\"40\" Type=\"Foreground\">"
      "<ofd:TextObject ID=\"41\" Boundary=\"0 0 50 50\" Font=\"3\" Size=\"3\">"
      "<ofd:TextCode X=\"1\" Y=\"3\">F</ofd:TextCode></ofd:TextObject></ofd:Layer>"
      "<ofd:Layer ID=\"50\">"
      // A: DeltaX shorter than the text, with a "g" repeat: 3, 4.5, 4.5, then 4.5 again.
      "<ofd:TextObject ID=\"51\" Boundary=\"20 30 100 10\" Font=\"3\" Size=\"5\">"
      "<ofd:TextCode X=\"2\" Y=\"4\" DeltaX=\"3 g 2 4.5\">ABCDEF</ofd:TextCode></ofd:TextObject>"
      // B: two lines in one TextCode: DeltaX 3 3 -6 3, DeltaY 0 0 4 0.
      "<ofd:TextObject ID=\"52\" Boundary=\"0 50 100 20\" Font=\"3\" Size=\"3\">"
      "<ofd:TextCode X=\"10\" Y=\"5\" DeltaX=\"g 2 3 -6 3\" DeltaY=\"g 2 0 4 0\">一二三四五"
      "</ofd:TextCode></ofd:TextObject>"
      // C: turned a quarter clockwise, vertical advances from DeltaY alone.
      "<ofd:TextObject ID=\"53\" Boundary=\"50 100 60 60\" Font=\"3\" Size=\"4\" "
      "CTM=\"0 1 -1 0 10 0\"><ofd:TextCode X=\"1\" Y=\"2\" DeltaY=\"2 3\">甲乙丙</ofd:TextCode>"
      "</ofd:TextObject>"
      // D: Size 1 scaled five times by the CTM (Suwell writes text this way).
      "<ofd:TextObject ID=\"54\" Boundary=\"10 200 50 10\" Font=\"3\" Size=\"1\" "
      "CTM=\"5 0 0 5 0 0\"><ofd:TextCode X=\"0\" Y=\"0.8\" DeltaX=\"1.2\">GH</ofd:TextCode>"
      "</ofd:TextObject>"
      "<ofd:PathObject ID=\"55\" Boundary=\"5 6 10 10\" LineWidth=\"0.5\" Fill=\"true\">"
      "<ofd:FillColor Value=\"#ff #00 #00\"/><ofd:StrokeColor Value=\"0 0 255\"/>"
      "<ofd:AbbreviatedData>M 0 0 L 10 0 L 10 10 C</ofd:AbbreviatedData></ofd:PathObject>"
      "<ofd:PathObject ID=\"56\" Boundary=\"5 20 10 10\" DrawParam=\"20\">"
      "<ofd:AbbreviatedData>M 0 0 L 10 10</ofd:AbbreviatedData></ofd:PathObject>"
      "<ofd:ImageObject ID=\"57\" Boundary=\"100 100 40 30\" CTM=\"40 0 0 30 0 0\" "
      "ResourceID=\"30\"/>"
      "</ofd:Layer></ofd:Content>");
  // The first bytes of a PNG are all the renderer looks at to embed it.
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(16, '\0');
  return testing::make_zip({
      {"OFD.xml", ofd},
      {"Doc_0/Document.xml", document},
      {"Doc_0/PublicRes.xml", public_res},
      {"Doc_0/DocumentRes.xml", document_res},
      {"Doc_0/Res/dot.png", png},
      {"Doc_0/Pages/Page_0/Content.xml", page},
      {"Doc_0/Tpls/Tpl_0/Content.xml",
       page_file("<ofd:PageRes>Res.xml</ofd:PageRes><ofd:Content><ofd:Layer ID=\"60\">" +
                 template_text("7", "底") + "</ofd:Layer></ofd:Content>")},
      {"Doc_0/Tpls/Tpl_0/Res.xml", template_res},
      {"Doc_0/Tpls/Tpl_1/Content.xml",
       page_file("<ofd:Content><ofd:Layer ID=\"61\">" + template_text("3", "前") +
                 "</ofd:Layer></ofd:Content>")},
      {"Doc_0/Tpls/Tpl_2/Content.xml",
       page_file("<ofd:Content><ofd:Layer ID=\"62\">" + template_text("3", "后") +
                 "</ofd:Layer></ofd:Content>")},
  });
}

class RenderSvgLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto package = Package::open(make_layout_document());
    ASSERT_TRUE(package.ok()) << package.error().to_string();
    auto document = read_document(*package);
    ASSERT_TRUE(document.ok()) << document.error().to_string();
    auto svg = render_page_svg(*package, *document, 0);
    ASSERT_TRUE(svg.ok()) << svg.error().to_string();
    text_ = *svg;
    ASSERT_TRUE(svg_.load_string(text_.c_str())) << text_;
  }

  // The page content's <text> elements, in SVG order.
  std::vector<pugi::xml_node> page_glyphs() const {
    std::vector<pugi::xml_node> out;
    for (const pugi::xpath_node& n : svg_.select_nodes("//g[@class='page-content']//text")) {
      out.push_back(n.node());
    }
    return out;
  }

  std::string text_;
  pugi::xml_document svg_;
};

struct Expected {
  const char* glyph;
  double x, y;
};

void expect_at(const pugi::xml_node& text, const Expected& want) {
  EXPECT_STREQ(text.text().get(), want.glyph);
  EXPECT_NEAR(text.attribute("x").as_double(), want.x, 1e-9) << want.glyph;
  EXPECT_NEAR(text.attribute("y").as_double(), want.y, 1e-9) << want.glyph;
}

TEST_F(RenderSvgLayoutTest, GlyphsAtHandComputedMillimetres) {
  const std::vector<pugi::xml_node> glyphs = page_glyphs();
  // Body layer first (A 6, B 5, C 3, D 2 glyphs), then the Foreground layer's "F".
  ASSERT_EQ(glyphs.size(), 17u) << text_;
  const Expected want[] = {
      // A: Boundary (20, 30) + X 2, Y 4; advances 3, 4.5, 4.5, 4.5 (repeated), 4.5.
      {"A", 22, 34},
      {"B", 25, 34},
      {"C", 29.5, 34},
      {"D", 34, 34},
      {"E", 38.5, 34},
      {"F", 43, 34},
      // B: Boundary (0, 50) + (10, 5); the fourth glyph goes back 6 and down 4.
      {"一", 10, 55},
      {"二", 13, 55},
      {"三", 16, 55},
      {"四", 10, 59},
      {"五", 13, 59},
      // C: (1, 2), (1, 4), (1, 7) in object space; CTM (x, y) -> (10 - y, x); + (50, 100).
      {"甲", 58, 101},
      {"乙", 56, 101},
      {"丙", 53, 101},
      // D: (0, 0.8), (1.2, 0.8) scaled by 5; + (10, 200).
      {"G", 10, 204},
      {"H", 16, 204},
      // The Foreground layer: (0, 0) + (1, 3).
      {"F", 1, 3},
  };
  for (std::size_t i = 0; i < glyphs.size(); ++i) expect_at(glyphs[i], want[i]);

  // C is drawn turned: size 4 in object space, the CTM's linear part applied about each glyph's
  // origin: matrix(0,1,-1,0, gx + gy, gy - gx).
  const pugi::xml_node turned = glyphs[11];
  EXPECT_STREQ(turned.attribute("transform").value(), "matrix(0,1,-1,0,159,43)");
  EXPECT_STREQ(turned.parent().attribute("font-size").value(), "4");
  // D: font size 1, scaled five times about (10, 204): matrix(5,0,0,5,-40,-816).
  EXPECT_STREQ(glyphs[14].attribute("transform").value(), "matrix(5,0,0,5,-40,-816)");
  EXPECT_STREQ(glyphs[14].parent().attribute("font-size").value(), "1");
  // A without a CTM: no transform, the document font's family.
  EXPECT_FALSE(glyphs[0].attribute("transform"));
  EXPECT_STREQ(glyphs[0].parent().attribute("font-size").value(), "5");
  EXPECT_STREQ(glyphs[0].parent().attribute("font-family").value(), "DocFont, serif");
}

TEST_F(RenderSvgLayoutTest, TemplatesUnderAndOverThePageContentInOrder) {
  // Top-level groups in drawing order: Background template 10, the page, then the Foreground
  // templates in the order the page names them (11, 12).
  std::vector<std::string> order;
  for (const pugi::xml_node& g : svg_.document_element().children("g")) {
    const std::string cls = g.attribute("class").value();
    order.push_back(cls == "template"
                        ? std::string("template ") + g.attribute("data-template").value() + " " +
                              g.attribute("data-zorder").value()
                        : cls);
  }
  const std::vector<std::string> want = {"template 10 Background", "page-content",
                                         "template 11 Foreground", "template 12 Foreground"};
  EXPECT_EQ(order, want) << text_;
  // Each template's content, with its own resources (template 10's PageRes) or the document's.
  auto glyph_in = [this](const char* id) {
    const std::string query = "//g[@data-template='" + std::string(id) + "']//text";
    return svg_.select_node(query.c_str()).node();
  };
  EXPECT_STREQ(glyph_in("10").text().get(), "底");
  EXPECT_STREQ(glyph_in("10").parent().attribute("font-family").value(), "TplFont, serif");
  EXPECT_STREQ(glyph_in("11").text().get(), "前");
  EXPECT_STREQ(glyph_in("11").parent().attribute("font-family").value(), "DocFont, serif");
  EXPECT_STREQ(glyph_in("12").text().get(), "后");
  EXPECT_NEAR(glyph_in("12").attribute("x").as_double(), 1, 1e-9);
  EXPECT_NEAR(glyph_in("12").attribute("y").as_double(), 6, 1e-9);
}

TEST_F(RenderSvgLayoutTest, PathsAndImagesWithTheirPaintAndCtm) {
  const pugi::xml_node filled = svg_.select_node("//path[@transform='translate(5,6)']").node();
  ASSERT_TRUE(filled) << text_;
  EXPECT_STREQ(filled.attribute("d").value(), "M 0 0 L 10 0 L 10 10 Z ");
  EXPECT_STREQ(filled.attribute("fill").value(), "rgb(255,0,0)");  // "#ff #00 #00"
  EXPECT_STREQ(filled.attribute("stroke").value(), "rgb(0,0,255)");
  EXPECT_STREQ(filled.attribute("stroke-width").value(), "0.5");
  // Line width and stroke colour from DrawParam 20; Fill defaults to false.
  const pugi::xml_node drawn = svg_.select_node("//path[@transform='translate(5,20)']").node();
  ASSERT_TRUE(drawn) << text_;
  EXPECT_STREQ(drawn.attribute("fill").value(), "none");
  EXPECT_STREQ(drawn.attribute("stroke").value(), "rgb(0,128,0)");
  EXPECT_STREQ(drawn.attribute("stroke-width").value(), "1.5");
  // The image's unit square, scaled to 40 x 30 mm by the CTM, at the Boundary origin.
  const pugi::xml_node image = svg_.select_node("//g[@class='page-content']//image").node();
  ASSERT_TRUE(image) << text_;
  EXPECT_STREQ(image.attribute("transform").value(), "translate(100,100) matrix(40,0,0,30,0,0)");
  EXPECT_EQ(std::string(image.attribute("href").value()).rfind("data:image/png;base64,", 0), 0u);
}

TEST_F(RenderSvgLayoutTest, KeywordSearchAgreesWithTheHandComputedBox) {
  // page_text shares the layout; this pins it to the same hand-computed numbers.
  auto package = Package::open(make_layout_document());
  ASSERT_TRUE(package.ok());
  auto document = read_document(*package);
  ASSERT_TRUE(document.ok());
  auto matches = find_keyword(*package, *document, "三四");
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 1u);
  // 三 at (16, 55), 四 at (10, 59), size 3: x 10..19, y 52..59.
  EXPECT_NEAR(matches->at(0).box.x, 10, 1e-9);
  EXPECT_NEAR(matches->at(0).box.y, 52, 1e-9);
  EXPECT_NEAR(matches->at(0).box.w, 9, 1e-9);
  EXPECT_NEAR(matches->at(0).box.h, 7, 1e-9);
}

TEST_F(RenderSvgLayoutTest, KeywordSearchReadsTheTemplatesTextAfterThePagesOwn) {
  // 底, 前 and 后 are only in the three templates page 1 is drawn with (e-invoices keep labels
  // such as 销售方 there); 甲乙 is on the page itself.
  auto package = Package::open(make_layout_document());
  ASSERT_TRUE(package.ok());
  auto document = read_document(*package);
  ASSERT_TRUE(document.ok());
  for (const char* word : {"底", "前", "后", "甲乙"}) {
    auto matches = find_keyword(*package, *document, word);
    ASSERT_TRUE(matches.ok()) << word;
    ASSERT_EQ(matches->size(), 1u) << word;
    EXPECT_EQ(matches->at(0).page_index, 0u) << word;
  }
  // The page's own glyphs (what the preview's glyph test compares) hold no template text.
  auto glyphs = read_page_glyphs(*package, document->pages[0]);
  ASSERT_TRUE(glyphs.ok());
  for (const Glyph& g : *glyphs) EXPECT_NE(g.code, U'底');
}

}  // namespace
}  // namespace gmseal::ofd
