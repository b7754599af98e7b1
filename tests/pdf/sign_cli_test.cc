// `gmseal sign pdf` options: exactly one position (as `sign ofd`), --side for a cross-page seal,
// and a digital signature that shows the picture of --seal.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include "pdf/placement.h"
#include "pdf/verify.h"
#include "pdf_test_support.h"
#include "util/file_io.h"
#include "util/time.h"
#include "validate/seal_image.h"

namespace gmseal::pdf {
namespace {

namespace fs = std::filesystem;
using namespace testing;

class PdfSignCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("pdf-cli-" +
                    std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    id_ = std::make_unique<Identity>(make_identity());
    ASSERT_TRUE(write_file_atomic(dir_ / "key.pem", id_->key.to_pem()).ok());
    ASSERT_TRUE(write_file_atomic(dir_ / "cert.pem", id_->cert.pem()).ok());
    ASSERT_TRUE(write_file_atomic(dir_ / "in.pdf", make_simple_pdf(2)).ok());
    ASSERT_TRUE(write_file_atomic(dir_ / "red.png", make_png(80, 80, 220, 0, 0)).ok());
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // `gmseal sign pdf --digital` into `out` with `args` (picture and position); its status.
  int sign(const std::string& out, const std::string& args, std::string* output) {
    return run(std::string(GMSEAL_BINARY) + " sign pdf --digital --in " +
                   (dir_ / "in.pdf").string() + " --out " + (dir_ / out).string() + " --key " +
                   (dir_ / "key.pem").string() + " --cert " + (dir_ / "cert.pem").string() + " " +
                   args + " 2>&1",
               output);
  }

  // The RGB pixel at (x_mm, y_mm) from the top-left of page `page` rendered at 72 dpi.
  std::array<int, 3> pixel(const fs::path& pdf, int page, double x_mm, double y_mm) {
    const fs::path prefix = dir_ / ("render-" + std::to_string(page));
    EXPECT_EQ(run("pdftoppm -r 72 -png -singlefile -f " + std::to_string(page) + " -l " +
                  std::to_string(page) + " " + pdf.string() + " " + prefix.string()),
              0);
    const RgbImage image = read_png_file(prefix.string() + ".png");
    const std::uint8_t* p = image.at(static_cast<int>(std::lround(x_mm * kPointsPerMm)),
                                     static_cast<int>(std::lround(y_mm * kPointsPerMm)));
    return {p[0], p[1], p[2]};
  }

  static bool is_red(const std::array<int, 3>& p) { return p[0] > 180 && p[1] < 60 && p[2] < 60; }
  static bool is_white(const std::array<int, 3>& p) {
    return p[0] > 240 && p[1] > 240 && p[2] > 240;
  }

  fs::path dir_;
  std::unique_ptr<Identity> id_;
};

TEST_F(PdfSignCliTest, ConflictingOrMissingPositionsAreUsageErrors) {
  const std::string image = "--image " + (dir_ / "red.png").string() + " ";
  const std::vector<std::string> refused = {
      "",                                           // no position at all
      "--keyword contract --riding",                // two positions
      "--page 1 --x 20 --y 20 --riding",            // --page does not apply to --riding
      "--page 1 --x 20 --y 20 --keyword contract",  // two positions
      "--page 1",                                   // --page without --x/--y
      "--keyword contract --x 20",                  // --x belongs to --page
      "--riding --x 20",                            // --x does not apply to --riding
      "--page 1 --x 20 --y 20 --side left",         // --side belongs to --riding
      "--page 1 --x 20 --y 20 --occurrence 2",      // --occurrence belongs to --keyword
      "--keyword contract --first-page 2",          // riding pages without --riding
  };
  for (const std::string& args : refused) {
    std::string out;
    EXPECT_EQ(sign("out.pdf", image + args, &out), 2) << args << ": " << out;
    EXPECT_NE(out.find("cli.usage"), std::string::npos) << args << ": " << out;
    EXPECT_FALSE(fs::exists(dir_ / "out.pdf")) << args;
  }
  std::string out;
  EXPECT_EQ(sign("none.pdf", image, &out), 2);
  EXPECT_NE(out.find("give exactly one position"), std::string::npos) << out;
  // Each single position is accepted.
  for (const char* args :
       {"--page 2 --x 30 --y 40", "--keyword contract --occurrence 2", "--riding --y 60",
        "--riding --side left --first-page 1 --last-page 2"}) {
    EXPECT_EQ(sign("ok.pdf", image + args, &out), 0) << args << ": " << out;
  }
}

TEST_F(PdfSignCliTest, RidingSealStraddlesTheChosenSide) {
  if (!tool_available("pdftoppm")) GTEST_SKIP() << "SKIPPED: pdftoppm missing";
  const std::string common =
      "--image " + (dir_ / "red.png").string() + " --riding --y 100 --width 40 --height 40 ";
  std::string out;
  ASSERT_EQ(sign("left.pdf", common + "--side left", &out), 0) << out;
  ASSERT_EQ(sign("right.pdf", common, &out), 0) << out;
  const double page_width_mm = 595 / kPointsPerMm;
  for (int page : {1, 2}) {
    SCOPED_TRACE("page " + std::to_string(page));
    // Two pages: each shows a 20 mm slice flush with the edge.
    EXPECT_TRUE(is_red(pixel(dir_ / "left.pdf", page, 10, 100)));
    EXPECT_TRUE(is_white(pixel(dir_ / "left.pdf", page, page_width_mm - 10, 100)));
    EXPECT_TRUE(is_red(pixel(dir_ / "right.pdf", page, page_width_mm - 10, 100)));
    EXPECT_TRUE(is_white(pixel(dir_ / "right.pdf", page, 10, 100)));
  }
  auto report = verify_pdf(*read_file(dir_ / "left.pdf"));
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->valid) << report_to_text(*report);
}

TEST_F(PdfSignCliTest, DigitalSignatureShowsThePictureOfTheSeal) {
  // A green seal picture (40 x 40 mm); no --image.
  ses::Seal seal = make_seal_for(*id_, make_png(90, 90, 0, 160, 0), "png");
  ASSERT_TRUE(write_file_atomic(dir_ / "seal.esl", seal.der()).ok());
  std::string out;
  ASSERT_EQ(
      sign("s.pdf", "--seal " + (dir_ / "seal.esl").string() + " --page 1 --x 60 --y 80", &out), 0)
      << out;
  auto report = verify_pdf(*read_file(dir_ / "s.pdf"));
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->signatures.size(), 1u);
  EXPECT_TRUE(report->valid) << report_to_text(*report);
  EXPECT_EQ(report->signatures[0].container, "cms");  // a digital signature, not an SES one
  if (tool_available("pdftoppm")) {
    const auto centre = pixel(dir_ / "s.pdf", 1, 60, 80);
    EXPECT_TRUE(centre[1] > 120 && centre[0] < 60 && centre[2] < 60)
        << centre[0] << "," << centre[1] << "," << centre[2];
  }
  // --image still wins over the seal's picture.
  ASSERT_EQ(sign("i.pdf",
                 "--seal " + (dir_ / "seal.esl").string() + " --image " +
                     (dir_ / "red.png").string() + " --page 1 --x 60 --y 80",
                 &out),
            0)
      << out;
  if (tool_available("pdftoppm")) {
    EXPECT_TRUE(is_red(pixel(dir_ / "i.pdf", 1, 60, 80)));
  }
  // A seal whose picture PDF cannot draw: a clear error pointing at --image, no output.
  ses::Seal vector_seal = make_seal_for(*id_, to_bytes("<ofd:Page/>"), "ofd");
  ASSERT_TRUE(write_file_atomic(dir_ / "vector.esl", vector_seal.der()).ok());
  EXPECT_EQ(
      sign("v.pdf", "--seal " + (dir_ / "vector.esl").string() + " --page 1 --x 60 --y 80", &out),
      2);
  EXPECT_NE(out.find("pdf.image.unsupported"), std::string::npos) << out;
  EXPECT_NE(out.find("--image"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir_ / "v.pdf"));
  // Neither: a usage error naming both.
  EXPECT_EQ(sign("n.pdf", "--page 1 --x 60 --y 80", &out), 2);
  EXPECT_NE(out.find("--seal"), std::string::npos) << out;
}

