#include "pdf/text_locator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "pdf/standard_fonts.h"
#include "pdf_test_support.h"
#include "util/file_io.h"

namespace gmseal::pdf {
namespace {

using namespace testing;

TEST(TextLocator, FindsLatinTextOnTheRightPage) {
  auto doc = Document::open_memory(make_simple_pdf(3), "generated");
  ASSERT_TRUE(doc.ok());
  auto hits = find_text(*doc, "Page 2");
  ASSERT_TRUE(hits.ok()) << hits.error().to_string();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].page_index, 1);
  // "Page 2" starts at x=72 on the baseline y=700 at 24 pt in Helvetica without /Widths: the
  // built-in widths P 667, a 556, g 556, e 556, space 278, 2 556 = 3169/1000 em.
  EXPECT_NEAR((*hits)[0].x, 72 + 3.169 * 24 / 2.0, 0.5);
  EXPECT_NEAR((*hits)[0].y, 700 + 0.35 * 24, 1.0);
  auto all = find_text(*doc, "contract");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
}

TEST(TextLocator, FindsCjkTextThroughToUnicode) {
  std::vector<PageSpec> pages(2);
  pages[1].cjk_text = "甲方（盖章）：北京测试有限公司";
  auto doc = Document::open_memory(make_pdf(pages), "generated");
  ASSERT_TRUE(doc.ok());
  auto hits = find_text(*doc, "盖章");
  ASSERT_TRUE(hits.ok()) << hits.error().to_string();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].page_index, 1);
  // Fourth and fifth characters, 20 pt wide each (/DW 1000), from x=72 on baseline 600.
  EXPECT_NEAR((*hits)[0].x, 72 + 4 * 20, 0.5);
  EXPECT_NEAR((*hits)[0].y, 600 + 0.35 * 20, 0.5);
  auto none = find_text(*doc, "乙方");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(TextLocator, StandardFontWidthsComeFromTheCoreMetrics) {
  EXPECT_EQ(standard_font_width("Helvetica", 'a'), 556.0);
  EXPECT_EQ(standard_font_width("Helvetica-Oblique", 'W'), 944.0);
  EXPECT_EQ(standard_font_width("Helvetica-Bold", 'i'), 278.0);
  EXPECT_EQ(standard_font_width("Times-Roman", 'a'), 444.0);
  EXPECT_EQ(standard_font_width("Times-Italic", 'W'), 833.0);
  EXPECT_EQ(standard_font_width("ABCDEF+Times-Bold", 'm'), 833.0);
  EXPECT_EQ(standard_font_width("Courier-BoldOblique", 200), 600.0);
  EXPECT_EQ(standard_font_width("Helvetica", '\''), 191.0);  // WinAnsi quotesingle
  EXPECT_FALSE(standard_font_width("Helvetica", 200).has_value());
  EXPECT_FALSE(standard_font_width("SimSun", 'a').has_value());
}

// pdftotext (poppler) knows the core font metrics: the keyword's box must be where it says.
TEST(TextLocator, HelveticaKeywordLandsWherePdftotextPutsIt) {
  if (!tool_available("pdftotext")) GTEST_SKIP() << "SKIPPED: pdftotext missing";
  const std::filesystem::path dir = temp_dir("pdf-text-bbox");
  const std::filesystem::path pdf = dir / "in.pdf";
  ASSERT_TRUE(write_file_atomic(pdf, make_simple_pdf(2)).ok());
  std::string html;
  ASSERT_EQ(run("pdftotext -bbox -f 2 -l 2 " + pdf.string() + " -", &html), 0) << html;
  auto doc = Document::open_memory(*read_file(pdf), "generated");
  ASSERT_TRUE(doc.ok());
  for (const std::string word : {"contract", "text"}) {
    SCOPED_TRACE(word);
    const auto at = html.find(">" + word + "</word>");
    ASSERT_NE(at, std::string::npos) << html;
    const auto tag = html.rfind("<word", at);
    auto attribute = [&](const std::string& name) {
      const auto p = html.find(name + "=\"", tag);
      return std::stod(html.substr(p + name.size() + 2));
    };
    const double poppler_x = (attribute("xMin") + attribute("xMax")) / 2;
    const double poppler_width = attribute("xMax") - attribute("xMin");
    auto hits = find_text(*doc, word);
    ASSERT_TRUE(hits.ok());
    const TextHit* hit = nullptr;
    for (const TextHit& h : *hits) {
      if (h.page_index == 1) hit = &h;
    }
    ASSERT_NE(hit, nullptr);
    const double mm = 72 / 25.4;
    EXPECT_NEAR(hit->x, poppler_x, 1 * mm);
    EXPECT_NEAR(hit->width, poppler_width, 1 * mm);
    // pdftotext measures y from the top of the 842 pt page.
    const double poppler_y = 842 - (attribute("yMin") + attribute("yMax")) / 2;
    EXPECT_NEAR(hit->y, poppler_y, 1 * mm);
  }
  std::filesystem::remove_all(dir);
}

TEST(TextLocator, EmptyKeywordIsRefused) {
  auto doc = Document::open_memory(make_simple_pdf(1), "generated");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(find_text(*doc, "  ").error().code, "pdf.text.bad_keyword");
}

}  // namespace
}  // namespace gmseal::pdf
