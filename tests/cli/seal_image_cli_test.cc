// `gmseal seal image` as a user runs it: every style and every category (with its 1:1 print
// sheet), the documented examples, size overrides checked only where the style draws them, and
// the oval invoice seal's taxpayer ID. Each PNG is read back and put through the check the
// platform applies to an application's image (validate::seal_image_violations: PNG8, two
// colours, 600 DPI, at most 25 KB). Images are copied to ./sealimage-samples/cli-* (under the
// test's working directory) for people to look at.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "cli/cli_test_support.h"
#include "sealimage/font_face.h"
#include "util/file_io.h"
#include "validate/seal_image.h"

namespace gmseal::testing {
namespace {

namespace fs = std::filesystem;

constexpr double kPxPerMm = 600 / 25.4;
const std::string kUscc = "91330106MA2H1X2Y3K";

bool fonts_present() {
  if (sealimage::default_song_font_path().empty() || sealimage::default_digit_font_path().empty()) {
    std::cerr << "\n*** SKIPPED: the Song font (fonts-arphic-gbsn00lp or fonts-noto-cjk) or "
                 "Liberation Sans (fonts-liberation) is not installed; run scripts/setup ***\n";
    return false;
  }
  return true;
}

#define REQUIRE_FONTS() \
  if (!fonts_present()) GTEST_SKIP() << "seal fonts not installed (scripts/setup installs them)"

class SealImageCliTest : public ::testing::Test {
 protected:
  // Runs `seal image ARGS --out NAME.png`, expects exit 0 and a PNG that passes the platform's
  // seal-image check at `width_mm` x `height_mm`; keeps a copy for people to look at.
  void expect_image(const std::string& args, const std::string& name, double width_mm,
                    double height_mm) {
    SCOPED_TRACE(args);
    const auto run = dir_.gmseal("seal image " + args + " --out " + name + ".png");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    auto png = read_file(dir_.path() / (name + ".png"));
    ASSERT_TRUE(png.ok()) << png.error().to_string();
    const auto violations = validate::seal_image_violations(*png);
    EXPECT_TRUE(violations.empty()) << violations.front().to_string();
    auto info = validate::inspect_png(*png);
    ASSERT_TRUE(info.ok()) << info.error().to_string();
    EXPECT_EQ(info->colour_type, 3);
    EXPECT_EQ(info->colours, 2);
    EXPECT_NEAR(info->width / kPxPerMm, width_mm, 0.05);
    EXPECT_NEAR(info->height / kPxPerMm, height_mm, 0.05);
    const fs::path samples = fs::current_path() / "sealimage-samples";
    fs::create_directories(samples);
    fs::copy_file(dir_.path() / (name + ".png"), samples / ("cli-" + name + ".png"),
                  fs::copy_options::overwrite_existing);
  }

  // Expects `seal image ARGS` to be refused (exit 2) with `code`, naming `field`.
  void expect_refused(const std::string& args, const std::string& code, const std::string& field) {
    SCOPED_TRACE(args);
    const auto run = dir_.gmseal("seal image " + args + " --out refused.png");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("(" + code + ")"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("[field " + field + "]"), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(dir_.path() / "refused.png"));
  }