// A picture that states its density is shown at its true size when no --width/--height is
// given: a Ø42 mm seal image at 600 DPI (992 px, pHYs 23622 px/m, as `gmseal seal image`
// writes it) is 42 mm = 119.06 pt wide, not the 40 mm default. A picture without a density
// keeps the default; --width wins over both.
TEST_F(PdfSignCliTest, PictureIsShownAtThePhysicalSizeItsDensityStates) {
  const int side = 992;  // 42 mm at 600 DPI
  std::vector<std::uint8_t> indexes(static_cast<std::size_t>(side) * side, 0);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const double dx = x + 0.5 - side / 2.0, dy = y + 0.5 - side / 2.0;
      const double r = std::hypot(dx, dy);
      indexes[static_cast<std::size_t>(y) * side + x] = r <= side / 2.0 && r >= side / 2.0 - 28;
    }
  }
  auto round42 =
      validate::encode_palette_png(side, side, {255, 255, 255, 0, 230, 0, 18, 255}, indexes, 600);
  ASSERT_TRUE(round42.ok()) << round42.error().to_string();
  ASSERT_TRUE(write_file_atomic(dir_ / "round42.png", *round42).ok());
  const auto bbox_width = [&](const std::string& file) {
    const Bytes pdf = *read_file(dir_ / file);
    const std::string text(pdf.begin(), pdf.end());
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(R"(/BBox \[0 0 ([0-9.]+) ([0-9.]+)\])"))) {
      return std::pair<double, double>{-1, -1};
    }
    return std::pair<double, double>{std::stod(m[1]), std::stod(m[2])};
  };
  std::string out;
  ASSERT_EQ(sign("true.pdf",
                 "--image " + (dir_ / "round42.png").string() + " --page 1 --x 60 --y 80", &out),
            0)
      << out;
  auto [w, h] = bbox_width("true.pdf");
  EXPECT_NEAR(w, 119.06, 0.005);
  EXPECT_NEAR(h, 119.06, 0.005);
  // --width / --height are the caller's.
  ASSERT_EQ(sign("given.pdf",
                 "--image " + (dir_ / "round42.png").string() +
                     " --page 1 --x 60 --y 80 --width 30 --height 30",
                 &out),
            0)
      << out;
  std::tie(w, h) = bbox_width("given.pdf");
  EXPECT_NEAR(w, 85.04, 0.005);
  // No density stated (make_png writes no pHYs): the 40 mm default.
  ASSERT_EQ(sign("default.pdf",
                 "--image " + (dir_ / "red.png").string() + " --page 1 --x 60 --y 80", &out),
            0)
      << out;
  std::tie(w, h) = bbox_width("default.pdf");
  EXPECT_NEAR(w, 113.39, 0.005);
  // With a seal too, the caller's picture keeps its own size over the seal's 40 mm.
  ses::Seal seal = make_seal_for(*id_, make_png(90, 90, 0, 160, 0), "png");
  ASSERT_TRUE(write_file_atomic(dir_ / "seal.esl", seal.der()).ok());
  ASSERT_EQ(sign("seal-image.pdf",
                 "--seal " + (dir_ / "seal.esl").string() + " --image " +
                     (dir_ / "round42.png").string() + " --page 1 --x 60 --y 80",
                 &out),
            0)
      << out;
  std::tie(w, h) = bbox_width("seal-image.pdf");
  EXPECT_NEAR(w, 119.06, 0.005);
}

