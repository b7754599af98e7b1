// Measures drawn seal images: ring diameter and border at 600 DPI, the star's position, the
// name's glyphs on their arc, the PNG's palette / tRNS / pHYs / deflate level, the 25 KB limit
// over every category and a set of real unit names, and clear refusals. Writes every image to
// ./sealimage-samples (under the test's working directory) for people to look at.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

#include "measure.h"
#include "sealimage/font_face.h"
#include "sealimage/seal_image.h"
#include "validate/seal_fields.h"
#include "validate/seal_image.h"

namespace gmseal::sealimage {
namespace {

using test::Raster;

constexpr double kPxPerMm = 600 / 25.4;

// Real unit names from 2 to 40 characters (the 40-character one is the longest the tests
// require to fit a round seal; see LongestAcceptedNameIsRefusedClearly for longer ones).
const std::vector<std::string> kUnitNames = {
    "华为",
    "北京银行",
    "中国人民银行",
    "杭州市西湖区人民政府",
    "深圳市腾讯计算机系统有限公司",
    "国家税务总局北京市海淀区税务局第一税务所",
    "中国农业银行股份有限公司宁夏回族自治区分行营业部",
    "内蒙古自治区呼和浩特市赛罕区人民政府敕勒川路街道办事处",
    "内蒙古自治区呼和浩特市赛罕区人民政府敕勒川路街道办事处综合行政执法局",
    "内蒙古自治区呼和浩特市赛罕区人民政府敕勒川路街道办事处综合行政执法局第一执法中队",
};
const std::vector<std::string> kPersonalNames = {"张三", "欧阳明", "司马相如", "李四"};

bool fonts_present() {
  if (default_song_font_path().empty() || default_digit_font_path().empty()) {
    std::cerr << "\n*** SKIPPED: the Song font (fonts-arphic-gbsn00lp or fonts-noto-cjk) or "
                 "Liberation Sans (fonts-liberation) is not installed; run scripts/setup ***\n";
    return false;
  }
  return true;
}

#define REQUIRE_FONTS() \
  if (!fonts_present()) GTEST_SKIP() << "seal fonts not installed (scripts/setup installs them)"

std::filesystem::path sample_dir() {
  const auto dir = std::filesystem::current_path() / "sealimage-samples";
  std::filesystem::create_directories(dir);
  return dir;
}

void save(const Bytes& png, const std::string& stem) {
  std::ofstream(sample_dir() / (stem + ".png"), std::ios::binary)
      .write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
}

SealImageRequest request_for(const std::string& category, const std::string& name) {
  SealImageRequest r;
  r.layout = layout_for_category(category).value();
  r.name = name;
  return r;
}

std::size_t char_count(const std::string& utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

// First and last ink pixel along row y (or column x when `vertical`).
std::pair<int, int> ink_extent(const Raster& r, int line, bool vertical) {
  const int n = vertical ? r.height : r.width;
  int first = -1, last = -1;
  for (int i = 0; i < n; ++i) {
    if (vertical ? r.at(line, i) : r.at(i, line)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return {first, last};
}

// Ink run length starting at the image edge along the centre row: the border's thickness.
int border_run(const Raster& r) {
  const int y = r.height / 2;
  int run = 0;
  while (run < r.width && r.at(run, y)) ++run;
  return run;
}

TEST(SealImageDrawing, RoundRingDiameterAndBorderMatchTheNominalSizes) {
  REQUIRE_FONTS();
  for (const double diameter : {30.0, 38.0, 40.0, 42.0, 45.0}) {
    SealImageRequest req = request_for("04", "杭州市西湖区人民政府");
    ASSERT_TRUE(resize_layout(req.layout, diameter, diameter).ok());
    auto png = make_seal_image(req);
    ASSERT_TRUE(png.ok()) << png.error().to_string();
    const Raster r = test::decode(*png);
    // Horizontal and vertical diameters through the centre, and the diagonal one.
    const auto [left, right] = ink_extent(r, r.height / 2, false);
    const auto [top, bottom] = ink_extent(r, r.width / 2, true);
    EXPECT_NEAR((right - left + 1) / kPxPerMm, diameter, 0.2) << "Ø" << diameter;
    EXPECT_NEAR((bottom - top + 1) / kPxPerMm, diameter, 0.2) << "Ø" << diameter;
    int d0 = -1, d1 = -1;
    for (int i = 0; i < r.width; ++i) {
      if (r.at(i, i)) {
        if (d0 < 0) d0 = i;
        d1 = i;
      }
    }
    EXPECT_NEAR((d1 - d0 + 1) * std::numbers::sqrt2 / kPxPerMm, diameter, 0.2) << "diagonal";
    EXPECT_NEAR(border_run(r) / kPxPerMm, req.layout.border_mm, 0.1) << "border of Ø" << diameter;
    save(*png, "round-" + std::to_string(static_cast<int>(diameter)) + "mm");
  }
}

TEST(SealImageDrawing, StarLiesCentredWithItsNominalSize) {
  REQUIRE_FONTS();
  auto req = request_for("01", "深圳市腾讯计算机系统有限公司");
  auto drawn = draw_seal(req);
  ASSERT_TRUE(drawn.ok()) << drawn.error().to_string();
  auto png = encode_seal_png(drawn->bitmap);
  ASSERT_TRUE(png.ok()) << png.error().to_string();
  const Raster r = test::decode(*png);
  const int cx = r.width / 2;
  const int cy = r.height / 2;
  ASSERT_TRUE(r.at(cx, cy)) << "no ink at the centre";
  const test::Box star = test::region_box(r, cx, cy);
  const double radius = req.layout.star_diameter_mm / 2 * kPxPerMm;
  // A regular star with one point up: width 2 r sin 72, from r above to r cos 36 below.
  EXPECT_NEAR(star.cx(), r.width / 2.0, 0.1 * kPxPerMm);
  EXPECT_NEAR((star.x1 - star.x0 + 1) / kPxPerMm,
              2 * radius * std::sin(72 * std::numbers::pi / 180) / kPxPerMm, 0.2);
  EXPECT_NEAR((r.height / 2.0 - star.y0) / kPxPerMm, req.layout.star_diameter_mm / 2, 0.1);
  EXPECT_NEAR((star.y1 + 1 - r.height / 2.0) / kPxPerMm,
              req.layout.star_diameter_mm / 2 * std::cos(36 * std::numbers::pi / 180), 0.1);
  // The star is its own shape: nothing else touches it.
  EXPECT_LT(star.x1 - star.x0, static_cast<int>(2 * radius) + 2);
}

TEST(SealImageDrawing, NameGlyphsLieOnTheUpperArcWithinTheSpan) {
  REQUIRE_FONTS();
  for (const std::string& name : kUnitNames) {
    auto req = request_for("04", name);
    req.code = "3301060012345";
    auto drawn = draw_seal(req);
    ASSERT_TRUE(drawn.ok()) << name << ": " << drawn.error().to_string();
    const Bitmap& b = drawn->bitmap;
    const double c = b.width() / 2.0;
    const double inner_edge = c - req.layout.border_mm * kPxPerMm;
    const double gap = req.layout.name.gap_mm * kPxPerMm;
    const double h = drawn->name_fit.height_px;
    const double band_outer = inner_edge - gap;
    const double band_inner = band_outer - h;
    const double purpose_top = c + std::max(req.layout.purpose.top_mm * kPxPerMm,
                                            drawn->star_radius * 0.809 + 0.5 * kPxPerMm);
    double max_angle = 0;
    int in_band = 0, off_band = 0, touching_border = 0;
    for (int y = 0; y < b.height(); ++y) {
      for (int x = 0; x < b.width(); ++x) {
        if (!b.ink(x, y)) continue;
        const double dx = x + 0.5 - c;
        const double dy = y + 0.5 - c;
        const double radius = std::hypot(dx, dy);
        if (radius >= inner_edge - 1) continue;                   // the border
        if (radius <= drawn->star_radius + 1) continue;           // the star
        if (y + 0.5 >= purpose_top && std::fabs(dx) < c * 0.7) {  // purpose line and code
          if (radius < inner_edge - req.layout.code.gap_mm * kPxPerMm * 0.5) continue;
        }
        const double angle = std::atan2(dx, -dy) * 180 / std::numbers::pi;  // 0 = up
        if (std::fabs(angle) > 180 - req.layout.code.span_deg / 2 - 5 && y > c) continue;
        if (radius > inner_edge - gap * 0.5) ++touching_border;
        // Glyph ink may reach a little past the reference glyph's box (strokes' ends).
        if (radius >= band_inner - 0.12 * h && radius <= band_outer + 0.12 * h) {
          ++in_band;
          max_angle = std::max(max_angle, std::fabs(angle));
        } else {
          ++off_band;
        }
      }
    }
    EXPECT_EQ(touching_border, 0) << name << ": text closer to the border than half its gap";
    EXPECT_GT(in_band, 1000) << name;
    EXPECT_LT(off_band, in_band / 200) << name << ": ink off the name's arc";
    EXPECT_LE(max_angle, req.layout.name.span_deg / 2) << name;
    if (char_count(name) >= 20) {
      EXPECT_GT(max_angle, 115) << name << ": long names use the span";
    }
    // Short names sit around the top, symmetrically.
    EXPECT_NEAR(drawn->name_fit.first_deg, -drawn->name_fit.last_deg, 0.5) << name;
  }
}

TEST(SealImagePng, PaletteTransparencyResolutionAndDeflateAreAsStated) {
  REQUIRE_FONTS();
  auto png = make_seal_image(request_for("01", "北京银行"));
  ASSERT_TRUE(png.ok()) << png.error().to_string();
  const auto c = test::chunks(*png);
  ASSERT_TRUE(c.contains("IHDR") && c.contains("PLTE") && c.contains("tRNS") &&
              c.contains("pHYs") && c.contains("IDAT"));
  EXPECT_EQ(c.at("IHDR")[8], 8) << "bit depth";
  EXPECT_EQ(c.at("IHDR")[9], 3) << "colour type 3 (palette)";
  EXPECT_EQ(c.at("PLTE"), (Bytes{0xFF, 0xFF, 0xFF, 0xE6, 0x00, 0x12})) << "white, seal red";
  ASSERT_GE(c.at("tRNS").size(), 1u);
  EXPECT_EQ(c.at("tRNS")[0], 0) << "white is transparent";
  if (c.at("tRNS").size() > 1) {
    EXPECT_EQ(c.at("tRNS")[1], 0xFF);
  }
  const Bytes& phys = c.at("pHYs");
  const auto be32 = [&](std::size_t i) {
    return (phys[i] << 24) | (phys[i + 1] << 16) | (phys[i + 2] << 8) | phys[i + 3];
  };
  EXPECT_EQ(be32(0), 23622);
  EXPECT_EQ(be32(4), 23622);
  EXPECT_EQ(phys[8], 1) << "unit: metre";
  // zlib header: FLEVEL (top two bits of the second byte) 3 = maximum compression.
  EXPECT_EQ(c.at("IDAT")[1] >> 6, 3);
  const auto info = validate::inspect_png(*png);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->width, 992u);  // Ø42 at 600 DPI
  EXPECT_EQ(info->colours, 2);
}

TEST(SealImageSizes, EveryCategoryAndRealNameFitsIn25KbAndValidates) {
  REQUIRE_FONTS();
  std::size_t largest = 0;
  std::string largest_name;
  for (const std::string category : {"01", "02", "03", "04"}) {
    for (const std::string& name : kUnitNames) {
      auto req = request_for(category, name);
      if (category == "03") req.code = "91330106MA2H1X2Y3K";
      if (category == "04") req.code = "3301060012345";
      auto png = make_seal_image(req);
      ASSERT_TRUE(png.ok()) << category << " " << name << ": " << png.error().to_string();
      EXPECT_LE(png->size(), validate::kMaxSealImageBytes) << category << " " << name;
      EXPECT_TRUE(validate::seal_image_violations(*png).empty()) << category << " " << name;
      if (png->size() > largest) {
        largest = png->size();
        largest_name = category + " " + name;
      }
      save(*png, "cat" + category + "-" + std::to_string(char_count(name)) + "chars");
    }
  }
  for (const std::string& name : kPersonalNames) {
    auto png = make_seal_image(request_for("05", name));
    ASSERT_TRUE(png.ok()) << name << ": " << png.error().to_string();
    EXPECT_LE(png->size(), validate::kMaxSealImageBytes);
    EXPECT_TRUE(validate::seal_image_violations(*png).empty()) << name;
    save(*png, "cat05-" + std::to_string(char_count(name)) + "chars");
  }
  std::cerr << "largest image: " << largest << " bytes (" << largest_name << ")\n";
}

TEST(SealImageSizes, RectangularSealsFitAndValidate) {
  REQUIRE_FONTS();
  SealImageRequest req;
  req.layout = layout_for_style(SealStyle::kRect);
  req.name = "杭州市西湖区人民政府";
  req.purpose = "收讫";
  auto png = make_seal_image(req);
  ASSERT_TRUE(png.ok()) << png.error().to_string();
  EXPECT_TRUE(validate::seal_image_violations(*png).empty());
  const Raster r = test::decode(*png);
  EXPECT_NEAR(r.width / kPxPerMm, 40, 0.2);
  EXPECT_NEAR(r.height / kPxPerMm, 15, 0.2);
  const auto [left, right] = ink_extent(r, r.height / 2, false);
  EXPECT_EQ(left, 0);
  EXPECT_EQ(right, r.width - 1);
  save(*png, "rect-40x15");
}

TEST(SealImageOval, InvoiceSealHasItsRuleSizes) {
  REQUIRE_FONTS();
  auto req = request_for("03", "杭州市西湖区人民政府");
  req.code = "91330106MA2H1X2Y3K";
  auto png = make_seal_image(req);
  ASSERT_TRUE(png.ok()) << png.error().to_string();
  const Raster r = test::decode(*png);
  EXPECT_EQ(r.width, 945);
  EXPECT_EQ(r.height, 709);
  const auto [left, right] = ink_extent(r, r.height / 2, false);
  const auto [top, bottom] = ink_extent(r, r.width / 2, true);
  EXPECT_NEAR((right - left + 1) / kPxPerMm, 40, 0.2);
  EXPECT_NEAR((bottom - top + 1) / kPxPerMm, 30, 0.2);
  // The taxpayer ID: 18 digits spanning about 26 mm across the middle row.
  // Every row of the ID's 3.7 mm band, only the middle 28 mm (the name's end glyphs reach
  // the middle rows near the border).
  int first = -1, last = -1;
  const int band = static_cast<int>(3.7 / 2 * kPxPerMm);
  for (int y = r.height / 2 - band; y <= r.height / 2 + band; ++y) {
    for (int x = r.width / 2 - static_cast<int>(14 * kPxPerMm);
         x < r.width / 2 + static_cast<int>(14 * kPxPerMm); ++x) {
      if (r.at(x, y)) {
        if (first < 0 || x < first) first = x;
        last = std::max(last, x);
      }
    }
  }
  ASSERT_GE(first, 0);
  EXPECT_NEAR((last - first + 1) / kPxPerMm, 26 - (26.0 / 18 - 1.3), 0.6);
  save(*png, "oval-invoice");
}

TEST(SealImageErrors, LongestAcceptedNameIsRefusedClearly) {
  REQUIRE_FONTS();
  // 53 Chinese characters = 159 bytes: the longest sealName gmseal's field rule accepts.
  std::string name;
  for (int i = 0; i < 53; ++i) name += "国";
  ASSERT_TRUE(validate::check_seal_name(name).ok());
  for (const std::string category : {"01", "02", "04"}) {
    auto png = make_seal_image(request_for(category, name));
    ASSERT_FALSE(png.ok()) << category;
    EXPECT_EQ(png.error().code, "sealimage.name_too_long");
    EXPECT_EQ(png.error().field, "--name");
    EXPECT_NE(png.error().message.find("53 characters"), std::string::npos) << png.error().message;
    EXPECT_NE(png.error().message.find("at most"), std::string::npos) << png.error().message;
  }
  // A unit name has no room on a 20 mm name seal.
  auto square = make_seal_image(request_for("05", kUnitNames.back()));
  ASSERT_FALSE(square.ok());
  EXPECT_EQ(square.error().code, "sealimage.name_too_long");
}

TEST(SealImageErrors, MissingGlyphsFontsAndOptionsAreClearErrors) {
  REQUIRE_FONTS();
  auto req = request_for("01", "北京银行");
  req.song_font = "/nonexistent/font.ttf";
  auto missing = make_seal_image(req);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "sealimage.font");
  EXPECT_EQ(missing.error().field, "--font");

  auto emoji = make_seal_image(request_for("01", "北京\xF0\x9F\x98\x80银行"));
  ASSERT_FALSE(emoji.ok());
  EXPECT_EQ(emoji.error().code, "sealimage.glyph_missing");

  auto bad_utf8 = make_seal_image(request_for("01", "\xE5\x8C"));
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_EQ(bad_utf8.error().code, "sealimage.text");

  auto square = request_for("05", "张三");
  square.code = "123";
  EXPECT_EQ(make_seal_image(square).error().code, "sealimage.option");
  EXPECT_EQ(layout_for_category("06").error().code, "sealimage.category");
  EXPECT_EQ(parse_seal_style("triangle").error().code, "sealimage.style");
  SealLayout round = layout_for_style(SealStyle::kRound);
  EXPECT_EQ(resize_layout(round, 40, 30).error().code, "sealimage.size");
  EXPECT_EQ(resize_layout(round, 5, 5).error().code, "sealimage.size");
}

TEST(SealImageLayout, OverridesAreCheckedOnlyWhereTheStyleDrawsThem) {
  // Square and rectangular layouts leave figures they do not draw at 0 (a square has no
  // purpose or code line); that must not make every override fail.
  SealLayout square = layout_for_style(SealStyle::kSquare);
  ASSERT_EQ(square.purpose.height_mm, 0);
  EXPECT_TRUE(apply_overrides(square, {}).ok());
  EXPECT_TRUE(apply_overrides(square, {.border_mm = 1.5, .name_gap_mm = 0.5}).ok());
  EXPECT_EQ(square.border_mm, 1.5);
  EXPECT_EQ(square.name.gap_mm, 0.5);
  auto star = apply_overrides(square, {.star_diameter_mm = 4});
  EXPECT_EQ(star.error().code, "sealimage.option");
  EXPECT_EQ(star.error().field, "--star");
  EXPECT_EQ(apply_overrides(square, {.code_height_mm = 2}).error().field, "--code-height");

  SealLayout rect = layout_for_style(SealStyle::kRect);
  EXPECT_TRUE(apply_overrides(rect, {.name_height_mm = 5, .purpose_height_mm = 3}).ok());
  EXPECT_EQ(apply_overrides(rect, {.name_span_deg = 200}).error().code, "sealimage.option");

  SealLayout oval = layout_for_style(SealStyle::kOval);
  EXPECT_TRUE(apply_overrides(oval, {.name_span_deg = 220, .code_height_mm = 3}).ok());
  EXPECT_EQ(apply_overrides(oval, {.star_diameter_mm = 4}).error().code, "sealimage.option");

  // Ranges, each error naming its flag; a refused override leaves the layout as it was.
  SealLayout round = layout_for_style(SealStyle::kRound);
  const SealLayout before = round;
  for (const auto& [overrides, flag] : std::vector<std::pair<LayoutOverrides, std::string>>{
           {{.border_mm = 0}, "--border"},
           {{.border_mm = 10.6}, "--border"},
           {{.star_diameter_mm = -1}, "--star"},
           {{.star_diameter_mm = 21.1}, "--star"},
           {{.name_height_mm = 14.1}, "--name-height"},
           {{.name_gap_mm = -0.1}, "--name-gap"},
           {{.name_span_deg = 331}, "--name-span"},
           {{.purpose_height_mm = 0}, "--purpose-height"},
           {{.border_mm = 1.0, .code_height_mm = 0}, "--code-height"},
       }) {
    auto refused = apply_overrides(round, overrides);
    ASSERT_FALSE(refused.ok()) << flag;
    EXPECT_EQ(refused.error().code, "sealimage.figure") << flag;
    EXPECT_EQ(refused.error().field, flag);
    EXPECT_EQ(round.border_mm, before.border_mm) << "unchanged after refusing " << flag;
  }
  EXPECT_TRUE(apply_overrides(round, {.star_diameter_mm = 0, .name_span_deg = 300}).ok());
  EXPECT_EQ(round.star_diameter_mm, 0);
}

TEST(SealImageOval, TaxpayerIdMustBe15Or18Or20CapitalsAndDigits) {
  REQUIRE_FONTS();
  for (const std::string id : {"91330106MA2H1X2Y3K", "330106123456789", "33010619800101123X01"}) {
    auto req = request_for("03", "杭州市西湖区人民政府");
    req.code = id;
    auto png = make_seal_image(req);
    ASSERT_TRUE(png.ok()) << id << ": " << png.error().to_string();
    EXPECT_TRUE(validate::seal_image_violations(*png).empty()) << id;
    save(*png, "oval-taxpayer-" + std::to_string(id.size()));
  }
  for (const std::string id :
       {"", "123", "91330106MA2H1X2Y3", "91330106MA2H1X2Y3K0", "91330106ma2h1x2y3k",
        "9133 0106MA2H1X2Y3", "杭州市西湖区人民政府"}) {
    auto req = request_for("03", "杭州市西湖区人民政府");
    req.code = id;
    auto refused = make_seal_image(req);
    ASSERT_FALSE(refused.ok()) << "'" << id << "' accepted";
    EXPECT_EQ(refused.error().code, "sealimage.taxpayer_id") << id;
    EXPECT_EQ(refused.error().field, "--code") << id;
  }
  // The API's field names reach the message and the field.
  auto req = request_for("03", "杭州市西湖区人民政府");
  req.code = "123";
  req.fields = api_field_names();
  auto api = make_seal_image(req);
  ASSERT_FALSE(api.ok());
  EXPECT_EQ(api.error().field, "code");
  EXPECT_EQ(api.error().message.find("--"), std::string::npos) << api.error().message;
}

TEST(SealImageErrors, ApiFieldNamesReplaceFlagsInEveryMessage) {
  REQUIRE_FONTS();
  const FieldNames& api = api_field_names();
  std::string too_long;
  for (int i = 0; i < 60; ++i) too_long += "国";
  auto req = request_for("01", too_long);
  req.fields = api;
  auto name = make_seal_image(req);
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.error().code, "sealimage.name_too_long");
  EXPECT_EQ(name.error().field, "name");
  EXPECT_NE(name.error().message.find("(sizeMm)"), std::string::npos) << name.error().message;
  EXPECT_EQ(name.error().message.find("--"), std::string::npos) << name.error().message;

  auto emoji = request_for("01", "北京\xF0\x9F\x98\x80银行");
  emoji.fields = api;
  auto glyph = make_seal_image(emoji);
  EXPECT_EQ(glyph.error().field, "name");
  EXPECT_EQ(glyph.error().message.find("--font"), std::string::npos) << glyph.error().message;

  auto square = request_for("05", "张三");
  square.purpose = "专用";
  square.fields = api;
  EXPECT_EQ(make_seal_image(square).error().field, "purpose");

  SealLayout round = layout_for_style(SealStyle::kRound);
  auto size = resize_layout(round, 5, 5, api);
  EXPECT_EQ(size.error().field, "sizeMm");
  EXPECT_EQ(size.error().message.find("--"), std::string::npos) << size.error().message;
  SealLayout rect = layout_for_style(SealStyle::kRect);
  EXPECT_EQ(resize_layout(rect, 40, 5, api).error().field, "heightMm");
  EXPECT_EQ(layout_for_category("06", api).error().field, "category");
  EXPECT_EQ(parse_seal_style("triangle", api).error().field, "style");
  auto font = request_for("01", "北京银行");
  font.song_font = "/nonexistent/font.ttf";
  font.fields = api;
  EXPECT_EQ(make_seal_image(font).error().code, "sealimage.font");
  EXPECT_EQ(make_seal_image(font).error().field, "") << "the server's own setting, no field";
}

}  // namespace
}  // namespace gmseal::sealimage
