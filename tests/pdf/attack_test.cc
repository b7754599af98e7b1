// The published attacks on PDF signatures, built against gmseal-sealed PDFs (SES and CMS), and
// the later additions that must stay allowed (issue 18):
//   ISA  incremental saving attack (Mladenov et al. 2019): an appended update that redefines
//        page content, resources, the page tree or the catalog, also with an xref stream, a bare
//        trailer without xref, and a missing or misdirected /Prev;
//   SWA  signature wrapping: the signed bytes moved, a new /ByteRange that "covers" them;
//   USF  universal signature forgery: /Contents or /ByteRange emptied, zeroed, malformed;
//   shadow attacks (Mainka et al. 2021): hide, replace, hide-and-replace, content prepared
//        before signing and revealed by a later update that changes only a reference, an
//        optional-content state or a form field's value or appearance.
// Each attack must fail modified_after_signing or byte_range, naming what changed.
#include <gtest/gtest.h>

#include <regex>

#include "crypto/cms_signed_data.h"
#include "crypto/signer.h"
#include "pdf/byte_range.h"
#include "pdf/revision_diff.h"
#include "pdf/ses_container.h"
#include "pdf/sign.h"
#include "pdf/verify.h"
#include "pdf_test_support.h"
#include "raw_update.h"
#include "util/file_io.h"