// --time sets the signing time as `sign ofd --time` does: the CMS signingTime of a digital
// signature and the timeInfo of an SES one.
TEST_F(PdfSignCliTest, TimeSetsTheSigningTime) {
  const Time at = std::chrono::floor<std::chrono::seconds>(now() - std::chrono::minutes(30));
  const std::string time = " --time " + format_iso8601(at);
  std::string out;
  ASSERT_EQ(sign("d.pdf",
                 "--image " + (dir_ / "red.png").string() + " --page 1 --x 60 --y 80" + time, &out),
            0)
      << out;
  auto digital = verify_pdf(*read_file(dir_ / "d.pdf"));
  ASSERT_TRUE(digital.ok());
  ASSERT_EQ(digital->signatures.size(), 1u);
  EXPECT_TRUE(digital->valid) << report_to_text(*digital);
  ASSERT_TRUE(digital->signatures[0].signed_at.has_value());
  EXPECT_EQ(format_iso8601(*digital->signatures[0].signed_at), format_iso8601(at));

  ses::Seal seal = make_seal_for(*id_, make_png(90, 90, 0, 160, 0), "png");
  ASSERT_TRUE(write_file_atomic(dir_ / "seal.esl", seal.der()).ok());
  const std::string ses_command =
      std::string(GMSEAL_BINARY) + " sign pdf --in " + (dir_ / "in.pdf").string() + " --key " +
      (dir_ / "key.pem").string() + " --cert " + (dir_ / "cert.pem").string() + " --seal " +
      (dir_ / "seal.esl").string() + " --page 1 --x 60 --y 80 --out ";
  ASSERT_EQ(run(ses_command + (dir_ / "s.pdf").string() + time + " 2>&1", &out), 0) << out;
  auto sealed = verify_pdf(*read_file(dir_ / "s.pdf"));
  ASSERT_TRUE(sealed.ok());
  ASSERT_EQ(sealed->signatures.size(), 1u);
  EXPECT_TRUE(sealed->valid) << report_to_text(*sealed);
  ASSERT_TRUE(sealed->signatures[0].ses_signature.has_value());
  ASSERT_TRUE(sealed->signatures[0].ses_signature->signing_time().has_value());
  EXPECT_EQ(format_iso8601(*sealed->signatures[0].ses_signature->signing_time()),
            format_iso8601(at));

  // A time that is not one: an input error, nothing written.
  EXPECT_EQ(run(ses_command + (dir_ / "bad.pdf").string() + " --time yesterday 2>&1", &out), 2);
  EXPECT_NE(out.find("time."), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir_ / "bad.pdf"));
}

}  // namespace
}  // namespace gmseal::pdf
