#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "crypto/cms_signed_data.h"
#include "crypto/signer.h"
#include "pdf/placement.h"
#include "pdf/sign.h"
#include "pdf/verify.h"
#include "pdf_test_support.h"
#include "util/file_io.h"

namespace gmseal::pdf {
namespace {

namespace fs = std::filesystem;
using namespace testing;

class PdfSignTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("pdf-" +
                    std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    id_ = std::make_unique<Identity>(make_identity());
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  SignOptions options(PlacementKind kind = PlacementKind::kPosition) {
    SignOptions o;
    o.placement.kind = kind;
    o.picture = make_png(120, 120, 220, 0, 0, 30);
    const crypto::Certificate cert = id_->cert;
    auto signer = std::make_shared<crypto::SoftSigner>(id_->key);
    o.build_container = [signer, cert](const ContainerRequest& r) {
      return crypto::build_cms_signed_data(r.digest, cert, *signer);
    };
    o.reserve_bytes = 4096;
    return o;
  }

  fs::path write(const std::string& name, const Bytes& bytes) {
    const fs::path p = dir_ / name;
    EXPECT_TRUE(write_file_atomic(p, bytes).ok());
    return p;
  }

  PdfVerifyReport verify(const fs::path& p) {
    auto bytes = read_file(p);
    EXPECT_TRUE(bytes.ok());
    PdfVerifyOptions vo;
    crypto::TrustStore store;
    store.anchors.push_back(id_->root);
    vo.trust = store;
    auto report = verify_pdf(*bytes, vo);
    EXPECT_TRUE(report.ok()) << report.error().to_string();
    return report.ok() ? *report : PdfVerifyReport{};
  }

  static bool is_prefix(const fs::path& a, const fs::path& b) {
    auto x = read_file(a);
    auto y = read_file(b);
    return x.ok() && y.ok() && x->size() < y->size() &&
           std::equal(x->begin(), x->end(), y->begin());
  }

  fs::path dir_;
  std::unique_ptr<Identity> id_;
};

TEST_F(PdfSignTest, SealAtPositionVerifiesAndKeepsTheOriginalAsPrefix) {
  const fs::path in = write("in.pdf", make_simple_pdf(3));
  const fs::path out = dir_ / "out.pdf";
  auto o = options();
  o.placement.page = 2;
  auto result = sign_pdf(in, out, o);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_TRUE(is_prefix(in, out));
  const PdfVerifyReport report = verify(out);
  ASSERT_EQ(report.signatures.size(), 1u);
  EXPECT_TRUE(report.valid) << report_to_text(report);
  EXPECT_TRUE(report.signatures[0].covers_whole_file);
  EXPECT_EQ(report.signatures[0].pages, std::vector<int>{2});
  EXPECT_TRUE(report.trusted);
  // The update is a classic xref section, like the original.
  const std::string text = to_string(*read_file(out));
  EXPECT_EQ(text.find("/Type /XRef"), std::string::npos);
  EXPECT_NE(text.rfind("\nxref\n"), text.find("\nxref\n"));
}

TEST_F(PdfSignTest, ObjectStreamFileSealedFourWaysAllVerifyAndToolsAgree) {
  if (!tool_available("qpdf") || !tool_available("pdfsig"))
    GTEST_SKIP() << "SKIPPED: qpdf/pdfsig missing";
  const fs::path plain = write("plain.pdf", make_simple_pdf(4));
  const fs::path in = dir_ / "in.pdf";
  ASSERT_EQ(run("qpdf --object-streams=generate " + plain.string() + " " + in.string()), 0);
  ASSERT_NE(to_string(*read_file(in)).find("/ObjStm"), std::string::npos);

  std::vector<fs::path> files = {in};
  auto seal = [&](SignOptions o) {
    const fs::path out = dir_ / ("s" + std::to_string(files.size()) + ".pdf");
    auto r = sign_pdf(files.back(), out, o);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_TRUE(is_prefix(files.back(), out));
    files.push_back(out);
  };
  auto position = options();
  position.placement.page = 1;
  seal(position);
  auto keyword = options(PlacementKind::kKeyword);
  keyword.placement.keyword = "Page 3";
  seal(keyword);
  auto riding = options(PlacementKind::kRiding);
  seal(riding);
  seal(position);
  const fs::path last = files.back();
  for (const fs::path& f : files) EXPECT_TRUE(is_prefix(files.front(), f) || f == files.front());

  const PdfVerifyReport report = verify(last);
  ASSERT_EQ(report.signatures.size(), 4u);
  EXPECT_TRUE(report.valid) << report_to_text(report);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(report.signatures[i].valid()) << report_to_text(report);
    EXPECT_EQ(report.signatures[i].covers_whole_file, i == 3);
    EXPECT_FALSE(report.signatures[i].modified_after_signing);
  }
  EXPECT_EQ(report.signatures[1].pages, std::vector<int>{3});
  // Every update is an xref stream, like the file's own.
  const std::string text = to_string(*read_file(last));
  std::size_t xref_streams = 0;
  for (auto at = text.find("/Type /XRef"); at != std::string::npos;
       at = text.find("/Type /XRef", at + 1))
    ++xref_streams;
  EXPECT_EQ(xref_streams, 5u);  // the original one and one per seal