  ScratchDir dir_;
};

TEST_F(SealImageCliTest, EveryStyleDrawsAValidImage) {
  REQUIRE_FONTS();
  expect_image("--style round --name 杭州市西湖区人民政府 --purpose 合同专用章", "style-round", 42,
               42);
  expect_image("--style oval --name 杭州市西湖区人民政府 --code " + kUscc, "style-oval", 40, 30);
  expect_image("--style square --name 欧阳明", "style-square", 20, 20);
  expect_image("--style rect --name 杭州市西湖区人民政府 --purpose 收讫", "style-rect", 40, 15);
  // Other sizes of the shapes without a size row.
  expect_image("--style square --name 张三 --size 25", "style-square-25", 25, 25);
  expect_image("--style rect --name 北京银行 --width 50 --height 20", "style-rect-50x20", 50, 20);
}

TEST_F(SealImageCliTest, EveryCategoryDrawsAValidImageAndItsPrintSheet) {
  REQUIRE_FONTS();
  struct Case {
    std::string category, args;
    double width_mm, height_mm;
  };
  const std::vector<Case> cases = {
      {"01", "--name 杭州市西湖区人民政府", 42, 42},
      {"02", "--name 深圳市腾讯计算机系统有限公司", 38, 38},
      {"03", "--name 杭州市西湖区人民政府 --code " + kUscc, 40, 30},
      {"04", "--name 杭州市西湖区人民政府 --code 3301060012345", 42, 42},
      {"05", "--name 司马相如", 20, 20},
  };
  for (const Case& c : cases) {
    const std::string name = "category-" + c.category;
    expect_image("--category " + c.category + " " + c.args + " --pdf", name, c.width_mm,
                 c.height_mm);
    auto sheet = read_file(dir_.path() / (name + ".pdf"));
    ASSERT_TRUE(sheet.ok()) << "--pdf without a name writes the PNG's name with .pdf";
    ASSERT_GT(sheet->size(), 5u);
    EXPECT_EQ(std::string(sheet->begin(), sheet->begin() + 5), "%PDF-");
    // An A4 page (595.28 x 841.89 pt), when poppler's pdfinfo is there to read it.
    const auto info = dir_.run("pdfinfo " + name + ".pdf 2>&1");
    if (info.exit_code == 0) {
      EXPECT_TRUE(std::regex_search(info.output, std::regex(R"(Pages:\s+1\n)"))) << info.output;
      EXPECT_TRUE(std::regex_search(info.output, std::regex(R"(Page size:\s+595\.\d+ x 841\.\d+)")))
          << info.output;
    } else {
      std::cerr << "*** pdfinfo (poppler-utils) missing: the sheet's page size is not checked\n";
    }
  }
}

TEST_F(SealImageCliTest, TheDocumentedExamplesRun) {
  REQUIRE_FONTS();
  // docs/seal-images.md, word for word but for the output paths.
  expect_image("--category 04 --name 杭州市西湖区人民政府 --code 3301060012345 --pdf sheet.pdf",
               "doc-round-04", 42, 42);
  EXPECT_TRUE(fs::exists(dir_.path() / "sheet.pdf"));
  expect_image("--category 03 --name 杭州市西湖区人民政府 --code " + kUscc, "doc-oval-03", 40, 30);
  expect_image("--category 05 --name 司马相如", "doc-square-05", 20, 20);
}

TEST_F(SealImageCliTest, OverridesAreCheckedOnlyWhereTheStyleDrawsThem) {
  REQUIRE_FONTS();
  expect_image(
      "--category 01 --name 北京银行 --border 1.5 --star 12 --name-height 6 --name-span 240",
      "override-round", 42, 42);
  expect_image("--category 05 --name 张三 --border 1.5 --name-gap 0.5", "override-square", 20, 20);
  expect_image("--style rect --name 北京银行 --purpose 收讫 --name-height 5 --purpose-height 3",
               "override-rect", 40, 15);
  // Figures the style does not draw.
  expect_refused("--category 05 --name 张三 --star 5", "sealimage.option", "--star");
  expect_refused("--category 05 --name 张三 --purpose-height 3", "sealimage.option",
                 "--purpose-height");
  expect_refused("--style rect --name 北京银行 --name-span 200", "sealimage.option", "--name-span");
  expect_refused("--category 03 --name 北京银行 --code " + kUscc + " --star 5", "sealimage.option",
                 "--star");
  // Out of range, each naming its own flag.
  expect_refused("--category 01 --name 北京银行 --border 11", "sealimage.figure", "--border");
  expect_refused("--category 01 --name 北京银行 --border 0", "sealimage.figure", "--border");
  expect_refused("--category 01 --name 北京银行 --star 22", "sealimage.figure", "--star");
  expect_refused("--category 01 --name 北京银行 --name-span 340", "sealimage.figure",
                 "--name-span");
  expect_refused("--category 04 --name 北京银行 --code-height 0", "sealimage.figure",
                 "--code-height");
  expect_refused("--category 05 --name 张三 --border 6", "sealimage.figure", "--border");
}

TEST_F(SealImageCliTest, InvoiceSealTakesOnlyATaxpayerId) {
  REQUIRE_FONTS();
  const std::string oval = "--style oval --name 杭州市西湖区人民政府 --code ";
  // 18: the unified social credit code; 15: a tax registration number; 20: an individual
  // business's ID card number + 2.
  expect_image(oval + kUscc, "taxpayer-18", 40, 30);
  expect_image(oval + "330106123456789", "taxpayer-15", 40, 30);
  expect_image(oval + "33010619800101123X01", "taxpayer-20", 40, 30);
  for (const std::string bad : {"123", "91330106MA2H1X2Y3", "91330106MA2H1X2Y3K0",
                                "91330106ma2h1x2y3k", "91330106MA2H1X2Y-K"}) {
    expect_refused(oval + bad, "sealimage.taxpayer_id", "--code");
  }
  expect_refused("--category 03 --name 杭州市西湖区人民政府", "sealimage.taxpayer_id", "--code");
  // A round seal's code along its lower arc is not a taxpayer ID.
  expect_image("--category 04 --name 北京银行 --code 123", "round-short-code", 42, 42);
}

}  // namespace
}  // namespace gmseal::testing
