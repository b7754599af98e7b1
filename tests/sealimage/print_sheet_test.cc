// The 1:1 print sheet, rendered back through pdftoppm (poppler-utils) at 600 DPI and measured:
// the seal's ring and the 10 mm scale bar must come out at their true sizes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "measure.h"
#include "sealimage/font_face.h"
#include "sealimage/print_sheet.h"
#include "sealimage/seal_image.h"

namespace gmseal::sealimage {
namespace {

constexpr double kPxPerMm = 600 / 25.4;

TEST(PrintSheet, RendersTheSealAndTheScaleBarAtTrueSize) {
  if (default_song_font_path().empty() || default_digit_font_path().empty()) {
    GTEST_SKIP() << "*** SKIPPED: seal fonts not installed; run scripts/setup ***";
  }
  if (std::system("command -v pdftoppm >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "*** SKIPPED: pdftoppm (poppler-utils) is not installed ***";
  }
  SealImageRequest req;
  req.layout = layout_for_category("04").value();
  req.name = "杭州市西湖区人民政府";
  req.code = "3301060012345";
  auto drawn = draw_seal(req);
  ASSERT_TRUE(drawn.ok()) << drawn.error().to_string();
  const Bytes pdf = make_print_sheet(drawn->bitmap, 42, 42, "Seal 42 mm round, category 04");
  const std::string text(pdf.begin(), pdf.end());
  EXPECT_NE(text.find("119.0551 0 0 119.0551"), std::string::npos) << "42 mm = 119.06 pt";

  const auto dir = std::filesystem::current_path() / "sealimage-samples";
  std::filesystem::create_directories(dir);
  const auto pdf_path = dir / "print-sheet-42mm.pdf";
  std::ofstream(pdf_path, std::ios::binary)
      .write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
  const auto stem = dir / "print-sheet-42mm";
  const std::string command =
      "pdftoppm -r 600 -gray -singlefile '" + pdf_path.string() + "' '" + stem.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const test::Raster page = test::read_pgm(stem.string() + ".pgm", 200);
  ASSERT_GT(page.width, 4000);

  const PrintSheetGeometry g = print_sheet_geometry(42, 42);
  const double pt_to_px = 600.0 / 72;
  // The seal's centre row, in the rendered page (y down).
  const int row = static_cast<int>((841.89 - g.seal_y - g.seal_height / 2) * pt_to_px);
  int first = -1, last = -1;
  for (int x = 0; x < page.width; ++x) {
    if (page.at(x, row)) {
      if (first < 0) first = x;
      last = x;
    }
  }
  EXPECT_NEAR((last - first + 1) / kPxPerMm, 42, 0.2) << "ring on the printed sheet";
  // The bar: its ink along a row through the bar (0.8 pt thick, from bar_y up).
  const int bar_row = static_cast<int>((841.89 - g.bar_y - 0.4) * pt_to_px);
  first = last = -1;
  // From 3 pt before the bar to 3 pt after it: the "10 mm" label starts 6 pt after.
  for (int x = static_cast<int>((g.bar_x - 3) * pt_to_px);
       x < static_cast<int>((g.bar_x + g.bar_length + 3) * pt_to_px); ++x) {
    if (page.at(x, bar_row)) {
      if (first < 0) first = x;
      last = x;
    }
  }
  // The bar runs from the 0 tick's left edge to the 10 tick's right edge (0.3 pt ticks).
  EXPECT_NEAR((last - first + 1) / kPxPerMm, 10, 0.15) << "scale bar";
}

}  // namespace
}  // namespace gmseal::sealimage