  std::string out;
  EXPECT_EQ(run("qpdf --check " + last.string(), &out), 0) << out;
  EXPECT_NE(out.find("No syntax or stream encoding errors"), std::string::npos) << out;
  run("pdfsig " + last.string(), &out);
  std::size_t listed = 0, total = 0, not_total = 0;
  for (auto at = out.find("Signed Ranges:"); at != std::string::npos;
       at = out.find("Signed Ranges:", at + 1))
    ++listed;
  for (auto at = out.find("Not total document signed"); at != std::string::npos;
       at = out.find("Not total document signed", at + 1))
    ++not_total;
  for (auto at = out.find("- Total document signed"); at != std::string::npos;
       at = out.find("- Total document signed", at + 1))
    ++total;
  EXPECT_EQ(listed, 4u) << out;
  EXPECT_EQ(not_total, 3u) << out;
  EXPECT_EQ(total, 1u) << out;
  EXPECT_GT(out.rfind("- Total document signed"), out.rfind("Not total document signed"));
}

// pdftoppm renders the page; the seal's red pixels must be where they were asked for, the
// transparent hole must show the white page, and the page elsewhere stays white.
void expect_seal_rendered(const fs::path& pdf, const fs::path& dir, int page, double cx_mm,
                          double cy_mm, double size_mm, bool hole) {
  const fs::path prefix = dir / "render";
  ASSERT_EQ(run("pdftoppm -cropbox -r 72 -png -f " + std::to_string(page) + " -l " +
                std::to_string(page) + " " + pdf.string() + " " + prefix.string()),
            0);
  fs::path png;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("render", 0) == 0) png = e.path();
  }
  const RgbImage image = read_png_file(png);
  ASSERT_GT(image.width, 0);
  const double cx = cx_mm * kPointsPerMm, cy = cy_mm * kPointsPerMm;
  const double ring = size_mm * kPointsPerMm * 0.4;  // between the hole and the edge
  auto red = [&](double x, double y) {
    const std::uint8_t* p =
        image.at(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)));
    return p[0] > 180 && p[1] < 60 && p[2] < 60;
  };
  auto white = [&](double x, double y) {
    const std::uint8_t* p =
        image.at(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)));
    return p[0] > 240 && p[1] > 240 && p[2] > 240;
  };
  EXPECT_TRUE(red(cx - ring, cy)) << "left of the seal centre";
  EXPECT_TRUE(red(cx + ring, cy));
  EXPECT_TRUE(red(cx, cy - ring));
  EXPECT_TRUE(red(cx, cy + ring));
  if (hole) {
    EXPECT_TRUE(white(cx, cy)) << "the transparent centre";
  }
  EXPECT_TRUE(white(cx + size_mm * kPointsPerMm, cy)) << "outside the seal";
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("render", 0) == 0) fs::remove(e.path());
  }
}

TEST_F(PdfSignTest, RenderedSealSitsAtTheRequestedPlaceWithTransparency) {
  if (!tool_available("pdftoppm")) GTEST_SKIP() << "SKIPPED: pdftoppm missing";
  const fs::path in = write("in.pdf", make_simple_pdf(2));
  auto o = options();
  o.placement.page = 2;
  o.placement.x_mm = 120;
  o.placement.y_mm = 150;
  const fs::path out = dir_ / "out.pdf";
  ASSERT_TRUE(sign_pdf(in, out, o).ok());
  expect_seal_rendered(out, dir_, 2, 120, 150, 40, true);
}

