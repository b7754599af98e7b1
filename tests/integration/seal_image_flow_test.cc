// Seal images made by gmseal go through the whole platform: POST /api/v1/seal-images draws one
// (from fields, and from an application's defaults), a new-seal application carries it, the
// first-level emulator accepts it and makes the seal, the downloaded seal holds exactly that
// PNG at 42 mm, and a PDF sealed with it shows it at 42 mm = 119.06 pt in the appearance stream.
#include <regex>

#include "../pdf/pdf_test_support.h"
#include "crypto/signer.h"
#include "pdf/ses_container.h"
#include "pdf/sign.h"
#include "platform_fixture.h"
#include "sealimage/font_face.h"
#include "ses/make_seal.h"
#include "ses/seal.h"
#include "util/error_codes.h"
#include "util/file_io.h"
#include "validate/seal_image.h"

namespace gmseal::server {
namespace {

class SealImageFlowTest : public PlatformFixture {
 protected:
  httplib::Result post_image(const json& body, const std::string& token,
                             const std::string& accept = "image/png") {
    return loop_->client().Post(
        "/api/v1/seal-images",
        httplib::Headers{{"Authorization", "Bearer " + token}, {"Accept", accept}}, body.dump(),
        "application/json");
  }
};

Bytes body_bytes(const httplib::Result& res) { return Bytes(res->body.begin(), res->body.end()); }

TEST_P(SealImageFlowTest, ImagesFromTheApiGoThroughTheProvinceAndShowAtTrueSizeInPdf) {
  if (sealimage::default_song_font_path().empty() || sealimage::default_digit_font_path().empty()) {
    GTEST_SKIP() << "*** SKIPPED: seal fonts not installed; run scripts/setup ***";
  }
  // From fields: a Ø42 contract seal.
  auto drawn = post_image({{"category", "04"},
                           {"name", "长沙市示例科技有限公司"},
                           {"code", "4301020012345"},
                           {"sizeMm", 42}},
                          operator_);
  ASSERT_TRUE(drawn);
  ASSERT_EQ(drawn->status, 200) << drawn->body;
  EXPECT_EQ(drawn->get_header_value("Content-Type"), "image/png");
  const Bytes png = body_bytes(drawn);
  EXPECT_TRUE(validate::seal_image_violations(png).empty());
  EXPECT_LE(png.size(), validate::kMaxSealImageBytes);
  EXPECT_EQ(validate::inspect_png(png)->width, 992u);

  // Operators only; a name that cannot fit is a 400 naming the field.
  EXPECT_EQ(post_image({{"name", "长沙"}}, reviewer_)->status, 403);
  std::string too_long;
  for (int i = 0; i < 60; ++i) too_long += "国";
  auto refused = post_image({{"category", "01"}, {"name", too_long}}, operator_);
  ASSERT_EQ(refused->status, 400) << refused->body;
  const json refusal = json::parse(refused->body);
  EXPECT_EQ(refusal["code"], "sealimage.name_too_long");
  EXPECT_EQ(refusal["field"], "name");

  // The application carries the image; the province makes the seal with it.
  json body = testing::sample_new_application();
  body["seal"]["category"] = "04";
  body["seal"]["widthMm"] = 42;
  body["seal"]["heightMm"] = 42;
  body["seal"]["imagePng"] = base64_encode(png);
  const json app = run_application(body);
  ASSERT_EQ(app["status"], "ready") << app.dump();
  const std::string code = app["sealCode"];
  EXPECT_EQ(province_status(code), "valid");
  expect_seal_verifies(code);
  auto esl = read_file(dir_.path() / (code + ".esl"));
  ASSERT_TRUE(esl.ok());
  auto seal = ses::Seal::parse(*esl);
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  EXPECT_EQ(seal->info().picture.data, png) << "the province kept the image byte for byte";
  EXPECT_EQ(seal->info().picture.width_mm, 42);
  EXPECT_EQ(seal->info().picture.height_mm, 42);

  // Defaults from the application: its unit name, category and size.
  auto defaulted = post_image({{"applicationId", app["id"]}}, operator_, "application/json");
  ASSERT_EQ(defaulted->status, 200) << defaulted->body;
  const json made = json::parse(defaulted->body);
  EXPECT_EQ(made["category"], "04");
  EXPECT_EQ(made["widthMm"], 42.0);
  const Bytes from_app = *base64_decode(made["imagePng"].get<std::string>());
  EXPECT_TRUE(validate::seal_image_violations(from_app).empty());
  EXPECT_NE(from_app, png) << "drawn from the application's unit name, not the fields above";

  // Sealing a PDF (电子签章, SES_Signature) with the seal's picture at the seal's size, as
  // `gmseal sign pdf --seal` does: the appearance shows it at 42 mm = 119.06 pt.
  const pdf::testing::Identity id = pdf::testing::make_identity();
  ses::Seal signing_seal = pdf::testing::make_seal_for(id, seal->info().picture.data, "png");
  pdf::SignOptions options;
  options.picture = seal->info().picture.data;
  options.picture_type = "png";
  options.width_mm = static_cast<double>(seal->info().picture.width_mm);
  options.height_mm = static_cast<double>(seal->info().picture.height_mm);
  options.sub_filter = std::string(pdf::kSesSubFilter);
  options.reserve_bytes = 65536;  // the SES_Signature carries the seal, image included
  options.build_container = pdf::ses_container_builder(
      signing_seal, id.cert, std::make_shared<crypto::SoftSigner>(id.key));
  const auto in = dir_.path() / "contract.pdf";
  const auto out = dir_.path() / "contract-sealed.pdf";
  ASSERT_TRUE(write_file_atomic(in, pdf::testing::make_simple_pdf(1)).ok());
  auto signed_pdf = pdf::sign_pdf(in, out, options);
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.error().to_string();
  auto sealed = read_file(out);
  ASSERT_TRUE(sealed.ok());
  const std::string text(sealed->begin(), sealed->end());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      text, m, std::regex(R"(q ([0-9.]+) 0 0 ([0-9.]+) [-0-9.]+ 0 cm /Seal Do Q)")))
      << "no seal appearance stream";
  EXPECT_NEAR(std::stod(m[1]), 119.06, 0.005);
  EXPECT_NEAR(std::stod(m[2]), 119.06, 0.005);
  ASSERT_TRUE(std::regex_search(text, m, std::regex(R"(/BBox \[0 0 ([0-9.]+) ([0-9.]+)\])")));
  EXPECT_NEAR(std::stod(m[1]), 119.06, 0.005);
}

