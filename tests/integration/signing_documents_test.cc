// Page previews of the signing service (POST /api/v1/documents, GET .../pages/{n}.svg, and the
// public verification's OFD preview) and the held seals' pictures, over loopback; and the
// preview store's bounds (lifetime, count per owner, byte budget) with a clock the test moves.
#include <gtest/gtest.h>

#include "../pdf/pdf_test_support.h"
#include "ofd/document.h"
#include "ofd/page_text.h"
#include "ofd/sample_document.h"
#include "signing/document_previews.h"
#include "signing_loopback.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;

Bytes sample_ofd() {
  auto ofd =
      ofd::make_sample_document({{"合同 contract", "第二行 second line"}, {"第二页"}}, now());
  EXPECT_TRUE(ofd.ok()) << ofd.error().to_string();
  return ofd.ok() ? *ofd : Bytes{};
}

// GET `path` as `token` (empty: no login): status, Content-Type and body.
struct Fetched {
  int status = -1;
  std::string type, body, code;
};
Fetched fetch(const std::string& url, const std::string& path, const std::string& token) {
  httplib::Client client(url);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto res = client.Get(path.c_str(), headers);
  Fetched out;
  if (!res) return out;
  out.status = res->status;
  out.type = res->get_header_value("Content-Type");
  out.body = res->body;
  const json body = json::parse(res->body, nullptr, false);
  if (body.is_object()) out.code = body.value("code", "");
  return out;
}

// Every glyph of page 1 is drawn where ofd/page_text puts it.
void expect_page_glyphs(const Bytes& ofd_bytes, const std::string& svg) {
  auto package = ofd::Package::open(ofd_bytes);
  ASSERT_TRUE(package.ok());
  auto info = ofd::read_document(*package);
  ASSERT_TRUE(info.ok());
  auto glyphs = ofd::read_page_glyphs(*package, info->pages[0]);
  ASSERT_TRUE(glyphs.ok());
  int drawn = 0;
  for (const ofd::Glyph& g : *glyphs) {
    if (g.code == U' ') continue;
    const std::string at =
        "<text x=\"" + ofd::format_number(g.x) + "\" y=\"" + ofd::format_number(g.y) + "\"";
    const std::size_t found = svg.find(at);
    ASSERT_NE(found, std::string::npos) << "glyph U+" << std::hex << static_cast<int>(g.code);
    ++drawn;
  }
  EXPECT_GE(drawn, 20);
  EXPECT_NE(svg.find(">合</text>"), std::string::npos);
  EXPECT_NE(svg.find(">t</text>"), std::string::npos);
}

class SigningDocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_ = std::make_unique<SigningLoopback>(dir_.path());
    ASSERT_TRUE(loop_->ok()) << loop_->error();
  }
  ScratchDir dir_;
  std::unique_ptr<SigningLoopback> loop_;
};