TEST_F(PdfSignTest, RotatedAndCroppedPagesUseDisplayedCoordinates) {
  if (!tool_available("pdftoppm")) GTEST_SKIP() << "SKIPPED: pdftoppm missing";
  for (const int rotate : {90, 180, 270}) {
    std::vector<PageSpec> pages(1);
    pages[0].rotate = rotate;
    pages[0].crop_box = true;
    const fs::path in = write("rot" + std::to_string(rotate) + ".pdf", make_pdf(pages));
    auto o = options();
    o.picture = make_png(120, 60, 220, 0, 0, 0);  // not square: orientation matters
    o.width_mm = 40;
    o.height_mm = 40;
    o.placement.x_mm = 60;
    o.placement.y_mm = 45;
    const fs::path out = dir_ / ("out" + std::to_string(rotate) + ".pdf");
    ASSERT_TRUE(sign_pdf(in, out, o).ok());
    SCOPED_TRACE("rotate " + std::to_string(rotate));
    expect_seal_rendered(out, dir_, 1, 60, 45, 40, false);
  }
}

TEST_F(PdfSignTest, VerdictBoxIsTheSealAsDisplayedInMillimetres) {
  for (const int rotate : {0, 90, 180, 270}) {
    SCOPED_TRACE("rotate " + std::to_string(rotate));
    std::vector<PageSpec> pages(2);
    pages[1].rotate = rotate;
    pages[1].crop_box = true;
    const fs::path in = write("box" + std::to_string(rotate) + ".pdf", make_pdf(pages));
    auto o = options();
    o.picture = make_png(120, 60, 220, 0, 0, 0);  // twice as wide as high: sides must not swap
    o.width_mm = 40;
    o.height_mm = 20;
    o.placement.page = 2;
    o.placement.x_mm = 60;  // the centre, from the displayed page's top-left
    o.placement.y_mm = 45;
    const fs::path out = dir_ / ("box" + std::to_string(rotate) + "-signed.pdf");
    ASSERT_TRUE(sign_pdf(in, out, o).ok());
    const nlohmann::json json = report_json(verify(out));
    ASSERT_EQ(json["signatures"].size(), 1u);
    const nlohmann::json& boxes = json["signatures"][0]["boxes"];
    ASSERT_EQ(boxes.size(), 1u) << boxes;
    EXPECT_EQ(boxes[0]["page"], 2);
    EXPECT_NEAR(boxes[0]["x"].get<double>(), 40, 0.01) << boxes;
    EXPECT_NEAR(boxes[0]["y"].get<double>(), 35, 0.01) << boxes;
    EXPECT_NEAR(boxes[0]["width"].get<double>(), 40, 0.01) << boxes;
    EXPECT_NEAR(boxes[0]["height"].get<double>(), 20, 0.01) << boxes;
  }
}

TEST_F(PdfSignTest, ContentChangeAfterSigningIsReported) {
  const fs::path in = write("in.pdf", make_simple_pdf(2));
  const fs::path signed_pdf = dir_ / "signed.pdf";
  ASSERT_TRUE(sign_pdf(in, signed_pdf, options()).ok());
  // Append a revision that redefines page 1's content stream (object 3 in the generator).
  Bytes bytes = *read_file(signed_pdf);
  const std::string text = to_string(bytes);
  const auto sx = text.rfind("startxref");
  const std::string prev = text.substr(sx + 10, text.find('\n', sx + 10) - sx - 10);
  const std::string content = "BT /F1 24 Tf 72 700 Td (Changed after signing) Tj ET";
  const std::size_t obj_at = bytes.size();
  std::string update = "3 0 obj\n<</Length " + std::to_string(content.size()) + ">>\nstream\n" +
                       content + "\nendstream\nendobj\n";
  const std::size_t xref_at = obj_at + update.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", obj_at);
  // /Size from the last trailer of the signed file.
  const auto size_at = text.rfind("/Size ");
  const std::string size =
      text.substr(size_at + 6, text.find_first_of(" />", size_at + 6) - size_at - 6);
  const auto root_at = text.rfind("/Root ");
  const std::string root = text.substr(root_at + 6, text.find(" R", root_at) + 2 - root_at - 6);
  update += "xref\n3 1\n" + std::string(entry) + "trailer\n<</Size " + size + " /Root " + root +
            " /Prev " + prev + ">>\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
  bytes.insert(bytes.end(), update.begin(), update.end());
  const fs::path modified = write("modified.pdf", bytes);

  const PdfVerifyReport report = verify(modified);
  ASSERT_EQ(report.signatures.size(), 1u);
  EXPECT_FALSE(report.valid);
  EXPECT_TRUE(report.signatures[0].checks.has("signature_value", ses::CheckResult::kPass));
  EXPECT_TRUE(report.signatures[0].modified_after_signing) << report_to_text(report);
  EXPECT_TRUE(report.signatures[0].checks.has("modified_after_signing", ses::CheckResult::kFail));
  EXPECT_NE(report_to_text(report).find("modified after signing"), std::string::npos);
}