namespace gmseal::pdf {
namespace {

namespace fs = std::filesystem;
using namespace testing;

enum class Container { kSes, kCms };

class PdfAttackTest : public ::testing::TestWithParam<Container> {
 protected:
  void SetUp() override {
    dir_ = temp_dir("pdf-attack-" + std::to_string(static_cast<int>(GetParam())) + "-" +
                    std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    id_ = std::make_unique<Identity>(make_identity());
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  SignOptions options(int page = 1) {
    SignOptions o;
    o.placement.page = page;
    o.placement.x_mm = 120;
    o.placement.y_mm = 120;
    if (GetParam() == Container::kSes) {
      if (!seal_) seal_ = make_seal_for(*id_, make_png(80, 80, 200, 0, 0, 20), "png");
      o.picture = seal_->info().picture.data;
      o.picture_type = seal_->info().picture.type;
      o.sub_filter = std::string(kSesSubFilter);
      o.reserve_bytes = seal_->der().size() + id_->cert.der().size() + 4096;
      o.build_container =
          ses_container_builder(*seal_, id_->cert, std::make_shared<crypto::SoftSigner>(id_->key));
    } else {
      o.picture = make_png(80, 80, 220, 0, 0, 20);
      const crypto::Certificate cert = id_->cert;
      auto signer = std::make_shared<crypto::SoftSigner>(id_->key);
      o.build_container = [signer, cert](const ContainerRequest& r) {
        return crypto::build_cms_signed_data(r.digest, cert, *signer);
      };
      o.reserve_bytes = 4096;
    }
    return o;
  }

  // `unsigned_pdf` sealed on `page` at (120 mm, 120 mm).
  Bytes seal(const Bytes& unsigned_pdf, int page = 1) {
    const fs::path in = dir_ / ("in-" + std::to_string(++files_) + ".pdf");
    const fs::path out = dir_ / ("sealed-" + std::to_string(files_) + ".pdf");
    EXPECT_TRUE(write_file_atomic(in, unsigned_pdf).ok());
    auto r = sign_pdf(in, out, options(page));
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    auto bytes = read_file(out);
    return bytes.ok() ? *bytes : Bytes{};
  }

  PdfVerifyReport verify(const Bytes& bytes) {
    PdfVerifyOptions vo;
    crypto::TrustStore store;
    store.anchors.push_back(id_->root);
    vo.trust = store;
    auto report = verify_pdf(bytes, vo);
    EXPECT_TRUE(report.ok()) << report.error().to_string();
    return report.ok() ? *report : PdfVerifyReport{};
  }

  static std::string detail(const SignatureReport& s, std::string_view check) {
    for (const ses::Check& c : s.checks.checks()) {
      if (c.name == check) return c.detail;
    }
    return "";
  }

  // The attacked file must be invalid, and the gmseal signature (the first) must fail
  // modified_after_signing or byte_range with a detail holding every one of `names`.
  void expect_caught(const Bytes& attacked, const std::vector<std::string>& names) {
    // Kept for a look when the test fails (the directory is removed only on success).
    EXPECT_TRUE(
        write_file_atomic(dir_ / ("attacked-" + std::to_string(++files_) + ".pdf"), attacked).ok());
    const PdfVerifyReport report = verify(attacked);
    const std::string text = report_to_text(report);
    EXPECT_FALSE(report.valid) << text;
    ASSERT_FALSE(report.signatures.empty()) << text;
    const SignatureReport& s = report.signatures[0];
    const bool modified = s.checks.has(kCheckModifiedAfterSigning, ses::CheckResult::kFail);
    const bool range = s.checks.has(kCheckByteRange, ses::CheckResult::kFail);
    EXPECT_TRUE(modified || range) << text;
    const std::string why = detail(s, modified ? kCheckModifiedAfterSigning : kCheckByteRange);
    for (const std::string& n : names)
      EXPECT_NE(why.find(n), std::string::npos) << n << "\n" << text;
  }

  void expect_allowed(const Bytes& pdf, std::size_t signatures, int later_revisions) {
    const PdfVerifyReport report = verify(pdf);
    const std::string text = report_to_text(report);
    ASSERT_EQ(report.signatures.size(), signatures) << text;
    const SignatureReport& s = report.signatures[0];
    EXPECT_TRUE(s.valid()) << text;
    EXPECT_FALSE(s.modified_after_signing) << text;
    EXPECT_TRUE(s.checks.has(kCheckModifiedAfterSigning, ses::CheckResult::kPass)) << text;
    EXPECT_EQ(static_cast<int>(s.later_revisions.size()), later_revisions) << text;
    for (const RevisionInfo& rev : s.later_revisions) EXPECT_TRUE(rev.allowed()) << text;
  }

  // The issue's attack: a new content stream and page `page` rewritten to show it.
  Bytes replace_page_contents(const Bytes& sealed, int page, RawUpdate update = {}) {
    const PdfFacts facts = pdf_facts(sealed);
    const int content = facts.size;
    const int page_obj = facts.pages.at(static_cast<std::size_t>(page - 1));
    const std::string dict =
        std::regex_replace(object_text(sealed, page_obj), std::regex("/Contents \\d+ 0 R"),
                           "/Contents " + std::to_string(content) + " 0 R");
    update.objects.push_back(
        {content, 0, stream_body("", "BT /F1 24 Tf 72 650 Td (Edited after signing) Tj ET")});
    update.objects.push_back({page_obj, 0, dict});
    return append_update(sealed, update);
  }

  static std::string obj(int n) { return "object " + std::to_string(n) + " 0"; }
  static std::string ref(int n) { return std::to_string(n) + " 0 R"; }

  // An update that gives the prepared signature field `field` a value, a signature dictionary,
  // and an appearance drawing "pay 1,000,000". With `covering` the dictionary's /ByteRange
  // covers exactly this revision (its /Contents is no signature, so that one fails on its own;
  // what matters here is how the update is judged for the first one); otherwise it is a copy of the
  // first signature's /ByteRange, which covers the sealed revision, not this one.
  Bytes fill_signature_field(const Bytes& sealed, int field, bool covering) {
    const PdfFacts facts = pdf_facts(sealed);
    const int value = facts.size, appearance = facts.size + 1;
    const std::string placeholder = "[0 0000000000 0000000000 0000000000]";
    std::string range = placeholder;
    if (!covering) {
      auto doc = Document::open_memory(sealed, "sealed");
      const auto br = (*find_signature_fields(*doc))[0].byte_range;
      range = "[0 " + std::to_string(br[1]) + " " + std::to_string(br[2]) + " " +
              std::to_string(br[3]) + "]";
    }
    const std::string font = ref(page_ref(sealed, 1, {"/Resources", "/Font", "/F1"}));
    std::string hex;
    for (int i = 0; i < 256; ++i) hex += "5a";  // not a signature, but not zeros either
    RawUpdate u;
    u.objects = {
        {value, 0,
         "<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange " + range +
             " /Contents <" + hex + ">>>"},
        {appearance, 0,
         stream_body("/Type /XObject /Subtype /Form /BBox [0 0 500 60] /Resources <</Font <</F1 " +
                         font + ">>>>",
                     "BT /F1 24 Tf 12 20 Td (pay 1,000,000) Tj ET")},
        {field, 0,
         std::regex_replace(object_text(sealed, field), std::regex("^<<"),
                            "<< /V " + ref(value) + " /AP <</N " + ref(appearance) + ">>")}};
    std::string text = to_string(append_update(sealed, u));
    if (!covering) return to_bytes(text);
    const std::size_t dict = text.rfind("\n" + std::to_string(value) + " 0 obj");
    const std::size_t hole = text.find("/Contents <", dict) + 10;
    const std::size_t hole_end = text.find('>', hole) + 1;
    char br[64];
    std::snprintf(br, sizeof br, "[0 %010zu %010zu %010zu]", hole, hole_end,
                  text.size() - hole_end);
    text.replace(text.find(placeholder, dict), placeholder.size(), br);
    return to_bytes(text);
  }

  fs::path dir_;
  std::unique_ptr<Identity> id_;
  std::optional<ses::Seal> seal_;
  int files_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Containers, PdfAttackTest,
                         ::testing::Values(Container::kSes, Container::kCms), [](const auto& info) {
                           return info.param == Container::kSes ? "Ses" : "Cms";
                         });

// ---- ISA ----------------------------------------------------------------------------------

TEST_P(PdfAttackTest, IsaPageContentsRewrittenNamesPageObjectAndKey) {
  const Bytes sealed = seal(make_simple_pdf(3));
  const int page_obj = pdf_facts(sealed).pages[0];
  const Bytes attacked = replace_page_contents(sealed, 1);
  expect_caught(attacked, {"page 1", obj(page_obj), "/Contents"});
  const PdfVerifyReport report = verify(attacked);
  const SignatureReport& s = report.signatures[0];
  EXPECT_FALSE(s.covers_whole_file);
  ASSERT_EQ(s.later_revisions.size(), 1u);
  EXPECT_FALSE(s.later_revisions[0].allowed());
  EXPECT_NE(report_to_text(report).find("visible content changed after signing on page(s) 1\n"),
            std::string::npos)
      << report_to_text(report);
  // The signature itself still verifies: only the later revision is to blame.
  EXPECT_TRUE(s.checks.has("data_hash", ses::CheckResult::kPass)) << report_to_text(report);
}

TEST_P(PdfAttackTest, IsaContentStreamRedefined) {
  const Bytes sealed = seal(make_simple_pdf(3));
  const int content = page_ref(sealed, 2, {"/Contents"});
  RawUpdate u;
  u.objects.push_back({content, 0, stream_body("", "BT /F1 24 Tf 72 700 Td (Changed) Tj ET")});
  expect_caught(append_update(sealed, u), {"page 2", obj(content), "stream redefined"});
}

TEST_P(PdfAttackTest, IsaFontSwapped) {
  const Bytes sealed = seal(make_simple_pdf(3));
  const int font = page_ref(sealed, 3, {"/Resources", "/Font", "/F1"});
  RawUpdate u;
  u.objects.push_back({font, 0, "<</Type /Font /Subtype /Type1 /BaseFont /Courier>>"});
  expect_caught(append_update(sealed, u), {"pages 1,2,3", obj(font), "/BaseFont"});
}

TEST_P(PdfAttackTest, IsaResourcesReplacedWithAnXObject) {
  const Bytes sealed = seal(make_simple_pdf(3));
  const PdfFacts facts = pdf_facts(sealed);
  const int form = facts.size;
  const int page_obj = facts.pages[2];
  std::string dict = object_text(sealed, page_obj);
  dict = std::regex_replace(dict, std::regex("/Resources <<"),
                            "/Resources << /XObject << /X1 " + std::to_string(form) + " 0 R >>");
  RawUpdate u;
  u.objects.push_back({form, 0,
                       stream_body("/Type /XObject /Subtype /Form /BBox [0 0 595 842]",
                                   "1 1 1 rg 0 0 595 842 re f")});
  u.objects.push_back({page_obj, 0, dict});
  expect_caught(append_update(sealed, u), {"page 3", obj(page_obj), "/Resources"});
}

TEST_P(PdfAttackTest, IsaPageTreeReordered) {
  const Bytes sealed = seal(make_simple_pdf(3));
  const PdfFacts facts = pdf_facts(sealed);
  const int pages = page_ref(sealed, 1, {"/Parent"});
  RawUpdate u;
  u.objects.push_back({pages, 0,
                       "<</Type /Pages /Count 3 /Kids [" + std::to_string(facts.pages[2]) +
                           " 0 R " + std::to_string(facts.pages[1]) + " 0 R " +
                           std::to_string(facts.pages[0]) + " 0 R]>>"});
  expect_caught(append_update(sealed, u), {obj(pages), "/Kids"});
}

TEST_P(PdfAttackTest, IsaNewRootCatalog) {
  const Bytes sealed = seal(make_simple_pdf(3));
  const PdfFacts facts = pdf_facts(sealed);
  const int catalog = facts.size, pages = facts.size + 1;
  const std::string old_catalog = object_text(sealed, std::stoi(facts.root));
  RawUpdate u;
  u.objects.push_back({catalog, 0,
                       std::regex_replace(old_catalog, std::regex("/Pages \\d+ 0 R"),
                                          "/Pages " + std::to_string(pages) + " 0 R")});
  u.objects.push_back(
      {pages, 0, "<</Type /Pages /Count 1 /Kids [" + std::to_string(facts.pages[1]) + " 0 R]>>"});
  u.root = std::to_string(catalog) + " 0 R";
  expect_caught(append_update(sealed, u), {"trailer /Root", "catalog replaced"});
}

TEST_P(PdfAttackTest, IsaWithXrefStream) {
  const Bytes sealed = seal(make_simple_pdf(3));
  RawUpdate u;
  u.xref = XrefKind::kStream;
  expect_caught(replace_page_contents(sealed, 2, u), {"page 2", "/Contents"});
}

TEST_P(PdfAttackTest, IsaWithBareTrailerAndNoXref) {
  const Bytes sealed = seal(make_simple_pdf(3));
  RawUpdate u;
  u.xref = XrefKind::kNone;
  expect_caught(replace_page_contents(sealed, 1, u), {"page 1", "/Contents"});
}

TEST_P(PdfAttackTest, IsaWithPrevMissing) {
  const Bytes sealed = seal(make_simple_pdf(3));
  RawUpdate u;
  u.prev = PrevKind::kMissing;
  // The update's xref lists only its own objects: without /Prev there is no catalog any more,
  // so the last revision cannot be read, and the signature is no longer referenced.
  const Bytes attacked = replace_page_contents(sealed, 1, u);
  expect_caught(attacked, {"revision 3", "cannot be read", "no longer referenced"});
  EXPECT_FALSE(verify(attacked).signatures[0].in_current_revision);
}

TEST_P(PdfAttackTest, IsaWithPrevMissingAndACompleteXref) {
  const Bytes sealed = seal(make_simple_pdf(3));
  RawUpdate u;
  u.prev = PrevKind::kMissing;
  u.list_every_object = true;
  // The update's xref lists every object, so the last revision reads on its own without /Prev:
  // the verifier must still compare it with the signed revision and find the page changed.
  const Bytes attacked = replace_page_contents(sealed, 1, u);
  expect_caught(attacked, {"page 1"});
}

TEST_P(PdfAttackTest, IsaWithPrevPointingAtTheUnsignedRevision) {
  const Bytes original = make_simple_pdf(3);
  const Bytes sealed = seal(original);
  RawUpdate u;
  u.prev = PrevKind::kGiven;
  u.prev_offset = pdf_facts(original).startxref;  // skips the signature's own revision
  const Bytes attacked = replace_page_contents(sealed, 1, u);
  expect_caught(attacked, {"page 1"});
  const PdfVerifyReport report = verify(attacked);
  EXPECT_FALSE(report.signatures[0].in_current_revision) << report_to_text(report);
}

TEST_P(PdfAttackTest, IsaWithPrevPointingAtGarbage) {
  const Bytes sealed = seal(make_simple_pdf(3));
  RawUpdate u;
  u.prev = PrevKind::kGiven;
  u.prev_offset = 20;
  expect_caught(replace_page_contents(sealed, 3, u), {"page 3"});
}

TEST_P(PdfAttackTest, IsaObjectDeleted) {
  const Bytes sealed = seal(make_simple_pdf(3));
  const int content = page_ref(sealed, 2, {"/Contents"});
  RawUpdate u;
  u.freed = {content};
  expect_caught(append_update(sealed, u), {"page 2", obj(content), "deleted"});
}

// ---- objects undefined when sealed --------------------------------------------------------

// Page 1 draws its content stream and then object `missing`, which the document does not define
// when it is sealed: a free cross-reference entry under /Size, or a number beyond /Size. A
// reference to an undefined object is null (ISO 32000-1, 7.3.10), so it draws nothing; an update
// that defines the object changes what the signed page shows without touching the page.
struct DanglingDoc {
  Bytes pdf;
  int page1 = 0;
  int missing = 0;
};

DanglingDoc make_dangling_doc(bool free_entry) {
  DanglingDoc d;
  const Bytes base = make_simple_pdf(3);
  const PdfFacts facts = pdf_facts(base);
  d.page1 = facts.pages[0];
  const int content = page_ref(base, 1, {"/Contents"});
  RawUpdate u;
  if (free_entry) {
    d.missing = facts.size;
    u.freed = {d.missing};
    u.objects.push_back({d.missing + 1, 0, "<</Unused true>>"});  // /Size now covers `missing`
  } else {
    d.missing = facts.size + 10;
  }
  u.objects.push_back(
      {d.page1, 0,
       std::regex_replace(object_text(base, d.page1), std::regex("/Contents \\d+ 0 R"),
                          "/Contents [" + std::to_string(content) + " 0 R " +
                              std::to_string(d.missing) + " 0 R]")});
  d.pdf = append_update(base, u);
  return d;
}

TEST_P(PdfAttackTest, ObjectUndefinedWhenSealedDefinedLater) {
  for (const bool free_entry : {true, false}) {
    SCOPED_TRACE(free_entry ? "a free xref entry" : "beyond /Size");
    const DanglingDoc d = make_dangling_doc(free_entry);
    const Bytes sealed = seal(d.pdf);
    expect_allowed(sealed, 1, 0);
    RawUpdate u;
    u.objects.push_back(
        {d.missing, 0, stream_body("", "BT /F1 24 Tf 72 600 Td (PAY 1,000,000 YUAN) Tj ET")});
    const Bytes attacked = append_update(sealed, u);
    expect_caught(attacked, {"page 1", obj(d.missing), "undefined"});
    EXPECT_NE(report_to_text(verify(attacked))
                  .find("visible content changed after signing on "
                        "page(s) 1\n"),
              std::string::npos);
  }
}

// ---- roles that allow a change -------------------------------------------------------------

// The DSS, the document information dictionary and the XMP metadata may change after signing
// because no page shows them. A document prepared so that one of them names an object a page
// does show (page 1's content stream, the font of every page) must not let that object change.
TEST_P(PdfAttackTest, AllowedRolesDoNotCoverWhatPagesShow) {
  const Bytes base = make_simple_pdf(3);
  const PdfFacts facts = pdf_facts(base);
  const int catalog = std::stoi(facts.root);
  const int content = page_ref(base, 1, {"/Contents"});
  const int font = page_ref(base, 1, {"/Resources", "/Font", "/F1"});
  const std::string cat = object_text(base, catalog);
  const int dss = facts.size;
  std::vector<std::pair<std::string, RawUpdate>> variants(3);
  variants[0].first = "DSS";
  variants[0].second.objects = {
      {dss, 0, "<</Certs [" + ref(content) + " " + ref(font) + "]>>"},
      {catalog, 0, std::regex_replace(cat, std::regex("^<<"), "<< /DSS " + ref(dss))}};
  variants[1].first = "Info";
  variants[1].second.objects = {{catalog, 0, cat}};
  variants[1].second.info = ref(font);
  variants[2].first = "Metadata";
  variants[2].second.objects = {
      {catalog, 0, std::regex_replace(cat, std::regex("^<<"), "<< /Metadata " + ref(content))}};
  for (const auto& [name, prepare] : variants) {
    SCOPED_TRACE(name);
    const Bytes sealed = seal(append_update(base, prepare));
    expect_allowed(sealed, 1, 0);
    RawUpdate text;
    text.objects = {
        {content, 0, stream_body("", "BT /F1 24 Tf 72 700 Td (PAY 1,000,000 YUAN) Tj ET")}};
    expect_caught(append_update(sealed, text), {"page 1", obj(content), "stream redefined"});
    RawUpdate courier;
    courier.objects = {{font, 0, "<</Type /Font /Subtype /Type1 /BaseFont /Courier>>"}};
    expect_caught(append_update(sealed, courier), {"pages 1,2,3", obj(font), "/BaseFont"});
  }
}

// ---- SWA ----------------------------------------------------------------------------------

// The signed second segment copied to the end and the signature dictionary redefined with a
// /ByteRange pointing at the copy: the digest still matches, the layout does not.
TEST_P(PdfAttackTest, SwaMovedSignedBytesWithAByteRangeThatStillCoversThem) {
  const Bytes sealed = seal(make_simple_pdf(2));
  auto doc = Document::open_memory(sealed, "sealed");
  ASSERT_TRUE(doc.ok());
  auto fields = find_signature_fields(*doc);
  ASSERT_TRUE(fields.ok() && fields->size() == 1u);
  const SignatureField& f = (*fields)[0];
  const auto& br = f.byte_range;
  Bytes moved = sealed;
  moved.push_back('\n');
  const std::uint64_t copy_at = moved.size();
  moved.insert(moved.end(), sealed.begin() + br[2], sealed.begin() + br[2] + br[3]);
  const std::string dict = std::regex_replace(
      object_text(sealed, f.value.getObj()), std::regex("/ByteRange \\[[^\\]]*\\]"),
      "/ByteRange [ 0 " + std::to_string(br[1]) + " " + std::to_string(copy_at) + " " +
          std::to_string(br[3]) + " ]");
  RawUpdate u;
  u.objects.push_back({f.value.getObj(), 0, dict});
  const Bytes attacked = append_update(moved, u);
  expect_caught(attacked, {obj(f.value.getObj()), "/ByteRange", "the signed byte range changed"});
  const PdfVerifyReport report = verify(attacked);
  // The forged dictionary is reported too, and fails its byte range.
  bool forged_fails = false;
  for (const SignatureReport& s : report.signatures) {
    if (s.byte_range.size() == 4 && s.byte_range[2] == static_cast<std::int64_t>(copy_at)) {
      forged_fails = s.checks.has(kCheckByteRange, ses::CheckResult::kFail);
    }
  }
  EXPECT_TRUE(forged_fails) << report_to_text(report);
}

// ---- USF ----------------------------------------------------------------------------------

class UsfTest : public PdfAttackTest {
 protected:
  // The signature dictionary redefined in an appended update by `edit`.
  Bytes redefine_signature(const Bytes& sealed,
                           const std::function<std::string(std::string)>& edit) {
    auto doc = Document::open_memory(sealed, "sealed");
    auto fields = find_signature_fields(*doc);
    const int v = (*fields)[0].value.getObj();
    value_ = v;
    RawUpdate u;
    u.objects.push_back({v, 0, edit(object_text(sealed, v))});
    return append_update(sealed, u);
  }
  static std::function<std::string(std::string)> replace(const std::string& pattern,
                                                         const std::string& with) {
    return [pattern, with](std::string dict) {
      return std::regex_replace(dict, std::regex(pattern), with);
    };
  }
  // "/Contents <hex>" replaced by `with`, by search: std::regex recurses once per character and
  // overflows the stack on a signature's kilobytes of hex in the sanitizer build.
  static std::function<std::string(std::string)> replace_contents(const std::string& with) {
    return [with](std::string dict) {
      const std::size_t at = dict.find("/Contents <");
      if (at == std::string::npos) return dict;
      const std::size_t end = dict.find('>', at);
      if (end == std::string::npos) return dict;
      return dict.replace(at, end + 1 - at, with);
    };
  }
  int value_ = 0;  // the signature dictionary redefine_signature last redefined
};

INSTANTIATE_TEST_SUITE_P(Containers, UsfTest, ::testing::Values(Container::kSes, Container::kCms),
                         [](const auto& info) {
                           return info.param == Container::kSes ? "Ses" : "Cms";
                         });

TEST_P(UsfTest, ContentsEmptyZerosOrMissingInALaterRevision) {
  const Bytes sealed = seal(make_simple_pdf(2));
  for (const auto& [name, edit] :
       std::vector<std::pair<std::string, std::function<std::string(std::string)>>>{
           {"empty", replace_contents("/Contents <>")},
           {"zeros", replace_contents("/Contents <" + std::string(64, '0') + ">")},
           {"missing", replace_contents("")}}) {
    SCOPED_TRACE(name);
    const Bytes attacked = redefine_signature(sealed, edit);
    expect_caught(attacked, {obj(value_), "/Contents", "the signature value (/Contents) changed"});
    // A signature dictionary is not drawn: no page's content is said to have changed.
    const std::string text = report_to_text(verify(attacked));
    EXPECT_EQ(text.find("content streams replaced"), std::string::npos) << text;
    EXPECT_EQ(text.find("visible content changed"), std::string::npos) << text;
  }
}

TEST_P(UsfTest, ByteRangeMissingMalformedOverlappingOrShortInALaterRevision) {
  const Bytes sealed = seal(make_simple_pdf(2));
  auto doc = Document::open_memory(sealed, "sealed");
  const auto br = (*find_signature_fields(*doc))[0].byte_range;
  const std::string a = std::to_string(br[1]), b = std::to_string(br[2]), c = std::to_string(br[3]);
  for (const auto& [name, with] : std::vector<std::pair<std::string, std::string>>{
           {"missing", ""},
           {"malformed", "/ByteRange [ 0 " + a + " /Foo (x) ]"},
           {"three numbers", "/ByteRange [ 0 " + a + " " + b + " ]"},
           {"overlapping", "/ByteRange [ 0 " + a + " " + std::to_string(br[1] - 40) + " " +
                               std::to_string(br[3] + br[2] - br[1] + 40) + " ]"},
           {"short", "/ByteRange [ 0 " + a + " " + b + " " + std::to_string(br[3] - 30) + " ]"}}) {
    SCOPED_TRACE(name);
    const Bytes attacked = redefine_signature(sealed, replace("/ByteRange \\[[^\\]]*\\]", with));
    expect_caught(attacked, {obj(value_), "/ByteRange", "the signed byte range changed"});
  }
}

// In place (no later revision): the hole zeroed, the /ByteRange shortened so the signed range no
// longer reaches the revision's end. Both are byte_range failures.
TEST_P(UsfTest, ContentsZeroedOrByteRangeShortenedInPlace) {
  const Bytes sealed = seal(make_simple_pdf(2));
  auto doc = Document::open_memory(sealed, "sealed");
  const auto br = (*find_signature_fields(*doc))[0].byte_range;
  Bytes zeroed = sealed;
  std::fill(zeroed.begin() + br[1] + 1, zeroed.begin() + br[2] - 1, '0');
  expect_caught(zeroed, {"/Contents"});
  Bytes shortened = sealed;
  const std::string text = to_string(sealed);
  const std::string old_c = " " + std::to_string(br[3]);
  const std::size_t at = text.find(old_c, text.find("/ByteRange"));
  ASSERT_NE(at, std::string::npos);
  std::string new_c = " " + std::to_string(br[3] - 9);
  new_c.resize(old_c.size(), ' ');
  std::copy(new_c.begin(), new_c.end(), shortened.begin() + at);
  expect_caught(shortened, {"%%EOF"});
}

// ---- shadow attacks -----------------------------------------------------------------------

// A 3-page document prepared for shadow attacks before it is sealed:
//   page 2 draws "Secret clause" under a white overlay form (/Ov), through an indirect
//          resources dictionary; an empty form, an unused font and an unused content stream
//          wait unreferenced;
//   page 3 has a layer (OCG) switched off in the catalog's indirect /OCProperties, drawing
//          "Hidden layer", and a text field "Amount" (/V 100) whose appearance shows 100; a
//          second appearance showing 1,000,000 waits unreferenced.
struct ShadowDoc {
  Bytes pdf;
  int resources2, overlay, empty_form, spare_font, spare_content, ocproperties, ocg, field,
      appearance_big, page1;
};

ShadowDoc make_shadow_doc() {
  ShadowDoc d;
  const Bytes base = make_simple_pdf(3);
  const PdfFacts facts = pdf_facts(base);
  int next = facts.size;
  d.resources2 = next++;
  d.overlay = next++;
  d.empty_form = next++;
  d.spare_font = next++;
  d.spare_content = next++;
  d.ocproperties = next++;
  d.ocg = next++;
  d.field = next++;
  d.appearance_big = next++;
  const int appearance_small = next++, content2 = next++, content3 = next++, acroform = next++;
  d.page1 = facts.pages[0];
  const std::string font = std::to_string(page_ref(base, 1, {"/Resources", "/Font", "/F1"}));
  auto ref = [](int n) { return std::to_string(n) + " 0 R"; };
  const std::string form = "/Type /XObject /Subtype /Form /BBox [0 0 595 842]";
  RawUpdate u;
  u.objects = {
      {d.resources2, 0,
       "<</Font <</F1 " + font + " 0 R>> /XObject <</Ov " + ref(d.overlay) + ">>>>"},
      {d.overlay, 0, stream_body(form, "1 1 1 rg 60 480 400 60 re f")},
      {d.empty_form, 0, stream_body(form, "")},
      {d.spare_font, 0, "<</Type /Font /Subtype /Type1 /BaseFont /Courier>>"},
      {d.spare_content, 0, stream_body("", "BT /F1 24 Tf 72 700 Td (Pay 1,000,000) Tj ET")},
      {d.ocproperties, 0,
       "<</OCGs [" + ref(d.ocg) + "] /D <</OFF [" + ref(d.ocg) + "] /Order [" + ref(d.ocg) +
           "]>>>>"},
      {d.ocg, 0, "<</Type /OCG /Name (Layer)>>"},
      {d.field, 0,
       "<</FT /Tx /T (Amount) /V (100) /Type /Annot /Subtype /Widget /Rect [72 300 272 330] /P " +
           ref(facts.pages[2]) + " /F 4 /DA (/Helv 12 Tf 0 g) /AP <</N " + ref(appearance_small) +
           ">>>>"},
      {d.appearance_big, 0,
       stream_body("/Type /XObject /Subtype /Form /BBox [0 0 200 30] /Resources <</Font <</F1 " +
                       font + " 0 R>>>>",
                   "BT /F1 12 Tf 2 10 Td (1,000,000) Tj ET")},
      {appearance_small, 0,
       stream_body("/Type /XObject /Subtype /Form /BBox [0 0 200 30] /Resources <</Font <</F1 " +
                       font + " 0 R>>>>",
                   "BT /F1 12 Tf 2 10 Td (100) Tj ET")},
      {content2, 0,
       stream_body("",
                   "BT /F1 24 Tf 72 700 Td (Page 2 contract text) Tj ET "
                   "BT /F1 24 Tf 72 500 Td (Secret clause) Tj ET q /Ov Do Q")},
      {content3, 0,
       stream_body("",
                   "BT /F1 24 Tf 72 700 Td (Page 3 contract text) Tj ET "
                   "/OC /L1 BDC BT /F1 24 Tf 72 500 Td (Hidden layer) Tj ET EMC")},
      {acroform, 0, "<</Fields [" + ref(d.field) + "] /DA (/Helv 0 Tf 0 g)>>"},
      {facts.pages[1], 0,
       "<</Type /Page /Parent " + ref(page_ref(base, 2, {"/Parent"})) +
           " /MediaBox [0 0 595 842] /Resources " + ref(d.resources2) + " /Contents " +
           ref(content2) + ">>"},
      {facts.pages[2], 0,
       "<</Type /Page /Parent " + ref(page_ref(base, 3, {"/Parent"})) +
           " /MediaBox [0 0 595 842] /Resources <</Font <</F1 " + font +
           " 0 R>> /Properties <</L1 " + ref(d.ocg) + ">>>> /Contents " + ref(content3) +
           " /Annots [" + ref(d.field) + "]>>"},
      {std::stoi(facts.root), 0,
       "<</Type /Catalog /Pages " + ref(page_ref(base, 1, {"/Parent"})) + " /AcroForm " +
           ref(acroform) + " /OCProperties " + ref(d.ocproperties) + ">>"},
  };
  d.pdf = append_update(base, u);
  return d;
}

TEST_P(PdfAttackTest, ShadowPreparedDocumentSealsAndVerifies) {
  const ShadowDoc d = make_shadow_doc();
  const Bytes sealed = seal(d.pdf);
  expect_allowed(sealed, 1, 0);
}

TEST_P(PdfAttackTest, ShadowHideOverlayRemovedByAReference) {
  const ShadowDoc d = make_shadow_doc();
  const Bytes sealed = seal(d.pdf);
  RawUpdate u;
  const std::string font = std::to_string(page_ref(sealed, 1, {"/Resources", "/Font", "/F1"}));
  u.objects.push_back({d.resources2, 0,
                       "<</Font <</F1 " + font + " 0 R>> /XObject <</Ov " +
                           std::to_string(d.empty_form) + " 0 R>>>>"});
  expect_caught(append_update(sealed, u), {"page 2", obj(d.resources2), "/XObject"});
}

TEST_P(PdfAttackTest, ShadowReplaceFontSwappedForAPreparedOne) {
  const ShadowDoc d = make_shadow_doc();
  const Bytes sealed = seal(d.pdf);
  RawUpdate u;
  u.objects.push_back({d.resources2, 0,
                       "<</Font <</F1 " + std::to_string(d.spare_font) + " 0 R>> /XObject <</Ov " +
                           std::to_string(d.overlay) + " 0 R>>>>"});
  expect_caught(append_update(sealed, u), {"page 2", obj(d.resources2), "/Font"});
}

TEST_P(PdfAttackTest, ShadowHideAndReplacePageShowsAPreparedStream) {
  const ShadowDoc d = make_shadow_doc();
  const Bytes sealed = seal(d.pdf);
  const std::string dict =
      std::regex_replace(object_text(sealed, d.page1), std::regex("/Contents \\d+ 0 R"),
                         "/Contents " + std::to_string(d.spare_content) + " 0 R");
  RawUpdate u;
  u.objects.push_back({d.page1, 0, dict});
  expect_caught(append_update(sealed, u), {"page 1", obj(d.page1), "/Contents"});
}

TEST_P(PdfAttackTest, ShadowHiddenLayerSwitchedOn) {
  const ShadowDoc d = make_shadow_doc();
  const Bytes sealed = seal(d.pdf);
  RawUpdate u;
  u.objects.push_back({d.ocproperties, 0,
                       "<</OCGs [" + std::to_string(d.ocg) + " 0 R] /D <</ON [" +
                           std::to_string(d.ocg) + " 0 R]>>>>"});
  const Bytes attacked = append_update(sealed, u);
  // Page 3 draws the layer's content: it is named, and its visible content said to change.
  expect_caught(attacked, {"page 3", obj(d.ocproperties), "/D", "layer"});
  const std::string text = report_to_text(verify(attacked));
  EXPECT_NE(text.find("visible content changed after signing on page(s) 3\n"), std::string::npos)
      << text;
}

TEST_P(PdfAttackTest, ShadowFormFieldValueAndAppearanceChanged) {
  const ShadowDoc d = make_shadow_doc();
  const Bytes sealed = seal(d.pdf);
  const std::string field = object_text(sealed, d.field);
  RawUpdate value;
  value.objects.push_back(
      {d.field, 0, std::regex_replace(field, std::regex("/V \\(100\\)"), "/V (1,000,000)")});
  expect_caught(append_update(sealed, value), {"page 3", obj(d.field), "/V"});
  RawUpdate appearance;
  appearance.objects.push_back(
      {d.field, 0,
       std::regex_replace(field, std::regex("/N \\d+ 0 R"),
                          "/N " + std::to_string(d.appearance_big) + " 0 R")});
  expect_caught(append_update(sealed, appearance), {"page 3", obj(d.field), "/AP"});
  // Telling viewers to redraw appearances from values is the same attack by other means.
  const PdfFacts facts = pdf_facts(sealed);
  auto doc = Document::open_memory(sealed, "sealed");
  const int acroform = doc->qpdf().getRoot().getKey("/AcroForm").getObjectID();
  RawUpdate redraw;
  redraw.objects.push_back({acroform, 0,
                            std::regex_replace(object_text(sealed, acroform), std::regex("^<<"),
                                               "<< /NeedAppearances true")});
  expect_caught(append_update(sealed, redraw), {obj(acroform), "/NeedAppearances"});
  (void)facts;
}

// ---- unsigned signature fields --------------------------------------------------------------

// An unsigned signature field prepared before sealing: a widget over page 1's text, listed in
// /Fields and in page 1's /Annots, with no appearance.
struct SigFieldDoc {
  Bytes pdf;
  int field = 0;
};

SigFieldDoc make_sig_field_doc() {
  const Bytes base = make_simple_pdf(3);
  const PdfFacts facts = pdf_facts(base);
  const int page1 = facts.pages[0], catalog = std::stoi(facts.root);
  SigFieldDoc d;
  d.field = facts.size;
  const int acroform = facts.size + 1;
  const auto ref = [](int n) { return std::to_string(n) + " 0 R"; };
  RawUpdate u;
  u.objects = {
      {d.field, 0,
       "<</FT /Sig /T (Later) /Type /Annot /Subtype /Widget /Rect [60 680 560 740] /F 4 /P " +
           ref(page1) + ">>"},
      {acroform, 0, "<</Fields [" + ref(d.field) + "] /SigFlags 1>>"},
      {page1, 0,
       std::regex_replace(object_text(base, page1), std::regex("^<<"),
                          "<< /Annots [" + ref(d.field) + "]")},
      {catalog, 0,
       std::regex_replace(object_text(base, catalog), std::regex("^<<"),
                          "<< /AcroForm " + ref(acroform))}};
  d.pdf = append_update(base, u);
  return d;
}

// The field's widget given an appearance ("pay 1,000,000" over page 1's text) but no signature,
// or a /V whose /ByteRange does not cover the revision that adds it: nothing signs the update.
TEST_P(PdfAttackTest, UnsignedSignatureFieldGivenAnAppearanceWithoutASignature) {
  const SigFieldDoc d = make_sig_field_doc();
  const Bytes sealed = seal(d.pdf);
  expect_allowed(sealed, 1, 0);
  const PdfFacts facts = pdf_facts(sealed);
  const std::string font = ref(page_ref(sealed, 1, {"/Resources", "/Font", "/F1"}));
  RawUpdate u;
  u.objects = {
      {facts.size, 0,
       stream_body("/Type /XObject /Subtype /Form /BBox [0 0 500 60] /Resources <</Font <</F1 " +
                       font + ">>>>",
                   "BT /F1 24 Tf 12 20 Td (pay 1,000,000) Tj ET")},
      {d.field, 0,
       std::regex_replace(object_text(sealed, d.field), std::regex("^<<"),
                          "<< /AP <</N " + ref(facts.size) + ">>")}};
  expect_caught(append_update(sealed, u), {"page 1", obj(d.field), "/AP"});
  expect_caught(fill_signature_field(sealed, d.field, false), {"page 1", obj(d.field), "/AP"});
}

TEST_P(PdfAttackTest, UnsignedSignatureFieldSignedByALaterSignatureIsAllowed) {
  const SigFieldDoc d = make_sig_field_doc();
  const Bytes sealed = seal(d.pdf);
  const Bytes filled = fill_signature_field(sealed, d.field, true);
  expect_allowed(filled, 2, 1);
  EXPECT_EQ(verify(filled).signatures[0].later_signatures, 1);
}

// ---- what later revisions may add ----------------------------------------------------------

TEST_P(PdfAttackTest, SecondSealIsAllowed) {
  const Bytes once = seal(make_simple_pdf(3));
  const Bytes twice = seal(once, 2);
  expect_allowed(twice, 2, 1);
  const PdfVerifyReport report = verify(twice);
  EXPECT_EQ(report.signatures[0].later_signatures, 1);
  EXPECT_TRUE(report.valid) << report_to_text(report);
  EXPECT_TRUE(report.signatures[1].covers_whole_file);
  const nlohmann::json j = report_json(report);
  EXPECT_EQ(j["signatures"][0]["coversWholeDocument"], false);
  EXPECT_EQ(j["signatures"][1]["coversWholeDocument"], true);
  ASSERT_EQ(j["signatures"][0]["laterRevisions"].size(), 1u);
  EXPECT_EQ(j["signatures"][0]["laterRevisions"][0]["allowed"], true);
  EXPECT_FALSE(j["signatures"][0]["laterRevisions"][0]["changes"].empty());
}

TEST_P(PdfAttackTest, DssAndItsUpdateAreAllowed) {
  const Bytes sealed = seal(make_simple_pdf(2));
  const PdfFacts facts = pdf_facts(sealed);
  const int catalog = std::stoi(facts.root);
  const int dss = facts.size, cert = facts.size + 1;
  std::string cat = object_text(sealed, catalog);
  cat =
      std::regex_replace(cat, std::regex("^<<"),
                         "<< /DSS " + std::to_string(dss) +
                             " 0 R /Extensions <</ESIC <</BaseVersion /1.7 /ExtensionLevel 5>>>>");
  const std::string der = to_string(id_->cert.der());
  RawUpdate add;
  add.objects = {{cert, 0, stream_body("", der)},
                 {dss, 0, "<</Certs [" + std::to_string(cert) + " 0 R] /VRI <<>>>>"},
                 {catalog, 0, cat}};
  const Bytes with_dss = append_update(sealed, add);
  RawUpdate grow;
  const int root_cert = facts.size + 2;
  grow.objects = {{root_cert, 0, stream_body("", to_string(id_->root.der()))},
                  {dss, 0,
                   "<</Certs [" + std::to_string(cert) + " 0 R " + std::to_string(root_cert) +
                       " 0 R] /CRLs [] /VRI <<>>>>"}};
  expect_allowed(append_update(with_dss, grow), 1, 2);
}

// The document information dictionary and the XMP metadata stream may be updated or replaced.
TEST_P(PdfAttackTest, InfoAndMetadataUpdatesAreAllowed) {
  const Bytes base = make_simple_pdf(2);
  const PdfFacts facts = pdf_facts(base);
  const int catalog = std::stoi(facts.root);
  const int info = std::stoi(facts.info), metadata = facts.size;
  const std::string xmp = "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>";
  RawUpdate prepare;
  prepare.objects = {{metadata, 0, stream_body("/Type /Metadata /Subtype /XML", xmp)},
                     {catalog, 0,
                      std::regex_replace(object_text(base, catalog), std::regex("^<<"),
                                         "<< /Metadata " + ref(metadata))}};
  const Bytes sealed = seal(append_update(base, prepare));
  RawUpdate update;
  update.objects = {
      {info, 0, "<</Producer (gmseal test generator) /ModDate (D:20260101000000Z)>>"},
      {metadata, 0, stream_body("/Type /Metadata /Subtype /XML", xmp + "<!-- updated -->")}};
  const Bytes updated = append_update(sealed, update);
  expect_allowed(updated, 1, 1);
  const PdfFacts now = pdf_facts(updated);
  RawUpdate replace;
  replace.objects = {
      {now.size, 0, "<</Producer (another tool)>>"},
      {now.size + 1, 0, stream_body("/Type /Metadata /Subtype /XML", xmp)},
      {catalog, 0,
       std::regex_replace(object_text(updated, catalog), std::regex("/Metadata \\d+ 0 R"),
                          "/Metadata " + ref(now.size + 1))}};
  replace.info = ref(now.size);
  expect_allowed(append_update(updated, replace), 1, 2);
}

// A document timestamp's revision, as PAdES writes it: an invisible /FT /Sig field whose value
// is a /Type /DocTimeStamp dictionary, added to /Fields and to page 1's /Annots. (The timestamp
// token itself is not checked here, only that its revision leaves the seal intact.)
TEST_P(PdfAttackTest, DocumentTimestampRevisionAndEmptySignatureFieldAreAllowed) {
  const Bytes sealed = seal(make_simple_pdf(2));
  const PdfFacts facts = pdf_facts(sealed);
  auto doc = Document::open_memory(sealed, "sealed");
  QPDFObjectHandle form = doc->qpdf().getRoot().getKey("/AcroForm");
  ASSERT_TRUE(form.isIndirect());
  const int acroform = form.getObjectID();
  const int ts = facts.size, ts_field = facts.size + 1, empty_field = facts.size + 2;
  auto ref = [](int n) { return std::to_string(n) + " 0 R"; };
  std::string form_text = object_text(sealed, acroform);
  form_text = std::regex_replace(form_text, std::regex("/Fields \\["),
                                 "/Fields [ " + ref(ts_field) + " " + ref(empty_field) + " ");
  std::string page1 = object_text(sealed, facts.pages[0]);
  page1 = std::regex_replace(page1, std::regex("/Annots \\["),
                             "/Annots [ " + ref(ts_field) + " " + ref(empty_field) + " ");
  ASSERT_NE(page1.find(ref(empty_field)), std::string::npos) << page1;
  RawUpdate u;
  u.objects = {
      {ts, 0,
       "<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 0 0 0] "
       "/Contents <" +
           std::string(64, '0') + ">>>"},
      {ts_field, 0,
       "<</FT /Sig /T (DocTS) /V " + ref(ts) +
           " /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P " + ref(facts.pages[0]) +
           ">>"},
      {empty_field, 0,
       "<</FT /Sig /T (Later) /Type /Annot /Subtype /Widget /Rect [50 50 150 100] /P " +
           ref(facts.pages[0]) + ">>"},
      {acroform, 0, form_text},
      {facts.pages[0], 0, page1}};
  const Bytes with_ts = append_update(sealed, u);
  const PdfVerifyReport report = verify(with_ts);
  ASSERT_GE(report.signatures.size(), 1u);
  const SignatureReport& s = report.signatures[0];
  EXPECT_TRUE(s.valid()) << report_to_text(report);
  EXPECT_EQ(s.later_signatures, 1) << report_to_text(report);
  ASSERT_EQ(s.later_revisions.size(), 1u);
  EXPECT_TRUE(s.later_revisions[0].allowed()) << report_to_text(report);
}

TEST_P(PdfAttackTest, AnnotationsThatOnlyGrowAreAllowedButRemovingOneIsNot) {
  const Bytes sealed = seal(make_simple_pdf(2));
  const PdfFacts facts = pdf_facts(sealed);
  const int note = facts.size;
  std::string page2 = object_text(sealed, facts.pages[1]);
  ASSERT_EQ(page2.find("/Annots"), std::string::npos);
  page2 = std::regex_replace(page2, std::regex("^<<"),
                             "<< /Annots [ " + std::to_string(note) + " 0 R ]");
  RawUpdate u;
  u.objects = {{note, 0, "<</Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (ok)>>"},
               {facts.pages[1], 0, page2}};
  const Bytes grown = append_update(sealed, u);
  expect_allowed(grown, 1, 1);
  // Allowed, but a reader is told which page gained an annotation: it draws over that page.
  const PdfVerifyReport report = verify(grown);
  const std::string text = report_to_text(report);
  EXPECT_NE(text.find("allowed: page 2: object " + std::to_string(facts.pages[1]) +
                      " 0 /Annots: 1 annotation(s) added (" + std::to_string(note) + " 0 /Text)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("annotations added after signing on page(s) 2 "), std::string::npos) << text;
  const nlohmann::json change =
      report_json(report)["signatures"][0]["laterRevisions"][0]["changes"][0];
  EXPECT_EQ(change["pages"], nlohmann::json{2}) << change.dump();
  EXPECT_EQ(change["key"], "/Annots") << change.dump();
  EXPECT_EQ(change["addsAnnotations"], true) << change.dump();
  // Dropping the seal's widget from page 1's /Annots is not allowed.
  const std::string page1 = std::regex_replace(object_text(grown, facts.pages[0]),
                                               std::regex("/Annots \\[[^\\]]*\\]"), "/Annots [ ]");
  RawUpdate drop;
  drop.objects = {{facts.pages[0], 0, page1}};
  expect_caught(append_update(grown, drop), {"page 1", "/Annots", "removed"});
}

// The issue's own steps through the command line: `gmseal sign pdf --page 1 --x 120 --y 120`,
// then an update rewriting page 1's /Contents; `gmseal verify --json` must say invalid.
TEST(PdfAttackCliTest, IssueReproductionThroughTheCommandLine) {
  const fs::path dir = temp_dir("pdf-attack-cli");
  fs::create_directories(dir);
  const Identity id = make_identity();
  const ses::Seal s = make_seal_for(id, make_png(80, 80, 200, 0, 0, 20), "png");
  ASSERT_TRUE(write_file_atomic(dir / "key.pem", id.key.to_pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir / "cert.pem", id.cert.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir / "seal.der", s.der()).ok());
  ASSERT_TRUE(write_file_atomic(dir / "in.pdf", make_simple_pdf(3)).ok());
  const std::string bin = GMSEAL_BINARY;
  std::string out;
  ASSERT_EQ(run(bin + " sign pdf --in " + (dir / "in.pdf").string() + " --out " +
                    (dir / "sealed.pdf").string() + " --key " + (dir / "key.pem").string() +
                    " --cert " + (dir / "cert.pem").string() + " --seal " +
                    (dir / "seal.der").string() + " --page 1 --x 120 --y 120 2>&1",
                &out),
            0)
      << out;
  const Bytes sealed = *read_file(dir / "sealed.pdf");
  const PdfFacts facts = pdf_facts(sealed);
  const int page1 = facts.pages[0];
  const std::string dict =
      std::regex_replace(object_text(sealed, page1), std::regex("/Contents \\d+ 0 R"),
                         "/Contents " + std::to_string(facts.size) + " 0 R");
  ASSERT_NE(dict.find("/Annots"), std::string::npos);
  RawUpdate u;
  u.objects = {
      {facts.size, 0, stream_body("", "BT /F1 24 Tf 72 650 Td (Edited after signing) Tj ET")},
      {page1, 0, dict}};
  ASSERT_TRUE(write_file_atomic(dir / "edited.pdf", append_update(sealed, u)).ok());
  EXPECT_EQ(run(bin + " verify " + (dir / "edited.pdf").string() + " --json 2>&1", &out), 1) << out;
  const nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_EQ(j["valid"], false);
  const nlohmann::json& sig = j["signatures"][0];
  EXPECT_EQ(sig["coversWholeDocument"], false);
  EXPECT_EQ(sig["modifiedAfterSigning"], true);
  bool named = false;
  for (const auto& c : sig["laterRevisions"][0]["changes"]) {
    if (c["key"] == "/Contents" && c["allowed"] == false && c["pages"] == nlohmann::json{1} &&
        c["object"] == std::to_string(page1) + " 0") {
      named = true;
    }
  }
  EXPECT_TRUE(named) << out;
  EXPECT_EQ(run(bin + " verify " + (dir / "edited.pdf").string() + " 2>&1", &out), 1) << out;
  EXPECT_NE(out.find("visible content changed after signing on page(s) 1"), std::string::npos)
      << out;
  if (tool_available("pdfsig")) {
    run("pdfsig " + (dir / "edited.pdf").string() + " 2>&1", &out);
    EXPECT_NE(out.find("Not total document signed"), std::string::npos) << out;
  }
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace gmseal::pdf

namespace gmseal::pdf {
namespace {

// Found by pdf_signature_fuzzer: an xref stream that lists an object stream as compressed inside
// itself made the comparison of two revisions recurse until the stack ran out. Comparing such a
// file must end (with changes or a QPDF error), never crash.
TEST(RevisionDiffTest, AnObjectStreamListedInsideItselfEnds) {
  testing::RawUpdate update;
  update.xref = testing::XrefKind::kStream;
  update.compressed = {{40, 40, 0}, {41, 40, 1}};
  const Bytes pdf = testing::append_update(make_simple_pdf(1), update);
  auto before = Document::open_memory(pdf, "looping object stream");
  auto after = Document::open_memory(pdf, "looping object stream");
  ASSERT_TRUE(before.ok() && after.ok());
  try {
    const std::vector<RevisionChange> changes = diff_revisions(*before, *after);
    for (const RevisionChange& change : changes) EXPECT_FALSE(change.text().empty());
  } catch (const std::exception& e) {
    SUCCEED() << "QPDF refused the file: " << e.what();
  }
}

}  // namespace
}  // namespace gmseal::pdf
