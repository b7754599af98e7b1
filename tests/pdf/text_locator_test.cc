#include "pdf/text_locator.h"

#include <gtest/gtest.h>

#include "pdf_test_support.h"

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
  // "Page 2" (6 glyphs) starts at x=72 on the baseline y=700 at 24 pt; without /Widths each
  // glyph advances 500/1000 em = 12 pt.
  EXPECT_NEAR((*hits)[0].x, 72 + 6 * 12 / 2.0, 1.0);
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

TEST(TextLocator, EmptyKeywordIsRefused) {
  auto doc = Document::open_memory(make_simple_pdf(1), "generated");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(find_text(*doc, "  ").error().code, "pdf.text.bad_keyword");
}

}  // namespace
}  // namespace gmseal::pdf