TEST_F(SigningDocumentsTest, UploadedOfdPagesAreSvgForTheUploaderOnly) {
  const Bytes ofd = sample_ofd();
  auto up = loop_->signer().post_raw("/api/v1/documents", std::string(ofd.begin(), ofd.end()),
                                     "application/ofd");
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(up.body["kind"], "ofd");
  ASSERT_EQ(up.body["pages"].size(), 2u) << up.raw;
  EXPECT_EQ(up.body["pages"][0], json::parse(R"({"widthMm":210.0,"heightMm":297.0})"));
  EXPECT_EQ(up.body["expiresIn"], 3600);
  const std::string id = up.body.value("id", "");
  ASSERT_EQ(id.size(), 32u);
  const std::string page1 = "/api/v1/documents/" + id + "/pages/1.svg";

  const Fetched svg = fetch(loop_->url(), page1, loop_->signer().token());
  ASSERT_EQ(svg.status, 200) << svg.body;
  EXPECT_EQ(svg.type, "image/svg+xml; charset=utf-8");
  EXPECT_EQ(svg.body.rfind("<svg ", 0), 0u) << svg.body.substr(0, 200);
  expect_page_glyphs(ofd, svg.body);
  {
    // A browser's request: gzip made here (cpp-httplib's per-request brotli at quality 11 would
    // cost seconds on a large page); the client below inflates it back to the same SVG.
    httplib::Client browser(loop_->url());
    auto packed =
        browser.Get(page1.c_str(), {{"Authorization", "Bearer " + loop_->signer().token()},
                                    {"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_TRUE(packed);
    EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(packed->body, svg.body);
  }
  const Fetched second =
      fetch(loop_->url(), "/api/v1/documents/" + id + "/pages/2.svg", loop_->signer().token());
  EXPECT_EQ(second.status, 200);
  EXPECT_NE(second.body.find(">页</text>"), std::string::npos);

  // Another user (signer2; a seal administrator too) gets the same 404 as for an unknown id.
  for (ApiUser* other : {&loop_->signer2(), &loop_->sealadmin()}) {
    const Fetched theirs = fetch(loop_->url(), page1, other->token());
    EXPECT_EQ(theirs.status, 404) << theirs.body;
    EXPECT_EQ(theirs.code, "signing.document.not_found") << theirs.body;
  }
  const Fetched unknown =
      fetch(loop_->url(), "/api/v1/documents/" + std::string(32, 'a') + "/pages/1.svg",
            loop_->signer().token());
  EXPECT_EQ(unknown.code, "signing.document.not_found") << unknown.body;
  // No login, or a role that does not upload: refused before any lookup.
  EXPECT_EQ(fetch(loop_->url(), page1, "").status, 401);
  EXPECT_EQ(fetch(loop_->url(), page1, loop_->auditor().token()).status, 403);

  // Pages that do not exist.
  for (const char* page : {"3", "0", "99999999"}) {
    const Fetched bad = fetch(loop_->url(), "/api/v1/documents/" + id + "/pages/" + page + ".svg",
                              loop_->signer().token());
    EXPECT_EQ(bad.status, 404) << page << ": " << bad.body;
    EXPECT_EQ(bad.code, "signing.document.no_page") << page << ": " << bad.body;
  }
}

TEST_F(SigningDocumentsTest, PdfGivesPageSizesAndBadBodiesAreNamed) {
  const Bytes pdf = pdf::testing::make_simple_pdf(3);
  auto up = loop_->sealadmin().post("/api/v1/documents", {{"document", base64_encode(pdf)}});
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(up.body["kind"], "pdf");
  ASSERT_EQ(up.body["pages"].size(), 3u);
  EXPECT_NEAR(up.body["pages"][0]["widthMm"].get<double>(), 595 * 25.4 / 72, 0.01) << up.raw;
  // The browser draws PDF pages: no SVG of them.
  const Fetched svg =
      fetch(loop_->url(), "/api/v1/documents/" + up.body.value("id", "") + "/pages/1.svg",
            loop_->sealadmin().token());
  EXPECT_EQ(svg.status, 404);
  EXPECT_EQ(svg.code, "signing.document.no_svg") << svg.body;

  const auto refused = [&](const std::string& body, const std::string& type) {
    auto answer = loop_->signer().post_raw("/api/v1/documents", body, type);
    return std::to_string(answer.status) + " " + answer.body.value("code", "");
  };
  EXPECT_EQ(refused("just some text", "text/plain"), "415 signing.document.unknown_format");
  EXPECT_EQ(refused("PK\x03\x04 not really a zip", "application/ofd"), "422 ofd.package.not_zip");
  EXPECT_EQ(refused("%PDF-1.7 and nothing else", "application/pdf"), "422 pdf.open_failed");
  EXPECT_EQ(refused(R"({"document":"not base64!"})", "application/json"), "400 invalid_field");
  auto no_role = loop_->auditor().post_raw("/api/v1/documents", std::string(pdf.begin(), pdf.end()),
                                           "application/pdf");
  EXPECT_EQ(no_role.status, 403) << no_role.raw;
}

TEST_F(SigningDocumentsTest, PublicVerificationKeepsASignedOfdForItsPreview) {
  const std::string code = loop_->make_and_import_seal();
  ASSERT_FALSE(code.empty());
  loop_->grant_all("signer", code);
  auto signed_ofd =
      loop_->signer().post("/api/v1/sign/ofd", {{"sealCode", code},
                                                {"document", base64_encode(sample_ofd())},
                                                {"page", 1},
                                                {"x", 60},
                                                {"y", 80}});
  ASSERT_EQ(signed_ofd.status, 200) << signed_ofd.raw;

  httplib::Client anyone(loop_->url());
  auto plain = anyone.Post("/api/v1/verify", signed_ofd.raw, "application/ofd");
  ASSERT_TRUE(plain);
  const json plain_verdict = json::parse(plain->body);
  EXPECT_FALSE(plain_verdict.contains("preview")) << "kept only when asked";
  EXPECT_FALSE(plain_verdict["signatures"][0]["seal"]["picture"].contains("dataUri"))
      << "pictures only for the page that shows them";
  auto asked = anyone.Post("/api/v1/verify?preview=1", signed_ofd.raw, "application/ofd");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200) << asked->body;
  const json verdict = json::parse(asked->body);
  EXPECT_EQ(verdict["valid"], true) << asked->body;
  // The signature's box: centred at (60, 80) mm, the seal's size.
  const json& box = verdict["signatures"][0]["boxes"][0];
  EXPECT_EQ(box["page"], 1) << box;
  EXPECT_NEAR(box["x"].get<double>() + box["width"].get<double>() / 2, 60, 0.01) << box;
  EXPECT_NEAR(box["y"].get<double>() + box["height"].get<double>() / 2, 80, 0.01) << box;
  EXPECT_GT(box["width"].get<double>(), 10) << box;
  // The seal's picture, for the page to show beside the checks: the seal's own PNG.
  const std::string uri = verdict["signatures"][0]["seal"]["picture"].value("dataUri", "");
  const std::string prefix = "data:image/png;base64,";
  ASSERT_EQ(uri.substr(0, prefix.size()), prefix);
  const Fetched image =
      fetch(loop_->url(), "/api/v1/seals/" + code + "/image", loop_->signer().token());
  auto decoded = base64_decode(uri.substr(prefix.size()));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(std::string(decoded->begin(), decoded->end()), image.body);

  const json& preview = verdict["preview"];
  EXPECT_EQ(preview["expiresIn"], 600);
  ASSERT_EQ(preview["pages"].size(), 2u);
  const std::string id = preview.value("id", "");
  const Fetched page = fetch(loop_->url(), "/api/v1/verify/documents/" + id + "/pages/1.svg", "");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.type, "image/svg+xml; charset=utf-8");
  EXPECT_NE(page.body.find("data-signature="), std::string::npos) << "the stamp is drawn";
  // A public preview is not a user's document, and a user's document is not public.
  EXPECT_EQ(
      fetch(loop_->url(), "/api/v1/documents/" + id + "/pages/1.svg", loop_->signer().token()).code,
      "signing.document.not_found");
  auto up = loop_->signer().post_raw("/api/v1/documents", signed_ofd.raw, "application/ofd");
  ASSERT_EQ(up.status, 201);
  EXPECT_EQ(fetch(loop_->url(),
                  "/api/v1/verify/documents/" + up.body.value("id", "") + "/pages/1.svg", "")
                .code,
            "signing.document.not_found");
}

// The sign screen's seal picture: its size in the list, its bytes at /seals/{code}/image, for
// any logged-in user only.
TEST_F(SigningDocumentsTest, HeldSealsGiveTheirPictureAndItsSize) {
  const std::string code = loop_->make_and_import_seal();
  ASSERT_FALSE(code.empty());
  auto list = loop_->signer().get("/api/v1/seals");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body["seals"].size(), 1u) << list.raw;
  const json& picture = list.body["seals"][0]["picture"];
  EXPECT_EQ(picture["mediaType"], "image/png") << picture;
  EXPECT_GT(picture["widthMm"].get<int>(), 0) << picture;
  EXPECT_GT(picture["heightMm"].get<int>(), 0) << picture;

  const Fetched image =
      fetch(loop_->url(), "/api/v1/seals/" + code + "/image", loop_->signer().token());
  ASSERT_EQ(image.status, 200) << image.body;
  EXPECT_EQ(image.type, "image/png");
  EXPECT_EQ(image.body.size(), picture["bytes"].get<std::size_t>());
  EXPECT_EQ(image.body.substr(0, 4), "\x89PNG");
  EXPECT_EQ(fetch(loop_->url(), "/api/v1/seals/" + code + "/image", "").status, 401);
  EXPECT_EQ(
      fetch(loop_->url(), "/api/v1/seals/XX00000000000000/image", loop_->signer().token()).code,
      "signing.seal.not_found");
}