TEST_F(PdfSignTest, SecondSealIsAnAllowedChangeForTheFirst) {
  const fs::path in = write("in.pdf", make_simple_pdf(2));
  ASSERT_TRUE(sign_pdf(in, dir_ / "a.pdf", options()).ok());
  auto o = options();
  o.placement.page = 2;
  ASSERT_TRUE(sign_pdf(dir_ / "a.pdf", dir_ / "b.pdf", o).ok());
  const PdfVerifyReport report = verify(dir_ / "b.pdf");
  ASSERT_EQ(report.signatures.size(), 2u);
  EXPECT_TRUE(report.valid) << report_to_text(report);
  EXPECT_EQ(report.signatures[0].later_signatures, 1);
  EXPECT_FALSE(report.signatures[0].covers_whole_file);
}

TEST_F(PdfSignTest, TamperedSignedByteIsADigestMismatch) {
  const fs::path in = write("in.pdf", make_simple_pdf(1));
  ASSERT_TRUE(sign_pdf(in, dir_ / "a.pdf", options()).ok());
  Bytes bytes = *read_file(dir_ / "a.pdf");
  const auto at = to_string(bytes).find("Page 1 contract");
  bytes[at] = 'X';
  auto report = verify_pdf(bytes);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->valid);
  EXPECT_TRUE(report->signatures[0].checks.has("data_hash", ses::CheckResult::kFail))
      << report_to_text(*report);
}

// Names in a PDF are bytes, not UTF-8: a SubFilter of 0xFF bytes (found by the fuzzer) must
// still give a JSON report, with the bad bytes replaced, rather than an exception.
TEST_F(PdfSignTest, NonUtf8NamesStillGiveAJsonReport) {
  const fs::path in = write("in.pdf", make_simple_pdf(1));
  ASSERT_TRUE(sign_pdf(in, dir_ / "a.pdf", options()).ok());
  Bytes bytes = *read_file(dir_ / "a.pdf");
  const std::string text = to_string(bytes);
  const auto at = text.find("/SubFilter /");
  ASSERT_NE(at, std::string::npos);
  const std::string escaped = "#FF#FE";  // same length as the six name bytes it replaces
  std::copy(escaped.begin(), escaped.end(), bytes.begin() + at + 12);
  auto report = verify_pdf(bytes);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->signatures.size(), 1u);
  EXPECT_EQ(report->signatures[0].sub_filter.substr(0, 2), "\xFF\xFE");
  std::string json;
  ASSERT_NO_THROW(json = report_to_json(*report));
  EXPECT_NE(json.find("\xEF\xBF\xBD"), std::string::npos) << json;
}

TEST_F(PdfSignTest, ContainerThatDoesNotFitFailsAndLeavesNoOutput) {
  const fs::path in = write("in.pdf", make_simple_pdf(1));
  auto o = options();
  o.reserve_bytes = 100;
  const fs::path out = dir_ / "out.pdf";
  auto r = sign_pdf(in, out, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "pdf.sign.container_too_large");
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename(), "in.pdf");
}

TEST_F(PdfSignTest, DamagedFileIsRefusedUnlessRepairIsAllowed) {
  Bytes bytes = make_simple_pdf(2);
  // Point startxref at the wrong place: QPDF has to reconstruct the table.
  std::string text = to_string(bytes);
  const auto startxref = text.rfind("startxref\n");
  text.replace(startxref + 10, 1, "1");
  const fs::path in = write("damaged.pdf", to_bytes(text));
  auto r = sign_pdf(in, dir_ / "out.pdf", options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "pdf.repaired");
  auto o = options();
  o.allow_repair = true;
  auto repaired = sign_pdf(in, dir_ / "out.pdf", o);
  ASSERT_TRUE(repaired.ok()) << repaired.error().to_string();
  EXPECT_TRUE(repaired->rewritten_after_repair);
  EXPECT_TRUE(verify(dir_ / "out.pdf").valid);
}