// Refusals name the body's JSON field, never a CLI flag, and take their status from the error
// code registry.
TEST_P(SealImageFlowTest, RefusalsNameTheJsonFieldWithTheRegistrysStatus) {
  if (sealimage::default_song_font_path().empty() || sealimage::default_digit_font_path().empty()) {
    GTEST_SKIP() << "*** SKIPPED: seal fonts not installed; run scripts/setup ***";
  }
  std::string too_long;
  for (int i = 0; i < 60; ++i) too_long += "国";
  struct Case {
    json body;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {{{"category", "01"}, {"name", too_long}}, "sealimage.name_too_long", "name"},
      {{{"category", "03"}, {"name", "长沙市示例科技有限公司"}, {"code", "123"}},
       "sealimage.taxpayer_id",
       "code"},
      {{{"category", "03"}, {"name", "长沙市示例科技有限公司"}}, "sealimage.taxpayer_id", "code"},
      {{{"category", "05"}, {"name", "张三"}, {"purpose", "专用"}}, "sealimage.option", "purpose"},
      {{{"style", "rect"}, {"name", "长沙"}, {"code", "1"}}, "sealimage.option", "code"},
      {{{"name", "长沙"}, {"sizeMm", 5}}, "sealimage.size", "sizeMm"},
      {{{"name", "长沙"}, {"sizeMm", "42 mm"}}, "sealimage.size", "sizeMm"},
      {{{"name", "长沙"}, {"sizeMm", json::array({42})}}, "sealimage.size", "sizeMm"},
      {{{"style", "rect"}, {"name", "长沙"}, {"widthMm", 40}}, "sealimage.size", "heightMm"},
      {{{"style", "rect"}, {"name", "长沙"}, {"widthMm", 40}, {"heightMm", 150}},
       "sealimage.size",
       "heightMm"},
      {{{"name", "长沙"}, {"category", "09"}}, "sealimage.category", "category"},
      {{{"name", "长沙"}, {"style", "triangle"}}, "sealimage.style", "style"},
      {{{"name", "北京\xF0\x9F\x98\x80"}}, "sealimage.glyph_missing", "name"},
      {{{"category", "04"}}, "invalid_field", "name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body.dump());
    auto refused = post_image(c.body, operator_, "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, http_status_for_code(c.code)) << refused->body;
    const json answer = json::parse(refused->body);
    EXPECT_EQ(answer["code"], c.code);
    EXPECT_EQ(answer["field"], c.field);
    const std::string message = answer["message"];
    EXPECT_EQ(message.find("--"), std::string::npos) << "a CLI flag in " << message;
  }
  // sizeMm named in the message where a larger seal would help.
  auto refused = post_image({{"category", "01"}, {"name", too_long}}, operator_);
  EXPECT_NE(json::parse(refused->body)["message"].get<std::string>().find("sizeMm"),
            std::string::npos)
      << refused->body;
}

INSTANTIATE_TEST_SUITE_P(Engines, SealImageFlowTest, ::testing::Values(Engine::kSqlite),
                         testing::engine_name);

}  // namespace
}  // namespace gmseal::server