// The store alone: a clock the test moves.
TEST(DocumentPreviewsTest, LifetimeCountPerOwnerAndBudgetBoundWhatIsKept) {
  auto clock = std::chrono::steady_clock::time_point{};
  const Bytes ofd = sample_ofd();
  signing::DocumentPreviews previews({std::chrono::seconds(60), 2, 1u << 20},
                                     [&clock] { return clock; });
  auto a = previews.add("ann", ofd);
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  const std::size_t cost = (*a)->bytes;
  ASSERT_GT(cost, 0u);
  clock += std::chrono::seconds(1);
  auto b = previews.add("ann", ofd);
  clock += std::chrono::seconds(1);
  auto c = previews.add("ann", ofd);  // ann's third: her oldest (a) goes
  ASSERT_TRUE(b.ok() && c.ok());
  EXPECT_EQ(previews.page_svg((*a)->id, "ann", 1).error().code, "signing.document.not_found");
  EXPECT_TRUE(previews.page_svg((*b)->id, "ann", 1).ok());
  EXPECT_EQ(previews.size(), 2u);

  // Lifetime: b was added 59 s before this moment, then it is gone.
  clock += std::chrono::seconds(58);
  EXPECT_TRUE(previews.page_svg((*b)->id, "ann", 1).ok());
  clock += std::chrono::seconds(1);
  EXPECT_EQ(previews.page_svg((*b)->id, "ann", 1).error().code, "signing.document.not_found");
  EXPECT_TRUE(previews.page_svg((*c)->id, "ann", 1).ok());

  // Budget: the oldest anywhere goes to make room.
  const std::size_t fit = (1u << 20) / cost;
  ASSERT_GE(fit, 2u);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < fit; ++i) {
    clock += std::chrono::milliseconds(1);
    auto d = previews.add("user" + std::to_string(i), ofd);
    ASSERT_TRUE(d.ok());
    ids.push_back((*d)->id);
  }
  EXPECT_EQ(previews.page_svg((*c)->id, "ann", 1).error().code, "signing.document.not_found");
  EXPECT_TRUE(previews.page_svg(ids.back(), "user" + std::to_string(fit - 1), 1).ok());
  EXPECT_LE(previews.size(), fit);

  // A document larger than the whole budget is refused, not kept.
  signing::DocumentPreviews tiny({std::chrono::seconds(60), 2, cost / 2});
  auto refused = tiny.add("ann", ofd);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "request.too_large");
  EXPECT_EQ(tiny.size(), 0u);
}

}  // namespace
}  // namespace gmseal::testing