TEST_F(PdfSignTest, MalformedInputsGiveErrorsNotCrashes) {
  const Bytes good = make_simple_pdf(1);
  EXPECT_FALSE(verify_pdf(to_bytes("not a pdf")).ok());
  for (std::size_t n = 0; n < good.size(); n += good.size() / 13 + 1) {
    auto r = verify_pdf(ByteView(good).first(n));
    EXPECT_FALSE(r.ok() && r->valid);
  }
  auto unsigned_report = verify_pdf(good);
  ASSERT_TRUE(unsigned_report.ok());
  EXPECT_FALSE(unsigned_report->valid);
  EXPECT_TRUE(unsigned_report->signatures.empty());
  EXPECT_FALSE(unsigned_report->notes.empty());
}

TEST_F(PdfSignTest, ItextSignatureStaysValidAfterSealing) {
  const fs::path sample = fs::path(GMSEAL_TESTDATA_DIR) / "pdf" / "itext-sm2sign.pdf";
  if (!fs::exists(sample)) GTEST_SKIP() << "SKIPPED: shared test data not found at " << sample;
  auto before = verify_pdf(*read_file(sample));
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->signatures.size(), 1u);
  EXPECT_TRUE(before->valid) << report_to_text(*before);
  EXPECT_TRUE(before->signatures[0].checks.has("timestamp", ses::CheckResult::kPass))
      << report_to_text(*before);
  const fs::path out = dir_ / "sealed.pdf";
  auto r = sign_pdf(sample, out, options());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(is_prefix(sample, out));
  auto after = verify_pdf(*read_file(out));
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->signatures.size(), 2u);
  EXPECT_TRUE(after->valid) << report_to_text(*after);
  EXPECT_FALSE(after->signatures[0].modified_after_signing);
  if (tool_available("qpdf")) {
    std::string out_text;
    EXPECT_EQ(run("qpdf --check " + out.string(), &out_text), 0) << out_text;
  }
}

TEST_F(PdfSignTest, CliSignsAndVerifiesWithJsonAndExitCodes) {
  const fs::path in = write("in.pdf", make_simple_pdf(2));
  ASSERT_TRUE(write_file_atomic(dir_ / "key.pem", id_->key.to_pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "cert.pem", id_->cert.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "root.pem", id_->root.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "seal.png", make_png(100, 100, 200, 0, 0, 20)).ok());
  const std::string bin = GMSEAL_BINARY;
  std::string out;
  ASSERT_EQ(
      run(bin + " sign pdf --digital --in " + in.string() + " --out " + (dir_ / "s.pdf").string() +
              " --key " + (dir_ / "key.pem").string() + " --cert " + (dir_ / "cert.pem").string() +
              " --image " + (dir_ / "seal.png").string() + " --keyword contract --occurrence 2",
          &out),
      0)
      << out;
  EXPECT_EQ(run(bin + " verify " + (dir_ / "s.pdf").string() + " --json --trust " +
                    (dir_ / "root.pem").string(),
                &out),
            0)
      << out;
  EXPECT_NE(out.find("\"valid\": true"), std::string::npos) << out;
  EXPECT_NE(out.find("\"trusted\": true"), std::string::npos) << out;
  EXPECT_NE(out.find("\"signatures\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"pages\": [\n        2"), std::string::npos) << out;
  // Unknown files: exit 2; a tampered file: exit 1.
  EXPECT_EQ(run(bin + " verify " + (dir_ / "missing.pdf").string(), &out), 2);
  Bytes bytes = *read_file(dir_ / "s.pdf");
  bytes[to_string(bytes).find("Page 2 contract")] = 'Q';
  ASSERT_TRUE(write_file_atomic(dir_ / "t.pdf", bytes).ok());
  EXPECT_EQ(run(bin + " verify " + (dir_ / "t.pdf").string(), &out), 1) << out;
}

}  // namespace
}  // namespace gmseal::pdf

namespace gmseal::pdf {
namespace {

using namespace testing;

TEST_F(PdfSignTest, EveryCjkKeywordOccurrenceGetsTheSealUnderOneSignature) {
  std::vector<PageSpec> pages(3);
  pages[0].cjk_text = "甲方（盖章）";
  pages[2].cjk_text = "乙方（盖章）";
  const fs::path in = write("in.pdf", make_pdf(pages));
  auto o = options(PlacementKind::kKeyword);
  o.placement.keyword = "盖章";
  o.placement.occurrence = 0;
  auto r = sign_pdf(in, dir_ / "out.pdf", o);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->widgets, 2);
  const PdfVerifyReport report = verify(dir_ / "out.pdf");
  ASSERT_EQ(report.signatures.size(), 1u);
  EXPECT_TRUE(report.valid) << report_to_text(report);
  EXPECT_EQ(report.signatures[0].pages, std::vector<int>{1});
  const std::string text = to_string(*read_file(dir_ / "out.pdf"));
  EXPECT_NE(text.find("/Subtype /Stamp"), std::string::npos);
  auto missing = options(PlacementKind::kKeyword);
  missing.placement.keyword = "丙方";
  EXPECT_EQ(sign_pdf(in, dir_ / "none.pdf", missing).error().code, "pdf.sign.keyword_not_found");
  EXPECT_FALSE(fs::exists(dir_ / "none.pdf"));
}

TEST_F(PdfSignTest, GifAndJpegSealPicturesRender) {
  if (!tool_available("pdftoppm")) GTEST_SKIP() << "SKIPPED: pdftoppm missing";
  const fs::path in = write("in.pdf", make_simple_pdf(1));
  // GIF: left half red, right half transparent.
  auto o = options();
  o.picture = make_gif(100, 100, 220, 0, 0);
  o.placement.x_mm = 100;
  o.placement.y_mm = 200;
  ASSERT_TRUE(sign_pdf(in, dir_ / "gif.pdf", o).ok());
  ASSERT_EQ(run("pdftoppm -r 72 -png -singlefile " + (dir_ / "gif.pdf").string() + " " +
                (dir_ / "gif").string()),
            0);
  const RgbImage gif = read_png_file(dir_ / "gif.png");
  ASSERT_GT(gif.width, 0);
  const int cx = static_cast<int>(100 * kPointsPerMm), cy = static_cast<int>(200 * kPointsPerMm);
  const int quarter = static_cast<int>(10 * kPointsPerMm);
  EXPECT_GT(gif.at(cx - quarter, cy)[0], 180);
  EXPECT_LT(gif.at(cx - quarter, cy)[1], 60);
  EXPECT_GT(gif.at(cx + quarter, cy)[1], 240);  // transparent half shows the white page

  // JPEG (passed through as DCTDecode): a rendered page of the test document, so mostly white
  // with dark text; the seal area must differ from the blank page around it somewhere.
  ASSERT_EQ(run("pdftoppm -r 30 -jpeg -singlefile " + (dir_ / "gif.pdf").string() + " " +
                (dir_ / "pic").string()),
            0);
  auto jpeg = options();
  jpeg.picture = *read_file(dir_ / "pic.jpg");
  jpeg.placement.x_mm = 100;
  jpeg.placement.y_mm = 200;
  jpeg.width_mm = 100;
  jpeg.height_mm = 140;
  ASSERT_TRUE(sign_pdf(in, dir_ / "jpeg.pdf", jpeg).ok());
  EXPECT_TRUE(verify(dir_ / "jpeg.pdf").valid);
  ASSERT_EQ(run("pdftoppm -r 72 -png -singlefile " + (dir_ / "jpeg.pdf").string() + " " +
                (dir_ / "jpeg").string()),
            0);
  const RgbImage page = read_png_file(dir_ / "jpeg.png");
  ASSERT_GT(page.width, 0);
  // The picture's own red seal (drawn at its centre-left) shows up inside the placed JPEG.
  int reddish = 0;
  const int half_w = static_cast<int>(50 * kPointsPerMm),
            half_h = static_cast<int>(70 * kPointsPerMm);
  for (int y = cy - half_h; y < cy + half_h; ++y) {
    for (int x = cx - half_w; x < cx + half_w; ++x) {
      const std::uint8_t* p = page.at(x, y);
      if (p[0] > 150 && p[1] < 100 && p[2] < 100) ++reddish;
    }
  }
  EXPECT_GT(reddish, 20);
}

}  // namespace
}  // namespace gmseal::pdf
